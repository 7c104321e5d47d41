"""Function-level utilities: list, extract, strip debug info, compare modulo names.

These are what the dataset builder (one function per module), the evaluation
(*copy of input* detection) and `veriopt opt` (splice a verified function back
into its module) need.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from veriopt.errors import IRSyntaxError, ToolchainError, VeriOptError
from veriopt.llvm import ir
from veriopt.llvm.toolchain import get_toolchain

# Fields of instruction dataclasses that hold *block labels* (strings, not Values).
_LABEL_FIELDS = frozenset({"true_dest", "false_dest", "default", "normal_dest", "unwind_dest",
                           "default_dest", "dest"})
_LABEL_TUPLE_FIELDS = frozenset({"dests", "indirect_dests", "handlers"})


def defined_functions(module: ir.Module) -> list[str]:
    """Names of the functions with a body, in module order."""
    return [f.name for f in module.definitions]


def extract_function(ir_text: str, name: str, *, timeout: float = 30.0,
                     filename: str = "<input>") -> str:
    """The module holding only ``@name`` and what it needs (globals, declarations,
    types, attribute groups, metadata), via `llvm-extract`, as canonical text.

    A module without a definition of ``@name`` is a `MissingFunction` naming the file
    and the functions it does define (llvm-extract's own message names only its command
    line)."""
    try:
        return get_toolchain().extract_function(ir_text, name, timeout=timeout)
    except ToolchainError as e:
        if "doesn't contain function" not in e.stderr:
            raise
    raise MissingFunction(f"{filename}: no function @{name} is defined here; "
                          f"defined: {_defined_names(ir_text)}")


class MissingFunction(VeriOptError):
    """A function the user named is not defined in the module."""


def _defined_names(ir_text: str) -> str:
    from veriopt.llvm.parser import parse_module

    try:
        names = defined_functions(parse_module(ir_text))
    except VeriOptError:
        return "(the module could not be listed)"
    return ", ".join("@" + n for n in names) or "none"


def strip_debug_info(ir_text: str, *, timeout: float = 30.0) -> str:
    """The module without debug info (``opt -strip-debug``): debug records, ``!dbg``
    attachments and the debug metadata they keep alive."""
    proc = get_toolchain().run("opt", ["-S", "-strip-debug", "-o", "-", "-"],
                               input_text=ir_text, timeout=timeout, check=False)
    if proc.returncode != 0:
        from veriopt.llvm.toolchain import syntax_error_from_llvm
        raise syntax_error_from_llvm(proc.stderr, "<input>")
    text = proc.stdout
    return text.split("\n", 1)[1] if text.startswith("; ModuleID") else text


def only_function(module: ir.Module, name: str | None = None) -> ir.Function:
    """The function named ``name``, or the module's single definition."""
    if name is not None:
        try:
            fn = module.function(name)
        except KeyError:
            raise IRSyntaxError(f"no function @{name} in the module") from None
        if fn.is_declaration:
            raise IRSyntaxError(f"@{name} is only declared, not defined")
        return fn
    defs = module.definitions
    if len(defs) != 1:
        names = ", ".join("@" + f.name for f in defs) or "none"
        raise IRSyntaxError(f"expected exactly one defined function, found {len(defs)} "
                            f"({names}); name the one you mean")
    return defs[0]


# ---- renaming and comparison -------------------------------------------------------


def rename_locals(fn: ir.Function, mapping: Callable[[str], str]) -> ir.Function:
    """``fn`` with every local value and block name passed through ``mapping``."""

    def walk(obj: Any) -> Any:
        if isinstance(obj, ir.Local):
            return ir.Local(mapping(obj.name))
        if isinstance(obj, ir.Phi):
            return dataclasses.replace(
                obj, result=mapping(obj.result),
                incoming=tuple((walk(v), mapping(b)) for v, b in obj.incoming))
        if isinstance(obj, tuple):
            return tuple(walk(x) for x in obj)
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            changes: dict[str, Any] = {}
            for f in dataclasses.fields(obj):
                v = getattr(obj, f.name)
                if f.name == "result" and isinstance(v, str):
                    changes[f.name] = mapping(v)
                elif f.name in _LABEL_FIELDS and isinstance(v, str):
                    changes[f.name] = mapping(v)
                elif f.name in _LABEL_TUPLE_FIELDS and isinstance(v, tuple):
                    changes[f.name] = tuple(mapping(x) for x in v)
                elif isinstance(v, (tuple, ir.Local)) or (
                        dataclasses.is_dataclass(v) and not isinstance(v, type)):
                    changes[f.name] = walk(v)
            return dataclasses.replace(obj, **changes) if changes else obj
        return obj

    params = tuple(dataclasses.replace(p, name=mapping(p.name) if p.name is not None else None)
                   for p in fn.params)
    blocks = None
    if fn.blocks is not None:
        blocks = tuple(dataclasses.replace(b, name=mapping(b.name), items=walk(b.items))
                       for b in fn.blocks)
    return dataclasses.replace(fn, params=params, blocks=blocks)


def canonical_names(fn: ir.Function) -> dict[str, str]:
    """Sequential names ``v0, v1, ...`` in definition order: params, then per block its
    label followed by its results. Two functions that differ only in names map to
    the same canonical function."""
    order: list[str] = [p.name for p in fn.params if p.name is not None]
    for b in fn.blocks or ():
        order.append(b.name)
        order.extend(i.result for i in b.instructions
                     if isinstance(getattr(i, "result", None), str))
    return {name: f"v{k}" for k, name in enumerate(order)}


def normalized(fn: ir.Function) -> ir.Function:
    """``fn`` reduced to what *copy of input* compares: canonical names, no metadata
    attachments, debug records, comments (``; preds = ...``) or use-list orders, no
    function attribute references (``#N`` numbering depends on the module, not on
    the function)."""
    names = canonical_names(fn)
    renamed = rename_locals(fn, lambda n: names.get(n, n))
    blocks = None
    if renamed.blocks is not None:
        blocks = tuple(
            dataclasses.replace(b, explicit_label=True, comment=None, items=tuple(
                _drop_metadata(i) for i in b.items if not isinstance(i, ir.DebugRecord)))
            for b in renamed.blocks)
    extra = {"uselistorder": ()} if any(f.name == "uselistorder"
                                        for f in dataclasses.fields(renamed)) else {}
    return dataclasses.replace(renamed, blocks=blocks, metadata=(), comment=None, **extra,
                               fn_attrs=tuple(a for a in renamed.fn_attrs
                                              if not a.startswith("#")))


def _drop_metadata(inst: Any) -> Any:
    if dataclasses.is_dataclass(inst) and any(f.name == "metadata"
                                              for f in dataclasses.fields(inst)):
        return dataclasses.replace(inst, metadata=())
    return inst


def same_modulo_names(a: ir.Function, b: ir.Function) -> bool:
    """True when ``a`` and ``b`` are the same function up to value and block names,
    whitespace, comments and metadata numbering (the *copy of input* test)."""
    if a.name != b.name:
        b = dataclasses.replace(b, name=a.name)
    return normalized(a) == normalized(b)


# ---- optnone ------------------------------------------------------------------------

#: clang -O0 marks every function `optnone` (unless -Xclang -disable-O0-optnone): LLVM's
#: passes then leave it alone, and so does `veriopt opt` unless told to strip it.
OPTNONE = "optnone"


def optnone_functions(module: ir.Module) -> list[str]:
    """Defined functions carrying ``optnone``, inline or through an attribute group."""
    groups = module.attribute_groups
    held = []
    for fn in module.definitions:
        attrs = set(fn.fn_attrs)
        for ref in fn.fn_attrs:
            if ref.startswith("#") and ref[1:].isdigit():
                attrs.update(groups.get(int(ref[1:]), ()))
        if OPTNONE in attrs:
            held.append(fn.name)
    return held


def strip_optnone(module: ir.Module) -> ir.Module:
    """``module`` without ``optnone`` on any function or attribute group (``noinline``,
    which optnone requires, stays: it is harmless alone)."""
    items = []
    for item in module.items:
        if isinstance(item, ir.AttributeGroup) and OPTNONE in item.attrs:
            item = dataclasses.replace(item, attrs=tuple(a for a in item.attrs if a != OPTNONE))
        elif isinstance(item, ir.Function) and OPTNONE in item.fn_attrs:
            item = dataclasses.replace(item, fn_attrs=tuple(a for a in item.fn_attrs
                                                            if a != OPTNONE))
        items.append(item)
    return dataclasses.replace(module, items=tuple(items))
