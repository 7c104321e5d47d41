"""Subcommands of the `veriopt` CLI, one module each (see `veriopt.cli`)."""

from __future__ import annotations

import importlib.util

from veriopt.errors import VeriOptError


def needs_extra(command: str, extra: str, *modules: str) -> None:
    """One clear line, instead of a traceback, when ``command`` needs an optional extra
    that is not installed."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise VeriOptError(f"'veriopt {command}' needs {', '.join(missing)}: install it with "
                           f"pip install -e '.[{extra}]' (or `make setup`)")
