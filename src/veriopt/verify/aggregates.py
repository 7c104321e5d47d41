"""Aggregate values: structs, arrays and fixed-width vectors as tuples of elements.

Why a tuple of `StateValue`s and not one wide bit-vector: LLVM gives every
element its own poison (LangRef, "Poison Values": ``insertvalue``/``insertelement``
of poison poisons one element only), and Alive2 refines aggregates element by
element, ignoring padding (VERIFIER.md §2). A packed bit-vector with one poison
flag would make a whole vector poison when one lane is, which makes src *less*
defined than it is: a source of wrong "correct" verdicts. Padding never appears
in a value here; it only exists in memory (see `_store` and `_load`).

This file owns everything that is generic over aggregates (vectors included):
the value type, aggregate constants and arguments, ``extractvalue`` /
``insertvalue``, and ``phi``/``select``/``freeze``/``ret``/``load``/``store`` on
aggregate types, plus the element-wise refinement formulas and the feature gate
for these instructions. Vector-only instructions live in `vectors.py`,
intrinsics in `intrinsics.py`.

Loads and stores of aggregates are *scalarised*: one synthesised scalar
``load``/``store`` per element, at the element's byte offset, run through the
encoder's own memory code. For an aggregate without padding this is exactly the
aggregate access: the union of the elements' byte ranges is the aggregate's,
and giving element 0 the instruction's alignment (element k the alignment its
offset implies) reproduces the alignment requirement. With padding, the access
of the whole store size is checked too (the padding bytes "may be accessed",
LangRef), and a store fills them with undef (LangRef "store": "If <value> is of
aggregate type, padding is filled with undef"); a load ignores them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Union

import z3

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir
from veriopt.verify.context import EncodingContext, GateChecks, TypeDefs
from veriopt.verify.ranges import in_ranges, range_attribute, range_metadata
from veriopt.verify.state import (
    FALSE,
    TRUE,
    Nondeterminism,
    StateValue,
    bv,
    fold,
    mk_and,
    mk_eq,
    mk_ite,
    mk_not,
    mk_or,
)
from veriopt.verify.summary import InputVar

#: Refuse aggregates with more scalar elements than this (a ``[4096 x i8]`` value
#: would make thousands of SMT terms per use; real code never has such values).
MAX_LEAVES = 256

#: Prefix of the encoder-internal names of synthesised per-element instructions.
#: A NUL byte cannot occur in a name LLVM 19 prints unescaped, and these names
#: are removed again right after use.
TEMP_PREFIX = "\x00elt"


# ---- the value -------------------------------------------------------------------------


@dataclass(frozen=True)
class AggregateValue:
    """One value of a struct, array or vector type: one element per field or lane,
    each a `StateValue` (scalar) or a nested `AggregateValue`."""

    elements: tuple[Element, ...]

    @property
    def undef_vars(self) -> frozenset[str]:
        out: frozenset[str] = frozenset()
        for e in self.elements:
            out |= e.undef_vars
        return out

    def leaves(self) -> list[StateValue]:
        """The scalar elements, depth first (the order of `leaf_types`)."""
        out: list[StateValue] = []
        for e in self.elements:
            if isinstance(e, AggregateValue):
                out.extend(e.leaves())
            else:
                out.append(e)
        return out

    def map_leaves(self, f: Callable[[StateValue], StateValue]) -> AggregateValue:
        return AggregateValue(tuple(e.map_leaves(f) if isinstance(e, AggregateValue) else f(e)
                                    for e in self.elements))


Element = Union[StateValue, AggregateValue]


# ---- types -------------------------------------------------------------------------------

COMPOSITE_TYPES = (ir.VectorType, ir.ArrayType, ir.StructType, ir.NamedType)


def is_composite(t: ir.Type | None) -> bool:
    """A struct (literal or named), array or vector type."""
    return isinstance(t, COMPOSITE_TYPES)


def resolve(t: ir.Type, types: TypeDefs | None) -> ir.Type:
    if isinstance(t, ir.NamedType):
        body = (types or {}).get(t.name)
        if body is None:
            raise UnsupportedIR("type:opaque-struct", f"Unsupported opaque struct %{t.name}")
        return body
    return t


def element_types(t: ir.Type, types: TypeDefs | None) -> tuple[ir.Type, ...]:
    """The types of the direct elements of a composite type."""
    t = resolve(t, types)
    if isinstance(t, ir.VectorType):
        if t.scalable:
            raise UnsupportedIR("scalable-vector", "Unsupported type: scalable vector")
        return (t.elem,) * t.count
    if isinstance(t, ir.ArrayType):
        return (t.elem,) * t.count
    if isinstance(t, ir.StructType):
        return t.fields
    raise UnsupportedIR("aggregate", f"not an aggregate type: {type(t).__name__}")


def leaf_types(t: ir.Type, types: TypeDefs | None) -> list[ir.Type]:
    """The scalar element types of ``t``, depth first; refuses huge aggregates."""
    out: list[ir.Type] = []

    def walk(x: ir.Type, depth: int) -> None:
        if depth > 16:
            raise UnsupportedIR("aggregate-nesting", "Unsupported type: aggregate nesting")
        if not is_composite(x):
            out.append(x)
            if len(out) > MAX_LEAVES:
                raise UnsupportedIR("aggregate-size",
                                    f"Unsupported type: aggregate with over {MAX_LEAVES} elements")
            return
        for e in element_types(x, types):
            walk(e, depth + 1)

    walk(t, 0)
    return out


def build(t: ir.Type, types: TypeDefs | None, leaves: Iterator[StateValue]) -> Element:
    """Rebuild the nested value of type ``t`` from its leaves in order."""
    if not is_composite(t):
        return next(leaves)
    return AggregateValue(tuple(build(e, types, leaves) for e in element_types(t, types)))


# ---- encoder plumbing -----------------------------------------------------------------------


def temp_name(enc: EncodingContext | None = None, tag: str = "") -> str:
    """A fresh internal name, numbered per encoder (so a check is deterministic no
    matter what ran before it in the process)."""
    if enc is None:
        return TEMP_PREFIX + tag
    return f"{TEMP_PREFIX}{next(enc.temp_ids)}{tag}"


def bind(enc: EncodingContext, value: Element) -> ir.Local:
    """A fresh internal local holding ``value``: its first use (by the scalar
    instruction it is bound for) sees exactly ``value`` (no undef refresh)."""
    name = temp_name(enc)
    enc.values[name] = value  # type: ignore[assignment]
    return ir.Local(name)


def run_scalar(enc: EncodingContext, inst: ir.Instruction, result: str | None
               ) -> tuple[Element | None, z3.BoolRef]:
    """Execute a synthesised instruction through the encoder's own handler (so its
    semantics are exactly the scalar ones) and return its result and its UB,
    without leaving its trace line (the caller records one line for the whole)."""
    mark = len(enc.entries)
    enc.execute_instruction(inst)
    added = enc.entries[mark:]
    del enc.entries[mark:]
    ub = mk_or(*(e.ub for e in added))
    value = enc.values.pop(result) if result is not None else None
    return value, ub


def forget(enc: EncodingContext, *locals_: ir.Local) -> None:
    for loc in locals_:
        enc.values.pop(loc.name, None)
        enc.used.discard(loc.name)
        enc.alias.pop(loc.name, None)


def refresh(nd: Nondeterminism, value: AggregateValue) -> AggregateValue:
    """``value`` with fresh copies of its undef variables (a later use). One
    substitution for the whole aggregate: elements that shared an undef variable
    keep sharing its copy, as they would in one wide value."""
    names = value.undef_vars
    if not names:
        return value
    pairs = []
    rename: dict[str, str] = {}
    for name in sorted(names):
        old = nd.vars[name]
        new = nd.fresh_undef(old.size(), name.split("!", 1)[0])
        pairs.append((old, new))
        rename[name] = str(new)

    def leaf(sv: StateValue) -> StateValue:
        if not sv.undef_vars:
            return sv
        return StateValue(z3.substitute(sv.value, *pairs), z3.substitute(sv.non_poison, *pairs),
                          frozenset(rename[n] for n in sv.undef_vars))

    return value.map_leaves(leaf)


def operand(enc: EncodingContext, v: ir.Value, t: ir.Type) -> AggregateValue:
    """The value of an aggregate-typed operand at this use (the encoder's
    ``operand`` delegates here for composite types)."""
    if isinstance(v, ir.TypedValue):
        return operand(enc, v.value, v.type)
    if isinstance(v, ir.Local):
        if v.name not in enc.values:
            raise UnsupportedIR("ssa", f"use of %{v.name} before its definition")
        sv = enc.values[v.name]
        if not isinstance(sv, AggregateValue):
            raise UnsupportedIR("aggregate", f"%{v.name} is not an aggregate value")
        if sv.undef_vars:
            if v.name in enc.used:
                sv = refresh(enc.nd, sv)
            else:
                enc.used.add(v.name)
        return sv
    elems = element_types(t, enc.types)
    if isinstance(v, (ir.ZeroInit, ir.UndefConst, ir.PoisonConst)):
        # Each element of an undef aggregate is its own undef (a fresh variable).
        return AggregateValue(tuple(enc.operand(v, e) for e in elems))
    if isinstance(v, (ir.ArrayConst, ir.StructConst, ir.VectorConst)):
        if len(v.elements) != len(elems):
            raise UnsupportedIR("constant", "aggregate constant of the wrong length")
        return AggregateValue(tuple(enc.operand(e.value, e.type) for e in v.elements))
    if isinstance(v, ir.StringConst):
        if len(v.data) != len(elems) or any(e != ir.I8 for e in elems):
            raise UnsupportedIR("constant", "string constant of the wrong type")
        return AggregateValue(tuple(StateValue(bv(b, 8), TRUE) for b in v.data))
    raise UnsupportedIR("constant:" + type(v).__name__,
                        f"Unsupported aggregate constant: {type(v).__name__}")


# ---- arguments ---------------------------------------------------------------------------------


def aggregate_input(index: int, name: str, t: ir.Type, *, defined: bool, disable_undef: bool,
                    disable_poison: bool, input_var: type[InputVar]) -> InputVar:
    """An aggregate argument: one input per element, each with its own poison and
    undef flags (LangRef lets any element of an argument be poison or undef; Alive2
    is coarser, so this covers at least the inputs Alive2 covers). The argument's
    own ``value`` is the concatenation of the element bits (for minimisation)."""
    leaves = leaf_types(t, None)
    elements = []
    for k, leaf in enumerate(leaves):
        if not isinstance(leaf, (ir.IntType, ir.FloatType)):
            raise UnsupportedIR("aggregate-argument", "Unsupported argument: aggregate of pointers")
        value = z3.BitVec(f"in!{index}!{k}", leaf.bits)
        np = TRUE if (defined or disable_poison) else z3.Bool(f"np!{index}!{k}")
        undef = FALSE if (defined or disable_undef) else z3.Bool(f"isundef!{index}!{k}")
        elements.append(input_var(index, f"{name}#{k}", leaf, value, np, undef))
    bits = [e.value for e in reversed(elements)]
    if not bits:  # an empty struct or array: nothing to choose
        bits = [z3.BitVecVal(0, 1)]
    whole = bits[0] if len(bits) == 1 else z3.Concat(*bits)
    return input_var(index, name, t, whole, TRUE, FALSE, elements=tuple(elements))


def input_value(nd: Nondeterminism, inp: InputVar) -> AggregateValue:
    """The encoder's value of an aggregate argument."""
    leaves = []
    for k, e in enumerate(inp.elements):
        if z3.is_false(e.is_undef):
            leaves.append(StateValue(e.value, e.non_poison))
        else:
            u = nd.fresh_undef(e.value.size(), f"undef_arg{inp.index}_{k}")
            leaves.append(StateValue(mk_ite(e.is_undef, u, e.value), e.non_poison,
                                     frozenset({str(u)})))
    value = build(inp.type, None, iter(leaves))
    assert isinstance(value, AggregateValue)
    return value


# ---- instructions ---------------------------------------------------------------------------


def execute(enc: EncodingContext, inst: ir.Instruction) -> bool:
    """Run ``inst`` if it is an aggregate instruction this file models; False if
    the encoder's own handler applies."""
    if isinstance(inst, ir.ExtractValue):
        _extract_value(enc, inst)
    elif isinstance(inst, ir.InsertValue):
        _insert_value(enc, inst)
    elif isinstance(inst, ir.Phi) and is_composite(inst.type):
        _phi(enc, inst)
    elif (isinstance(inst, ir.Select) and is_composite(inst.true_value.type)
          and not is_composite(inst.cond.type)):
        _select(enc, inst)
    elif isinstance(inst, ir.Freeze) and is_composite(inst.operand.type):
        _freeze(enc, inst)
    elif isinstance(inst, ir.Ret) and inst.value is not None and is_composite(inst.value.type):
        _ret(enc, inst)
    elif isinstance(inst, ir.Load) and _value_metadata(inst):
        _load_with_metadata(enc, inst)
    elif isinstance(inst, ir.Load) and is_composite(inst.type):
        _load(enc, inst)
    elif isinstance(inst, ir.Store) and is_composite(inst.value.type):
        _store(enc, inst)
    else:
        return False
    return True


def _path(t: ir.Type, indices: tuple[int, ...], types: TypeDefs) -> list[ir.Type]:
    """The types along an ``extractvalue``/``insertvalue`` index path."""
    out = [t]
    for i in indices:
        elems = element_types(out[-1], types)
        if not 0 <= i < len(elems):
            raise UnsupportedIR("aggregate-index", "index out of range")
        out.append(elems[i])
    return out


def _extract_value(enc: EncodingContext, inst: ir.ExtractValue) -> None:
    agg = operand(enc, inst.aggregate.value, inst.aggregate.type)
    path = _path(inst.aggregate.type, inst.indices, enc.types)
    value: Element = agg
    for i in inst.indices:
        assert isinstance(value, AggregateValue)
        value = value.elements[i]
    enc.define(inst.result, path[-1], value)  # type: ignore[arg-type]


def _insert_value(enc: EncodingContext, inst: ir.InsertValue) -> None:
    agg = operand(enc, inst.aggregate.value, inst.aggregate.type)
    path = _path(inst.aggregate.type, inst.indices, enc.types)
    elem = enc.operand(inst.element.value, path[-1])

    def put(value: Element, indices: tuple[int, ...]) -> Element:
        if not indices:
            return elem
        assert isinstance(value, AggregateValue)
        i = indices[0]
        items = list(value.elements)
        items[i] = put(items[i], indices[1:])
        return AggregateValue(tuple(items))

    enc.define(inst.result, inst.aggregate.type, put(agg, inst.indices))  # type: ignore[arg-type]


def merge(cond: z3.BoolRef, a: Element, b: Element) -> Element:
    """``cond ? a : b``, element by element (values and poison flags)."""
    if isinstance(a, AggregateValue):
        assert isinstance(b, AggregateValue)
        return AggregateValue(tuple(merge(cond, x, y)
                                    for x, y in zip(a.elements, b.elements, strict=True)))
    assert isinstance(b, StateValue)
    return StateValue(mk_ite(cond, a.value, b.value), mk_ite(cond, a.non_poison, b.non_poison),
                      a.undef_vars | b.undef_vars)


def _phi(enc: EncodingContext, inst: ir.Phi) -> None:
    arms: list[tuple[z3.BoolRef, Element, ir.Value]] = []
    for v, pred in inst.incoming:
        cond = enc.edges.get((pred, enc.block))
        if cond is None or z3.is_false(cond) or any(a[2] is v and a[0].eq(cond) for a in arms):
            continue
        arms.append((cond, operand(enc, v, inst.type), v))
    if not arms:
        value: Element = operand(enc, ir.PoisonConst(), inst.type)
    else:
        value = arms[-1][1]
        for cond, a, _ in reversed(arms[:-1]):
            value = merge(cond, a, value)
    enc.define(inst.result, inst.type, value)  # type: ignore[arg-type]


def _select(enc: EncodingContext, inst: ir.Select) -> None:
    """``select i1 %c, <agg> %a, %b``: poison when ``%c`` is, else the chosen
    aggregate, element by element (LangRef ``select``)."""
    c = enc.operand(inst.cond.value, inst.cond.type)
    a = operand(enc, inst.true_value.value, inst.true_value.type)
    b = operand(enc, inst.false_value.value, inst.false_value.type)
    is_true = mk_eq(c.value, bv(1, 1))
    chosen = merge(is_true, a, b)
    assert isinstance(chosen, AggregateValue)
    value = chosen.map_leaves(lambda sv: StateValue(sv.value, mk_and(c.non_poison, sv.non_poison),
                                                    sv.undef_vars | c.undef_vars))
    enc.define(inst.result, inst.true_value.type, value)  # type: ignore[arg-type]


def freeze_leaf(enc: EncodingContext, sv: StateValue) -> StateValue:
    """LangRef ``freeze``: poison becomes an arbitrary fixed value; undef variables
    are pinned (later uses see the same value)."""
    if z3.is_true(sv.non_poison):
        return StateValue(sv.value, TRUE)
    pick = enc.nd.fresh_nondet(sv.width, "freeze")
    return StateValue(mk_ite(sv.non_poison, sv.value, pick), TRUE)


def _freeze(enc: EncodingContext, inst: ir.Freeze) -> None:
    x = operand(enc, inst.operand.value, inst.operand.type)
    enc.define(inst.result, inst.operand.type, x.map_leaves(lambda sv: freeze_leaf(enc, sv)))  # type: ignore[arg-type]


def may_be_undefined(enc: EncodingContext, value: Element) -> z3.BoolRef:
    """Some element is poison or may be undef (``noundef`` on an aggregate: LangRef
    forbids any poison or undef bits in it)."""
    if isinstance(value, AggregateValue):
        return mk_or(*(enc.ub_unless_defined(sv) for sv in value.leaves()))
    return enc.ub_unless_defined(value)


def _ret(enc: EncodingContext, inst: ir.Ret) -> None:
    assert inst.value is not None
    value = operand(enc, inst.value.value, inst.value.type)
    value = range_attribute(enc, enc.fn.ret_attrs, value, as_ub=False)  # type: ignore[assignment]
    ub = FALSE
    if "noundef" in enc.fn.ret_attrs:
        ub = enc.add_ub(may_be_undefined(enc, value))
    enc.rets.append((enc.cur_pc, value))  # type: ignore[arg-type]
    enc.record("effect", "ret", None, value, ub)  # type: ignore[arg-type]


def merge_returns(enc: EncodingContext) -> AggregateValue:
    """The returned aggregate merged over the returning paths (an ite chain per
    element, as the encoder does for scalars); all poison when no ``ret`` is
    reachable (every path is UB then)."""
    rets = [(pc, v) for pc, v in enc.rets if v is not None]
    if not rets:
        value = operand(enc, ir.PoisonConst(), enc.fn.return_type)
        return value
    *others, (_, last) = rets
    value: Element = last
    for pc, v in reversed(others):
        value = merge(pc, v, value)
    assert isinstance(value, AggregateValue)
    return value


# ---- memory ---------------------------------------------------------------------------------


def leaf_offsets(t: ir.Type, enc: EncodingContext) -> list[tuple[int, ir.Type]]:
    """(byte offset, scalar type) of every element of ``t`` in memory. Refuses
    vectors of elements that are not whole bytes (LLVM packs ``<8 x i1>`` into
    bits); an integer element like ``i1`` takes its store size (memory.py's byte
    tags). See `padding_bytes` for the bytes no element covers."""
    dl, types = enc.dl, enc.types
    out: list[tuple[int, ir.Type]] = []

    def walk(x: ir.Type, base: int) -> None:
        r = resolve(x, types)
        if isinstance(r, ir.StructType):
            layout = dl.struct_layout(r, types)
            for off, f in zip(layout.offsets, r.fields, strict=True):
                walk(f, base + off)
        elif isinstance(r, ir.ArrayType):
            stride = dl.alloc_size_of(r.elem, types)
            for i in range(r.count):
                walk(r.elem, base + i * stride)
        elif isinstance(r, ir.VectorType):
            if r.scalable:
                raise UnsupportedIR("scalable-vector", "Unsupported type: scalable vector")
            bits = dl.size_in_bits(r.elem, types)
            if bits % 8:
                raise UnsupportedIR("memory-access-type:vector-of-i" + str(bits),
                                    "Unsupported memory access: vector of sub-byte elements")
            for i in range(r.count):
                walk(r.elem, base + i * bits // 8)
        else:
            out.append((base, r))
            if len(out) > MAX_LEAVES:
                raise UnsupportedIR("aggregate-size", "Unsupported memory access: too many elements")

    walk(t, 0)
    return out


def padding_bytes(t: ir.Type, enc: EncodingContext, leaves: list[tuple[int, ir.Type]]
                  ) -> list[int]:
    """The offsets in ``t``'s store size that no element of ``leaves`` covers."""
    size = enc.dl.store_size(t, enc.types)
    covered = bytearray(size)
    for off, leaf in leaves:
        n = enc.dl.store_size(leaf, enc.types)
        if off < 0 or off + n > size or any(covered[off:off + n]):
            raise UnsupportedIR("aggregate-layout", "Unsupported memory access: overlapping "
                                                    "aggregate elements")
        covered[off:off + n] = b"\x01" * n
    return [k for k in range(size) if not covered[k]]


def _whole_access(enc: EncodingContext, t: ir.Type, base: StateValue, alias: frozenset[int],
                  align: int, write: bool) -> z3.BoolRef:
    """UB of the access of ``t``'s whole store size at ``base`` (the padding bytes
    too), through the encoder's own checks."""
    p = bind(enc, base)
    enc.alias[p.name] = alias
    try:
        *_, ub = enc.access(ir.TypedValue(ir.PTR, p), enc.dl.store_size(t, enc.types), align,
                             write)
    finally:
        forget(enc, p)
    return ub


def _empty_access_ub(enc: EncodingContext, base: StateValue, alias: frozenset[int],
                     align: int) -> z3.BoolRef:
    """UB of a load or store of a type without bytes (``{}``, ``[0 x i8]``): it reads
    and writes nothing, but its pointer is still the operand of a memory access, so
    it is UB if that pointer is poison (or may be undef) or its address is not a
    multiple of ``align`` (LangRef 19 load/store: overestimating the alignment is
    UB). No block need be live there (Alive2 checks the alignment alone)."""
    ub = enc.ub_unless_defined(base)
    if align > 1:
        k = align.bit_length() - 1
        address = enc.address_of(base.value, alias)
        ub = mk_or(ub, z3.Extract(k - 1, 0, address) != 0)
    return enc.add_ub(ub)


def _fill_padding(enc: EncodingContext, base: StateValue, alias: frozenset[int],
                  offsets: list[int]) -> None:
    """Padding bytes of an aggregate store become undef (LangRef; one undef byte
    each), marked as padding (memory.py: they refine only padding, and reading them
    is not modelled, as Alive2 makes them poison)."""
    from veriopt.verify.memory import OFFSET_BITS, PADDING_TAG, data_byte

    bid, off = enc.ptr.split(base.value)
    for k in offsets:
        u = enc.nd.fresh_undef(8, "padding")
        byte = data_byte(enc.ptr, u, TRUE, frozenset({str(u)}), PADDING_TAG, unspecified=TRUE)
        for b in sorted(alias):
            if enc.mem.blocks[b].kind == "null":
                continue
            hit = mk_eq(bid, z3.BitVecVal(b, enc.ptr.bid_bits))
            if z3.is_false(hit):
                continue
            enc.mem.write(b, fold(off + z3.BitVecVal(k, OFFSET_BITS)), byte, hit, enc.block)


def _element_pointer(enc: EncodingContext, base: StateValue, alias: frozenset[int], offset: int
                     ) -> tuple[ir.Local, list[ir.Local]]:
    """A local holding ``base + offset`` (a plain ``getelementptr i8``, run through
    the encoder), with ``base``'s alias set. Returns it and the temporaries made."""
    p = bind(enc, base)
    enc.alias[p.name] = alias
    if offset == 0:
        return p, [p]
    q = ir.Local(temp_name(enc, "gep"))
    gep = ir.GetElementPtr(q.name, ir.I8, ir.TypedValue(ir.PTR, p),
                           (ir.TypedValue(ir.I64, ir.IntConst(offset)),))
    run_scalar(enc, gep, None)  # leaves the element pointer in ``q``
    enc.alias[q.name] = enc.alias.get(q.name, alias)
    return q, [p, q]


def _element_align(align: int, offset: int) -> int:
    return align if offset == 0 else math.gcd(align, offset)


def _packed_bits(t: ir.Type, enc: EncodingContext) -> int | None:
    """The total bits of a vector of elements that are not whole bytes (``<3 x i2>``),
    which memory holds as if bitcast to an integer of that many bits (LangRef "Vector
    Type"); None for any other type."""
    r = resolve(t, enc.types)
    if not isinstance(r, ir.VectorType) or r.scalable or not isinstance(r.elem, ir.IntType) \
            or r.elem.bits % 8 == 0:
        return None
    return r.count * r.elem.bits


def _lane_order(lanes: list[StateValue], enc: EncodingContext) -> list[StateValue]:
    """The lanes from the lowest bits of the packed integer up (lane 0 is the highest
    on a big-endian target, as for a bitcast)."""
    return lanes if enc.dl.little_endian else lanes[::-1]


def _load_packed(enc: EncodingContext, inst: ir.Load, bits: int) -> None:
    """A load of a packed vector: a load of the integer, then its lanes."""
    t = resolve(inst.type, enc.types)
    assert isinstance(t, ir.VectorType) and isinstance(t.elem, ir.IntType)
    name = temp_name(enc, "packed")
    load = ir.Load(name, ir.IntType(bits), inst.pointer,
                   align=inst.align or enc.dl.abi_align(t, enc.types))
    sv, ub = run_scalar(enc, load, name)
    assert isinstance(sv, StateValue)
    forget(enc, ir.Local(name))
    w = t.elem.bits
    lanes = [StateValue(fold(z3.Extract(k * w + w - 1, k * w, sv.value)), sv.non_poison,
                        sv.undef_vars) for k in range(t.count)]
    enc.define(inst.result, inst.type, AggregateValue(tuple(_lane_order(lanes, enc))), ub)


def _store_packed(enc: EncodingContext, inst: ir.Store, bits: int) -> None:
    """A store of a packed vector: its lanes joined into the integer, stored. One
    poison flag for the whole: all lanes' in tgt (it may only be less defined), any
    lane's in src (it may only be more defined), so a lane that is poison on its
    own is modelled soundly on both sides."""
    t = inst.value.type
    value = operand(enc, inst.value.value, t)
    lanes = _lane_order(list(value.leaves()), enc)
    whole = lanes[0].value if len(lanes) == 1 else fold(z3.Concat(*[x.value for x in reversed(lanes)]))
    nps = [x.non_poison for x in lanes]
    np = mk_and(*nps) if enc.side == "tgt" else mk_or(*nps)
    packed = StateValue(whole, np, frozenset().union(*(x.undef_vars for x in lanes)))
    v = bind(enc, packed)
    store = ir.Store(ir.TypedValue(ir.IntType(bits), v), inst.pointer,
                     align=inst.align or enc.dl.abi_align(t, enc.types))
    _, ub = run_scalar(enc, store, None)
    forget(enc, v)
    enc.record("effect", "store", None, None, ub)


def _load(enc: EncodingContext, inst: ir.Load) -> None:
    t = inst.type
    bits = _packed_bits(t, enc)
    if bits is not None:
        _load_packed(enc, inst, bits)
        return
    layout = leaf_offsets(t, enc)
    align = inst.align or enc.dl.abi_align(t, enc.types)
    base = enc.operand(inst.pointer.value, ir.PTR)
    alias = enc.alias_of(inst.pointer)
    leaves, ubs = [], []
    if padding_bytes(t, enc, layout):  # the padding may be accessed: it must exist
        ubs.append(_whole_access(enc, t, base, alias, align, write=False))
    if enc.dl.store_size(t, enc.types) == 0:
        ubs.append(_empty_access_ub(enc, base, alias, align))
    for off, leaf in layout:
        ptr, temps = _element_pointer(enc, base, alias, off)
        name = temp_name(enc, "load")
        load = ir.Load(name, leaf, ir.TypedValue(ir.PTR, ptr), align=_element_align(align, off))
        sv, ub = run_scalar(enc, load, name)
        assert isinstance(sv, StateValue)
        leaves.append(sv)
        ubs.append(ub)
        forget(enc, *temps, ir.Local(name))
    value = build(t, enc.types, iter(leaves))
    enc.define(inst.result, t, value, mk_or(*ubs))  # type: ignore[arg-type]


#: Load metadata about the loaded value (LangRef "load"; D141386, LLVM >= 16): ``!range``
#: makes a value outside the ranges poison, ``!nonnull`` a null pointer poison, and
#: ``!noundef`` makes poison or undef (also what those two made poison) UB.
#: (``!align`` stays refused: whether an address is aligned is not known exactly for
#: blocks whose address the memory model leaves abstract.)
VALUE_METADATA = frozenset({"range", "noundef", "nonnull"})


def _value_metadata(inst: ir.Load) -> list[tuple[str, str]]:
    return [m for m in inst.metadata if m[0] in VALUE_METADATA]


def _load_with_metadata(enc: EncodingContext, inst: ir.Load) -> None:
    """The plain load (run through the encoder), then its value metadata."""
    plain = ir.Load(inst.result, inst.type, inst.pointer, inst.align, inst.volatile,
                    inst.atomic, inst.ordering, inst.syncscope,
                    tuple(m for m in inst.metadata if m[0] not in VALUE_METADATA))
    value, ub = run_scalar(enc, plain, inst.result)
    assert value is not None
    for kind, ref in _value_metadata(inst):
        if kind == "range":
            ranges = range_metadata(enc.module, ref)

            def restrict(sv: StateValue, ranges: list[tuple[int, int]] = ranges) -> StateValue:
                return StateValue(sv.value, mk_and(sv.non_poison, in_ranges(sv.value, ranges)),
                                  sv.undef_vars)

            value = value.map_leaves(restrict) if isinstance(value, AggregateValue) \
                else restrict(value)
        elif kind == "nonnull":  # a scalar pointer (the gate): poison if its address is 0
            assert isinstance(value, StateValue)
            address = enc.address_of(value.value, enc.alias_of(ir.Local(inst.result)))
            value = StateValue(value.value, mk_and(value.non_poison, address != 0),
                               value.undef_vars)
    if any(kind == "noundef" for kind, _ in _value_metadata(inst)):
        ub = mk_or(ub, enc.add_ub(may_be_undefined(enc, value)))
    enc.define(inst.result, inst.type, value, ub)  # type: ignore[arg-type]


def _store(enc: EncodingContext, inst: ir.Store) -> None:
    t = inst.value.type
    bits = _packed_bits(t, enc)
    if bits is not None:
        _store_packed(enc, inst, bits)
        return
    layout = leaf_offsets(t, enc)
    align = inst.align or enc.dl.abi_align(t, enc.types)
    value = operand(enc, inst.value.value, t)
    base = enc.operand(inst.pointer.value, ir.PTR)
    alias = enc.alias_of(inst.pointer)
    ubs = []
    padding = padding_bytes(t, enc, layout)
    if padding:  # the whole store size is written
        ubs.append(_whole_access(enc, t, base, alias, align, write=True))
    if enc.dl.store_size(t, enc.types) == 0:
        ubs.append(_empty_access_ub(enc, base, alias, align))
    for (off, leaf), sv in zip(layout, value.leaves(), strict=True):
        ptr, temps = _element_pointer(enc, base, alias, off)
        v = bind(enc, sv)
        store = ir.Store(ir.TypedValue(leaf, v), ir.TypedValue(ir.PTR, ptr),
                         align=_element_align(align, off))
        _, ub = run_scalar(enc, store, None)
        ubs.append(ub)
        forget(enc, *temps, v)
    _fill_padding(enc, base, alias, padding)
    enc.record("effect", "store", None, None, mk_or(*ubs))


# ---- refinement ---------------------------------------------------------------------------


def leaf_pairs(src: Element, tgt: Element) -> list[tuple[StateValue, StateValue]]:
    if isinstance(src, AggregateValue):
        assert isinstance(tgt, AggregateValue)
        return list(zip(src.leaves(), tgt.leaves(), strict=True))
    assert isinstance(tgt, StateValue)
    return [(src, tgt)]


def poison_violation(src: Element, tgt: Element) -> z3.BoolRef:
    """Stage 3 ("Target is more poisonous"): some element is non-poison in src and
    poison in tgt. For aggregates this is Alive2's ``AggregateType::refines``
    (the conjunction over the elements, padding ignored), negated."""
    return mk_or(*(mk_and(s.non_poison, mk_not(t.non_poison)) for s, t in leaf_pairs(src, tgt)))


def undef_violation(src: Element, tgt: Element, fix_src: Callable[[StateValue], z3.ExprRef],
                    fix_tgt: Callable[[StateValue], z3.ExprRef]) -> z3.BoolRef:
    """Stage 4 ("Target's return value is more undefined"), element by element:
    a non-poison src element that is single-valued (unchanged when its undef
    variables are fixed by ``fix_src``) while tgt's changes."""
    return mk_or(*(mk_and(s.non_poison, mk_eq(s.value, fix_src(s)), mk_not(mk_eq(t.value, fix_tgt(t))))
                   for s, t in leaf_pairs(src, tgt) if t.undef_vars))


def value_violation(src: Element, tgt: Element,
                    equal: Callable[[z3.ExprRef, z3.ExprRef], z3.BoolRef] = mk_eq) -> z3.BoolRef:
    """Stage 5 ("Value mismatch"): some element is non-poison on both sides and
    differs (``equal`` compares two elements' bits)."""
    return mk_or(*(mk_and(s.non_poison, t.non_poison, mk_not(equal(s.value, t.value)))
                   for s, t in leaf_pairs(src, tgt)))


# ---- the feature gate --------------------------------------------------------------------


def check_value_type(t: ir.Type, types: TypeDefs, checks: GateChecks) -> None:
    """Every leaf of an aggregate type used as a value must be a supported scalar."""
    for leaf in leaf_types(t, types):
        checks.value_type(leaf, allow_ptr=True)


def check_operand(v: ir.Value, t: ir.Type, types: TypeDefs, checks: GateChecks) -> None:
    """Aggregate operands: locals, undef/poison/zeroinitializer, and literal
    aggregates whose elements are supported constants."""
    if isinstance(v, ir.TypedValue):
        check_operand(v.value, v.type, types, checks)
        return
    if not is_composite(t):
        checks.operand(v, t)
        return
    if isinstance(v, (ir.Local, ir.UndefConst, ir.PoisonConst, ir.ZeroInit)):
        return
    elems = element_types(t, types)
    if isinstance(v, (ir.ArrayConst, ir.StructConst, ir.VectorConst)):
        if len(v.elements) != len(elems):
            raise UnsupportedIR("constant", "aggregate constant of the wrong length")
        for e in v.elements:
            check_operand(e.value, e.type, types, checks)
        return
    if isinstance(v, ir.StringConst) and all(e == ir.I8 for e in elems):
        return
    if isinstance(v, ir.ConstExpr):
        raise UnsupportedIR("constexpr", f"Unsupported constant expression: {v.opcode}")
    raise UnsupportedIR("constant:" + type(v).__name__,
                        f"Unsupported aggregate constant: {type(v).__name__}")


def check_instruction(inst: ir.Instruction, types: TypeDefs, checks: GateChecks) -> bool:
    """Gate the instructions `execute` handles; False when not one of them."""
    if isinstance(inst, ir.ExtractValue):
        checks.metadata(inst)
        _path(inst.aggregate.type, inst.indices, types)
        check_value_type(inst.aggregate.type, types, checks)
        check_operand(inst.aggregate, inst.aggregate.type, types, checks)
    elif isinstance(inst, ir.InsertValue):
        checks.metadata(inst)
        path = _path(inst.aggregate.type, inst.indices, types)
        if inst.element.type != path[-1]:
            raise UnsupportedIR("aggregate-index", "insertvalue element of the wrong type")
        check_value_type(inst.aggregate.type, types, checks)
        check_operand(inst.aggregate, inst.aggregate.type, types, checks)
        check_operand(inst.element, inst.element.type, types, checks)
    elif isinstance(inst, ir.Phi) and is_composite(inst.type):
        checks.metadata(inst)
        if inst.flags:
            raise UnsupportedIR("fp", "Unsupported phi flags (fast-math)")
        check_value_type(inst.type, types, checks)
        for v, _ in inst.incoming:
            check_operand(v, inst.type, types, checks)
    elif (isinstance(inst, ir.Select) and is_composite(inst.true_value.type)
          and not is_composite(inst.cond.type)):
        checks.metadata(inst)
        if inst.flags:
            raise UnsupportedIR("fp", "Unsupported select flags (fast-math)")
        if inst.cond.type != ir.I1:
            raise UnsupportedIR("select-condition", "Unsupported select condition type")
        check_value_type(inst.true_value.type, types, checks)
        checks.operand(inst.cond.value, ir.I1)
        for op in (inst.true_value, inst.false_value):
            check_operand(op, op.type, types, checks)
    elif isinstance(inst, ir.Freeze) and is_composite(inst.operand.type):
        checks.metadata(inst)
        check_value_type(inst.operand.type, types, checks)
        check_operand(inst.operand, inst.operand.type, types, checks)
    elif isinstance(inst, ir.Ret) and inst.value is not None and is_composite(inst.value.type):
        checks.metadata(inst)
        check_value_type(inst.value.type, types, checks)
        check_operand(inst.value, inst.value.type, types, checks)
    elif isinstance(inst, ir.Load) and _value_metadata(inst):
        t = inst.type
        elem = t.elem if isinstance(t, ir.VectorType) else t
        if any(k == "range" for k, _ in _value_metadata(inst)) and not isinstance(elem, ir.IntType):
            raise UnsupportedIR("metadata:range", "Unsupported metadata: range on a non-integer")
        if any(k == "nonnull" for k, _ in _value_metadata(inst)) and \
                not isinstance(t, ir.PtrType):  # LLVM's verifier allows only this
            raise UnsupportedIR("metadata:nonnull", "Unsupported metadata: nonnull on a "
                                "load that is not of a pointer")
        plain = ir.Load(inst.result, t, inst.pointer, inst.align, inst.volatile, inst.atomic,
                        inst.ordering, inst.syncscope,
                        tuple(m for m in inst.metadata if m[0] not in VALUE_METADATA))
        if not check_instruction(plain, types, checks):
            checks.instruction(plain, types)
    elif (isinstance(inst, ir.Load) and is_composite(inst.type)) or (
            isinstance(inst, ir.Store) and is_composite(inst.value.type)):
        _check_memory(inst, types, checks)
    else:
        return False
    return True


def _check_memory(inst: ir.Load | ir.Store, types: TypeDefs, checks: GateChecks) -> None:
    """An aggregate load/store is allowed when each element access would be: the
    scalar check of one element access of each leaf type (volatile, atomic,
    metadata, pointer operand), plus no padding and whole-byte elements (checked
    by the encoder with the real datalayout, see `leaf_offsets`)."""
    t = inst.type if isinstance(inst, ir.Load) else inst.value.type
    check_value_type(t, types, checks)
    if isinstance(inst, ir.Store):
        check_operand(inst.value, t, types, checks)
    seen: set[ir.Type] = set()
    for leaf in leaf_types(t, types):
        if leaf in seen:
            continue
        seen.add(leaf)
        if isinstance(inst, ir.Load):
            scalar: ir.Instruction = ir.Load(inst.result, leaf, inst.pointer, inst.align,
                                             inst.volatile, inst.atomic, inst.ordering,
                                             inst.syncscope, inst.metadata)
        else:
            scalar = ir.Store(ir.TypedValue(leaf, ir.Local(TEMP_PREFIX)), inst.pointer, inst.align,
                              inst.volatile, inst.atomic, inst.ordering, inst.syncscope,
                              inst.metadata)
        checks.instruction(scalar, types)


__all__ = ["AggregateValue", "Element", "GateChecks", "aggregate_input", "check_instruction",
           "check_operand", "check_value_type", "element_types", "execute", "input_value",
           "is_composite", "leaf_offsets", "leaf_types", "merge", "merge_returns", "operand",
           "poison_violation", "refresh", "resolve", "run_scalar", "undef_violation",
           "value_violation"]
