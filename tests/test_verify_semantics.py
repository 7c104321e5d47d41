"""Each row of the verifier's semantics tables against values computed by hand
from the LangRef ("Instruction Reference"), on concrete i8/i16 operands."""

from __future__ import annotations

import pytest
import z3

from veriopt.verify import semantics as sem


def bv(v: int, w: int = 8) -> z3.BitVecRef:
    return z3.BitVecVal(v % (1 << w), w)


def num(e: z3.ExprRef) -> int:
    return z3.simplify(e).as_long()


def truth(e: z3.ExprRef) -> bool:
    r = z3.simplify(e)
    assert z3.is_true(r) or z3.is_false(r), r
    return z3.is_true(r)


# (opcode, a, b, expected unsigned result) for i8
VALUES = [
    ("add", 200, 100, 44),
    ("sub", 0, 1, 255),
    ("mul", 16, 16, 0),
    ("mul", 255, 255, 1),
    ("udiv", 200, 7, 28),
    ("sdiv", 249, 2, 253),  # -7 / 2 = -3 (rounds toward zero)
    ("urem", 200, 7, 4),
    ("srem", 249, 2, 255),  # -7 srem 2 = -1 (sign of the dividend)
    ("shl", 1, 7, 128),
    ("lshr", 128, 7, 1),
    ("ashr", 128, 7, 255),  # arithmetic shift copies the sign bit
    ("and", 0b1100, 0b1010, 0b1000),
    ("or", 0b1100, 0b1010, 0b1110),
    ("xor", 0b1100, 0b1010, 0b0110),
]


@pytest.mark.parametrize("op,a,b,expected", VALUES)
def test_binary_value_matches_langref(op, a, b, expected):
    assert num(sem.BINARY[op].value(bv(a), bv(b))) == expected


# (opcode, flag, a, b, poison?) for i8
POISON = [
    ("add", "nuw", 200, 100, True),  # 300 > 255
    ("add", "nsw", 200, 100, False),  # -56 + 100 = 44 fits
    ("add", "nsw", 127, 1, True),
    ("add", "nuw", 127, 1, False),
    ("sub", "nuw", 0, 1, True),  # unsigned borrow
    ("sub", "nsw", 0, 1, False),  # 0 - 1 = -1 fits
    ("sub", "nsw", 128, 1, True),  # -128 - 1
    ("mul", "nuw", 16, 16, True),
    ("mul", "nsw", 16, 16, True),  # 256 does not fit in i8
    ("mul", "nsw", 255, 255, False),  # -1 * -1 = 1
    ("mul", "nuw", 255, 255, True),
    ("shl", "nsw", 1, 7, True),  # 1 << 7 flips the sign
    ("shl", "nuw", 1, 7, False),  # no set bit shifted out
    ("shl", "nuw", 3, 7, True),  # bit 1 shifted out
    ("shl", "nsw", 255, 7, False),  # -1 << 7 = -128: sign bits only
    ("lshr", "exact", 129, 1, True),  # a set bit shifted out
    ("lshr", "exact", 128, 1, False),
    ("ashr", "exact", 0x81, 1, True),
    ("udiv", "exact", 200, 7, True),  # remainder 4
    ("udiv", "exact", 196, 7, False),
    ("sdiv", "exact", 249, 2, True),  # -7 / 2 has remainder -1
    ("sdiv", "exact", 250, 2, False),  # -6 / 2 = -3 exactly
    ("or", "disjoint", 1, 1, True),
    ("or", "disjoint", 1, 2, False),
]


@pytest.mark.parametrize("op,flag,a,b,poison", POISON)
def test_flag_poison_condition_matches_langref(op, flag, a, b, poison):
    assert truth(sem.BINARY[op].poison[flag](bv(a), bv(b))) is poison


@pytest.mark.parametrize("op", ["shl", "lshr", "ashr"])
@pytest.mark.parametrize("amount,poison", [(7, False), (8, True), (255, True)])
def test_shift_by_bit_width_or_more_is_poison_without_any_flag(op, amount, poison):
    assert truth(sem.BINARY[op].poison[sem.ALWAYS](bv(1), bv(amount))) is poison


@pytest.mark.parametrize("op", ["add", "sub", "mul", "and", "or", "xor"])
def test_flagless_arithmetic_wraps_and_has_no_ub(op):
    rule = sem.BINARY[op]
    assert rule.ub is None and sem.ALWAYS not in rule.poison
    assert not rule.divisor_must_be_defined


# (opcode, a, b, a non-poison, UB?) for i8
DIVISION_UB = [
    ("udiv", 5, 0, True, True),
    ("udiv", 5, 1, True, False),
    ("urem", 5, 0, True, True),
    ("sdiv", 5, 0, True, True),
    ("sdiv", 128, 255, True, True),  # INT_MIN / -1 overflows: UB, not poison
    ("srem", 128, 255, True, True),
    ("sdiv", 127, 255, True, False),
    ("sdiv", 0, 255, False, True),  # a poison dividend may be INT_MIN
    ("sdiv", 0, 2, False, False),  # ... but only -1 can overflow
    ("udiv", 0, 255, False, False),  # unsigned division cannot overflow
]


@pytest.mark.parametrize("op,a,b,a_np,ub", DIVISION_UB)
def test_division_ub_matches_langref(op, a, b, a_np, ub):
    rule = sem.BINARY[op]
    assert rule.divisor_must_be_defined  # a poison or undef divisor is UB as well
    assert truth(rule.ub(bv(a), bv(b), z3.BoolVal(a_np))) is ub


# (predicate, a, b, result) for i8: 255 is -1 when signed
ICMP = [
    ("eq", 3, 3, True), ("ne", 3, 3, False),
    ("ugt", 255, 1, True), ("sgt", 255, 1, False),
    ("uge", 1, 1, True), ("sge", 128, 127, False),
    ("ult", 1, 255, True), ("slt", 1, 255, False),
    ("ule", 0, 0, True), ("sle", 255, 0, True),
]


@pytest.mark.parametrize("pred,a,b,result", ICMP)
def test_icmp_predicates_match_langref(pred, a, b, result):
    assert truth(sem.ICMP[pred](bv(a), bv(b))) is result


@pytest.mark.parametrize("a,b,poison", [(255, 1, True), (2, 1, False), (128, 255, False)])
def test_icmp_samesign_is_poison_when_sign_bits_differ(a, b, poison):
    assert truth(sem.ICMP_POISON["samesign"](bv(a), bv(b))) is poison


# (opcode, value, from width, to width, expected unsigned result)
CASTS = [
    ("trunc", 0x1FF, 16, 8, 0xFF),
    ("zext", 0x80, 8, 16, 0x0080),
    ("sext", 0x80, 8, 16, 0xFF80),
    ("sext", 0x7F, 8, 16, 0x007F),
    ("zext", 1, 1, 8, 1),
    ("sext", 1, 1, 8, 0xFF),  # i1 true sign-extends to -1
]


@pytest.mark.parametrize("op,x,w_from,w_to,expected", CASTS)
def test_cast_value_matches_langref(op, x, w_from, w_to, expected):
    assert num(sem.CAST[op].value(bv(x, w_from), w_to)) == expected


# (opcode, flag, value, from, to, poison?)
CAST_POISON = [
    ("trunc", "nuw", 0x1FF, 16, 8, True),  # bit 8 dropped
    ("trunc", "nuw", 0x0FF, 16, 8, False),
    ("trunc", "nsw", 0x0FF, 16, 8, True),  # 255 is not an i8 signed value
    ("trunc", "nsw", 0xFFFF, 16, 8, False),  # -1 survives
    ("trunc", "nuw", 0xFFFF, 16, 8, True),
    ("zext", "nneg", 0x80, 8, 16, True),
    ("zext", "nneg", 0x7F, 8, 16, False),
]


@pytest.mark.parametrize("op,flag,x,w_from,w_to,poison", CAST_POISON)
def test_cast_flag_poison_matches_langref(op, flag, x, w_from, w_to, poison):
    assert truth(sem.CAST[op].poison[flag](bv(x, w_from), w_to)) is poison
