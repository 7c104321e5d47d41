"""YAML configuration files mapped 1:1 onto dataclasses.

Why: every stage of veriopt (verify, dataset, eval, train) has one config
dataclass whose fields are documented; a YAML file sets any subset of them.
Unknown keys and wrongly typed values are errors that name the file, the key
and the expected type, because a silently ignored typo in a training config
costs a GPU-day.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

import yaml

from veriopt.errors import ConfigError

T = TypeVar("T")


def load_config(cls: type[T], path: str | Path | None = None, *,
                overrides: dict[str, Any] | None = None, section: str | None = None) -> T:
    """Build ``cls`` from a YAML file (optional) plus ``overrides`` (e.g. CLI flags).

    Nested dataclass fields take nested mappings. ``None`` overrides are ignored
    so that unset CLI flags keep the file's or the default value. With ``section``,
    only that mapping of the file is read (``verify``: any stage's config gives
    `veriopt verify` its `VerifyOptions`).
    """
    data: dict[str, Any] = {}
    source = "<defaults>"
    if path is not None:
        source = str(path)
        try:
            raw = yaml.safe_load(Path(path).read_text())
        except FileNotFoundError:
            raise ConfigError(f"{path}: config file not found") from None
        except yaml.YAMLError as e:
            raise ConfigError(f"{path}: not valid YAML: {e}".splitlines()[0]) from None
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}: expected a mapping of settings at the top level")
        if section is not None:
            raw = raw.get(section) or {}
            if not isinstance(raw, dict):
                raise ConfigError(f"{path}: '{section}' must be a mapping")
            source = f"{path} ({section}:)"
        data.update(raw)
    _merge(data, overrides or {})
    return from_dict(cls, data, source=source)


def _merge(data: dict[str, Any], overrides: dict[str, Any]) -> None:
    """``overrides`` into ``data``: a nested mapping (``{"verify": {"timeout": 5}}``)
    sets only its own keys of the file's section; ``None`` values are ignored."""
    for k, v in overrides.items():
        if isinstance(v, dict) and isinstance(data.get(k), dict):
            data[k] = dict(data[k])
            _merge(data[k], v)
        elif isinstance(v, dict):
            data[k] = {kk: vv for kk, vv in v.items() if vv is not None}
        elif v is not None:
            data[k] = v


#: Settings that moved into the one ``verify:`` section (`VerifyOptions`), for the
#: error a config still using the old name gets.
MOVED_TO_VERIFY = {"verify_timeout": "verify.timeout", "timeout": "verify.timeout",
                   "unroll": "verify.unroll"}


def from_dict(cls: type[T], data: dict[str, Any], *, source: str = "<dict>",
              prefix: str = "") -> T:
    """Construct dataclass ``cls`` from ``data`` with type checks on each field."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls} is not a dataclass")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(data) - set(fields))
    if unknown and unknown[0] in MOVED_TO_VERIFY and ("verify" in fields or prefix == "scorer."):
        raise ConfigError(f"{source}: '{prefix}{unknown[0]}' is now "
                          f"'{MOVED_TO_VERIFY[unknown[0]]}' (the top-level verify: section)")
    if unknown:
        raise ConfigError(f"{source}: unknown setting '{prefix}{unknown[0]}' for "
                          f"{cls.__name__}; known: {', '.join(sorted(fields))}")
    kwargs = {name: _coerce(hints[name], value, source, prefix + name)
              for name, value in data.items()}
    return cls(**kwargs)


def to_dict(obj: Any) -> dict[str, Any]:
    """A config dataclass as plain YAML-able data (for saving next to results)."""
    return dataclasses.asdict(obj)


def _coerce(tp: Any, value: Any, source: str, key: str) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for a in args:
            if a is type(None):
                continue
            try:
                return _coerce(a, value, source, key)
            except ConfigError as e:
                errors.append(str(e))
        raise ConfigError(errors[0] if errors else f"{source}: bad value for '{key}'")
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ConfigError(f"{source}: '{key}' must be a mapping")
        return from_dict(tp, value, source=source, prefix=key + ".")
    if origin in (list, tuple):
        if not isinstance(value, (list, tuple)):
            raise ConfigError(f"{source}: '{key}' must be a list, got {value!r}")
        inner = args[0] if args else Any
        items = [_coerce(inner, v, source, f"{key}[{i}]") for i, v in enumerate(value)]
        return tuple(items) if origin is tuple else items
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{source}: '{key}' must be a mapping, got {value!r}")
        return dict(value)
    if origin is typing.Literal:
        if value not in args:
            raise ConfigError(f"{source}: '{key}' must be one of {list(args)}, got {value!r}")
        return value
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if tp is Path and isinstance(value, str):
        return Path(value)
    if isinstance(tp, type) and not isinstance(value, tp) or (tp in (int, float) and
                                                               isinstance(value, bool)):
        raise ConfigError(f"{source}: '{key}' must be {getattr(tp, '__name__', tp)}, "
                          f"got {value!r}")
    return value
