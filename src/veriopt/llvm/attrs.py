"""Typed queries over attribute tokens (``noundef``, ``align 4``, ``memory(...)``, ``#0``).

Why tokens plus queries: the model keeps attributes exactly as LLVM printed
them, so printing is exact and attributes we do not know are harmless. The
verifier asks a few precise questions (is this parameter ``noundef``? what
does this callee read or write?), answered here with LLVM's rules, including
the pre-LLVM-16 spellings (``readnone``, ``argmemonly``) that LLVM 19 upgrades.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from veriopt.llvm import ir

__all__ = ["has", "keyword", "int_arg", "int_args", "type_arg", "range_arg", "string_attr", "resolve",
           "fn_attrs_resolved", "call_fn_attrs_resolved", "memory_effects", "MemoryEffects",
           "ACCESS_NONE", "ACCESS_READ", "ACCESS_WRITE", "ACCESS_READWRITE"]

Attrs = Iterable[str]
Groups = Mapping[int, tuple[str, ...]]

_INT = re.compile(r"-?[0-9]+")


def keyword(token: str) -> str:
    """The attribute keyword of a token: ``align 4`` -> ``align``, ``memory(...)`` -> ``memory``."""
    for i, c in enumerate(token):
        if c in " (=":
            return token[:i]
    return token


def has(attrs: Attrs, name: str) -> bool:
    """Whether attribute ``name`` is present (``has(a, "noundef")``, ``has(a, "align")``)."""
    return any(keyword(tok) == name for tok in attrs)


def _argument_text(token: str) -> str | None:
    name = keyword(token)
    rest = token[len(name):]
    if rest[:1] in (" ", "="):
        return rest[1:].strip()
    if rest[:1] == "(" and rest.endswith(")"):
        return rest[1:-1].strip()
    return None


def int_args(attrs: Attrs, name: str) -> tuple[int, ...] | None:
    """All integer arguments: ``allocsize(0,1)`` -> (0, 1); None when the attribute is absent."""
    for tok in attrs:
        if keyword(tok) == name:
            text = _argument_text(tok)
            if text is None:
                return ()
            return tuple(int(x) for x in _INT.findall(text))
    return None


def int_arg(attrs: Attrs, name: str) -> int | None:
    """The integer argument of ``align 4``, ``align=4``, ``dereferenceable(8)``, ``alignstack(16)``."""
    values = int_args(attrs, name)
    return values[0] if values else None


def type_arg(attrs: Attrs, name: str) -> ir.Type | None:
    """The type of ``byval(%struct.S)``, ``sret(...)``, ``elementtype(i32)``, ``byref``, ..."""
    from veriopt.llvm.parser import parse_type

    for tok in attrs:
        if keyword(tok) == name:
            text = _argument_text(tok)
            return parse_type(text) if text else None
    return None


def range_arg(attrs: Attrs) -> tuple[ir.IntType, int, int] | None:
    """``range(i32 0, 10)`` -> (i32, 0, 10): the half-open (wrapping) range ``[lo, hi)``."""
    for tok in attrs:
        if keyword(tok) == "range":
            m = re.fullmatch(r"range\(\s*i([0-9]+)\s+(-?[0-9]+)\s*,\s*(-?[0-9]+)\s*\)", tok)
            if m is None:
                raise ValueError(f"malformed range attribute {tok!r}")
            return ir.IntType(int(m.group(1))), int(m.group(2)), int(m.group(3))
    return None


def string_attr(attrs: Attrs, key: str) -> str | None:
    """The value of ``"key"="value"`` (``""`` for a bare ``"key"``), or None."""
    from veriopt.llvm.lexer import unescape

    quoted = '"' + key + '"'
    for tok in attrs:
        if tok == quoted:
            return ""
        if tok.startswith(quoted + '="') and tok.endswith('"'):
            return unescape(tok[len(quoted) + 2:-1])
    return None


def resolve(attrs: Attrs, groups: Groups) -> tuple[str, ...]:
    """Expand ``#N`` references through the module's attribute groups (order kept)."""
    out: list[str] = []
    for tok in attrs:
        if tok[:1] == "#" and tok[1:].isdigit():
            group = groups.get(int(tok[1:]))
            if group is None:
                raise KeyError(f"attribute group {tok} is not defined")
            out.extend(group)
        else:
            out.append(tok)
    return tuple(out)


def fn_attrs_resolved(fn: ir.Function, module: ir.Module) -> tuple[str, ...]:
    """A function's attributes with its ``#N`` groups expanded."""
    return resolve(fn.fn_attrs, module.attribute_groups)


def call_fn_attrs_resolved(call: ir.Call | ir.Invoke | ir.CallBr, module: ir.Module
                           ) -> tuple[str, ...]:
    """A call site's own function attributes (``#N`` expanded); the callee's are separate."""
    return resolve(call.fn_attrs, module.attribute_groups)


# --------------------------------------------------------------------------
# memory effects (LangRef "Function Attributes", memory(...))
# --------------------------------------------------------------------------

ACCESS_NONE, ACCESS_READ, ACCESS_WRITE, ACCESS_READWRITE = 0, 1, 2, 3
_ACCESS = {"none": ACCESS_NONE, "read": ACCESS_READ, "write": ACCESS_WRITE,
           "readwrite": ACCESS_READWRITE}
_LOCATIONS = ("argmem", "inaccessiblemem", "other")


@dataclass(frozen=True)
class MemoryEffects:
    """What a function may do to each kind of memory (bit 0 read, bit 1 write).

    ``argmem``: memory reached through pointer arguments; ``inaccessiblemem``:
    memory the module cannot name; ``other``: everything else (globals, ...)."""

    argmem: int = ACCESS_READWRITE
    inaccessiblemem: int = ACCESS_READWRITE
    other: int = ACCESS_READWRITE

    def intersect(self, other: MemoryEffects) -> MemoryEffects:
        return MemoryEffects(self.argmem & other.argmem,
                             self.inaccessiblemem & other.inaccessiblemem,
                             self.other & other.other)

    @property
    def does_not_access_memory(self) -> bool:
        return not (self.argmem | self.inaccessiblemem | self.other)

    @property
    def only_reads_memory(self) -> bool:
        return not ((self.argmem | self.inaccessiblemem | self.other) & ACCESS_WRITE)

    @property
    def only_writes_memory(self) -> bool:
        return not ((self.argmem | self.inaccessiblemem | self.other) & ACCESS_READ)

    @property
    def only_accesses_arg_memory(self) -> bool:
        return not (self.inaccessiblemem | self.other)


_UNKNOWN = MemoryEffects()
_LEGACY = {
    "readnone": MemoryEffects(0, 0, 0),
    "readonly": MemoryEffects(1, 1, 1),
    "writeonly": MemoryEffects(2, 2, 2),
    "argmemonly": MemoryEffects(3, 0, 0),
    "inaccessiblememonly": MemoryEffects(0, 3, 0),
    "inaccessiblemem_or_argmemonly": MemoryEffects(3, 3, 0),
}


def parse_memory(token: str) -> MemoryEffects:
    """``memory(argmem: readwrite, inaccessiblemem: read)``; a bare access sets the default
    for all locations, later ``loc: access`` entries override it."""
    m = re.fullmatch(r"memory\((.*)\)", token.strip(), re.S)
    if m is None:
        raise ValueError(f"not a memory attribute: {token!r}")
    effects = dict.fromkeys(_LOCATIONS, ACCESS_NONE)
    for part in m.group(1).split(","):
        part = part.strip()
        if not part:
            continue
        loc, sep, access = (s.strip() for s in part.partition(":"))
        if not sep:
            if loc not in _ACCESS:
                raise ValueError(f"unknown memory access {loc!r}")
            effects = dict.fromkeys(_LOCATIONS, _ACCESS[loc])
        else:
            if loc not in _LOCATIONS or access not in _ACCESS:
                raise ValueError(f"malformed memory location {part!r}")
            effects[loc] = _ACCESS[access]
    return MemoryEffects(**effects)


def memory_effects(attrs: Attrs, groups: Groups | None = None) -> MemoryEffects:
    """The memory effects of a function or call site from its attributes (``#N`` resolved via
    ``groups``): the intersection of ``memory(...)`` and the legacy attributes; no attribute
    at all means "may read and write anything"."""
    tokens = resolve(attrs, groups or {})
    effects = _UNKNOWN
    for tok in tokens:
        name = keyword(tok)
        if name == "memory":
            effects = effects.intersect(parse_memory(tok))
        elif name in _LEGACY:
            effects = effects.intersect(_LEGACY[name])
    return effects
