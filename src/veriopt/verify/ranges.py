"""Value ranges: the ``range(iN a, b)`` parameter / return attribute and ``!range``
metadata (LangRef 19, "Parameter Attributes" and "'range' Metadata").

A value outside its ranges is poison; a ``noundef`` parameter's range violation is UB
instead (its inputs are non-poison by construction). Used by the encoder (parameters),
aggregates.py (returns, loads) and intrinsics.py (intrinsic results).
"""

from __future__ import annotations

import re
from typing import Any

import z3

from veriopt.errors import UnsupportedIR
from veriopt.llvm import attrs as llvm_attrs
from veriopt.llvm import ir
from veriopt.llvm.walk import metadata_node
from veriopt.verify.context import EncodingContext
from veriopt.verify.state import StateValue, bv, fold, mk_and, mk_not, mk_or

BV = z3.BitVecRef
Bool = z3.BoolRef

#: A scalar `StateValue` or an aggregate (`aggregates.AggregateValue`: ``leaves()``,
#: ``map_leaves()``), which this module treats element by element.
Value = Any


def _lanes(value: Value) -> list[StateValue]:
    return [value] if isinstance(value, StateValue) else value.leaves()


def _map(value: Value, f: Any) -> Value:
    return f(value) if isinstance(value, StateValue) else value.map_leaves(f)


def in_ranges(x: BV, ranges: list[tuple[int, int]]) -> Bool:
    """``x`` lies in one of the half-open wrapping ranges ``[lo, hi)`` (LangRef
    ``range`` attribute / ``!range``: ``x - lo <u hi - lo``)."""
    w = x.size()
    terms = []
    for lo, hi in ranges:
        span = (hi - lo) % (1 << w)
        if span == 0:  # LLVM's verifier rejects empty and full ranges
            raise UnsupportedIR("range", "Unsupported empty or full range")
        terms.append(fold(z3.ULT(x - bv(lo, w), bv(span, w))))
    return mk_or(*terms)


_RANGE_PAIR = re.compile(r"i(\d+)\s+(-?\d+)\s*,\s*i\d+\s+(-?\d+)")


def range_metadata(module: ir.Module, ref: str) -> list[tuple[int, int]]:
    """The pairs of a ``!range`` node (``!0 = !{i32 0, i32 10, i32 20, i32 30}``)."""
    text = metadata_node(module, ref)
    if text is None:
        raise UnsupportedIR("metadata:range", f"Unsupported metadata: range {ref}")
    body = text[2:-1]
    items = [x.strip() for x in body.split(",")]
    if not items or len(items) % 2:
        raise UnsupportedIR("metadata:range", f"Unsupported metadata: range {text}")
    out = []
    for k in range(0, len(items), 2):
        m = _RANGE_PAIR.fullmatch(f"{items[k]}, {items[k + 1]}")
        if m is None:
            raise UnsupportedIR("metadata:range", f"Unsupported metadata: range {text}")
        out.append((int(m.group(2)), int(m.group(3))))
    return out


def apply_range(enc: EncodingContext, inst: ir.Call, result: Value) -> Value:
    ranges: list[list[tuple[int, int]]] = []
    rng = llvm_attrs.range_arg(inst.ret_attrs)
    if rng is not None:
        ranges.append([(rng[1], rng[2])])
    for kind, ref in inst.metadata:
        if kind == "range":
            ranges.append(range_metadata(enc.module, ref))
    if not ranges:
        return result

    def restrict(sv: StateValue) -> StateValue:
        ok = mk_and(*(in_ranges(sv.value, r) for r in ranges))
        return StateValue(sv.value, mk_and(sv.non_poison, ok), sv.undef_vars)

    return _map(result, restrict)


def range_attribute(enc: EncodingContext, attrs: tuple[str, ...], value: Value, *,
                    as_ub: bool) -> Value:
    """A ``range(iN a, b)`` parameter/return attribute (LangRef "Parameter
    Attributes"): a value (each element of a vector) outside ``[a, b)`` is poison;
    with ``as_ub`` (a ``noundef`` parameter, whose inputs are non-poison by
    construction) that poison is UB instead."""
    rng = llvm_attrs.range_arg(attrs)
    if rng is None:
        return value
    ranges = [(rng[1], rng[2])]
    if as_ub:
        enc.add_ub(mk_or(*(mk_not(in_ranges(sv.value, ranges)) for sv in _lanes(value))))
        return value

    def restrict(sv: StateValue) -> StateValue:
        return StateValue(sv.value, mk_and(sv.non_poison, in_ranges(sv.value, ranges)),
                          sv.undef_vars)

    return _map(value, restrict)


__all__ = ["apply_range", "in_ranges", "range_attribute", "range_metadata"]
