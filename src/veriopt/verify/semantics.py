"""Instruction semantics as tables: value, poison and UB as three separate things.

Each row restates one rule of the LLVM LangRef ("Instruction Reference") in the
form Alive2 encodes it (``ir/instr.cpp``), so that a reviewer can check one line
against the manual. Nothing here knows about states, paths or memory: the
encoder looks a row up and combines it with the operands' poison flags.

* ``value(a, b)``: the result bits when no flag is violated.
* ``poison[flag](a, b)``: when that flag makes the result poison (``ALWAYS`` for
  conditions that hold without a flag, such as an over-wide shift).
* ``ub(a, b, a_non_poison)``: when the instruction is undefined behaviour. A
  division also requires its divisor to be neither poison nor undef
  (``divisor_must_be_defined``), which the encoder checks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import z3

BV = z3.BitVecRef
Bool = z3.BoolRef

ALWAYS = "<always>"


def _int_min(w: int) -> BV:
    return z3.BitVecVal(1 << (w - 1), w)


def _minus_one(w: int) -> BV:
    return z3.BitVecVal((1 << w) - 1, w)


# ---- overflow predicates (true when the operation overflows) -----------------------


def add_overflows_signed(a: BV, b: BV) -> Bool:
    return z3.SignExt(1, a) + z3.SignExt(1, b) != z3.SignExt(1, a + b)


def add_overflows_unsigned(a: BV, b: BV) -> Bool:
    return z3.ZeroExt(1, a) + z3.ZeroExt(1, b) != z3.ZeroExt(1, a + b)


def sub_overflows_signed(a: BV, b: BV) -> Bool:
    return z3.SignExt(1, a) - z3.SignExt(1, b) != z3.SignExt(1, a - b)


def sub_overflows_unsigned(a: BV, b: BV) -> Bool:
    return z3.ULT(a, b)


def mul_overflows_signed(a: BV, b: BV) -> Bool:
    w = a.size()
    return z3.SignExt(w, a) * z3.SignExt(w, b) != z3.SignExt(w, a * b)


def mul_overflows_unsigned(a: BV, b: BV) -> Bool:
    w = a.size()
    return z3.ZeroExt(w, a) * z3.ZeroExt(w, b) != z3.ZeroExt(w, a * b)


def shift_too_large(a: BV, b: BV) -> Bool:
    """LangRef: shl/lshr/ashr by an amount >= the bit width is poison."""
    return z3.UGE(b, z3.BitVecVal(a.size(), a.size()))


def shl_loses_sign(a: BV, b: BV) -> Bool:
    """``shl nsw``: poison unless shifting back arithmetically gives ``a``."""
    return ((a << b) >> b) != a


def shl_loses_bits(a: BV, b: BV) -> Bool:
    """``shl nuw``: poison unless shifting back logically gives ``a``."""
    return z3.LShR(a << b, b) != a


def ashr_inexact(a: BV, b: BV) -> Bool:
    return ((a >> b) << b) != a


def lshr_inexact(a: BV, b: BV) -> Bool:
    return (z3.LShR(a, b) << b) != a


def udiv_inexact(a: BV, b: BV) -> Bool:
    return z3.URem(a, b) != 0


def sdiv_inexact(a: BV, b: BV) -> Bool:
    return z3.SRem(a, b) != 0


def operands_share_bits(a: BV, b: BV) -> Bool:
    """``or disjoint``: poison when some bit is set in both operands."""
    return (a & b) != 0


# ---- UB predicates ----------------------------------------------------------------


def divides_by_zero(a: BV, b: BV, a_non_poison: Bool) -> Bool:
    return b == 0


def signed_division_ub(a: BV, b: BV, a_non_poison: Bool) -> Bool:
    """sdiv/srem: UB on a zero divisor, and on INT_MIN / -1 (overflow). A poison
    dividend may be INT_MIN, so ``poison / -1`` is UB too (Alive2's ``div_ub``)."""
    w = a.size()
    overflow = z3.And(b == _minus_one(w), z3.Or(z3.Not(a_non_poison), a == _int_min(w)))
    return z3.Or(b == 0, overflow)


@dataclass(frozen=True)
class BinaryRule:
    value: Callable[[BV, BV], BV]
    poison: Mapping[str, Callable[[BV, BV], Bool]] = field(default_factory=dict)
    ub: Callable[[BV, BV, Bool], Bool] | None = None
    divisor_must_be_defined: bool = False


BINARY: dict[str, BinaryRule] = {
    "add": BinaryRule(lambda a, b: a + b,
                      {"nsw": add_overflows_signed, "nuw": add_overflows_unsigned}),
    "sub": BinaryRule(lambda a, b: a - b,
                      {"nsw": sub_overflows_signed, "nuw": sub_overflows_unsigned}),
    "mul": BinaryRule(lambda a, b: a * b,
                      {"nsw": mul_overflows_signed, "nuw": mul_overflows_unsigned}),
    "udiv": BinaryRule(z3.UDiv, {"exact": udiv_inexact}, ub=divides_by_zero,
                       divisor_must_be_defined=True),
    "sdiv": BinaryRule(lambda a, b: a / b, {"exact": sdiv_inexact}, ub=signed_division_ub,
                       divisor_must_be_defined=True),
    "urem": BinaryRule(z3.URem, ub=divides_by_zero, divisor_must_be_defined=True),
    "srem": BinaryRule(z3.SRem, ub=signed_division_ub, divisor_must_be_defined=True),
    "shl": BinaryRule(lambda a, b: a << b,
                      {ALWAYS: shift_too_large, "nsw": shl_loses_sign, "nuw": shl_loses_bits}),
    "lshr": BinaryRule(z3.LShR, {ALWAYS: shift_too_large, "exact": lshr_inexact}),
    "ashr": BinaryRule(lambda a, b: a >> b, {ALWAYS: shift_too_large, "exact": ashr_inexact}),
    "and": BinaryRule(lambda a, b: a & b),
    "or": BinaryRule(lambda a, b: a | b, {"disjoint": operands_share_bits}),
    "xor": BinaryRule(lambda a, b: a ^ b),
}


# ---- icmp -------------------------------------------------------------------------

ICMP: dict[str, Callable[[BV, BV], Bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "ugt": z3.UGT,
    "uge": z3.UGE,
    "ult": z3.ULT,
    "ule": z3.ULE,
    "sgt": lambda a, b: a > b,
    "sge": lambda a, b: a >= b,
    "slt": lambda a, b: a < b,
    "sle": lambda a, b: a <= b,
}


def signs_differ(a: BV, b: BV) -> Bool:
    """``icmp samesign``: poison when the operands' sign bits differ."""
    w = a.size()
    return z3.Extract(w - 1, w - 1, a) != z3.Extract(w - 1, w - 1, b)


ICMP_POISON: dict[str, Callable[[BV, BV], Bool]] = {"samesign": signs_differ}


# ---- integer casts ----------------------------------------------------------------


@dataclass(frozen=True)
class CastRule:
    value: Callable[[BV, int], BV]  # (operand, destination width) -> result
    poison: Mapping[str, Callable[[BV, int], Bool]] = field(default_factory=dict)


def _trunc(x: BV, w: int) -> BV:
    return z3.Extract(w - 1, 0, x)


def trunc_loses_unsigned(x: BV, w: int) -> Bool:
    """``trunc nuw``: poison when a dropped bit is non-zero."""
    return z3.ZeroExt(x.size() - w, _trunc(x, w)) != x


def trunc_loses_signed(x: BV, w: int) -> Bool:
    """``trunc nsw``: poison when the value does not survive a signed round-trip."""
    return z3.SignExt(x.size() - w, _trunc(x, w)) != x


def is_negative(x: BV, w: int) -> Bool:
    """``zext nneg``: poison when the operand is negative."""
    return x < 0


CAST: dict[str, CastRule] = {
    "trunc": CastRule(_trunc, {"nuw": trunc_loses_unsigned, "nsw": trunc_loses_signed}),
    "zext": CastRule(lambda x, w: z3.ZeroExt(w - x.size(), x), {"nneg": is_negative}),
    "sext": CastRule(lambda x, w: z3.SignExt(w - x.size(), x)),
}


# ---- the flags each opcode has (what the gate accepts) ------------------------------

#: Per-opcode flags with a meaning above: each makes the result poison in its case.
BINARY_FLAGS: dict[str, frozenset[str]] = {
    op: frozenset(rule.poison) - {ALWAYS} for op, rule in BINARY.items()}
CAST_FLAGS: dict[str, frozenset[str]] = {op: frozenset(rule.poison) for op, rule in CAST.items()}
ICMP_FLAGS: frozenset[str] = frozenset(ICMP_POISON)
