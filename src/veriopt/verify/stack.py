"""The stack beyond fixed-size allocas: dynamic allocas and ``llvm.stacksave`` /
``llvm.stackrestore`` (what clang emits around C variable-length arrays).

**Dynamic alloca** (LangRef "alloca"): ``alloca T, iK %n`` allocates ``sizeof(T) *
n`` bytes, a block of symbolic size. ``n`` is read unsigned (LLVM zero-extends the
count when it lowers an alloca; so does Alive2). It is UB when

* ``n`` is poison or undef (Alive2: the count must be well defined);
* the size does not fit 64 bits (Alive2: the multiplication must not overflow).

A size above `MAX_STACK_ALLOCATION` that fits 64 bits is *not* UB: LangRef makes an
alloca UB only when "there is insufficient stack space", which no rule of the IR
fixes, and Alive2 accepts such allocations (alive-tv: ``alloca i8, i64 2^62`` is not
UB). The model's offsets need sizes well below 2^63, so such a size is unsupported: a
literal one at once, a dynamic one as an approximation (inconclusive when reachable).

A size of 0 is legal (LangRef); every access to such a block is out of bounds.

**stacksave / stackrestore** (LangRef): ``llvm.stacksave`` returns an opaque pointer
naming the state of the stack; ``llvm.stackrestore(p)`` with such a pointer returns
the stack to that state: every alloca executed after that ``stacksave`` (and before
the restore, on the current path) is deallocated, so later accesses to it are UB.

The opaque pointer gets a block of its own (a *token*, kind ``stacksave``: size 0,
never alive), so the alias tracking of the encoder follows it through memory (clang
at -O0 keeps it in an alloca). Only the uses of the token we model exactly are
accepted (`check_tokens`): passing it to ``llvm.stackrestore``, phis and selects of
tokens, storing it into an alloca used for nothing else (a *slot*) and loading it
back as a pointer. Anything else (comparing it, ``ptrtoint``, a GEP, passing it to
a call, returning it, storing it elsewhere) observes the machine's stack pointer,
which we do not model: ``unsupported:stacksave-use``. A restore whose pointer may be
something other than a token (e.g. a slot read before the save was stored) is an
approximation (inconclusive when reachable). Deallocated blocks stay disjoint from
later allocations in the address axioms (their addresses cannot be reused), which
is exact only while their addresses are not observed: a function that observes the
address of a block a restore may free is ``unsupported:stackrestore-address``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import z3

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir, walk
from veriopt.verify.context import GateChecks
from veriopt.verify.memory import OFFSET_BITS, BlockInfo
from veriopt.verify.state import (
    FALSE,
    TRUE,
    StateValue,
    bv,
    fold,
    mk_and,
    mk_eq,
    mk_ite,
    mk_not,
    mk_or,
)

#: Larger stack allocations are not modelled (see the module docstring). Far above any
#: real stack (and any user address space), far below the 2^61 bound of block sizes.
MAX_STACK_ALLOCATION = 1 << 48

SAVE = "llvm.stacksave"
RESTORE = "llvm.stackrestore"
LIFETIME = ("llvm.lifetime.start", "llvm.lifetime.end")


def _callee(inst: ir.Instruction) -> str | None:
    if isinstance(inst, ir.Call) and isinstance(inst.callee, ir.Global):
        return inst.callee.name
    return None


def intrinsic_kind(inst: ir.Instruction) -> str | None:
    """``"save"`` / ``"restore"`` for calls of ``llvm.stacksave[.pN]`` /
    ``llvm.stackrestore[.pN]``, else None."""
    name = _callee(inst)
    if name is None:
        return None
    for base, kind in ((SAVE, "save"), (RESTORE, "restore")):
        if name == base or name.startswith(base + "."):
            return kind
    return None


def is_stacksave(inst: ir.Instruction) -> bool:
    """A ``llvm.stacksave`` call with a result (its token gets a block: memory plan)."""
    return intrinsic_kind(inst) == "save" and getattr(inst, "result", None) is not None


# ---- dynamic alloca ----------------------------------------------------------------------


def alloca_size(enc: Any, inst: ir.Alloca, elem_size: int
                ) -> tuple[int | z3.BitVecRef, z3.BoolRef]:
    """The byte size of ``inst``'s block (an int when the count is a literal) and
    the UB condition of the allocation (see the module docstring)."""
    if inst.count is None:
        return _checked_size(elem_size)
    c = inst.count.value
    t = inst.count.type
    if isinstance(c, (ir.IntConst, ir.ZeroInit)) and isinstance(t, ir.IntType):
        n = (c.value if isinstance(c, ir.IntConst) else 0) % (1 << t.bits)  # unsigned
        return _checked_size(elem_size * n)
    if not isinstance(t, ir.IntType):
        raise UnsupportedIR("alloca-count", "Unsupported alloca count type")
    n_sv: StateValue = enc.operand(inst.count, t)
    ub = enc.ub_unless_defined(n_sv)
    n = n_sv.value
    w = n.size()
    if elem_size == 0:
        return 0, ub
    overflow = _count_above(n, ((1 << 64) - 1) // elem_size)
    too_big = _count_above(n, MAX_STACK_ALLOCATION // elem_size)
    if not z3.is_false(too_big):
        # Reached without UB (so far, or here): a size the model cannot hold.
        enc.approx.append(("alloca-size", mk_and(enc.cur_pc, mk_not(mk_or(*enc.ub_terms)),
                                                 mk_not(ub), mk_not(overflow), too_big)))
    n64 = fold(z3.ZeroExt(OFFSET_BITS - w, n) if w < OFFSET_BITS
               else z3.Extract(OFFSET_BITS - 1, 0, n) if w > OFFSET_BITS else n)
    size = fold(n64 * bv(elem_size, OFFSET_BITS))
    # Where the allocation is UB or not modelled its size is irrelevant: 0 keeps the
    # address axioms (which hold on every path) from constraining the inputs.
    return mk_ite(too_big, bv(0, OFFSET_BITS), size), mk_or(ub, overflow)


def _count_above(n: z3.BitVecRef, limit: int) -> z3.BoolRef:
    return fold(z3.UGT(n, bv(limit, n.size()))) if limit < (1 << n.size()) - 1 else FALSE


def _checked_size(size: int) -> tuple[int, z3.BoolRef]:
    if size >= 1 << 64:
        return 0, TRUE  # the size overflows: UB (Alive2)
    if size > MAX_STACK_ALLOCATION:
        raise UnsupportedIR("alloca-size", f"Unsupported alloca of {size} bytes")
    return size, FALSE


# ---- the gate -----------------------------------------------------------------------------


def check_call(inst: ir.Instruction, types: Any, checks: GateChecks) -> bool:
    """Gate ``llvm.stacksave`` / ``llvm.stackrestore`` calls; False for other
    instructions. (How the token is used is checked when encoding: `check_tokens`.)"""
    kind = intrinsic_kind(inst)
    if kind is None:
        return False
    assert isinstance(inst, ir.Call)
    name = inst.callee.name  # type: ignore[union-attr]
    checks.metadata(inst)
    if inst.flags or inst.cconv not in (None, "ccc") or inst.function_type is not None \
            or inst.bundles or inst.ret_attrs or any(a.attrs for a in inst.args):
        raise UnsupportedIR(f"intrinsic:{name}", f"Unsupported call of @{name}")
    if kind == "save":
        ok = not inst.args and inst.return_type == ir.PTR
    else:
        ok = len(inst.args) == 1 and inst.args[0].type == ir.PTR \
            and isinstance(inst.return_type, ir.VoidType)
    if not ok:
        raise UnsupportedIR(f"intrinsic:{name}", f"Unsupported signature of @{name}")
    for a in inst.args:
        checks.operand(a.value, a.type)
    return True


# ---- token discipline ---------------------------------------------------------------------


def _local(v: ir.Value) -> str | None:
    if isinstance(v, ir.TypedValue):
        v = v.value
    return v.name if isinstance(v, ir.Local) else None


def _used_locals(inst: ir.Instruction) -> list[str]:
    return [v.name for v in walk.values(inst) if isinstance(v, ir.Local)]


def check_tokens(fn: ir.Function) -> tuple[frozenset[str], frozenset[str]]:
    """The values that carry stacksave tokens and the allocas that hold them (see the
    module docstring); raises ``unsupported:stacksave-use`` for any other use."""
    insts = [i for b in fn.blocks or () for i in b.instructions]
    allocas = {i.result for i in insts if isinstance(i, ir.Alloca)}
    tokens = {i.result for i in insts if is_stacksave(i)}
    slots: set[str] = set()
    changed = True
    while changed:  # the closure: tokens stored into slots, loads of slots, phis
        changed = False
        for inst in insts:
            new: set[str] = set()
            if isinstance(inst, ir.Store):
                v, p = _local(inst.value), _local(inst.pointer)
                if v in tokens and p in allocas and p not in slots:
                    slots.add(p)  # type: ignore[arg-type]
                    changed = True
            elif isinstance(inst, ir.Load) and _local(inst.pointer) in slots:
                new.add(inst.result)
            elif isinstance(inst, ir.Phi) and any(_local(v) in tokens for v, _ in inst.incoming):
                new.add(inst.result)
            elif isinstance(inst, ir.Select) and (_local(inst.true_value) in tokens
                                                  or _local(inst.false_value) in tokens):
                new.add(inst.result)
            if new - tokens:
                tokens |= new
                changed = True
    watched = tokens | slots
    for inst in insts:
        used = [n for n in _used_locals(inst) if n in watched]
        if not used:
            continue
        if not _allowed_use(inst, used, tokens, slots):
            raise UnsupportedIR("stacksave-use", "Unsupported use of the pointer "
                                f"llvm.stacksave returns: %{used[0]}")
    for inst in insts:  # a restore of anything else restores no saved state we know
        if intrinsic_kind(inst) == "restore" and _local(inst.args[0].value) not in tokens:  # type: ignore[attr-defined]
            raise UnsupportedIR("stacksave-use", "Unsupported llvm.stackrestore of a "
                                "pointer that llvm.stacksave did not return")
    return frozenset(tokens), frozenset(slots)


def _allowed_use(inst: ir.Instruction, used: list[str], tokens: set[str],
                 slots: set[str]) -> bool:
    kind = intrinsic_kind(inst)
    if kind == "restore":
        return all(n in tokens for n in used)
    name = _callee(inst)
    if name is not None and name.startswith(LIFETIME):  # a slot's lifetime
        return all(n in slots for n in used)
    if isinstance(inst, ir.Store):
        v, p = _local(inst.value), _local(inst.pointer)
        return p in slots and v in tokens and isinstance(inst.value.type, ir.PtrType) \
            and not inst.volatile and not inst.atomic
    if isinstance(inst, ir.Load):
        return _local(inst.pointer) in slots and isinstance(inst.type, ir.PtrType) \
            and not inst.volatile and not inst.atomic
    if isinstance(inst, ir.Phi):
        return all(n in tokens for n in used)
    if isinstance(inst, ir.Select):
        return _local(inst.cond) not in tokens and all(n in tokens for n in used)
    return False


# ---- execution -----------------------------------------------------------------------------


@dataclass
class StackState:
    """Per encoder: where each stacksave ran, and the blocks a restore may free."""

    tokens: frozenset[str]
    saves: dict[int, tuple[str, int]] = field(default_factory=dict)  # token bid -> point
    freed: set[int] = field(default_factory=set)


def _state(enc: Any) -> StackState:
    state = enc.family_state.get("stack")
    if state is None:
        tokens, _ = check_tokens(enc.fn)
        state = enc.family_state["stack"] = StackState(tokens)
    return state


def execute(enc: Any, inst: ir.Instruction) -> bool:
    """Run ``inst`` if it is a stacksave/stackrestore call."""
    kind = intrinsic_kind(inst)
    if kind is None:
        return False
    assert isinstance(inst, ir.Call)
    state = _state(enc)
    if kind == "save":
        if inst.result is None:  # nothing can restore to it
            enc.record("effect", "call @llvm.stacksave", None, None)
            return True
        bid = enc.local_bid(inst.result)
        if bid >= (1 << enc.ptr.bid_bits):
            raise UnsupportedIR("too-many-blocks")
        enc.mem.add_block(BlockInfo(bid, 0, 1, "stacksave", "%" + inst.result, alive=FALSE))
        state.saves[bid] = (enc.block, enc.inst_index)
        enc.alias[inst.result] = frozenset({bid})
        enc.define(inst.result, ir.PTR, StateValue(enc.ptr.make(bid, 0), TRUE))
        return True
    arg = inst.args[0]
    p = enc.operand(arg.value, ir.PTR)
    bid, off = enc.ptr.split(p.value)
    restores = []
    for t in sorted(enc.alias_of(arg.value) & state.saves.keys()):
        hit = mk_eq(bid, bv(t, enc.ptr.bid_bits))
        if z3.is_false(hit):
            continue
        restores.append(mk_and(hit, mk_eq(off, bv(0, OFFSET_BITS))))
        for b in _allocated_after(enc, state.saves[t]):
            enc.mem.set_alive(b, FALSE, enc.write_guard(hit), enc.block)
            state.freed.add(b)
    valid = mk_and(p.non_poison, mk_or(*restores))
    if not z3.is_true(valid):
        enc.approx.append(("stackrestore-argument", mk_and(enc.cur_pc, mk_not(valid))))
    enc.record("effect", f"call @{inst.callee.name}", None, None)  # type: ignore[union-attr]
    return True


def _allocated_after(enc: Any, save: tuple[str, int]) -> list[int]:
    """The allocas executed after the stacksave at ``save`` and before here, on the
    paths through here (the CFG is acyclic: their order is static)."""
    s_block, s_index = save
    here = enc.anc[enc.block]
    out = []
    for b, (block, index) in enc.alloca_points.items():
        if block not in here:
            continue
        if (block == s_block and index > s_index) or \
                (block != s_block and s_block in enc.anc[block]):
            out.append(b)
    return out


def check_summary(enc: Any) -> None:
    """Refuse when the address of a block a restore may free is observed (see the
    module docstring)."""
    state = enc.family_state.get("stack")
    if state is not None and state.freed & set(enc.address_blocks):
        raise UnsupportedIR("stackrestore-address", "Unsupported: the address of a stack "
                            "block llvm.stackrestore frees is observed")
