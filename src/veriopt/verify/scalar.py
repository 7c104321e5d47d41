"""Scalar integer and pointer values: binary operators, ``icmp``, casts, ``select``,
``freeze`` and ``phi`` (LangRef 19, "Instruction Reference"): their feature gate and
their encoding side by side, the rules themselves as rows of semantics.py.

Why one module: what the gate accepts and what the encoding implements must be the
same set; written next to each other (and the flags the gate accepts derived from the
rules) they cannot drift. This is the last family of families.py: vectors, aggregates
and FP take their forms of these instructions first.

Poison, UB and the value stay three things: a flag's condition makes the result poison
(``non_poison``), a rule's UB condition (division by zero) is added under the path, and
the value is the rule's.
"""

from __future__ import annotations

import z3

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir
from veriopt.verify import semantics as sem
from veriopt.verify.context import EncodingContext, GateChecks, TypeDefs
from veriopt.verify.memory import OFFSET_BITS
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

KINDS = (ir.BinaryOp, ir.ICmp, ir.Cast, ir.Select, ir.Freeze, ir.Phi)


# ---- the feature gate ----------------------------------------------------------------------


def check(inst: ir.Instruction, types: TypeDefs, checks: GateChecks) -> bool:
    """Gate the instructions `execute` handles; False when ``inst`` is not one of them."""
    if not isinstance(inst, KINDS):
        return False
    checks.metadata(inst)
    if isinstance(inst, ir.BinaryOp):
        _check_binary(inst, checks)
    elif isinstance(inst, ir.ICmp):
        _check_icmp(inst, checks)
    elif isinstance(inst, ir.Cast):
        _check_cast(inst, checks)
    elif isinstance(inst, ir.Select):
        if inst.flags:
            raise UnsupportedIR("fp", "Unsupported select flags (fast-math)")
        if inst.cond.type != ir.I1:
            raise UnsupportedIR("vector", "Unsupported select condition type")
        checks.value_type(inst.true_value.type, allow_ptr=True)
        for op in (inst.cond, inst.true_value, inst.false_value):
            checks.operand(op, op.type)
    elif isinstance(inst, ir.Freeze):
        # a pointer too: a poison one becomes an arbitrary pointer (any block)
        checks.value_type(inst.operand.type, allow_ptr=True)
        checks.operand(inst.operand, inst.operand.type)
    else:
        assert isinstance(inst, ir.Phi)
        if inst.flags:
            raise UnsupportedIR("fp", "Unsupported phi flags (fast-math)")
        checks.value_type(inst.type, allow_ptr=True)
        for v, _ in inst.incoming:
            checks.operand(v, inst.type)
    return True


def _check_binary(inst: ir.BinaryOp, checks: GateChecks) -> None:
    if inst.opcode not in sem.BINARY:
        feature = "fp" if inst.opcode.startswith("f") else inst.opcode
        raise UnsupportedIR(feature, f"Unsupported instruction: {inst.opcode}")
    checks.value_type(inst.type)
    if not set(inst.flags) <= sem.BINARY_FLAGS[inst.opcode]:
        raise UnsupportedIR(f"flag:{inst.opcode}", f"Unsupported flags: {inst.flags}")
    checks.operand(inst.lhs, inst.type)
    checks.operand(inst.rhs, inst.type)


def _check_icmp(inst: ir.ICmp, checks: GateChecks) -> None:
    if isinstance(inst.type, ir.PtrType) and inst.flags:
        raise UnsupportedIR("pointer-compare", "Unsupported instruction: icmp samesign on pointers")
    checks.value_type(inst.type, allow_ptr=True)  # pointers: addresses (nonlocal_memory.py)
    if inst.predicate not in sem.ICMP or not set(inst.flags) <= sem.ICMP_FLAGS:
        raise UnsupportedIR("icmp", f"Unsupported icmp: {inst.predicate} {inst.flags}")
    checks.operand(inst.lhs, inst.type)
    checks.operand(inst.rhs, inst.type)


def _is_address(inst: ir.Cast) -> bool:
    """``ptrtoint ptr to iN``: the pointer's address (nonlocal_memory.py)."""
    return inst.opcode == "ptrtoint" and inst.operand.type == ir.PTR \
        and isinstance(inst.dest_type, ir.IntType) and not inst.flags


def _is_no_op(inst: ir.Cast) -> bool:
    """A ``bitcast`` of a pointer or an integer to its own type: the same value."""
    return inst.opcode == "bitcast" and not inst.flags and inst.operand.type == inst.dest_type \
        and (inst.dest_type == ir.PTR or isinstance(inst.dest_type, ir.IntType))


def _check_cast(inst: ir.Cast, checks: GateChecks) -> None:
    if _is_address(inst):
        checks.operand(inst.operand, inst.operand.type)
        return
    if _is_no_op(inst):
        checks.value_type(inst.dest_type, allow_ptr=True)
        checks.operand(inst.operand, inst.operand.type)
        return
    if inst.opcode not in sem.CAST:
        feature = {"ptrtoint": "ptrtoint", "inttoptr": "inttoptr", "bitcast": "bitcast",
                   "addrspacecast": "addrspacecast"}.get(inst.opcode, "fp")
        raise UnsupportedIR(feature, f"Unsupported instruction: {inst.opcode}")
    checks.value_type(inst.operand.type)
    checks.value_type(inst.dest_type)
    if not set(inst.flags) <= sem.CAST_FLAGS[inst.opcode]:
        raise UnsupportedIR(f"flag:{inst.opcode}", f"Unsupported flags: {inst.flags}")
    src_bits, dst_bits = inst.operand.type.bits, inst.dest_type.bits  # type: ignore[union-attr]
    if (inst.opcode == "trunc") != (dst_bits < src_bits) or src_bits == dst_bits:
        raise UnsupportedIR("cast-width", f"Invalid {inst.opcode} widths")
    checks.operand(inst.operand, inst.operand.type)


# ---- the encoding ---------------------------------------------------------------------------


def execute(enc: EncodingContext, inst: ir.Instruction) -> bool:
    """Encode ``inst`` if it is one of this module's; False otherwise."""
    if isinstance(inst, ir.BinaryOp):
        _binary(enc, inst)
    elif isinstance(inst, ir.ICmp):
        _icmp(enc, inst)
    elif isinstance(inst, ir.Cast):
        _cast(enc, inst)
    elif isinstance(inst, ir.Select):
        _select(enc, inst)
    elif isinstance(inst, ir.Freeze):
        _freeze(enc, inst)
    elif isinstance(inst, ir.Phi):
        _phi(enc, inst)
    else:
        return False
    return True


def _binary(enc: EncodingContext, inst: ir.BinaryOp) -> None:
    rule = sem.BINARY[inst.opcode]
    a = enc.operand(inst.lhs, inst.type)
    b = enc.operand(inst.rhs, inst.type)
    ub = FALSE
    if rule.divisor_must_be_defined:
        ub = enc.ub_unless_defined(b)
    if rule.ub is not None:
        ub = mk_or(ub, fold(rule.ub(a.value, b.value, a.non_poison)))
    enc.add_ub(ub)
    value = fold(rule.value(a.value, b.value))
    poison = []
    for flag, cond in rule.poison.items():
        if flag == sem.ALWAYS or flag in inst.flags:
            poison.append(fold(cond(a.value, b.value)))
    np = mk_and(a.non_poison, b.non_poison, *(mk_not(c) for c in poison))
    enc.define(inst.result, inst.type, StateValue(value, np, a.undef_vars | b.undef_vars), ub)


def _icmp(enc: EncodingContext, inst: ir.ICmp) -> None:
    a = enc.operand(inst.lhs, inst.type)
    b = enc.operand(inst.rhs, inst.type)
    if isinstance(inst.type, ir.PtrType):  # addresses (nonlocal_memory.py)
        cond = enc.compare_pointers(inst.predicate, a, enc.alias_of(inst.lhs),
                                    b, enc.alias_of(inst.rhs))
    else:
        cond = fold(sem.ICMP[inst.predicate](a.value, b.value))
    poison = [fold(sem.ICMP_POISON[f](a.value, b.value)) for f in inst.flags]
    np = mk_and(a.non_poison, b.non_poison, *(mk_not(c) for c in poison))
    value = mk_ite(cond, bv(1, 1), bv(0, 1))
    enc.define(inst.result, ir.I1, StateValue(value, np, a.undef_vars | b.undef_vars))


def _cast(enc: EncodingContext, inst: ir.Cast) -> None:
    if inst.opcode == "ptrtoint":  # the address (nonlocal_memory.py)
        x = enc.operand(inst.operand, inst.operand.type)
        addr = enc.pointer_to_int(x.value, enc.alias_of(inst.operand))
        w = inst.dest_type.bits  # type: ignore[union-attr]
        value = fold(z3.Extract(w - 1, 0, addr) if w <= OFFSET_BITS
                     else z3.ZeroExt(w - OFFSET_BITS, addr))
        enc.define(inst.result, inst.dest_type, StateValue(value, x.non_poison, x.undef_vars))
        return
    if inst.opcode == "bitcast" and inst.operand.type == inst.dest_type:
        # to its own type (ptr or iN, `_is_no_op`): the same value
        if isinstance(inst.dest_type, ir.PtrType):
            enc.alias[inst.result] = enc.alias_of(inst.operand)
        enc.define(inst.result, inst.dest_type, enc.operand(inst.operand, inst.operand.type))
        return
    rule = sem.CAST[inst.opcode]
    x = enc.operand(inst.operand, inst.operand.type)
    w = inst.dest_type.bits  # type: ignore[union-attr]
    value = fold(rule.value(x.value, w))
    poison = [fold(rule.poison[f](x.value, w)) for f in inst.flags]
    np = mk_and(x.non_poison, *(mk_not(c) for c in poison))
    enc.define(inst.result, inst.dest_type, StateValue(value, np, x.undef_vars))


def _select(enc: EncodingContext, inst: ir.Select) -> None:
    c = enc.operand(inst.cond, inst.cond.type)
    t = enc.operand(inst.true_value, inst.true_value.type)
    f = enc.operand(inst.false_value, inst.false_value.type)
    is_true = mk_eq(c.value, bv(1, 1))
    value = mk_ite(is_true, t.value, f.value)
    np = mk_and(c.non_poison, mk_ite(is_true, t.non_poison, f.non_poison))
    if isinstance(inst.true_value.type, ir.PtrType):
        enc.alias[inst.result] = enc.alias_of(inst.true_value) | enc.alias_of(inst.false_value)
    enc.define(inst.result, inst.true_value.type,
               StateValue(value, np, c.undef_vars | t.undef_vars | f.undef_vars))


def _freeze(enc: EncodingContext, inst: ir.Freeze) -> None:
    x = enc.operand(inst.operand, inst.operand.type)
    if z3.is_true(x.non_poison):
        value = x.value
    else:
        value = mk_ite(x.non_poison, x.value, enc.nd.fresh_nondet(x.width, "freeze"))
    # Undef variables inside are pinned: later uses see the same value.
    enc.define(inst.result, inst.operand.type, StateValue(value, TRUE))


def _phi(enc: EncodingContext, inst: ir.Phi) -> None:
    arms: list[tuple[z3.BoolRef, StateValue, ir.Value]] = []
    for v, pred in inst.incoming:
        cond = enc.edges.get((pred, enc.block))
        if cond is None or z3.is_false(cond) or any(a[2] is v and a[0].eq(cond) for a in arms):
            continue
        arms.append((cond, enc.operand(v, inst.type), v))
    if not arms:
        sv = StateValue(bv(0, enc.bit_width(inst.type)), FALSE)
    else:
        sv = arms[-1][1]
        value, np, uvars = sv.value, sv.non_poison, sv.undef_vars
        for cond, a, _ in reversed(arms[:-1]):
            value = mk_ite(cond, a.value, value)
            np = mk_ite(cond, a.non_poison, np)
            uvars |= a.undef_vars
        sv = StateValue(value, np, uvars)
    if isinstance(inst.type, ir.PtrType):
        alias: frozenset[int] = frozenset()
        for _, _, v in arms:
            alias |= enc.alias_of(v)
        enc.alias[inst.result] = alias
    enc.define(inst.result, inst.type, sv)


__all__ = ["KINDS", "check", "execute"]
