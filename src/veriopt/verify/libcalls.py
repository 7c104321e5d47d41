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
  ``align`` say; ``memcpy`` ranges must not overlap. The copy reads every source
  byte before writing (so ``memmove``'s overlap is exact).
* ``llvm.lifetime.start/end(n, p)``: ``p`` must point to a stack block; ``end`` kills
  it, ``start`` revives it (a block with a ``lifetime.start`` starts dead).
* ``malloc(n)`` / ``calloc(n, m)``: a heap block of that size (poison / zero bytes),
  or null when allocation fails; each src call has its own block and success flag,
  and tgt's call with the same size and call count returns the same ones.
* ``free(p)``: UB unless ``p`` is null or the start of a live heap block; kills it.
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

from collections.abc import Callable
from typing import Any

import z3

from veriopt.errors import UnsupportedIR
from veriopt.llvm import attrs as A
from veriopt.llvm import ir
from veriopt.verify.memory import (
    NULL_BID,
    OFFSET_BITS,
    Byte,
    ByteFunction,
    data_byte,
    ite_byte,
    poison_byte,
)
from veriopt.verify.nonlocal_memory import ALLOCATORS, SIZE_BITS, MemoryPlan, callee_name
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
    return mk_or(enc._defined_ub(p), bad)


def _copy(enc: Any, inst: ir.Call, *, overlap_ub: bool) -> None:
    if _is_volatile(inst, 3):
        raise UnsupportedIR("volatile-memcpy", "Unsupported volatile memcpy")
    d = _arg(enc, inst, 0)
    s = _arg(enc, inst, 1)
    n_sv = _arg(enc, inst, 2)
    n = _length(enc, n_sv)
    nonzero = mk_not(mk_eq(n, bv(0, OFFSET_BITS)))
    ub = mk_or(enc._defined_ub(n_sv),
               mk_and(nonzero, mk_or(_range_ub(enc, inst, 0, d, n, True),
                                     _range_ub(enc, inst, 1, s, n, False))))
    d_bid, d_off = enc.ptr.split(d.value)
    s_bid, s_off = enc.ptr.split(s.value)
    if overlap_ub:
        same = mk_eq(d_bid, s_bid)
        disjoint = mk_or(z3.ULE(bv_add(d_off, n), s_off), z3.ULE(bv_add(s_off, n), d_off))
        ub = mk_or(ub, mk_and(nonzero, same, mk_not(disjoint)))
    enc._add_ub(ub)
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
    enc._add_ub(mk_or(enc._defined_ub(n_sv),
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
    for b in sorted(alias):
        if enc.mem.blocks[b].kind == "null":
            continue
        hit = mk_eq(bid, bv(b, enc.ptr.bid_bits))
        if z3.is_false(hit):
            continue
        for i, byte in enumerate(bytes_):
            enc.mem.write(b, bv_add(off, bv(i, OFFSET_BITS)), byte,
                          enc.write_guard(hit), enc.block)


def _write_range(enc: Any, bid: z3.BitVecRef, off: z3.BitVecRef, alias: frozenset[int],
                 n: z3.BitVecRef, byte_fn: ByteFunction) -> None:
    for b in sorted(alias):
        if enc.mem.blocks[b].kind == "null":
            continue
        hit = mk_eq(bid, bv(b, enc.ptr.bid_bits))
        if z3.is_false(hit):
            continue
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
        enc._define(inst.result, inst.return_type, dest)
    else:
        enc._record("effect", f"call @{callee_name(inst)}", None, None)


def _lit(e: z3.BitVecRef, v: int) -> bool:
    return z3.is_bv_value(e) and e.as_long() == v


# ---- lifetime -----------------------------------------------------------------------------------


def _lifetime(enc: Any, inst: ir.Call, alive: bool) -> None:
    p = _arg(enc, inst, 1)
    alias = enc.alias_of(inst.args[1].value)
    bid, off = enc.ptr.split(p.value)
    on_stack = []
    for b in sorted(alias):
        hit = mk_eq(bid, bv(b, enc.ptr.bid_bits))
        if z3.is_false(hit):
            continue
        if enc.mem.blocks[b].is_local:
            on_stack.append(hit)
            enc.mem.set_alive(b, TRUE if alive else FALSE, enc.write_guard(hit), enc.block)
    enc._add_ub(mk_or(enc._defined_ub(p), mk_not(mk_or(*on_stack))))
    enc._record("effect", f"call @{callee_name(inst)}", None, None)


# ---- allocation ---------------------------------------------------------------------------------


def _allocate(enc: Any, inst: ir.Call) -> None:
    """``malloc``/``calloc``: see the module docstring. tgt's call takes the heap block
    and success flag of the src call with the same size and call count."""
    from veriopt.verify.calls import CallRecord, _count_call, _ordinal

    name = callee_name(inst)
    assert name is not None and inst.result is not None
    plan: MemoryPlan = enc.plan
    args = [_arg(enc, inst, k) for k in range(len(inst.args))]
    if name == "calloc":
        if len(args) != 2:
            raise UnsupportedIR("calloc-signature", "Unsupported calloc signature")
        a, b = (_length(enc, x) for x in args)
        size = a * b
        overflow = z3.Not(z3.BVMulNoOverflow(a, b, False))
    else:
        if len(args) != 1:
            raise UnsupportedIR("malloc-signature", "Unsupported malloc signature")
        size = _length(enc, args[0])
        overflow = FALSE
    enc._add_ub(mk_or(*(enc._defined_ub(x) for x in args)))
    ordinal = _ordinal(enc, name)
    if enc.side == "src":
        heap = plan.heap[inst.result]
        info = plan.blocks[heap]
        index = len(plan.src_calls)
        # Whether allocation succeeds is an input shared with tgt (as in Alive2), not
        # src's own choice: failing would otherwise excuse anything after it. Sizes
        # the model cannot hold (>= 2^61 bytes, or an overflowing calloc) fail.
        ok = TRUE if A.has(inst.ret_attrs, "nonnull") else z3.Bool(f"call{index}!ok")
        fits = z3.ULT(size, bv(1 << SIZE_BITS, OFFSET_BITS))
        ok = mk_and(ok, mk_not(overflow), fits)
        enc.assume(mk_or(mk_not(mk_and(enc.cur_pc, ok)), mk_eq(info.size_bv(), size)))
        ptr = enc.ptr.make(heap, 0)
        rec = CallRecord(index=index, callee=name, site=enc.current_site(inst), pc=enc.cur_pc,
                         args=tuple(args), arg_types=tuple(a.type for a in inst.args),
                         ordinal=ordinal, reads=lambda b, o: poison_byte(enc.ptr),
                         alive_at=lambda b: TRUE, readable=frozenset(),
                         result=StateValue(mk_ite(ok, ptr, enc.ptr.null()), TRUE),
                         ub=FALSE, no_return=FALSE, heap_block=heap)
        plan.src_calls.append(rec)
        allocated = [(TRUE, rec)]
    else:
        allocated = []
        types = tuple(a.type for a in inst.args)
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
    _count_call(enc, name)
    result: StateValue = StateValue(enc.ptr.null(), TRUE)
    fill = ALLOCATORS[name]
    for cond, rec in reversed(allocated):
        assert rec.result is not None and rec.heap_block is not None
        result = StateValue(mk_ite(cond, rec.result.value, result.value), TRUE)
        ok_here = mk_and(cond, mk_not(mk_eq(rec.result.value, enc.ptr.null())))
        heap = rec.heap_block
        contents = (lambda _o: data_byte(enc.ptr, bv(0, 8), TRUE, frozenset())) \
            if fill == "zero" else (lambda _o: poison_byte(enc.ptr))
        enc.mem.write_block(heap, contents, enc.write_guard(ok_here), enc.block)
        enc.mem.set_alive(heap, TRUE, enc.write_guard(ok_here), enc.block)
    enc.alias[inst.result] = frozenset({NULL_BID} | {r.heap_block for _, r in allocated
                                                     if r.heap_block is not None})
    enc._define(inst.result, inst.return_type, result)


def _free(enc: Any, inst: ir.Call) -> None:
    if len(inst.args) != 1:
        raise UnsupportedIR("free-signature", "Unsupported free signature")
    p = _arg(enc, inst, 0)
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
    enc._add_ub(mk_or(enc._defined_ub(p), mk_not(mk_or(*ok))))
    for b in sorted(alias):
        info = enc.mem.blocks[b]
        if b == NULL_BID or info.is_heap is None or z3.is_false(info.is_heap):
            continue
        hit = mk_and(mk_eq(bid, bv(b, enc.ptr.bid_bits)), mk_not(is_null))
        if not z3.is_false(hit):
            enc.mem.set_alive(b, FALSE, enc.write_guard(hit), enc.block)
    enc._record("effect", "call @free", None, None)


# ---- variadic arguments and thread-locals -------------------------------------------------------


def va_list_size(triple: str | None) -> int | None:
    """Bytes ``llvm.va_start`` writes, for the ABIs whose ``va_list`` we know: AArch64
    (AAPCS64: ``{ptr, ptr, ptr, i32, i32}``; Apple/Windows: a plain pointer) and
    x86-64 (SysV: ``[1 x {i32, i32, ptr, ptr}]``; Windows: a plain pointer)."""
    t = (triple or "").lower()
    arch = t.split("-", 1)[0]
    if arch in ("aarch64", "arm64", "x86_64", "amd64"):
        if "apple" in t or "darwin" in t or "windows" in t or "win32" in t:
            return 8
        return 32 if arch in ("aarch64", "arm64") else 24
    return None


def _va_start(enc: Any, inst: ir.Call) -> None:
    size = va_list_size(enc.module.triple)
    if size is None:
        raise UnsupportedIR("va_start", "Unsupported: va_start for target "
                                        f"{enc.module.triple or '(none)'}")
    from veriopt.verify.calls import _fresh_contents

    p = _arg(enc, inst, 0)
    n = bv(size, OFFSET_BITS)
    enc._add_ub(_range_ub(enc, inst, 0, p, n, True))
    contents = _fresh_contents(enc, "va_start")
    bid, off = enc.ptr.split(p.value)
    alias = enc.alias_of(inst.args[0].value)
    _write_bytes(enc, bid, off, alias, [contents(bv(i, OFFSET_BITS)) for i in range(size)])
    enc.record_store(alias, enc.external_alias())
    enc._record("effect", f"call @{callee_name(inst)}", None, None)


def _va_end(enc: Any, inst: ir.Call) -> None:
    enc._add_ub(enc._defined_ub(_arg(enc, inst, 0)))
    enc._record("effect", f"call @{callee_name(inst)}", None, None)


def _threadlocal_address(enc: Any, inst: ir.Call) -> None:
    _define_result(enc, inst, _arg(enc, inst, 0))


# ---- dispatch ------------------------------------------------------------------------------------

_EXACT: dict[str, Handler] = {
    "memcpy": lambda enc, inst: _copy(enc, inst, overlap_ub=True),
    "memmove": lambda enc, inst: _copy(enc, inst, overlap_ub=False),
    "memset": _set,
    "malloc": _allocate,
    "calloc": _allocate,
    "free": _free,
}

_PREFIXES: tuple[tuple[str, Handler], ...] = (
    ("llvm.memcpy.inline.", lambda enc, inst: _copy(enc, inst, overlap_ub=True)),
    ("llvm.memcpy.", lambda enc, inst: _copy(enc, inst, overlap_ub=True)),
    ("llvm.memmove.", lambda enc, inst: _copy(enc, inst, overlap_ub=False)),
    ("llvm.memset.inline.", _set),
    ("llvm.memset.", _set),
    ("llvm.lifetime.start.", lambda enc, inst: _lifetime(enc, inst, True)),
    ("llvm.lifetime.end.", lambda enc, inst: _lifetime(enc, inst, False)),
    ("llvm.va_start", _va_start),
    ("llvm.va_end", _va_end),
    ("llvm.threadlocal.address.", _threadlocal_address),
)


def handler_for(inst: ir.Call) -> Handler | None:
    """The exact model of this call, or None (an unknown call or another intrinsic)."""
    name = callee_name(inst)
    if name is None:
        return None
    if name in _EXACT:
        if name in ALLOCATORS and inst.result is None:
            return None
        if not _libcall_signature_ok(name, inst):
            return None
        return _EXACT[name]
    for prefix, handler in _PREFIXES:
        if name.startswith(prefix):
            return handler
    return None


def _libcall_signature_ok(name: str, inst: ir.Call) -> bool:
    """The C library signature (a function named ``malloc`` with another signature
    is just an unknown function)."""
    types = [a.type for a in inst.args]
    ptr, i64 = ir.PTR, ir.I64
    if name in ("memcpy", "memmove"):
        return types == [ptr, ptr, i64] and inst.return_type in (ptr, ir.VOID)
    if name == "memset":
        return types == [ptr, ir.I32, i64] and inst.return_type in (ptr, ir.VOID)
    if name == "malloc":
        return types == [i64] and inst.return_type == ptr
    if name == "calloc":
        return types == [i64, i64] and inst.return_type == ptr
    if name == "free":
        return types == [ptr] and inst.return_type == ir.VOID
    return True


def is_modelled(inst: ir.Call) -> bool:
    """Calls that are not call records (no pairing of their arguments needed)."""
    from veriopt.verify.support import is_no_op_call

    return is_no_op_call(inst) or handler_for(inst) is not None


__all__ = ["handler_for", "is_modelled", "MAX_UNROLLED_COPY"]

_ = (z3, mk_and, ByteFunction)
