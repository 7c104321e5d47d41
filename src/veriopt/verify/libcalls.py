"""Calls with known semantics: memory intrinsics, lifetime markers, allocation.

Why these are not unknown calls: clang -O0 emits ``llvm.memcpy``/``llvm.memset``
for aggregate copies and initialisers, and instcombine turns small ones into
loads and stores (and back); C programs allocate with ``malloc``/``calloc`` and
release with ``free``, and instcombine removes unused allocations. An unknown
call could not be matched with a load/store sequence, so these get their C /
LangRef semantics, one short function each:

* ``memcpy(d, s, n)`` / ``memmove`` / ``memset(d, c, n)`` (the ``llvm.*``
  intrinsics and the libcalls): UB unless ``n == 0`` or both ranges are
  dereferenceable (the destination writable) and aligned as the arguments'
  ``align`` say. Overlap: ``llvm.memcpy``'s ranges must be equal or disjoint
  (LangRef 19: copying a region onto itself is defined), the C library's
  ``memcpy`` ranges must not overlap at all (C11 7.24.2.1: equal regions overlap),
  ``memmove`` may overlap. The copy reads every source byte before writing (so
  ``memmove``'s overlap and a copy onto itself are exact).
* ``llvm.lifetime.start/end(n, p)`` (LangRef 19): when ``p`` is an alloca (the first
  byte of a stack object, as the stack colouring pass recognises one: the alloca
  itself, or a select/phi of allocas), ``end`` kills the object and ``start``
  revives it with uninitialised (poison) contents; such an alloca starts dead. On
  any other object (an argument's, a global, a call's result, an alloca at a
  non-zero constant offset) the marker is not UB: it fills all bytes of the object
  with poison (Alive2's ``FillPoison``). A literal undef/poison pointer makes it a
  no-op; pointers whose object the pass could not tell apart are unsupported.
  LangRef does not say what a poison pointer does: src reads it as a no-op, tgt as
  UB (sound under either reading).
* ``malloc(n)`` / ``calloc(n, m)``: a heap block of that size (poison / zero bytes),
  or null when allocation fails; each src call has its own block and success flag,
  and tgt's call with the same size and call count returns the same ones.
* ``realloc(p, n)``: like ``malloc(n)`` (a new heap block, or null when allocation
  fails), whose first bytes are a copy of ``p``'s block (up to the smaller size; the
  rest poison). UB unless ``p`` is null or the start of a live heap block (as for
  ``free``). The old block is freed when allocation succeeds or ``n == 0``
  (Alive2's choice for ``realloc(p, 0)``); a failed allocation leaves it alive.
  ``realloc(NULL, n)`` (a literal null) is the call ``malloc(n)`` (C11 7.22.3.5).
* ``free(p)``: UB unless ``p`` is null or the start of a live heap block; kills it.
* ``strlen(p)``: the index of the first zero byte at ``p`` (Alive2's model: UB if ``p``
  is poison, if a byte before it, or it, is not dereferenceable or is poison). Bytes
  are read one by one: all of a block of known size up to `MAX_STRLEN_BYTES`
  (exact), else the first `STRLEN_PREFIX`; past those, the length (at least that
  many) and whether reading on is UB are unknown inputs (one function of the
  pointer where the rest starts, shared by src and tgt while the block is as it was
  on entry, with one step of strlen's recursion assumed there), and a
  counterexample is only "couldn't prove" (``approximated:strlen``).
* ``memcmp(p, q, n)`` / ``bcmp`` (Alive2's model): UB unless ``n == 0`` or both
  ranges are dereferenceable; 0 if the ``n`` bytes are equal, else a value chosen
  per call that is non-zero (``bcmp``) or has the sign of the first differing pair
  of bytes as ``unsigned char`` (``memcmp``); poison if a byte it looks at is poison.
  Up to `MAX_MEMCMP_BYTES` bytes are compared one by one; past them the answer is
  unknown (``approximated:memcmp``). Pointer and undef bytes are not compared
  (approximations).
* ``fwrite(p, s, n, f)`` with a literal ``s`` or ``n`` of 0: returns 0 and does
  nothing (C11 7.21.8.2); ``(void)fwrite(p, 1, 1, f)``: reads the byte at ``p`` and
  calls ``fputc`` with it (C11: fwrite writes "as if by calls to fputc"; Alive2 does
  the same rewrite). ``fputc(c, f)`` is an unknown call of the character
  ``(unsigned char)c`` (all fputc depends on, C11 7.21.7.3), with the attributes
  LLVM infers for it (``nofree nounwind``, ``noundef`` arguments and result,
  ``nocapture`` stream). Other ``fwrite`` calls are unknown (approximated) calls.
* ``llvm.va_start(p)``: fills the target's ``va_list`` at ``p`` (a writable block
  of that size, or UB) with the bytes that describe this call's variadic
  arguments: unknown, but the same for every ``va_start`` of one invocation, in
  src and tgt alike; pointers read from them point into the caller's memory.
  ``llvm.va_end`` has no effect on memory (AArch64 and x86-64 ABIs). Only targets
  whose ``va_list`` layout is known are modelled.
* ``llvm.threadlocal.address(p)``: ``p`` itself (one thread: the current thread's
  instance of a thread-local global is the global's block).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, Literal

import z3

from veriopt.errors import UnsupportedIR
from veriopt.llvm import attrs as A
from veriopt.llvm import ir
from veriopt.llvm.walk import callee_name
from veriopt.llvm.walk import values as walk_values
from veriopt.verify.call_sites import lifetime_object
from veriopt.verify.calls import (
    CallRecord,
    call_ordinal,
    callee_effects,
    count_call,
    evaluate_args,
    execute_unknown_call,
    fresh_contents,
    param_attrs,
    return_attributes,
)
from veriopt.verify.libfacts import ALLOCATORS, library_model, va_list_size
from veriopt.verify.memory import (
    NULL_BID,
    OFFSET_BITS,
    Byte,
    ByteFunction,
    access_ub,
    data_byte,
    in_bounds,
    ite_byte,
    poison_byte,
    same_byte,
)
from veriopt.verify.nonlocal_memory import PREEXISTING_KINDS, SIZE_BITS, MemoryPlan, open_reading
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

#: Copies and fills up to this many bytes (literal lengths) are done byte by byte.
MAX_UNROLLED_COPY = 64

Handler = Callable[[Any, ir.Call], None]


def _arg(enc: Any, inst: ir.Call, k: int) -> StateValue:
    a = inst.args[k]
    return enc.operand(a.value, a.type)


def _too_long(sv: StateValue) -> z3.BoolRef:
    """A length wider than the offset whose high bits are set: no block holds that
    many bytes (and the low bits alone would wrap), so the access is UB."""
    w = sv.value.size()
    if w <= OFFSET_BITS:
        return FALSE
    return fold(z3.Extract(w - 1, OFFSET_BITS, sv.value) != 0)


def _length(enc: Any, sv: StateValue) -> z3.BitVecRef:
    w = sv.value.size()
    if w == OFFSET_BITS:
        return sv.value
    if w < OFFSET_BITS:
        return fold(z3.ZeroExt(OFFSET_BITS - w, sv.value))
    return fold(z3.Extract(OFFSET_BITS - 1, 0, sv.value))


def _is_volatile(inst: ir.Call, k: int) -> bool:
    if len(inst.args) <= k:
        return False
    v = inst.args[k].value
    if isinstance(v, ir.IntConst):
        return v.value != 0
    raise UnsupportedIR("memory-intrinsic", "Unsupported non-constant volatile flag")


def _range_ub(enc: Any, inst: ir.Call, k: int, p: StateValue, n: z3.BitVecRef,
              write: bool) -> z3.BoolRef:
    """UB of accessing ``[p, p + n)`` (``n != 0``): poison/undef pointer, not
    dereferenceable, not aligned as the argument's ``align`` says."""
    from veriopt.verify.memory import access_ub

    align = A.int_arg(inst.args[k].attrs, "align") or 1
    bid, off = enc.ptr.split(p.value)
    alias = enc.alias_of(inst.args[k].value)
    nbytes: int | z3.BitVecRef = n.as_long() if z3.is_bv_value(n) else n
    bad = access_ub(enc.mem, bid, off, alias, nbytes, align, write=write,
                    alive=enc.alive_now)
    restricted = enc.access_restriction_ub(inst.args[k].value, bid, alias, write)  # fn_attrs.py
    return mk_or(enc.ub_unless_defined(p), bad, restricted)


#: What a copy allows of its two ranges (`_copy`): ``equal_or_disjoint`` for
#: ``llvm.memcpy``, ``disjoint`` for C's ``memcpy``, ``any`` for ``memmove``.
Overlap = Literal["equal_or_disjoint", "disjoint", "any"]


def _copy(enc: Any, inst: ir.Call, *, overlap: Overlap) -> None:
    if _is_volatile(inst, 3):
        raise UnsupportedIR("volatile-memcpy", "Unsupported volatile memcpy")
    d = _arg(enc, inst, 0)
    s = _arg(enc, inst, 1)
    n_sv = _arg(enc, inst, 2)
    n = _length(enc, n_sv)
    nonzero = mk_not(mk_eq(n, bv(0, OFFSET_BITS)))
    ub = mk_or(enc.ub_unless_defined(n_sv), _too_long(n_sv),
               mk_and(nonzero, mk_or(_range_ub(enc, inst, 0, d, n, True),
                                     _range_ub(enc, inst, 1, s, n, False))))
    d_bid, d_off = enc.ptr.split(d.value)
    s_bid, s_off = enc.ptr.split(s.value)
    if overlap != "any":
        same = mk_eq(d_bid, s_bid)
        allowed = [z3.ULE(bv_add(d_off, n), s_off), z3.ULE(bv_add(s_off, n), d_off)]
        if overlap == "equal_or_disjoint":
            allowed.append(mk_eq(d_off, s_off))
        ub = mk_or(ub, mk_and(nonzero, same, mk_not(mk_or(*allowed))))
    enc.add_ub(ub)
    s_alias = enc.alias_of(inst.args[1].value)
    d_alias = enc.alias_of(inst.args[0].value)
    visible = enc.visibility_at(enc.block)
    upto = len(enc.mem.writes)

    def source_byte(offset: z3.BitVecRef) -> Byte:
        out = poison_byte(enc.ptr)
        for b in sorted(s_alias):
            if enc.mem.blocks[b].kind == "null":
                continue
            hit = mk_eq(s_bid, bv(b, enc.ptr.bid_bits))
            if z3.is_false(hit):
                continue
            out = ite_byte(hit, enc.mem.read(b, offset, visible, upto=upto), out)
        return out

    if z3.is_bv_value(n) and n.as_long() <= MAX_UNROLLED_COPY:
        count = n.as_long()
        bytes_ = [source_byte(bv_add(s_off, bv(i, OFFSET_BITS))) for i in range(count)]
        _write_bytes(enc, d_bid, d_off, d_alias, bytes_)
    else:
        def copied(offset: z3.BitVecRef) -> Byte:
            return source_byte(bv_add(s_off, offset - d_off))
        _write_range(enc, d_bid, d_off, d_alias, n, copied)
    _stored_pointers(enc, d_alias, s_alias)
    _define_result(enc, inst, d)


def _set(enc: Any, inst: ir.Call) -> None:
    if _is_volatile(inst, 3):
        raise UnsupportedIR("volatile-memset", "Unsupported volatile memset")
    d = _arg(enc, inst, 0)
    c = _arg(enc, inst, 1)
    n_sv = _arg(enc, inst, 2)
    n = _length(enc, n_sv)
    nonzero = mk_not(mk_eq(n, bv(0, OFFSET_BITS)))
    enc.add_ub(mk_or(enc.ub_unless_defined(n_sv), _too_long(n_sv),
                      mk_and(nonzero, _range_ub(enc, inst, 0, d, n, True))))
    value = c.value if c.value.size() == 8 else fold(z3.Extract(7, 0, c.value))
    byte = data_byte(enc.ptr, value, c.non_poison, c.undef_vars)
    d_bid, d_off = enc.ptr.split(d.value)
    d_alias = enc.alias_of(inst.args[0].value)
    if z3.is_bv_value(n) and n.as_long() <= MAX_UNROLLED_COPY:
        _write_bytes(enc, d_bid, d_off, d_alias, [byte] * n.as_long())
    else:
        _write_range(enc, d_bid, d_off, d_alias, n, lambda _o: byte)
    _define_result(enc, inst, d)


def _write_bytes(enc: Any, bid: z3.BitVecRef, off: z3.BitVecRef, alias: frozenset[int],
                 bytes_: list[Byte]) -> None:
    for b, _, hit in enc.mem.hits(bid, alias):
        for i, byte in enumerate(bytes_):
            enc.mem.write(b, bv_add(off, bv(i, OFFSET_BITS)), byte,
                          enc.write_guard(hit), enc.block)


def _write_range(enc: Any, bid: z3.BitVecRef, off: z3.BitVecRef, alias: frozenset[int],
                 n: z3.BitVecRef, byte_fn: ByteFunction) -> None:
    for b, _, hit in enc.mem.hits(bid, alias):
        enc.mem.write_range(b, off, n, byte_fn, enc.write_guard(hit), enc.block)


def _stored_pointers(enc: Any, dest: frozenset[int], source: frozenset[int]) -> None:
    """Pointers copied from ``source`` blocks now also live in ``dest`` blocks."""
    stored: frozenset[int] = frozenset()
    for b in source:
        stored |= enc.stored_alias.get(b, frozenset())
    if any(not enc.ptr.is_local(b) or b in enc.escaped for b in source):
        stored |= enc.external_alias()
    enc.record_store(dest, stored)


def _define_result(enc: Any, inst: ir.Call, dest: StateValue) -> None:
    if inst.result is not None:
        enc.alias[inst.result] = enc.alias_of(inst.args[0].value)
        enc.define(inst.result, inst.return_type, dest)
    else:
        enc.record("effect", f"call @{callee_name(inst)}", None, None)


def _lit(e: z3.BitVecRef, v: int) -> bool:
    return z3.is_bv_value(e) and e.as_long() == v


# ---- lifetime -----------------------------------------------------------------------------------


def _lifetime(enc: Any, inst: ir.Call, start: bool) -> None:
    """``llvm.lifetime.start/end`` (see the module docstring)."""
    kind = lifetime_object(enc.fn, inst.args[1].value, enc.dl, enc.types)
    label = f"call @{callee_name(inst)}"
    if kind is None:
        raise UnsupportedIR("lifetime-pointer", "Unsupported: a lifetime marker on a "
                            "pointer whose object the stack colouring cannot tell")
    if kind[0] == "none":
        enc.record("effect", label, None, None)
        return
    p = _arg(enc, inst, 1)
    alias = enc.alias_of(inst.args[1].value)
    bid, _ = enc.ptr.split(p.value)
    # A poison pointer: src does nothing (the more defined reading), tgt is UB.
    ub = enc.ub_unless_defined(p) if enc.side == "tgt" else FALSE
    happens = TRUE if enc.side == "tgt" else p.non_poison
    if kind[0] == "other":  # a write of the object: the function's memory(...) may forbid it
        ub = mk_or(ub, mk_and(happens, enc.access_restriction_ub(inst.args[1].value, bid,
                                                                 alias, True)))
    enc.add_ub(ub)
    for b, info, hit in enc.mem.hits(bid, alias):
        guard = enc.write_guard(mk_and(hit, happens))
        if kind[0] == "stack" and info.is_local:
            # the first byte of a stack object: alive from start (uninitialised), dead
            # after end (LangRef; a second start of a live object only refills poison)
            enc.mem.set_alive(b, TRUE if start else FALSE, guard, enc.block)
            if not start:
                continue
        enc.mem.write_block(b, lambda _o: poison_byte(enc.ptr), guard, enc.block)
    enc.record("effect", label, None, None, ub)


# ---- allocation ---------------------------------------------------------------------------------


def _allocate(enc: Any, inst: ir.Call) -> None:
    """``malloc``/``calloc``: see the module docstring. tgt's call takes the heap block
    and success flag of the src call with the same size and call count."""
    name = callee_name(inst)
    assert name is not None and inst.result is not None
    plan: MemoryPlan = enc.plan
    positions = list(range(len(inst.args)))
    if name == "realloc" and len(positions) == 2 and isinstance(inst.args[0].value, ir.NullConst):
        # C11 7.22.3.5: "If ptr is a null pointer, the realloc function behaves like
        # the malloc function for the specified size": one call of malloc's
        name, positions = "malloc", [1]
    every = [_arg(enc, inst, k) for k in range(len(inst.args))]
    args = [every[k] for k in positions]
    if name == "calloc":
        if len(args) != 2:
            raise UnsupportedIR("calloc-signature", "Unsupported calloc signature")
        a, b = (_length(enc, x) for x in args)
        size = a * b
        overflow = z3.Not(z3.BVMulNoOverflow(a, b, False))
    elif name == "realloc":
        if len(args) != 2:
            raise UnsupportedIR("realloc-signature", "Unsupported realloc signature")
        size = _length(enc, args[1])
        overflow = FALSE
    else:
        if len(args) != 1:
            raise UnsupportedIR("malloc-signature", "Unsupported malloc signature")
        size = _length(enc, args[0])
        overflow = FALSE
    enc.add_ub(mk_or(*(enc.ub_unless_defined(x) for x in args)))
    ordinal = call_ordinal(enc, name)
    if enc.side == "src":
        heap = plan.heap[inst.result]
        index = len(plan.src_calls)
        # Sizes the model cannot hold (>= 2^61 bytes, or an overflowing calloc) fail.
        possible = mk_and(mk_not(overflow), z3.ULT(size, bv(1 << SIZE_BITS, OFFSET_BITS)))
        _define_heap_size(enc, heap, mk_and(enc.cur_pc, possible), size)
        info = plan.blocks[heap]
        assert info.align_log2 is not None
        enc.assume(z3.UGE(info.align_log2, bv(heap_alignment_floor(size), 8)))
        ptr = enc.ptr.make(heap, 0)
        rec = CallRecord(index=index, callee=name, site=enc.current_site(inst), pc=enc.cur_pc,
                         args=tuple(args), arg_types=tuple(inst.args[k].type for k in positions),
                         ordinal=ordinal, reads=lambda b, o: poison_byte(enc.ptr),
                         alive_at=lambda b: TRUE, readable=frozenset(),
                         result=StateValue(ptr, TRUE), ub=FALSE, no_return=FALSE,
                         heap_block=heap)
        plan.src_calls.append(rec)
        allocated = [(TRUE, rec)]
    else:
        allocated = []
        types = tuple(inst.args[k].type for k in positions)
        for rec in plan.src_calls:
            if rec.callee != name or rec.heap_block is None or rec.arg_types != types:
                continue
            assert rec.ordinal is not None
            cond = mk_and(rec.pc, mk_eq(rec.ordinal, ordinal),
                          *(mk_eq(s.value, t.value) for s, t in zip(rec.args, args, strict=True)))
            if not z3.is_false(cond):
                allocated.append((cond, rec))
        enc.call_unmatched(mk_not(mk_or(*(c for c, _ in allocated))))
        if not allocated:  # an allocation src does not make: not modelled exactly
            enc.approximated_calls.add(name)
    count_call(enc, name)
    # Whether this allocation succeeds (Alive2's model): if the input
    # ``malloc_never_fails`` holds, every allocation of a size the model can hold
    # succeeds, in src and tgt alike; otherwise each call may fail, a choice of its
    # own side (src: quantified, src may pick; tgt: every outcome must be covered).
    # tgt's call shares src's block, not src's outcome: tgt cannot see src's choices.
    possible = mk_and(mk_not(overflow), z3.ULT(size, bv(1 << SIZE_BITS, OFFSET_BITS)))
    if A.has(inst.ret_attrs, "nonnull"):
        ok = possible
    else:
        choice = enc.nd.fresh_nondet(1, "malloc_ok")
        ok = mk_and(possible, mk_or(z3.Bool("malloc_never_fails"), choice == 1))
    result: StateValue = StateValue(enc.ptr.null(), TRUE)
    fill = ALLOCATORS[name]  # (realloc of null: malloc's)
    old = _realloc_source(enc, inst, args[0]) if fill == "copy" else None
    for cond, rec in reversed(allocated):
        assert rec.result is not None and rec.heap_block is not None
        block_ptr = mk_ite(ok, rec.result.value, enc.ptr.null())
        result = StateValue(mk_ite(cond, block_ptr, result.value), TRUE)
        ok_here = mk_and(cond, ok)
        heap = rec.heap_block
        contents: ByteFunction = old if old is not None else (
            (lambda _o: data_byte(enc.ptr, bv(0, 8), TRUE, frozenset())) if fill == "zero"
            else (lambda _o: poison_byte(enc.ptr)))
        enc.mem.write_block(heap, contents, enc.write_guard(ok_here), enc.block)
        enc.mem.set_alive(heap, TRUE, enc.write_guard(ok_here), enc.block)
    heaps = frozenset(r.heap_block for _, r in allocated if r.heap_block is not None)
    if old is not None:
        _stored_pointers(enc, heaps, enc.alias_of(inst.args[0].value))
        succeeded = mk_not(mk_eq(result.value, enc.ptr.null()))
        _release(enc, inst, args[0], mk_or(succeeded, mk_eq(size, bv(0, OFFSET_BITS))))
    enc.alias[inst.result] = frozenset({NULL_BID}) | heaps
    # its return attributes (``align``, ``dereferenceable_or_null``, ``allocsize``,
    # ...): restrictions in src, claims in tgt, as for any call
    result, ret_ub = return_attributes(enc, inst, name, result, every)
    enc.add_ub(ret_ub)
    enc.define(inst.result, inst.return_type, result, ret_ub)


def _realloc_source(enc: Any, inst: ir.Call, p: StateValue) -> ByteFunction:
    """The bytes ``realloc`` copies into its new block: the old block's (as they are
    now) at offsets below its size, poison past them (and for a null ``p``)."""
    alias = enc.alias_of(inst.args[0].value)
    bid, _off = enc.ptr.split(p.value)
    visible = enc.visibility_at(enc.block)
    upto = len(enc.mem.writes)
    hits = enc.mem.hits(bid, alias)

    def byte(offset: z3.BitVecRef) -> Byte:
        out = poison_byte(enc.ptr)
        for b, info, hit in hits:
            inside = fold(z3.ULT(offset, info.size_bv()))
            out = ite_byte(mk_and(hit, inside), enc.mem.read(b, offset, visible, upto=upto), out)
        return out
    return byte


def heap_alignment_floor(size: z3.BitVecRef) -> int:
    """log2 of the alignment an allocation of ``size`` bytes is sure to have: C23
    7.24.3 guarantees what any object of a fundamental alignment and at most that size
    needs (so at most the size's largest power of two), C11 more; Alive2 assumes 8 for
    every heap block. Neither more than 8 (a target may not use more than Alive2
    grants) nor more than the size's power of two (C23), nor anything for a size
    that is not a literal (an assumption on src's choices would excuse any tgt).
    The real alignment is an input at least this, shared by src and tgt."""
    size = z3.simplify(size)
    if not z3.is_bv_value(size) or size.as_long() == 0:
        return 0
    return min(3, size.as_long().bit_length() - 1)


def _define_heap_size(enc: Any, heap: int, allocated: z3.BoolRef, size: z3.BitVecRef) -> None:
    """The heap block's size is the requested size where the allocation happens. A
    definition, not an assumed fact: the size may be src's choice (``malloc(freeze
    undef)``), and an assumption on src's choices is a conjunct under src's ∀, so
    a choice breaking it would excuse any tgt."""
    plan: MemoryPlan = enc.plan
    info = plan.blocks[heap]
    defined = dataclasses.replace(info, size_expr=mk_ite(allocated, size, info.size_bv()))
    plan.blocks[heap] = defined
    enc.mem.blocks[heap] = defined


def _free(enc: Any, inst: ir.Call) -> None:
    if len(inst.args) != 1:
        raise UnsupportedIR("free-signature", "Unsupported free signature")
    p = _arg(enc, inst, 0)
    if not callee_effects(enc, inst).may_free:
        # ``nofree``, or memory effects without a write (``memory(none)``): releasing a
        # block breaks the attribute. LangRef reads as UB (unless ``p`` is null), Alive2
        # as a call that frees nothing (alive-tv: ``free(p) memory(none)`` with ``p``
        # nonnull is not UB). Sound under both: src takes the more defined reading
        # (nothing happens), tgt the less defined one (UB unless null).
        if enc.side == "tgt":
            bid, off = enc.ptr.split(p.value)
            is_null = mk_and(mk_eq(bid, bv(NULL_BID, enc.ptr.bid_bits)),
                             mk_eq(off, bv(0, OFFSET_BITS)))
            enc.add_ub(mk_or(enc.ub_unless_defined(p), mk_not(is_null)))
    else:
        _release(enc, inst, p, TRUE)
    enc.record("effect", "call @free", None, None)


def _release(enc: Any, inst: ir.Call, p: StateValue, when: z3.BoolRef) -> None:
    """``free(p)`` (argument 0 of ``inst``), done when ``when`` holds: UB unless ``p``
    is null or the start of a live heap block (whether or not it is released); in a
    ``nofree`` function, UB if that block existed before the call."""
    alias = enc.alias_of(inst.args[0].value)
    bid, off = enc.ptr.split(p.value)
    is_null = mk_and(mk_eq(bid, bv(NULL_BID, enc.ptr.bid_bits)), mk_eq(off, bv(0, OFFSET_BITS)))
    ok = [is_null]
    for b in sorted(alias):
        info = enc.mem.blocks[b]
        if b == NULL_BID or info.is_heap is None or z3.is_false(info.is_heap):
            continue
        hit = mk_eq(bid, bv(b, enc.ptr.bid_bits))
        if z3.is_false(hit):
            continue
        ok.append(mk_and(hit, mk_eq(off, bv(0, OFFSET_BITS)), enc.alive_now(b), info.is_heap))
    enc.add_ub(mk_or(enc.ub_unless_defined(p), mk_not(mk_or(*ok))))
    if enc.fn_no_free():
        # LangRef 19 ``nofree``: the function does not free "a memory allocation which
        # existed before the call" (Alive2: UB unless null or its own allocation). A
        # realloc that fails frees nothing: UB for Alive2 still, not for LangRef.
        freeing = when if z3.is_true(when) else mk_or(when, open_reading("nofree-realloc-fails"))
        enc.add_ub(mk_and(freeing, mk_not(is_null), mk_or(*(
            mk_eq(bid, bv(b, enc.ptr.bid_bits)) for b in sorted(alias)
            if enc.mem.blocks[b].kind in PREEXISTING_KINDS))))
    for b in sorted(alias):
        info = enc.mem.blocks[b]
        if b == NULL_BID or info.is_heap is None or z3.is_false(info.is_heap):
            continue
        hit = mk_and(mk_eq(bid, bv(b, enc.ptr.bid_bits)), mk_not(is_null), when)
        if not z3.is_false(hit):
            enc.mem.set_alive(b, FALSE, enc.write_guard(hit), enc.block)


# ---- strings and streams ------------------------------------------------------------------------

#: strlen reads every byte of a block whose size is known and at most this (exact).
MAX_STRLEN_BYTES = 128
#: Otherwise it reads this many bytes exactly; the rest is an unknown input.
STRLEN_PREFIX = 16


def _strlen(enc: Any, inst: ir.Call) -> None:
    """``strlen(p)``: see the module docstring."""
    values, arg_ub, approx_attr = evaluate_args(enc, inst)
    if approx_attr:
        enc.approximated_calls.add("attributes:strlen")
    p = values[0]
    alias = enc.alias_of(inst.args[0].value)
    bid, off = enc.ptr.split(p.value)
    read, hits = _byte_reader(enc, inst, 0, p)
    exact = all(info.size_expr is None and info.size <= MAX_STRLEN_BYTES for _, info, _ in hits)
    n = max((info.size for _, info, _ in hits), default=0) if exact else STRLEN_PREFIX
    w = enc.bit_width(inst.return_type)
    ub_terms = [enc.ub_unless_defined(p), arg_ub]
    prefix = TRUE  # the bytes so far are defined and not zero
    ends: list[z3.BoolRef] = []  # byte i is zero
    for i in range(n):
        o = bv_add(off, bv(i, OFFSET_BITS))
        readable = mk_not(access_ub(enc.mem, bid, o, alias, 1, 1, alive=enc.alive_now))
        byte = read(bv(i, OFFSET_BITS))
        # a byte of a pointer in unknown memory reads as poison, as an i8 load of it
        # would (memory.Byte.foreign_ptr): strlen branches on it, which is UB
        defined = mk_and(readable, byte.non_poison, mk_not(byte.foreign_ptr))
        ub_terms.append(mk_and(prefix, mk_not(defined)))
        if not z3.is_false(byte.is_ptr):  # Alive2: UB; C: the address's bytes
            enc.approx.append(("strlen-of-pointer-bytes",
                               mk_and(enc.cur_pc, prefix, defined, byte.is_ptr)))
        if byte.undef_vars:  # one choice per read, or UB as a branch on undef?
            enc.approx.append(("strlen-of-undef-bytes", mk_and(enc.cur_pc, prefix, defined)))
        zero = mk_and(mk_not(byte.is_ptr), mk_eq(byte.data, bv(0, 8)))
        ends.append(zero)
        prefix = mk_and(prefix, defined, mk_not(zero))
        if z3.is_false(prefix):
            break
    if exact or z3.is_false(prefix):
        ub_terms.append(prefix)  # no zero byte in the whole block: reads past its end
        value: z3.BitVecRef = bv(0, w)
    else:
        value, tail_ub = _strlen_tail(enc, p, hits, n, w)
        ub_terms.append(mk_and(prefix, tail_ub))
        enc.approximated_calls.add("strlen")
    for i in reversed(range(len(ends))):
        value = mk_ite(ends[i], bv(i, w), value)
    ub = mk_or(*ub_terms)
    enc.add_ub(ub)
    if inst.result is None:
        enc.record("effect", "call @strlen", None, None, ub)
        return
    result, ret_ub = return_attributes(enc, inst, "strlen", StateValue(value, TRUE))
    enc.add_ub(ret_ub)
    enc.define(inst.result, inst.return_type, result, mk_or(ub, ret_ub))


#: ``memcmp``/``bcmp`` compare up to this many bytes one by one (a literal length,
#: or the size of every block the pointers may be in); past them, the answer is
#: unknown and a counterexample only "couldn't prove" (``approximated:memcmp``).
MAX_MEMCMP_BYTES = 64


def _memcmp(enc: Any, inst: ir.Call, *, is_bcmp: bool) -> None:
    """``memcmp(p, q, n)`` / ``bcmp``: see the module docstring."""
    name = "bcmp" if is_bcmp else "memcmp"
    values, arg_ub, approx_attr = evaluate_args(enc, inst)
    if approx_attr:
        enc.approximated_calls.add(f"attributes:{name}")
    p, q, n_sv = values
    if inst.args[1].value == inst.args[0].value:
        # one pointer (it must be defined unless n == 0, so both uses see one value)
        q = p
    n = _length(enc, n_sv)
    nonzero = mk_not(mk_eq(n, bv(0, OFFSET_BITS)))
    ub = mk_or(arg_ub, enc.ub_unless_defined(n_sv), _too_long(n_sv),
               mk_and(nonzero, mk_or(_range_ub(enc, inst, 0, p, n, False),
                                     _range_ub(enc, inst, 1, q, n, False))))
    enc.add_ub(ub)
    reads = [_byte_reader(enc, inst, k, sv) for k, sv in ((0, p), (1, q))]
    if z3.is_bv_value(n):
        count, exact = min(n.as_long(), MAX_MEMCMP_BYTES), n.as_long() <= MAX_MEMCMP_BYTES
    else:  # every byte past the smaller block is out of bounds (UB above)
        sizes = [max((info.size for _, info, _ in hits), default=0)
                 if all(info.size_expr is None for _, info, _ in hits) else None
                 for hits in (r[1] for r in reads)]
        known = [x for x in sizes if x is not None]
        count = min(known) if known else MAX_MEMCMP_BYTES
        exact = bool(known) and count <= MAX_MEMCMP_BYTES
        count = min(count, MAX_MEMCMP_BYTES)
    w = enc.bit_width(inst.return_type)
    # the value when bytes differ: any non-zero value (bcmp), of the sign of the first
    # difference (memcmp); one choice per call, as in Alive2
    pick = enc.nd.fresh_nondet(w, f"{name}!value")
    nonzero_pick = mk_ite(mk_eq(pick, bv(0, w)), bv(1, w), pick)
    low = z3.Extract(w - 2, 0, pick)
    positive = z3.Concat(bv(0, 1), mk_ite(mk_eq(low, bv(0, w - 1)), bv(1, w - 1), low))
    negative = z3.Concat(bv(1, 1), low)
    if exact:
        value: z3.BitVecRef = bv(0, w)
        non_poison: z3.BoolRef = TRUE
    else:
        # Past the bytes compared: unknown, and not src's choice (free variables are
        # universally quantified, so no tgt passes for them). Two pointers that are
        # one value compare equal there too; whether a byte there is poison is unknown.
        k = enc.match_counter()
        non_poison = z3.Bool(f"{name}!{enc.side}{k}!tailnp")
        if q is p:
            value = bv(0, w)
        else:
            value = z3.BitVec(f"{name}!{enc.side}{k}!tail", w)
            enc.approximated_calls.add(name)
    for i in reversed(range(count)):
        o = bv(i, OFFSET_BITS)
        a, b = reads[0][0](o), reads[1][0](o)
        if same_byte(a, b) and not a.undef_vars:  # (memcmp(p, p, n)): equal, whatever
            same: z3.BoolRef = TRUE                # kind of byte it is
            np_i = a.non_poison
        else:
            examined = mk_and(enc.cur_pc, z3.UGT(n, o))
            for x in (a, b):  # pointer bytes compare as addresses: not modelled
                if not (z3.is_false(x.is_ptr) and z3.is_false(x.foreign_ptr)
                        and z3.is_false(x.unspecified)):
                    enc.approx.append((f"{name}-of-pointer-bytes", examined))
            # each read of an undef byte is a choice of its own (as a load's)
            (da, npa), (db, npb) = (_read_choice(enc, x) for x in (a, b))
            same = mk_eq(da, db)
            np_i = mk_and(npa, npb)
            first = mk_ite(z3.UGE(da, db), positive, negative)
        differs = nonzero_pick if is_bcmp or z3.is_true(same) else first
        go_on = mk_and(same, z3.UGT(n, bv(i + 1, OFFSET_BITS)))
        value = mk_ite(go_on, value, mk_ite(same, bv(0, w), differs))
        # poison when a byte it looks at is poison (Alive2)
        non_poison = mk_and(np_i, mk_or(mk_not(go_on), non_poison))
    value = mk_ite(nonzero, value, bv(0, w))
    non_poison = mk_or(mk_not(nonzero), non_poison)
    if inst.result is None:
        enc.record("effect", f"call @{name}", None, None, ub)
        return
    result, ret_ub = return_attributes(enc, inst, name, StateValue(value, non_poison))
    enc.add_ub(ret_ub)
    enc.define(inst.result, inst.return_type, result, mk_or(ub, ret_ub))


def _read_choice(enc: Any, x: Byte) -> tuple[z3.BitVecRef, z3.BoolRef]:
    """A data byte's bits and poison flag as one read sees them (fresh undef copies)."""
    if not x.undef_vars:
        return x.data, x.non_poison
    sv = enc.nd.refresh(StateValue(x.data, x.non_poison, x.undef_vars))
    return sv.value, sv.non_poison


def _byte_reader(enc: Any, inst: ir.Call, k: int, p: StateValue
                 ) -> tuple[Callable[[z3.BitVecRef], Byte], list[tuple[int, Any, z3.BoolRef]]]:
    """The byte at ``p + i`` (in whichever block ``p`` is), and those blocks."""
    alias = enc.alias_of(inst.args[k].value)
    bid, off = enc.ptr.split(p.value)
    hits = enc.mem.hits(bid, alias)

    def read(i: z3.BitVecRef) -> Byte:
        o = bv_add(off, i)
        byte = poison_byte(enc.ptr)
        for b, _info, hit in hits:
            byte = ite_byte(hit, enc.mem.read(b, o, enc.write_visible), byte)
        return byte
    return read, hits


def _strlen_tail(enc: Any, p: StateValue, hits: list[tuple[int, Any, z3.BoolRef]], n: int,
                 w: int) -> tuple[z3.BitVecRef, z3.BoolRef]:
    """strlen past its first ``n`` bytes (all defined and not zero): the length and
    whether reading on is UB, unknown. While every block it may read is as it was on
    entry (memory src and tgt share), they are ``n + L(q)`` and ``U(q)`` for one
    function ``L`` of the pointer ``q = p + n`` on both sides (the real strlen is one),
    with one step of strlen's own recursion as a fact (`_strlen_step`: so ``strlen(p)``
    and ``1 + strlen(p + 1)`` agree where ``*p`` is not zero); otherwise fresh to this
    call (at least ``n``)."""
    plan: MemoryPlan = enc.plan
    touched = {x.bid for x in enc.mem.writes} | {x.bid for x in enc.mem.liveness}
    # (a block smaller than n cannot hold the rest: reading there was UB already)
    holders = [(b, info) for b, info, _ in hits if info.size_expr is not None or info.size >= n]
    shared = all(b in plan.contents and b not in touched and not enc.ptr.is_local(b)
                 for b, _info in holders)
    if shared:
        bid, off = enc.ptr.split(p.value)
        q = enc.ptr.make(bid, bv_add(off, bv(n, OFFSET_BITS)))
        length, ub = _strlen_step(enc, q, holders, w)
        return bv_add(bv(n, w), length), ub
    k = enc.match_counter()
    length = z3.BitVec(f"strlen!{enc.side}{k}!len", w)
    return mk_ite(z3.UGE(length, bv(n, w)), length, bv(n, w)), z3.Bool(f"strlen!{enc.side}{k}!ub")


def _strlen_step(enc: Any, q: z3.BitVecRef, blocks: list[tuple[int, Any]], w: int
                 ) -> tuple[z3.BitVecRef, z3.BoolRef]:
    """``L(q)``, the length of the string at ``q`` in the memory on entry, and ``U(q)``,
    whether reading it is UB; assumed (facts about the input memory, true of the real
    strlen): ``U(q)`` iff the byte at ``q`` cannot be read (out of bounds, dead,
    poison, part of a pointer in unknown memory) or it is not zero and ``U(q + 1)``;
    where it can be read and is not zero, ``L(q) = 1 + L(q + 1)``, else 0; and ``L(q)``
    is below 2^61 (a block's size) when the result is wider than that. Nothing is assumed of a byte of a pointer (C
    reads the address's bytes: not modelled)."""
    dom = z3.BitVecSort(enc.ptr.bits)
    length_fn = z3.Function(f"strlen!len!{w}", dom, z3.BitVecSort(w))
    ub_fn = z3.Function("strlen!ub", dom, z3.BoolSort())
    bid, off = enc.ptr.split(q)
    nxt = enc.ptr.make(bid, bv_add(off, bv(1, OFFSET_BITS)))
    # A length is below a block's size (2^SIZE_BITS); truncated to a narrower result
    # (a declaration returning i32) it may be any value of its width.
    facts = [z3.ULT(length_fn(q), bv(1 << SIZE_BITS, w))] if w > SIZE_BITS else []
    for b, info in blocks:  # (elsewhere nothing is assumed)
        byte = enc.plan.contents[b](off)
        alive = info.alive if info.alive is not None else TRUE
        readable = mk_and(alive, in_bounds(off, info, 1))
        defined = mk_and(readable, byte.non_poison, mk_not(byte.foreign_ptr))
        zero = mk_eq(byte.data, bv(0, 8))
        step = mk_and(
            mk_eq(ub_fn(q), mk_ite(mk_not(defined), TRUE, mk_ite(zero, FALSE, ub_fn(nxt)))),
            z3.Implies(defined, mk_eq(length_fn(q), mk_ite(zero, bv(0, w),
                                                           bv_add(bv(1, w), length_fn(nxt))))))
        is_b = mk_eq(bid, bv(b, enc.ptr.bid_bits))
        facts.append(z3.Implies(mk_and(is_b, mk_not(mk_and(readable, byte.is_ptr))), step))
    enc.assume(mk_and(*facts))
    return length_fn(q), ub_fn(q)


def _fwrite_nothing(enc: Any, inst: ir.Call) -> None:
    """``fwrite`` of 0 elements or of 0-byte elements: returns 0 and writes nothing."""
    _values, arg_ub, approx_attr = evaluate_args(enc, inst)
    if approx_attr:
        enc.approximated_calls.add("attributes:fwrite")
    enc.add_ub(arg_ub)
    if inst.result is None:
        enc.record("effect", "call @fwrite", None, None, arg_ub)
        return
    zero = StateValue(bv(0, enc.bit_width(inst.return_type)), TRUE)
    result, ret_ub = return_attributes(enc, inst, "fwrite", zero)
    enc.add_ub(ret_ub)
    enc.define(inst.result, inst.return_type, result, mk_or(arg_ub, ret_ub))


def _fwrite_byte(enc: Any, inst: ir.Call) -> None:
    """``(void)fwrite(p, 1, 1, f)``: ``fputc(*(unsigned char *)p, f)``. With its
    result used (the count written, not fputc's), an unknown ``fwrite`` call."""
    if (inst.result is not None and _result_used(enc.fn, inst.result)) \
            or not _fputc_declaration_ok(enc.module):
        execute_unknown_call(enc, inst)
        return
    _values, arg_ub, approx_attr = evaluate_args(enc, inst)
    if approx_attr:
        enc.approximated_calls.add("attributes:fwrite")
    enc.add_ub(arg_ub)
    tag = f"{inst.result or 'fwrite'}#{enc.match_counter()}"
    enc.execute_instruction(ir.Load(f"{tag}.byte", ir.I8, ir.TypedValue(ir.PTR, inst.args[0].value), 1))
    byte = enc.values[f"{tag}.byte"]
    char = StateValue(fold(z3.ZeroExt(24, byte.value)), byte.non_poison, byte.undef_vars)
    _fputc_call(enc, inst, tag, char, inst.args[3], None)
    if inst.result is not None:  # unused: any value
        enc.define(inst.result, inst.return_type,
                    StateValue(bv(0, enc.bit_width(inst.return_type)), FALSE))


def _fputc(enc: Any, inst: ir.Call) -> None:
    """``fputc(c, f)``: an unknown call of ``(unsigned char)c`` (module docstring)."""
    if any(A.keyword(a) not in _FPUTC_CHAR_ATTRS for a in param_attrs(enc, inst, 0)):
        execute_unknown_call(enc, inst)  # e.g. range(...): about c, not the character
        return
    c = _arg(enc, inst, 0)
    char = StateValue(fold(z3.ZeroExt(24, z3.Extract(7, 0, c.value))), c.non_poison,
                      c.undef_vars)
    tag = f"{inst.result or 'fputc'}#{enc.match_counter()}"
    _fputc_call(enc, inst, tag, char, inst.args[1], inst)


#: What LLVM's inferattrs gives ``fputc`` (its declaration after instcombine's
#: fwrite-to-fputc rewrite): the same claims on both sides of every fputc call.
_FPUTC_FN_ATTRS = ("nofree", "nounwind")
#: Attributes of fputc's ``int`` parameter that hold for the character as well.
_FPUTC_CHAR_ATTRS = ("noundef", "signext", "zeroext")


def _fputc_declaration_ok(module: ir.Module) -> bool:
    try:
        decl = module.function("fputc")
    except KeyError:
        return True
    return [p.type for p in decl.params] == [ir.I32, ir.PTR] and not decl.varargs \
        and decl.return_type == ir.I32


def _fputc_call(enc: Any, inst: ir.Call, tag: str, char: StateValue, stream: ir.CallArg,
                original: ir.Call | None) -> None:
    name = f"{tag}.char"
    enc.values[name] = char
    char_attrs = ("noundef",)
    # (LLVM 21 prints nocapture as captures(none): both, so either tgt spelling matches)
    implied = ("nocapture", "captures(none)", "noundef")
    stream_attrs = tuple(dict.fromkeys(implied + tuple(stream.attrs)))
    call = ir.Call(
        result=original.result if original else None, return_type=ir.I32,
        callee=ir.Global("fputc"),
        args=(ir.CallArg(ir.I32, ir.Local(name), tuple(dict.fromkeys(char_attrs))),
              ir.CallArg(ir.PTR, stream.value, stream_attrs)),
        tail=inst.tail, ret_attrs=tuple(dict.fromkeys(
            ("noundef",) + (tuple(original.ret_attrs) if original else ()))),
        fn_attrs=_FPUTC_FN_ATTRS + (tuple(original.fn_attrs) if original else ()))
    execute_unknown_call(enc, call)


def _result_used(fn: ir.Function, name: str) -> bool:
    for b in fn.blocks or ():
        for i in b.instructions:
            if any(isinstance(v, ir.Local) and v.name == name for v in walk_values(i)):
                return True
    return False


# ---- variadic arguments and thread-locals -------------------------------------------------------


def _va_start(enc: Any, inst: ir.Call) -> None:
    size = va_list_size(enc.module.triple)
    if size is None:
        raise UnsupportedIR("va_start", "Unsupported: va_start for target "
                                        f"{enc.module.triple or '(none)'}")
    p = _arg(enc, inst, 0)
    n = bv(size, OFFSET_BITS)
    enc.add_ub(_range_ub(enc, inst, 0, p, n, True))
    contents = fresh_contents(enc, "va_start")
    bid, off = enc.ptr.split(p.value)
    alias = enc.alias_of(inst.args[0].value)
    _write_bytes(enc, bid, off, alias, [contents(bv(i, OFFSET_BITS)) for i in range(size)])
    enc.record_store(alias, enc.external_alias())
    enc.record("effect", f"call @{callee_name(inst)}", None, None)


def _va_end(enc: Any, inst: ir.Call) -> None:
    enc.add_ub(enc.ub_unless_defined(_arg(enc, inst, 0)))
    enc.record("effect", f"call @{callee_name(inst)}", None, None)


def _threadlocal_address(enc: Any, inst: ir.Call) -> None:
    _define_result(enc, inst, _arg(enc, inst, 0))


# ---- ffs ----------------------------------------------------------------------------------------


def _ffs(enc: Any, inst: ir.Call) -> None:
    """``ffs``/``ffsl``/``ffsll`` (POSIX): 1 + the index of the least significant set
    bit, 0 for 0. No memory, no UB; poison in, poison out."""
    x = _arg(enc, inst, 0)
    w = x.value.size()
    rw = enc.bit_width(inst.return_type)
    r: z3.BitVecRef = bv(0, rw)
    for i in reversed(range(w)):
        r = z3.If(z3.Extract(i, i, x.value) == 1, bv(i + 1, rw), r)
    if inst.result is None:
        enc.record("effect", f"call @{callee_name(inst)}", None, None)
        return
    enc.define(inst.result, inst.return_type, StateValue(fold(r), x.non_poison, x.undef_vars))


def _abs(enc: Any, inst: ir.Call) -> None:
    """``abs``/``labs``/``llabs`` (C11 7.22.6.1): the absolute value; UB when it cannot
    be represented (the most negative value). No memory; poison in, poison out (what
    LLVM assumes when it turns the call into ``llvm.abs(x, true)``)."""
    x = _arg(enc, inst, 0)
    w = x.value.size()
    ub = enc.add_ub(mk_and(x.non_poison, mk_eq(x.value, bv(1 << (w - 1), w))))
    value = fold(z3.If(x.value < 0, -x.value, x.value))
    if inst.result is None:
        enc.record("effect", f"call @{callee_name(inst)}", None, None, ub)
        return
    enc.define(inst.result, inst.return_type, StateValue(value, x.non_poison, x.undef_vars), ub)


def _va_copy(enc: Any, inst: ir.Call) -> None:
    """``llvm.va_copy(dst, src)``: the target's ``va_list`` bytes copied (an ``memcpy``
    of that size; both must be dereferenceable, the ranges equal or disjoint)."""
    size = va_list_size(enc.module.triple)
    if size is None:
        raise UnsupportedIR("va_copy", "Unsupported: va_copy for target "
                                       f"{enc.module.triple or '(none)'}")
    sized = ir.Call(None, ir.VOID, ir.Global("llvm.memcpy.p0.p0.i64"),
                    (inst.args[0], inst.args[1], ir.CallArg(ir.I64, ir.IntConst(size)),
                     ir.CallArg(ir.I1, ir.IntConst(0))))
    _copy(enc, sized, overlap="equal_or_disjoint")


# ---- dispatch ------------------------------------------------------------------------------------

#: The encoding of each model `libfacts.library_model` names.
MODELS: dict[str, Handler] = {
    "memcpy": lambda enc, inst: _copy(enc, inst, overlap="disjoint"),
    "llvm.memcpy": lambda enc, inst: _copy(enc, inst, overlap="equal_or_disjoint"),
    "memmove": lambda enc, inst: _copy(enc, inst, overlap="any"),
    "memset": _set,
    "allocate": _allocate,
    "free": _free,
    "strlen": _strlen,
    "memcmp": lambda enc, inst: _memcmp(enc, inst, is_bcmp=False),
    "bcmp": lambda enc, inst: _memcmp(enc, inst, is_bcmp=True),
    "fputc": _fputc,
    "fwrite-nothing": _fwrite_nothing,
    "fwrite-byte": _fwrite_byte,
    "ffs": _ffs,
    "abs": _abs,
    "lifetime.start": lambda enc, inst: _lifetime(enc, inst, start=True),
    "lifetime.end": lambda enc, inst: _lifetime(enc, inst, start=False),
    "va_start": _va_start,
    "va_copy": _va_copy,
    "va_end": _va_end,
    "threadlocal.address": _threadlocal_address,
}


def handler_for(inst: ir.Call) -> Handler | None:
    """The exact model of this call, or None (an unknown call or another intrinsic)."""
    model = library_model(inst)
    return None if model is None else MODELS[model]


__all__ = ["MODELS", "handler_for", "MAX_UNROLLED_COPY", "MAX_STRLEN_BYTES", "STRLEN_PREFIX"]

_ = (z3, mk_and, ByteFunction)
