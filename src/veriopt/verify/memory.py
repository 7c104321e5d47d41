"""The memory model: blocks with ids, sizes and alignments, and byte contents.

Shape (VERIFIER.md §5): memory is a finite set of *blocks*; a pointer is
``bid ‖ offset`` (offset: 64-bit signed, the pointer index width). Each block has
its own contents, and a load or store only looks at the blocks its pointer can
point to (the *alias set*, tracked statically by the encoder).

Contents are kept as a log of guarded byte writes per block, not as one z3 array:
``read`` walks the log newest-first and builds ``ite(guard ∧ off = w.off, w.byte,
older)``, skipping writes whose offset is a different literal. This is exactly a
``select`` over a chain of ``store``s, with the array rewriter's simplifications
done in Python, so the store/load pairs of O0 code vanish before any solver call.
A non-local block (Verifier II: pointer arguments, globals) gets a symbolic
initial byte function instead of the local blocks' "all poison".

Bytes (§5.2) are either data bytes (8 bits plus a poison bit) or pointer bytes
(the whole pointer plus the index of this byte in it). Undef variables stored in
a byte are remembered, and a load gives them fresh names again.

Wave I scope: local (stack) blocks and the null block. Integer loads of pointer
bytes and pointer loads of integer bytes would need address modelling; they are
recorded as *approximations* (conditions under which the model is not exact),
and the verifier answers inconclusive when one of them is reachable.
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
    mk_and,
    mk_eq,
    mk_ite,
    mk_not,
    mk_or,
)

OFFSET_BITS = 64
BYTE_INDEX_BITS = 3

NULL_BID = 0


# ---- pointers -----------------------------------------------------------------------


@dataclass(frozen=True)
class PointerLayout:
    """How a pointer value is laid out in bits: ``bid (bid_bits) ‖ offset (64)``."""

    bid_bits: int

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
        """(bid, offset) of ``p``, looking through concats and ites structurally."""
        if z3.is_bv_value(p):
            v = p.as_long()
            return bv(v >> OFFSET_BITS, self.bid_bits), bv(v, OFFSET_BITS)
        if z3.is_app_of(p, z3.Z3_OP_CONCAT) and p.num_args() == 2 \
                and p.arg(1).size() == OFFSET_BITS:
            return p.arg(0), p.arg(1)
        if z3.is_app_of(p, z3.Z3_OP_ITE):
            c, a, b = p.children()
            ab, ao = self.split(a)
            bb, bo = self.split(b)
            return mk_ite(c, ab, bb), mk_ite(c, ao, bo)
        return (z3.Extract(self.bits - 1, OFFSET_BITS, p), z3.Extract(OFFSET_BITS - 1, 0, p))

    def offset_add(self, p: z3.BitVecRef, delta: z3.BitVecRef) -> z3.BitVecRef:
        bid, off = self.split(p)
        return self.make(bid, bv_add(off, delta))


# ---- bytes --------------------------------------------------------------------------


@dataclass(frozen=True)
class Byte:
    is_ptr: z3.BoolRef
    non_poison: z3.BoolRef
    data: z3.BitVecRef  # 8 bits; meaningful when not a pointer byte
    ptr: z3.BitVecRef  # the whole pointer; meaningful for pointer bytes
    index: z3.BitVecRef  # which byte of the pointer this is
    undef_vars: frozenset[str] = frozenset()


def poison_byte(layout: PointerLayout) -> Byte:
    return Byte(FALSE, FALSE, bv(0, 8), bv(0, layout.bits), bv(0, BYTE_INDEX_BITS))


def data_byte(layout: PointerLayout, data: z3.BitVecRef, non_poison: z3.BoolRef,
              undef_vars: frozenset[str]) -> Byte:
    return Byte(FALSE, non_poison, data, bv(0, layout.bits), bv(0, BYTE_INDEX_BITS),
                undef_vars)


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
                mk_ite(c, a.index, b.index), a.undef_vars | b.undef_vars)


def value_to_bytes(layout: PointerLayout, sv: StateValue, nbytes: int, is_pointer: bool,
                   little_endian: bool = True) -> list[Byte]:
    """Split a stored value into bytes (LangRef: store writes the value's store size;
    little-endian unless the datalayout says otherwise)."""
    if is_pointer:
        return [pointer_byte(sv.value, sv.non_poison, i, sv.undef_vars) for i in range(nbytes)]
    width = sv.width
    assert width == nbytes * 8, "sub-byte stores are gated out"
    out = []
    for i in range(nbytes):
        lo = 8 * i
        piece = sv.value if width == 8 else z3.Extract(lo + 7, lo, sv.value)
        if z3.is_bv_value(sv.value):
            piece = bv(sv.value.as_long() >> lo, 8)
        out.append(data_byte(layout, piece, sv.non_poison, sv.undef_vars))
    return out if little_endian else out[::-1]


@dataclass(frozen=True)
class LoadedValue:
    """A load's result plus the condition under which our byte model is not exact."""

    value: StateValue
    approximation: z3.BoolRef


def bytes_to_value(layout: PointerLayout, bs: list[Byte], width: int, is_pointer: bool,
                   little_endian: bool = True) -> LoadedValue:
    undef_vars: frozenset[str] = frozenset().union(*(b.undef_vars for b in bs))
    if is_pointer:
        # A pointer survives a round trip only through its own bytes, in order.
        first = bs[0].ptr
        np_terms = []
        inexact = []
        for i, b in enumerate(bs):
            np_terms += [b.non_poison, b.is_ptr, mk_eq(b.index, bv(i, BYTE_INDEX_BITS)),
                         mk_eq(b.ptr, first)]
            # An integer byte read as a pointer gives a provenance-free pointer in
            # Alive2, not poison: not modelled in wave I.
            inexact.append(mk_and(b.non_poison, mk_not(b.is_ptr)))
        return LoadedValue(StateValue(first, mk_and(*np_terms), undef_vars), mk_or(*inexact))
    order = bs if little_endian else bs[::-1]
    pieces = [b.data for b in reversed(order)]
    value = pieces[0] if len(pieces) == 1 else _concat(pieces)
    non_poison = mk_and(*(mk_and(b.non_poison, mk_not(b.is_ptr)) for b in bs))
    # A pointer byte read as an integer is an implicit ptrtoint in Alive2 (its
    # address bits), not poison: not modelled in wave I.
    inexact = mk_or(*(mk_and(b.non_poison, b.is_ptr) for b in bs))
    if width != value.size():
        value = z3.Extract(width - 1, 0, value)
    return LoadedValue(StateValue(value, non_poison, undef_vars), inexact)


def _concat(pieces: list[z3.BitVecRef]) -> z3.BitVecRef:
    if all(z3.is_bv_value(p) for p in pieces):
        v = 0
        for p in pieces:
            v = (v << 8) | p.as_long()
        return bv(v, 8 * len(pieces))
    return z3.Concat(*pieces)


# ---- blocks and contents --------------------------------------------------------------


@dataclass(frozen=True)
class BlockInfo:
    bid: int
    size: int
    align: int
    kind: str  # "null" | "stack" (Verifier II: "global", "argument", "heap")
    name: str = ""

    @property
    def is_local(self) -> bool:
        return self.kind == "stack"


@dataclass(frozen=True)
class Write:
    bid: int
    offset: z3.BitVecRef
    byte: Byte
    guard: z3.BoolRef  # the store's own condition (its pointer hit this block)
    origin: str  # the CFG block holding the store


#: Given a write, the guard under which it is visible at the current program point,
#: or None when it cannot be on any path to here.
Visibility = Callable[[Write], "z3.BoolRef | None"]


@dataclass
class Memory:
    layout: PointerLayout
    blocks: dict[int, BlockInfo] = field(default_factory=dict)
    writes: list[Write] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.blocks.setdefault(NULL_BID, BlockInfo(NULL_BID, 0, 1, "null", "null"))

    def add_block(self, info: BlockInfo) -> None:
        self.blocks[info.bid] = info

    def initial_byte(self, bid: int, offset: z3.BitVecRef) -> Byte:
        # Local blocks start as poison (Alive2; LangRef's alloca: uninitialised).
        return poison_byte(self.layout)

    def write(self, bid: int, offset: z3.BitVecRef, byte: Byte, guard: z3.BoolRef,
              origin: str) -> None:
        self.writes.append(Write(bid, offset, byte, guard, origin))

    def read(self, bid: int, offset: z3.BitVecRef, visible: Visibility) -> Byte:
        """The byte at ``(bid, offset)`` as seen from the current program point.

        ``visible(w)`` gives the path condition under which write ``w`` happened
        before this point (True when its block dominates this one, None when it
        cannot precede it); ``w.guard`` is the store's own condition (which block
        a symbolic pointer hit)."""
        result = self.initial_byte(bid, offset)
        const_off = offset.as_long() if z3.is_bv_value(offset) else None
        relevant = []
        for w in reversed(self.writes):
            if w.bid != bid:
                continue
            same_literal = const_off is not None and z3.is_bv_value(w.offset)
            if same_literal and w.offset.as_long() != const_off:
                continue
            path = visible(w)
            if path is None:
                continue
            guard = mk_and(path, w.guard)
            if z3.is_false(guard):
                continue
            relevant.append((w, guard))
            if z3.is_true(guard) and same_literal:
                break  # this write certainly happened and covers the byte
        for w, guard in reversed(relevant):
            result = ite_byte(mk_and(guard, mk_eq(offset, w.offset)), w.byte, result)
        return result


# ---- access checks ---------------------------------------------------------------------


def access_ub(mem: Memory, bid: z3.BitVecRef, offset: z3.BitVecRef, alias: frozenset[int],
              nbytes: int, align: int) -> z3.BoolRef:
    """UB of an access of ``nbytes`` at ``(bid, offset)`` with ``align`` (LangRef
    load/store: the pointer must be dereferenceable for the access and aligned).

    A block is dereferenceable when it is a live (non-null) block and
    ``0 <= offset <= size - nbytes``. Alignment: the block's alignment must be at
    least ``align`` and the offset a multiple of it (the base address is only
    known to be block-aligned, so a larger ``align`` may fail: Alive2 treats that
    as UB, and so do we)."""
    ok_terms = []
    for b in sorted(alias):
        info = mem.blocks[b]
        is_b = mk_eq(bid, bv(b, mem.layout.bid_bits))
        if z3.is_false(is_b):
            continue
        if info.kind == "null" or info.size < nbytes or info.align < align:
            continue
        ok_terms.append(mk_and(is_b, _in_bounds(offset, info.size - nbytes),
                               _aligned(offset, align)))
    return mk_not(mk_or(*ok_terms))


def _in_bounds(offset: z3.BitVecRef, limit: int) -> z3.BoolRef:
    if z3.is_bv_value(offset):
        o = offset.as_long()
        o = o - (1 << OFFSET_BITS) if o >> (OFFSET_BITS - 1) else o
        return z3.BoolVal(0 <= o <= limit)
    return z3.And(offset >= 0, offset <= limit)


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
        terms.append(mk_and(is_b, _in_bounds(offset, info.size)))
    return mk_or(*terms)
