"""Integer intrinsics (veriopt.verify.intrinsics): each table row against the LangRef.

The references below are plain Python restatements of the LangRef entries, written
independently of the z3 rows; the rows are evaluated on concrete bit-vectors (exhaustively
at small widths, including odd ones where ``mod width`` matters) and compared. The concrete
interpreter's own intrinsic table is a second, independent reference.
"""

from __future__ import annotations

import itertools
import random

import pytest
import z3

from veriopt.llvm import ir
from veriopt.verify import check
from veriopt.verify.intrinsics import (
    ELEMENTWISE,
    REDUCTIONS,
    THREE_WAY,
    WITH_OVERFLOW,
    intrinsic_base,
)
from veriopt.verify.ranges import in_ranges, range_metadata


def signed(v: int, w: int) -> int:
    return v - (1 << w) if v >> (w - 1) else v


def unsigned(v: int, w: int) -> int:
    return v % (1 << w)


def clamp_signed(v: int, w: int) -> int:
    return unsigned(max(-(1 << (w - 1)), min((1 << (w - 1)) - 1, v)), w)


def _fshl(a: int, b: int, c: int, w: int) -> int:
    s = c % w
    return unsigned((a << s) | (b >> (w - s)), w) if s else a


def _fshr(a: int, b: int, c: int, w: int) -> int:
    s = c % w
    return unsigned((a << (w - s)) | (b >> s), w) if s else b


#: name -> (value(args, w), poison(args, flags, w)); from the LangRef entries.
REFERENCE = {
    "smax": (lambda x, w: x[0] if signed(x[0], w) >= signed(x[1], w) else x[1], None),
    "smin": (lambda x, w: x[0] if signed(x[0], w) <= signed(x[1], w) else x[1], None),
    "umax": (lambda x, w: max(x), None),
    "umin": (lambda x, w: min(x), None),
    "abs": (lambda x, w: unsigned(abs(signed(x[0], w)), w),
            lambda x, f, w: f[0] and x[0] == 1 << (w - 1)),
    "ctpop": (lambda x, w: bin(x[0]).count("1"), None),
    "ctlz": (lambda x, w: w - x[0].bit_length(), lambda x, f, w: f[0] and x[0] == 0),
    "cttz": (lambda x, w: w if x[0] == 0 else (x[0] & -x[0]).bit_length() - 1,
             lambda x, f, w: f[0] and x[0] == 0),
    "bswap": (lambda x, w: int.from_bytes(x[0].to_bytes(w // 8, "little"), "big"), None),
    "bitreverse": (lambda x, w: int(format(x[0], f"0{w}b")[::-1], 2), None),
    "fshl": (lambda x, w: _fshl(*x, w), None),
    "fshr": (lambda x, w: _fshr(*x, w), None),
    "sadd.sat": (lambda x, w: clamp_signed(signed(x[0], w) + signed(x[1], w), w), None),
    "ssub.sat": (lambda x, w: clamp_signed(signed(x[0], w) - signed(x[1], w), w), None),
    "uadd.sat": (lambda x, w: min(x[0] + x[1], (1 << w) - 1), None),
    "usub.sat": (lambda x, w: max(x[0] - x[1], 0), None),
    "sshl.sat": (lambda x, w: clamp_signed(signed(x[0], w) << x[1], w) if x[1] < w else None,
                 lambda x, f, w: x[1] >= w),
    "ushl.sat": (lambda x, w: min(x[0] << x[1], (1 << w) - 1) if x[1] < w else None,
                 lambda x, f, w: x[1] >= w),
}


def _evaluate(e: z3.ExprRef) -> int | bool:
    r = z3.simplify(e)
    if z3.is_bv_value(r):
        return r.as_long()
    assert z3.is_true(r) or z3.is_false(r), r
    return z3.is_true(r)


def _inputs(w: int, arity: int, rng: random.Random) -> list[tuple[int, ...]]:
    """Every input when there are at most 400, else 400 random ones (plus the edges)."""
    if (1 << w) ** arity <= 400:
        return list(itertools.product(range(1 << w), repeat=arity))
    edges = [0, 1, (1 << (w - 1)) - 1, 1 << (w - 1), (1 << w) - 1]
    out = list(itertools.product(edges, repeat=arity))
    out += [tuple(rng.randrange(1 << w) for _ in range(arity)) for _ in range(400)]
    return out


def test_every_elementwise_row_has_a_reference():
    assert set(ELEMENTWISE) == set(REFERENCE)


@pytest.mark.parametrize("name", sorted(REFERENCE))
@pytest.mark.parametrize("width", [4, 5, 8, 16])
def test_elementwise_row_matches_langref(name, width):
    rule = ELEMENTWISE[name]
    if name == "bswap" and width % 16:
        pytest.skip("bswap needs a multiple of 16 bits")
    ref_value, ref_poison = REFERENCE[name]
    rng = random.Random(hash((name, width)) & 0xFFFF)
    for args in _inputs(width, rule.operands, rng):
        for flags in itertools.product([False, True], repeat=rule.flags):
            bvs = [z3.BitVecVal(a, width) for a in args]
            poison = rule.poison is not None and _evaluate(rule.poison(bvs, list(flags)))
            expected_poison = bool(ref_poison and ref_poison(args, flags, width))
            assert poison == expected_poison, (name, args, flags)
            if not poison:
                got = _evaluate(rule.value(*bvs))
                assert got == ref_value(args, width), (name, width, args, flags)


@pytest.mark.parametrize("name", sorted(WITH_OVERFLOW))
def test_with_overflow_rows_match_langref(name):
    op = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b}
    signedness, kind = name[0], name[1:4]
    w = 6
    for a, b in itertools.product(range(1 << w), repeat=2):
        compute, overflows = WITH_OVERFLOW[name]
        x, y = z3.BitVecVal(a, w), z3.BitVecVal(b, w)
        exact = op[kind](signed(a, w), signed(b, w)) if signedness == "s" else op[kind](a, b)
        fits = (-(1 << (w - 1)) <= exact < 1 << (w - 1)) if signedness == "s" \
            else 0 <= exact < 1 << w
        assert _evaluate(compute(x, y)) == unsigned(exact, w)
        assert _evaluate(overflows(x, y)) == (not fits), (name, a, b)


@pytest.mark.parametrize("name", sorted(THREE_WAY))
def test_three_way_compare_is_minus_one_zero_one(name):
    less, greater = THREE_WAY[name]
    w = 4
    for a, b in itertools.product(range(1 << w), repeat=2):
        x, y = z3.BitVecVal(a, w), z3.BitVecVal(b, w)
        key = (signed(a, w), signed(b, w)) if name == "scmp" else (a, b)
        assert _evaluate(less(x, y)) == (key[0] < key[1])
        assert _evaluate(greater(x, y)) == (key[0] > key[1])


def test_reductions_fold_all_lanes():
    lanes = [3, 250, 7, 128]
    bvs = [z3.BitVecVal(v, 8) for v in lanes]
    expect = {"vector.reduce.add": sum(lanes) % 256, "vector.reduce.umax": 250,
              "vector.reduce.smin": 128, "vector.reduce.xor": 3 ^ 250 ^ 7 ^ 128,
              "vector.reduce.and": 3 & 250 & 7 & 128, "vector.reduce.smax": 7}
    for name, value in expect.items():
        acc = bvs[0]
        for b in bvs[1:]:
            acc = REDUCTIONS[name](acc, b)
        assert _evaluate(acc) == value, name


def test_rows_agree_with_the_concrete_interpreter():
    """Two independent implementations of the same LangRef entries must agree."""
    from veriopt.verify.interpreter import PURE_INTRINSICS

    rng = random.Random(7)
    shared = sorted(set(PURE_INTRINSICS) & set(ELEMENTWISE))
    assert len(shared) >= 10
    for name in shared:
        arity, concrete = PURE_INTRINSICS[name]
        rule = ELEMENTWISE[name]
        for _ in range(200):
            w = 16 if name == "bswap" else rng.choice([8, 13, 16])
            args = [rng.randrange(1 << w) for _ in range(arity)]
            got = _evaluate(rule.value(*[z3.BitVecVal(a, w) for a in args]))
            assert got == concrete(*args, w), (name, w, args)


# ---- names, ranges ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "base"), [
    ("llvm.smax.i32", "smax"),
    ("llvm.smax.v4i32", "smax"),
    ("llvm.sadd.with.overflow.i8", "sadd.with.overflow"),
    ("llvm.sadd.sat.i8", "sadd.sat"),
    ("llvm.expect.with.probability.i64", "expect.with.probability"),
    ("llvm.expect.i1", "expect"),
    ("llvm.vector.reduce.add.v4i32", "vector.reduce.add"),
    ("llvm.assume", "assume"),
    ("llvm.vector.reduce.fadd.v4f32", None),
    ("llvm.smul.fix.i32", None),
    ("llvm.memcpy.p0.p0.i64", None),
    ("smax.i32", None),
])
def test_intrinsic_base_names(name, base):
    assert intrinsic_base(name) == base


def test_in_ranges_handles_wrapping_ranges():
    x = z3.BitVec("x", 8)
    ranges = [(250, 3)]  # wraps: 250..255, 0..2
    for v in range(256):
        expect = v >= 250 or v < 3
        assert _evaluate(z3.substitute(in_ranges(x, ranges), (x, z3.BitVecVal(v, 8)))) == expect


def test_range_metadata_reads_the_module_node():
    mod = ir.Module((ir.OpaqueLine("!0 = !{i32 0, i32 10, i32 20, i32 -5}"),))
    assert range_metadata(mod, "!0") == [(0, 10), (20, -5)]


# ---- through check() ---------------------------------------------------------------------------


def _pair(decl: str, src: str, tgt: str, sig: str = "i32 noundef %x", ret: str = "i32") -> str:
    return (f"{decl}\ndefine {ret} @src({sig}) {{\n{src}\n}}\n\n"
            f"define {ret} @tgt({sig}) {{\n{tgt}\n}}\n")


def test_range_metadata_on_intrinsic_call_is_poison_outside():
    text = _pair("declare i32 @llvm.ctpop.i32(i32)\n!0 = !{i32 0, i32 3}",
                 "%r = call i32 @llvm.ctpop.i32(i32 %x), !range !0\n ret i32 %r",
                 "%r = call i32 @llvm.ctpop.i32(i32 %x)\n %m = call i32 @llvm.umin.i32(i32 %r, i32 2)"
                 "\n ret i32 %m") + "declare i32 @llvm.umin.i32(i32, i32)\n"
    assert check(text).category == "correct"


def test_noundef_argument_of_intrinsic_is_ub_when_poison():
    text = _pair("declare i32 @llvm.smax.i32(i32, i32)",
                 "ret i32 0",
                 "%p = add nsw i32 %x, 1\n"
                 " %r = call i32 @llvm.smax.i32(i32 noundef %p, i32 0)\n ret i32 0")
    v = check(text)
    assert (v.category, v.reason) == ("semantic_error", "source_more_defined")


def test_unmodelled_assume_bundle_is_unsupported():
    text = _pair("declare void @llvm.assume(i1)",
                 "call void @llvm.assume(i1 true) [ \"separate_storage\"(ptr null, ptr null) ]\n"
                 " ret i32 %x",
                 "%y = add i32 %x, 0\n ret i32 %y")
    v = check(text)
    assert (v.category, v.reason) == ("inconclusive", "unsupported:operand-bundle")


def test_unmodelled_intrinsic_is_unsupported():
    text = _pair("declare i32 @llvm.smul.fix.i32(i32, i32, i32)",
                 "%r = call i32 @llvm.smul.fix.i32(i32 %x, i32 3, i32 1)\n ret i32 %r",
                 "%r = call i32 @llvm.smul.fix.i32(i32 %x, i32 3, i32 1)\n %y = add i32 %r, 0"
                 "\n ret i32 %y")
    v = check(text)
    assert v.category == "inconclusive" and v.reason.startswith("unsupported:")


def test_with_overflow_counterexample_prints_struct_elements():
    text = _pair("declare { i8, i1 } @llvm.umul.with.overflow.i8(i8, i8)",
                 "%r = call { i8, i1 } @llvm.umul.with.overflow.i8(i8 %x, i8 3)\n"
                 " ret { i8, i1 } %r",
                 "%m = mul i8 %x, 3\n %s = insertvalue { i8, i1 } poison, i8 %m, 0\n"
                 " %t = insertvalue { i8, i1 } %s, i1 false, 1\n ret { i8, i1 } %t",
                 sig="i8 noundef %x", ret="{ i8, i1 }")
    v = check(text)
    assert (v.category, v.reason) == ("semantic_error", "value_mismatch")
    assert v.counterexample is not None
    assert v.counterexample.src_value.startswith("{ #x")
    assert ", #x1 (1) }" in v.counterexample.src_value
    assert v.counterexample.tgt_value.endswith(", #x0 (0) }")
