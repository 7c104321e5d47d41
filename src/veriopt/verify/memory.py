"""The memory model: blocks with ids, sizes and alignments, and byte contents.

Shape (VERIFIER.md §5): memory is a finite set of *blocks*; a pointer is
``bid ‖ offset`` (offset: 64-bit signed, the pointer index width). Each block has
its own contents, and a load or store only looks at the blocks its pointer can
point to (the *alias set*, tracked statically by the encoder).

Contents are kept as a log of guarded writes per block, not as one z3 array:
``read`` walks the log newest-first and builds ``ite(guard ∧ off = w.off, w.byte,
older)``, skipping writes whose offset is a different literal. This is exactly a
``select`` over a chain of ``store``s, with the array rewriter's simplifications
done in Python, so the store/load pairs of O0 code vanish before any solver call.
Besides one-byte writes the log holds *range* writes (``memset``/``memcpy`` of a
symbolic length: every offset in ``[lo, lo + n)``) and *whole-block* writes (what
an unknown callee may leave behind: a fresh byte function of the offset).

Local (stack) blocks start as poison bytes (Alive2; LangRef's alloca:
uninitialised). Non-local blocks (pointer arguments, globals, pointees of loaded
pointers, heap blocks of calls: see ``nonlocal_memory.py``) start with a symbolic
byte function shared by src and tgt, so both functions see the same initial memory.
Liveness is a second, smaller log per block (``free``, ``lifetime.end``, heap
allocation), read the same way.

Bytes (§5.2) are either data bytes (8 bits plus a poison bit) or pointer bytes
(the whole pointer plus the index of this byte in it). Undef variables stored in
a byte are remembered, and a load gives them fresh names again. Initial non-local
memory holds data bytes only: a pointer loaded from them is the image of their
integer value under one uninterpreted function shared by src and tgt (a
deterministic stand-in for Alive2's provenance-free physical pointer).

A data byte also carries a *tag* saying how it was written (Alive2's sub-byte
fields): by a whole-byte store, as byte ``i`` of a store of ``iN`` with
``N % 8 != 0`` (whose extra bits are unspecified), or as aggregate padding. A load
of ``iN`` is poison unless its bytes carry its own tags; bytes refine only bytes
with the same tag. Unknown memory (initial, written by callees) gets unknown tags
when either function accesses such an ``iN`` at all (``MemoryPlan.sub_byte``).

Loads follow Alive2's byte semantics for LLVM 19 (``bytesToValue``): an integer
(or FP) load of a pointer byte is poison, not the pointer's address (bytes carry
provenance an integer cannot hold, so ``memcpy`` of a pointer is not an integer
load and store), and a pointer load of a mix of pointer and data bytes is poison.
A memcpy copies bytes exactly, pointer bytes and poison bytes included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import z3

from veriopt.verify.state import (
    FALSE,
    TRUE,
    StateValue,
    bv,
    bv_add,
    fold,
    mk_and,
    mk_eq,
    mk_ite,
    mk_not,
    mk_or,
)

OFFSET_BITS = 64
BYTE_INDEX_BITS = 3
#: A data byte's *tag* says how it was written (Alive2's "written with N bits / byte
#: #i"): 0 for a whole-byte write, ``(N << TAG_INDEX_BITS) | i`` for byte ``i`` of a
#: store of ``iN`` with ``N % 8 != 0`` (see `value_to_bytes`), `PADDING_TAG` for
#: the padding of an aggregate store (aggregates.py).
TAG_INDEX_BITS = 10
TAG_BITS = 24

NULL_BID = 0


# ---- pointers -----------------------------------------------------------------------


@dataclass(frozen=True)
class PointerLayout:
    """How a pointer value is laid out in bits: ``bid (bid_bits) ‖ offset (64)``.

    Block ids below ``first_local`` are non-local (null, globals, arguments, ...);
    the others are the function's own stack blocks."""

    bid_bits: int
    first_local: int = 1

    @property
    def bits(self) -> int:
        return self.bid_bits + OFFSET_BITS

    def make(self, bid: z3.BitVecRef | int, offset: z3.BitVecRef | int) -> z3.BitVecRef:
        b = bv(bid, self.bid_bits) if isinstance(bid, int) else bid
        o = bv(offset, OFFSET_BITS) if isinstance(offset, int) else offset
        if z3.is_bv_value(b) and z3.is_bv_value(o):
            return bv((b.as_long() << OFFSET_BITS) | o.as_long(), self.bits)
        return z3.Concat(b, o)

    def null(self) -> z3.BitVecRef:
        return self.make(NULL_BID, 0)

    def split(self, p: z3.BitVecRef) -> tuple[z3.BitVecRef, z3.BitVecRef]:
        """(bid, offset) of ``p``, looking through concats and ites structurally.

        Iterative and memoised over shared subterms: pointer phis of unrolled loops
        nest ites hundreds deep and share their arms (unroll.py)."""
        done: dict[int, tuple[z3.BitVecRef, z3.BitVecRef]] = {}
        todo = [p]
        while todo:
            e = todo[-1]
            key = e.get_id()
            if key in done:
                todo.pop()
                continue
            if z3.is_app_of(e, z3.Z3_OP_ITE):
                c, a, b = e.children()
                pending = [x for x in (a, b) if x.get_id() not in done]
                if pending:
                    todo.extend(pending)
                    continue
                (ab, ao), (bb, bo) = done[a.get_id()], done[b.get_id()]
                done[key] = (mk_ite(c, ab, bb), mk_ite(c, ao, bo))
            else:
                done[key] = self._split_leaf(e)
            todo.pop()
        return done[p.get_id()]

    def _split_leaf(self, p: z3.BitVecRef) -> tuple[z3.BitVecRef, z3.BitVecRef]:
        if z3.is_bv_value(p):
            v = p.as_long()
            return bv(v >> OFFSET_BITS, self.bid_bits), bv(v, OFFSET_BITS)
        if z3.is_app_of(p, z3.Z3_OP_CONCAT) and p.num_args() == 2 \
                and p.arg(1).size() == OFFSET_BITS:
            return p.arg(0), p.arg(1)
        return (z3.Extract(self.bits - 1, OFFSET_BITS, p), z3.Extract(OFFSET_BITS - 1, 0, p))

    def offset_add(self, p: z3.BitVecRef, delta: z3.BitVecRef) -> z3.BitVecRef:
        bid, off = self.split(p)
        return self.make(bid, bv_add(off, delta))

    def is_local(self, bid: int) -> bool:
        return bid >= self.first_local


# ---- bytes --------------------------------------------------------------------------


TAG0 = bv(0, TAG_BITS)
#: (N = 0, i = 1): a byte without value bits.
PADDING_TAG = bv(1, TAG_BITS)


def sub_byte_tag(bits: int, index: int) -> z3.BitVecRef:
    """The tag of byte ``index`` of a stored ``i<bits>`` (0 when ``bits % 8 == 0``)."""
    if bits % 8 == 0:
        return TAG0
    assert bits < 1 << (TAG_BITS - TAG_INDEX_BITS) and index < 1 << TAG_INDEX_BITS
    return bv((bits << TAG_INDEX_BITS) | index, TAG_BITS)


@dataclass(frozen=True)
class Byte:
    is_ptr: z3.BoolRef
    non_poison: z3.BoolRef
    data: z3.BitVecRef  # 8 bits; meaningful when not a pointer byte
    ptr: z3.BitVecRef  # the whole pointer; meaningful for pointer bytes
    index: z3.BitVecRef  # which byte of the pointer this is
    undef_vars: frozenset[str] = frozenset()
    #: how a data byte was written (`sub_byte_tag`, `PADDING_TAG`); only the bits of
    #: the value it holds (`value_mask`) are meaningful when it is not 0.
    tag: z3.BitVecRef = TAG0
    #: written by this function as a byte whose bits are not all specified: part of a
    #: non-byte-sized integer (where its bits are and what the others hold is
    #: unspecified, LangRef) or aggregate padding (undef by LangRef's letter, poison
    #: for Alive2). Reading the former as anything but that integer type is not
    #: modelled (an approximation); the latter reads as undef in src and as poison
    #: in tgt (`bytes_to_value`).
    unspecified: z3.BoolRef = FALSE
    #: a byte of memory this function did not write (its initial contents, a callee's
    #: writes) that is part of a pointer. Our data bytes stand for such memory (a
    #: pointer load of them is the pointer their bits spell), but an integer load of a
    #: pointer byte is poison (Alive2 v19; the bytes carry provenance an integer cannot
    #: hold), so memcpy of unknown memory is not an integer load and store, even of one
    #: byte (memory/memcpy-3-loadstore).
    foreign_ptr: z3.BoolRef = FALSE


def poison_byte(layout: PointerLayout) -> Byte:
    return Byte(FALSE, FALSE, bv(0, 8), bv(0, layout.bits), bv(0, BYTE_INDEX_BITS))


def data_byte(layout: PointerLayout, data: z3.BitVecRef, non_poison: z3.BoolRef,
              undef_vars: frozenset[str], tag: z3.BitVecRef = TAG0,
              unspecified: z3.BoolRef = FALSE, foreign_ptr: z3.BoolRef = FALSE) -> Byte:
    return Byte(FALSE, non_poison, data, bv(0, layout.bits), bv(0, BYTE_INDEX_BITS),
                undef_vars, tag, unspecified, foreign_ptr)


def value_mask(tag: z3.BitVecRef) -> z3.BitVecRef:
    """The bits of a data byte that hold value bits: all 8 for tag 0, the low
    ``min(8, N - 8 i)`` for byte ``i`` of an ``iN`` (the rest is padding), none for
    `PADDING_TAG` (``N = 0, i != 0``)."""
    if z3.is_bv_value(tag):
        t = tag.as_long()
        n, i = t >> TAG_INDEX_BITS, t & ((1 << TAG_INDEX_BITS) - 1)
        valid = (8 if i == 0 else 0) if n == 0 else max(0, min(8, n - 8 * i))
        return bv((1 << valid) - 1, 8)
    n = z3.ZeroExt(2, z3.Extract(TAG_BITS - 1, TAG_INDEX_BITS, tag))
    i = z3.ZeroExt(TAG_BITS - TAG_INDEX_BITS + 2 - TAG_INDEX_BITS,
                   z3.Extract(TAG_INDEX_BITS - 1, 0, tag))
    w = n.size()
    rem = n - i * 8
    eight = z3.BitVecVal(8, w)
    zero = z3.BitVecVal(0, w)
    valid = z3.If(n == 0, z3.If(i == 0, eight, zero),
                  z3.If(z3.ULE(n, i * 8), zero, z3.If(z3.UGE(rem, eight), eight, rem)))
    return z3.Extract(7, 0, (z3.BitVecVal(1, w) << valid) - 1)


def pointer_byte(ptr: z3.BitVecRef, non_poison: z3.BoolRef, index: int,
                 undef_vars: frozenset[str]) -> Byte:
    return Byte(TRUE, non_poison, bv(0, 8), ptr, bv(index, BYTE_INDEX_BITS), undef_vars)


def ite_byte(c: z3.BoolRef, a: Byte, b: Byte) -> Byte:
    if z3.is_true(c) or a is b:
        return a
    if z3.is_false(c):
        return b
    return Byte(mk_ite(c, a.is_ptr, b.is_ptr), mk_ite(c, a.non_poison, b.non_poison),
                mk_ite(c, a.data, b.data), mk_ite(c, a.ptr, b.ptr),
                mk_ite(c, a.index, b.index), a.undef_vars | b.undef_vars,
                mk_ite(c, a.tag, b.tag), mk_ite(c, a.unspecified, b.unspecified),
                mk_ite(c, a.foreign_ptr, b.foreign_ptr))


def same_byte(a: Byte, b: Byte) -> bool:
    """Structurally the same byte (so it refines trivially, without a solver)."""
    return a is b or (a.is_ptr.eq(b.is_ptr) and a.non_poison.eq(b.non_poison)
                      and a.data.eq(b.data) and a.ptr.eq(b.ptr) and a.index.eq(b.index)
                      and a.tag.eq(b.tag) and a.unspecified.eq(b.unspecified)
                      and a.foreign_ptr.eq(b.foreign_ptr))


def byte_refines(s: Byte, t: Byte, little_endian: bool = True) -> z3.BoolRef:
    """Byte refinement (§5.4): a poison src byte allows anything; a src data byte
    needs a non-poison tgt data byte with the same bits, written the same way (the
    same tag: a later load of a non-byte-sized type tells them apart; bits outside
    the value, `value_mask`, are unspecified on both sides and not compared); src
    aggregate padding (undef or poison) takes any non-poison tgt data byte, tgt
    padding refines only src padding or poison; a src pointer byte needs a
    non-poison tgt pointer byte with the same pointer and byte index. A byte of a
    null pointer and a zero data byte (a whole byte) refine each other (as in
    Alive2): every load reads them alike (a pointer load of zero bytes is the
    provenance-free pointer at address 0, null; an integer load of null's bytes is
    its address, 0). A data byte also refines byte ``i`` of a pointer loaded from
    data bytes (``int2ptr(X)``) if it holds byte ``i`` of ``X`` (`_spelling_byte`)."""
    if same_byte(s, t):
        return TRUE
    same_ptr = mk_and(t.is_ptr, t.non_poison, mk_eq(t.ptr, s.ptr), mk_eq(t.index, s.index))
    # src padding (undef or poison) takes any defined tgt data byte
    same_data = mk_and(mk_not(t.is_ptr), t.non_poison,
                       mk_or(mk_eq(s.tag, PADDING_TAG),
                             mk_and(_same_value_bits(s, t), mk_eq(t.tag, s.tag),
                                    mk_eq(t.foreign_ptr, s.foreign_ptr))))
    zero_for_null = mk_and(mk_eq(s.ptr, bv(0, s.ptr.size())), _is_zero_data(t))
    null_for_zero = mk_and(_is_zero_data(s), t.is_ptr, t.non_poison,
                           mk_eq(t.ptr, bv(0, t.ptr.size())))
    spelled = _spelling_byte(s, t, little_endian)
    return mk_or(mk_not(s.non_poison),
                 mk_ite(s.is_ptr, mk_or(same_ptr, zero_for_null, spelled),
                        mk_or(same_data, null_for_zero)))


def _spelling_byte(s: Byte, t: Byte, little_endian: bool) -> z3.BoolRef:
    """Whether data byte ``t`` is byte ``s.index`` (in memory order) of the integer
    ``X`` that spells src's pointer ``s.ptr = int2ptr(X)`` (a pointer loaded from data
    bytes, memory.py's initial memory). Such a data byte refines the pointer byte:
    an integer load of the pointer byte is poison (tgt may be anything), and a
    pointer load of ``X``'s bytes in order is ``int2ptr(X)`` again, the pointer src
    loads from its bytes in order (any other mix is poison in src). So storing back
    a pointer just loaded from the same place may be removed (memory/store-removal)."""
    return _spelled_by(s.ptr, s.index, t, little_endian, 8)


def _spelled_by(p: z3.ExprRef, index: z3.BitVecRef, t: Byte, little_endian: bool,
                depth: int) -> z3.BoolRef:
    """`_spelling_byte` for pointer term ``p`` (through the ites of a pointer loaded
    from one of several blocks)."""
    if z3.is_app_of(p, z3.Z3_OP_ITE) and depth > 0:
        c, a, b = p.children()
        return mk_ite(c, _spelled_by(a, index, t, little_endian, depth - 1),
                      _spelled_by(b, index, t, little_endian, depth - 1))
    if not (z3.is_app(p) and p.num_args() == 1 and p.decl().name() == "int2ptr"):
        return FALSE
    x = p.arg(0)
    n = x.size() // 8

    def byte(i: int) -> z3.BitVecRef:
        k = i if little_endian else n - 1 - i
        return fold(z3.Extract(8 * k + 7, 8 * k, x))
    if z3.is_bv_value(index):
        i = index.as_long()
        if i >= n:
            return FALSE
        pick = byte(i)
    else:
        pick = byte(n - 1)
        for i in reversed(range(n - 1)):
            pick = mk_ite(mk_eq(index, bv(i, BYTE_INDEX_BITS)), byte(i), pick)
    return mk_and(mk_not(t.is_ptr), t.non_poison, mk_eq(t.data, pick))


def _is_zero_data(b: Byte) -> z3.BoolRef:
    """``b`` is a non-poison data byte, written whole, holding 0."""
    return mk_and(mk_not(b.is_ptr), b.non_poison, mk_eq(b.data, bv(0, 8)), mk_eq(b.tag, TAG0))


def _same_value_bits(s: Byte, t: Byte) -> z3.BoolRef:
    mask = value_mask(s.tag)
    if z3.is_bv_value(mask):
        m = mask.as_long()
        if m == 0xFF:
            return mk_eq(t.data, s.data)
        k = m.bit_length()  # masks of literal tags are low-bit runs
        if k == 0:
            return TRUE
        return mk_eq(fold(z3.Extract(k - 1, 0, t.data)), fold(z3.Extract(k - 1, 0, s.data)))
    return mk_eq(t.data & mask, s.data & mask)


def value_to_bytes(layout: PointerLayout, sv: StateValue, nbytes: int, is_pointer: bool,
                   little_endian: bool = True) -> list[Byte]:
    """Split a stored value into bytes (LangRef: store writes the value's store size;
    little-endian unless the datalayout says otherwise)."""
    if is_pointer:
        return [pointer_byte(sv.value, sv.non_poison, i, sv.undef_vars) for i in range(nbytes)]
    width = sv.width
    value = sv.value
    sub_byte = width % 8 != 0
    if sub_byte:
        # An iN with N % 8 != 0 (Alive2): its bits from the lowest, padded to whole
        # bytes, each byte tagged with (N, its number). The padding is unspecified
        # (LangRef): it is never compared or read as a value (`Byte.unspecified`).
        assert nbytes * 8 > width
        value = fold(z3.ZeroExt(nbytes * 8 - width, value))
    else:
        assert width == nbytes * 8
    out = []
    for i in range(nbytes):
        lo = 8 * i
        piece = value if nbytes == 1 else z3.Extract(lo + 7, lo, value)
        if z3.is_bv_value(value):
            piece = bv(value.as_long() >> lo, 8)
        if sub_byte:
            out.append(data_byte(layout, piece, sv.non_poison, sv.undef_vars,
                                 sub_byte_tag(width, i), unspecified=TRUE))
        else:
            out.append(data_byte(layout, piece, sv.non_poison, sv.undef_vars))
    return out if little_endian else out[::-1]


@dataclass(frozen=True)
class LoadedValue:
    """A load's result plus the condition under which our byte model is not exact
    (``unspecified``: the load reads `Byte.unspecified` bytes)."""

    value: StateValue
    approximation: z3.BoolRef
    unspecified: z3.BoolRef = FALSE


#: Maps the integer value of 8 data bytes loaded as a pointer to that pointer.
IntToPointer = Callable[[z3.BitVecRef], z3.BitVecRef]


def bytes_to_value(layout: PointerLayout, bs: list[Byte], width: int, is_pointer: bool,
                   little_endian: bool = True, int_to_pointer: IntToPointer | None = None,
                   padding_is_poison: bool = False) -> LoadedValue:
    """Join loaded bytes into a value. A pointer survives a round trip only through
    its own bytes, in order; a pointer byte read as an integer, or mixed with data
    bytes in a pointer, is poison. With ``int_to_pointer``, data bytes loaded as a
    pointer give ``int_to_pointer(their integer value)``; without it, that load is
    an approximation.

    A non-byte-sized integer ``iN`` (Alive2) is its bits from the lowest, poison
    unless every byte was written by a store of ``iN`` as that byte of it (LangRef:
    "undefined" otherwise; Alive2, whose reading we follow, makes it poison). Any
    other load of bytes of a non-byte-sized store (whose layout is unspecified) is
    not modelled: ``unspecified`` says when it happens.

    Aggregate padding is undef by LangRef's letter and poison for Alive2: src reads
    it as undef (the stricter reading for src), tgt as poison with
    ``padding_is_poison`` (the stricter one for tgt), which is sound under both
    and exact wherever they agree."""
    undef_vars: frozenset[str] = frozenset().union(*(b.undef_vars for b in bs))
    order = bs if little_endian else bs[::-1]
    if not is_pointer and width % 8:
        value = _concat([b.data for b in reversed(order)])
        value = fold(z3.Extract(width - 1, 0, value))
        non_poison = mk_and(*(mk_and(b.non_poison, mk_not(b.is_ptr), mk_not(b.foreign_ptr),
                                     mk_eq(b.tag, sub_byte_tag(width, i)))
                              for i, b in enumerate(order)))
        return LoadedValue(StateValue(value, non_poison, undef_vars), FALSE)
    loaded = _bytes_to_value(layout, bs, order, undef_vars, width, is_pointer,
                             int_to_pointer)
    padding = [mk_and(b.unspecified, mk_eq(b.tag, PADDING_TAG)) for b in bs]
    unspecified = mk_or(*(mk_and(b.non_poison, b.unspecified, mk_not(pad))
                          for b, pad in zip(bs, padding, strict=True)))
    value = loaded.value
    if padding_is_poison and not all(z3.is_false(pad) for pad in padding):
        value = StateValue(value.value, mk_and(value.non_poison, *(mk_not(p) for p in padding)),
                           value.undef_vars)
    elif z3.is_false(unspecified):
        return loaded
    return LoadedValue(value, loaded.approximation, unspecified)


def _bytes_to_value(layout: PointerLayout, bs: list[Byte], order: list[Byte],
                    undef_vars: frozenset[str], width: int, is_pointer: bool,
                    int_to_pointer: IntToPointer | None) -> LoadedValue:
    """Alive2 (LLVM 19) byte semantics: a pointer load of one pointer's bytes, in
    order, is that pointer; a pointer load of data bytes is the pointer their
    integer spells (``int_to_pointer``; Alive2: null for zero bytes, and poison
    otherwise unless memory held a pointer there, which our initial memory stands
    for with data bytes); any mix of pointer and data bytes is poison. An integer
    (or FP) load of a pointer byte is poison: the bytes carry provenance an integer
    cannot hold (so memcpy of pointers is not an integer load and store)."""
    if is_pointer:
        first = bs[0].ptr
        ptr_terms = []
        for i, b in enumerate(bs):
            ptr_terms += [b.non_poison, b.is_ptr, mk_eq(b.index, bv(i, BYTE_INDEX_BITS)),
                          mk_eq(b.ptr, first)]
        as_pointer = mk_and(*ptr_terms)
        if int_to_pointer is None:
            inexact = mk_or(*(mk_and(b.non_poison, mk_not(b.is_ptr)) for b in bs))
            return LoadedValue(StateValue(first, as_pointer, undef_vars), inexact)
        all_data = mk_and(*(mk_not(b.is_ptr) for b in bs))
        data_ok = mk_and(all_data, *(b.non_poison for b in bs))
        if z3.is_false(data_ok):
            return LoadedValue(StateValue(first, as_pointer, undef_vars), FALSE)
        integer = _concat([b.data for b in reversed(order)])
        value = mk_ite(all_data, int_to_pointer(integer), first)
        return LoadedValue(StateValue(value, mk_or(as_pointer, data_ok), undef_vars), FALSE)
    pieces = [b.data for b in reversed(order)]
    value = pieces[0] if len(pieces) == 1 else _concat(pieces)
    non_poison = mk_and(*(mk_and(b.non_poison, mk_not(b.is_ptr), mk_not(b.foreign_ptr))
                          for b in bs))
    if width != value.size():
        value = z3.Extract(width - 1, 0, value)
    return LoadedValue(StateValue(value, non_poison, undef_vars), FALSE)


def _concat(pieces: list[z3.BitVecRef]) -> z3.BitVecRef:
    """Concatenation (most significant first), folding literals and the bytes of one
    stored value read back in order (``store i16 %x`` then ``load i16`` is ``%x``
    again, not a concat of its extracts: equal terms need no solver)."""
    if len(pieces) == 1:
        return pieces[0]
    if all(z3.is_bv_value(p) for p in pieces):
        v = 0
        for p in pieces:
            v = (v << 8) | p.as_long()
        return bv(v, 8 * len(pieces))
    whole = _rejoin(pieces)
    return whole if whole is not None else z3.Concat(*pieces)


def _rejoin(pieces: list[z3.BitVecRef]) -> z3.BitVecRef | None:
    """``Extract(h, m+1, t) ++ ... ++ Extract(k, l, t)`` as one ``Extract(h, l, t)``
    (or ``t`` itself), or None."""
    if not all(z3.is_app_of(p, z3.Z3_OP_EXTRACT) for p in pieces):
        return None
    base = pieces[0].arg(0)
    hi, lo = pieces[0].params()
    for p in pieces[1:]:
        h, low = p.params()
        if not p.arg(0).eq(base) or h != lo - 1:
            return None
        lo = low
    if lo == 0 and hi == base.size() - 1:
        return base
    return z3.Extract(hi, lo, base)


# ---- blocks and contents --------------------------------------------------------------


@dataclass(frozen=True)
class BlockInfo:
    """One block. ``size``/``align`` in bytes; a non-local block of unknown size has
    ``size == -1`` and its size in ``size_expr``. ``alive`` is the liveness at
    function entry (None: alive). ``address`` is the base address of a non-local
    block (its alignment and, for pointer comparisons, its position); local blocks
    are only known to be ``align``-aligned. ``read_only``: a constant global (a store
    is UB). ``is_heap``: whether ``free`` may release it."""

    bid: int
    size: int
    align: int
    kind: str  # "null" | "stack" | "global" | "argument" | "unknown" | "heap"
    name: str = ""
    size_expr: z3.BitVecRef | None = None
    alive: z3.BoolRef | None = None
    address: z3.BitVecRef | None = None
    read_only: bool = False
    is_heap: z3.BoolRef | None = None
    writable: z3.BoolRef | None = None  # caller memory may be read-only (None: writable)
    #: log2 of the alignment the memory model knows for a non-local block of unknown
    #: provenance (a symbolic 8-bit value, shared by src and tgt). An access with
    #: ``align N`` into such a block needs it to be at least log2 N and the offset a
    #: multiple of N, as in Alive2, whose access alignment is a property of the block:
    #: facts about the address alone (an ``assume`` of ``ptrtoint``, an ``align``
    #: operand bundle, a call-site ``align`` attribute) do not raise it (alive-tv:
    #: memory/align, attrs/align-callsite-withnoundef). A block so aligned has an
    #: address so aligned (`nonlocal_memory.address_axioms`).
    align_log2: z3.BitVecRef | None = None
    #: a function whose address is not significant (``unnamed_addr``): it may share its
    #: address with another such function (identical code folding)
    mergeable: bool = False

    @property
    def is_local(self) -> bool:
        return self.kind == "stack"

    def size_bv(self) -> z3.BitVecRef:
        if self.size_expr is not None:
            return self.size_expr
        return bv(self.size, OFFSET_BITS)

    def footprint(self) -> z3.BitVecRef:
        """The bytes the block occupies in the address space: its size, and at least
        one byte for a function (its code: no object starts where a function does,
        though no byte of it may be accessed)."""
        return bv(1, OFFSET_BITS) if self.kind == "function" else self.size_bv()


#: The byte at a given offset: an initial byte function or a lazily evaluated write.
ByteFunction = Callable[[z3.BitVecRef], Byte]


@dataclass(frozen=True)
class Write:
    """One entry of a block's write log. ``length is None and offset is not None``: one
    byte at ``offset``; ``length`` set: every offset in ``[offset, offset + length)``
    gets ``byte_fn(off)``; ``offset is None``: every offset of the block gets
    ``byte_fn(off)`` (a havoc by a call)."""

    bid: int
    offset: z3.BitVecRef | None
    byte: Byte | None
    guard: z3.BoolRef  # the write's own condition (its pointer hit this block, ...)
    origin: str  # the CFG block holding the write
    length: z3.BitVecRef | None = None
    byte_fn: ByteFunction | None = None

    def byte_at(self, offset: z3.BitVecRef) -> Byte:
        if self.byte_fn is not None:
            return self.byte_fn(offset)
        assert self.byte is not None
        return self.byte

    def covers(self, offset: z3.BitVecRef) -> z3.BoolRef:
        if self.offset is None:
            return TRUE
        if self.length is None:
            return mk_eq(offset, self.offset)
        rel = offset - self.offset
        if z3.is_bv_value(offset) and z3.is_bv_value(self.offset) and z3.is_bv_value(self.length):
            return z3.BoolVal((offset.as_long() - self.offset.as_long()) % (1 << OFFSET_BITS)
                              < self.length.as_long())
        return z3.ULT(rel, self.length)


@dataclass(frozen=True)
class LivenessWrite:
    bid: int
    alive: z3.BoolRef
    guard: z3.BoolRef
    origin: str


#: Given a write, the guard under which it is visible at the current program point,
#: or None when it cannot be on any path to here.
Visibility = Callable[["Write | LivenessWrite"], "z3.BoolRef | None"]


@dataclass
class Memory:
    layout: PointerLayout
    blocks: dict[int, BlockInfo] = field(default_factory=dict)
    writes: list[Write] = field(default_factory=list)
    initial: dict[int, ByteFunction] = field(default_factory=dict)
    liveness: list[LivenessWrite] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.blocks.setdefault(NULL_BID, BlockInfo(NULL_BID, 0, 1, "null", "null"))

    def add_block(self, info: BlockInfo) -> None:
        self.blocks[info.bid] = info

    def hits(self, bid: z3.BitVecRef, alias: frozenset[int]
             ) -> list[tuple[int, BlockInfo, z3.BoolRef]]:
        """(block, info, "the pointer is in it") for each non-null block of ``alias`` that
        the pointer's block id ``bid`` may be: the blocks an access may touch."""
        out = []
        for b in sorted(alias):
            info = self.blocks[b]
            if info.kind == "null":
                continue
            hit = mk_eq(bid, bv(b, self.layout.bid_bits))
            if not z3.is_false(hit):
                out.append((b, info, hit))
        return out

    def initial_byte(self, bid: int, offset: z3.BitVecRef) -> Byte:
        fn = self.initial.get(bid)
        if fn is not None:
            return fn(offset)
        # Local blocks start as poison (Alive2; LangRef's alloca: uninitialised).
        return poison_byte(self.layout)

    def write(self, bid: int, offset: z3.BitVecRef, byte: Byte, guard: z3.BoolRef,
              origin: str) -> None:
        self.writes.append(Write(bid, offset, byte, guard, origin))

    def write_range(self, bid: int, offset: z3.BitVecRef, length: z3.BitVecRef,
                    byte_fn: ByteFunction, guard: z3.BoolRef, origin: str) -> None:
        self.writes.append(Write(bid, offset, None, guard, origin, length, byte_fn))

    def write_block(self, bid: int, byte_fn: ByteFunction, guard: z3.BoolRef,
                    origin: str) -> None:
        self.writes.append(Write(bid, None, None, guard, origin, None, byte_fn))

    def set_alive(self, bid: int, alive: z3.BoolRef, guard: z3.BoolRef, origin: str) -> None:
        self.liveness.append(LivenessWrite(bid, alive, guard, origin))

    def written_blocks(self) -> set[int]:
        return {w.bid for w in self.writes} | {w.bid for w in self.liveness}

    def read(self, bid: int, offset: z3.BitVecRef, visible: Visibility,
             upto: int | None = None) -> Byte:
        """The byte at ``(bid, offset)`` as seen from the current program point.

        ``visible(w)`` gives the path condition under which write ``w`` happened
        before this point (True when its block dominates this one, None when it
        cannot precede it); ``w.guard`` is the write's own condition (which block
        a symbolic pointer hit). ``upto`` limits the log to its first entries (the
        memory as it was at an earlier point of the same block)."""
        result = self.initial_byte(bid, offset)
        const_off = offset.as_long() if z3.is_bv_value(offset) else None
        relevant = []
        log = self.writes if upto is None else self.writes[:upto]
        for w in reversed(log):
            if w.bid != bid:
                continue
            point = w.offset is not None and w.length is None
            same_literal = point and const_off is not None and z3.is_bv_value(w.offset)
            if same_literal and w.offset.as_long() != const_off:  # type: ignore[union-attr]
                continue
            covers = w.covers(offset)
            if z3.is_false(covers):
                continue
            path = visible(w)
            if path is None:
                continue
            guard = mk_and(path, w.guard)
            if z3.is_false(guard):
                continue
            relevant.append((w, guard, covers))
            if z3.is_true(guard) and z3.is_true(covers):
                break  # this write certainly happened and covers the byte
        for w, guard, covers in reversed(relevant):
            result = ite_byte(mk_and(guard, covers), w.byte_at(offset), result)
        return result

    def alive(self, bid: int, visible: Visibility, upto: int | None = None) -> z3.BoolRef:
        """Whether block ``bid`` is alive at the current program point."""
        info = self.blocks.get(bid)
        result = TRUE if info is None or info.alive is None else info.alive
        if info is not None and info.kind == "null":
            return FALSE
        relevant = []
        log = self.liveness if upto is None else self.liveness[:upto]
        for w in reversed(log):
            if w.bid != bid:
                continue
            path = visible(w)
            if path is None:
                continue
            guard = mk_and(path, w.guard)
            if z3.is_false(guard):
                continue
            relevant.append((w, guard))
            if z3.is_true(guard):
                break
        if all(z3.is_false(w.alive) for w, _ in relevant):
            # Only deallocations: alive unless one of them happened (one flat term,
            # not a chain of ites: calls may free a block at every call).
            return mk_and(result, mk_not(mk_or(*(g for _, g in relevant))))
        for w, guard in reversed(relevant):
            result = mk_ite(guard, w.alive, result)
        return result


# ---- access checks ---------------------------------------------------------------------

#: Liveness of a block at the access point (None: every block counts as alive).
Liveness = Callable[[int], z3.BoolRef]


def access_ub(mem: Memory, bid: z3.BitVecRef, offset: z3.BitVecRef, alias: frozenset[int],
              nbytes: int | z3.BitVecRef, align: int, *, write: bool = False,
              alive: Liveness | None = None) -> z3.BoolRef:
    """UB of an access of ``nbytes`` at ``(bid, offset)`` with ``align`` (LangRef
    load/store: the pointer must be dereferenceable for the access and aligned).

    A block is dereferenceable when it is a live (non-null) block and
    ``0 <= offset <= size - nbytes``; a store to a read-only block (a constant
    global) is UB. Alignment: a non-local block's address plus the offset must be a
    multiple of ``align``; a local block's alignment must be at least ``align`` and
    the offset a multiple of it (its address is only known to be block-aligned, so a
    larger ``align`` may fail: Alive2 treats that as UB, and so do we)."""
    ok_terms = []
    for b in sorted(alias):
        info = mem.blocks[b]
        is_b = mk_eq(bid, bv(b, mem.layout.bid_bits))
        if z3.is_false(is_b) or info.kind == "null" or (write and info.read_only):
            continue
        bounds = in_bounds(offset, info, nbytes)
        if z3.is_false(bounds):
            continue
        aligned = aligned_in(info, offset, align)
        if z3.is_false(aligned):
            continue
        live = alive(b) if alive is not None else TRUE
        writable = info.writable if write and info.writable is not None else TRUE
        ok_terms.append(mk_and(is_b, live, bounds, aligned, writable))
    return mk_not(mk_or(*ok_terms))


def in_bounds(offset: z3.BitVecRef, info: BlockInfo, nbytes: int | z3.BitVecRef) -> z3.BoolRef:
    """``0 <= offset`` and ``offset + nbytes <= size`` (signed; sizes are < 2^61)."""
    if info.size_expr is None and isinstance(nbytes, int):
        if info.size < nbytes:
            return FALSE
        return _in_bounds(offset, info.size - nbytes)
    n = bv(nbytes, OFFSET_BITS) if isinstance(nbytes, int) else nbytes
    limit = info.size_bv() - n
    if z3.is_bv_value(offset):
        o = offset.as_long()
        if o >> (OFFSET_BITS - 1):
            return FALSE
    # ``n`` is unsigned: one of 2^63 or more would read as negative and pass the
    # signed comparisons (memset-large), so it must be non-negative too.
    return mk_and(_nonnegative(offset), offset <= limit, _nonnegative(limit), _nonnegative(n))


def _nonnegative(x: z3.BitVecRef) -> z3.BoolRef:
    if z3.is_bv_value(x):
        return z3.BoolVal(not x.as_long() >> (OFFSET_BITS - 1))
    return x >= 0


def _in_bounds(offset: z3.BitVecRef, limit: int) -> z3.BoolRef:
    if z3.is_bv_value(offset):
        o = offset.as_long()
        o = o - (1 << OFFSET_BITS) if o >> (OFFSET_BITS - 1) else o
        return z3.BoolVal(0 <= o <= limit)
    return z3.And(offset >= 0, offset <= limit)


def aligned_in(info: BlockInfo, offset: z3.BitVecRef, align: int) -> z3.BoolRef:
    if align <= 1:
        return TRUE
    if info.align_log2 is not None and align & (align - 1) == 0:
        k = align.bit_length() - 1
        return mk_and(block_aligned(info, k), _low_bits_zero(offset, k))
    if info.address is not None and align & (align - 1) == 0:
        k = align.bit_length() - 1
        return _low_bits_zero(bv_add(info.address, offset), k)
    if info.align < align:
        return FALSE
    return _aligned(offset, align)


def block_aligned(info: BlockInfo, k: int) -> z3.BoolRef:
    """The model knows block ``info`` to be aligned to ``2^k`` (`BlockInfo.align_log2`)."""
    if info.align_log2 is None:
        return z3.BoolVal(info.align >= 1 << k)
    return z3.UGE(info.align_log2, z3.BitVecVal(k, info.align_log2.size()))


def _low_bits_zero(x: z3.BitVecRef, k: int) -> z3.BoolRef:
    if z3.is_bv_value(x):
        return z3.BoolVal(x.as_long() % (1 << k) == 0)
    return z3.Extract(k - 1, 0, x) == 0


def _aligned(offset: z3.BitVecRef, align: int) -> z3.BoolRef:
    if align <= 1:
        return TRUE
    if z3.is_bv_value(offset):
        return z3.BoolVal(offset.as_long() % align == 0)
    return z3.URem(offset, align) == 0 if align & (align - 1) else \
        z3.Extract(align.bit_length() - 2, 0, offset) == 0


def gep_in_bounds(mem: Memory, bid: z3.BitVecRef, offset: z3.BitVecRef,
                  alias: frozenset[int]) -> z3.BoolRef:
    """``getelementptr inbounds``: the pointer stays within ``[0, size]`` of its
    block (one past the end allowed). The null block has size 0, so only offset 0
    is in bounds there; all-zero-index GEPs are always fine (checked by caller)."""
    terms = []
    for b in sorted(alias):
        info = mem.blocks[b]
        is_b = mk_eq(bid, bv(b, mem.layout.bid_bits))
        if z3.is_false(is_b):
            continue
        terms.append(mk_and(is_b, in_bounds(offset, info, 0)))
    return mk_or(*terms)
