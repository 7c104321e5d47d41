"""The concrete interpreter against hand-computed LangRef values, one rule per test.

Every expected value below was worked out by hand from the LangRef (and VERIFIER.md §4-§5
where Alive2 makes a choice), not by running anything: the interpreter is the oracle of
the verifier's differential test, so its own oracle has to be independent.
"""

from __future__ import annotations

import functools
import random

import pytest

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir
from veriopt.verify.interpreter import (
    POISON,
    Layout,
    Outcome,
    Pointer,
    intrinsic_base,
    run_function,
    to_signed,
    to_unsigned,
)

DL = 'target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'


@functools.cache
def _parsed(text: str) -> tuple[ir.Module, ir.Function]:
    parser = pytest.importorskip("veriopt.llvm.parser", reason="the IR parser is not there yet")
    from veriopt.llvm.toolchain import get_toolchain

    module = parser.parse_module(get_toolchain().canonicalize(DL + text))
    return module, module.definitions[0]


def run(text: str, *args: int | None, **kw) -> Outcome:
    """Run the first function of ``text`` on signed ``args`` (None = poison)."""
    module, fn = _parsed(text)
    values = [POISON if a is None else to_unsigned(a, p.type.bits) if isinstance(
        p.type, ir.IntType) else a for a, p in zip(args, fn.params, strict=True)]
    return run_function(module, fn, values, **kw)


def ret(text: str, *args: int | None, **kw) -> int | object:
    """The signed return value (POISON as is); fails on UB."""
    out = run(text, *args, **kw)
    assert out.kind == "return", (out.kind, out.reason)
    if out.value is POISON or not isinstance(out.value, int):
        return out.value
    _, fn = _parsed(text)
    return to_signed(out.value, fn.return_type.bits)


def binop(op: str, ty: str = "i8") -> str:
    return f"define {ty} @f({ty} %a, {ty} %b) {{\n  %r = {op} {ty} %a, %b\n  ret {ty} %r\n}}\n"


# --------------------------------------------------------------------------
# Integer binary operators and their flags
# --------------------------------------------------------------------------

@pytest.mark.parametrize("op,a,b,expected", [
    ("add", 127, 1, -128), ("add nsw", 127, 1, POISON), ("add nuw", -1, 1, POISON),
    ("add nsw", -128, -1, POISON), ("add nuw", 100, 27, 127), ("add nuw nsw", 64, 63, 127),
    ("sub", 0, 1, -1), ("sub nuw", 0, 1, POISON), ("sub nsw", -128, 1, POISON),
    ("sub nsw", -1, 127, -128), ("sub nuw", 5, 5, 0),
    ("mul", 16, 16, 0), ("mul nsw", 64, 2, POISON), ("mul nsw", -64, 2, -128),
    ("mul nuw", -128, 2, POISON), ("mul nuw", 15, 17, -1),
    ("and", 12, 10, 8), ("or", 12, 10, 14), ("xor", 12, 10, 6),
    ("or disjoint", 1, 2, 3), ("or disjoint", 3, 1, POISON),
])
def test_arithmetic_and_logic_values_and_poison_flags(op, a, b, expected):
    assert ret(binop(op), a, b) == expected


@pytest.mark.parametrize("op,a,b,expected", [
    ("udiv", 7, 2, 3), ("udiv", -1, 16, 15), ("udiv exact", 7, 2, POISON),
    ("udiv exact", 8, 2, 4), ("sdiv", -7, 2, -3), ("sdiv", 7, -2, -3),
    ("sdiv exact", -8, 2, -4), ("sdiv exact", -7, 2, POISON),
    ("urem", 7, 3, 1), ("urem", -1, 10, 5), ("srem", -7, 2, -1), ("srem", 7, -2, 1),
])
def test_division_rounds_toward_zero_and_exact_means_no_remainder(op, a, b, expected):
    assert ret(binop(op), a, b) == expected


@pytest.mark.parametrize("op,a,b", [
    ("udiv", 7, 0), ("sdiv", 7, 0), ("urem", 7, 0), ("srem", 7, 0),
    ("sdiv", -128, -1), ("srem", -128, -1), ("udiv", None, 0),
])
def test_division_by_zero_and_int_min_by_minus_one_are_ub(op, a, b):
    out = run(binop(op), a, b)
    assert out.kind == "ub"


def test_poison_divisor_is_ub_but_poison_dividend_is_poison():
    assert run(binop("udiv"), 7, None).kind == "ub"
    assert run(binop("srem"), 7, None).kind == "ub"
    assert ret(binop("udiv"), None, 3) is POISON
    # A poison dividend divided by -1 may be INT_MIN / -1: UB (see _signed_div_ub).
    assert run(binop("sdiv"), None, -1).kind == "ub"


@pytest.mark.parametrize("op,a,b,expected", [
    ("shl", 1, 7, -128), ("shl", 1, 8, POISON), ("shl", 1, -1, POISON),
    ("shl nuw", -128, 1, POISON), ("shl nuw", 64, 1, -128), ("shl nsw", 64, 1, POISON),
    ("shl nsw", -64, 1, -128), ("shl nsw", -1, 7, -128), ("shl nsw", 1, 6, 64),
    ("lshr", -1, 7, 1), ("lshr", -128, 8, POISON), ("lshr exact", 3, 1, POISON),
    ("lshr exact", 4, 1, 2), ("ashr", -128, 7, -1), ("ashr exact", -8, 1, -4),
    ("ashr exact", -7, 1, POISON), ("ashr", 64, 9, POISON),
])
def test_shifts_too_far_are_poison_and_flags_watch_shifted_out_bits(op, a, b, expected):
    assert ret(binop(op), a, b) == expected


def test_operations_work_at_any_width():
    assert ret(binop("add", "i1"), 1, 1) == 0
    assert ret(binop("mul", "i33"), 1 << 19, 1 << 13) == -(1 << 32)
    assert ret(binop("add nsw", "i128"), (1 << 127) - 1, 1) is POISON
    assert ret(binop("sdiv", "i128"), -(1 << 127), 2) == -(1 << 126)


def test_poison_operand_makes_the_result_poison():
    assert ret(binop("add"), None, 1) is POISON
    assert ret(binop("and"), 0, None) is POISON  # even when the other operand would decide


# --------------------------------------------------------------------------
# Compares, select, casts, freeze, undef
# --------------------------------------------------------------------------

def icmp(pred: str) -> str:
    return f"define i1 @f(i8 %a, i8 %b) {{\n  %r = icmp {pred} i8 %a, %b\n  ret i1 %r\n}}\n"


@pytest.mark.parametrize("pred,a,b,expected", [
    ("slt", -1, 0, -1), ("ult", -1, 0, 0), ("sle", 3, 3, -1), ("sgt", -128, 127, 0),
    ("uge", -128, 127, -1), ("eq", 5, 5, -1), ("ne", 5, 5, 0), ("ugt", 0, 0, 0),
])
def test_icmp_predicates_read_operands_signed_or_unsigned(pred, a, b, expected):
    assert ret(icmp(pred), a, b) == expected  # i1 true reads back as -1 signed


def test_icmp_on_poison_is_poison():
    assert ret(icmp("eq"), None, 0) is POISON


def _samesign_function() -> tuple[ir.Module, ir.Function]:
    """``icmp samesign ult`` (LLVM 20 syntax, so built directly, not parsed)."""
    a, b = ir.Local("a"), ir.Local("b")
    body = (ir.ICmp("r", "ult", ir.I8, a, b, ("samesign",)), ir.Ret(ir.TypedValue(ir.I1,
                                                                                   ir.Local("r"))))
    fn = ir.Function("f", ir.I1, (ir.Param(ir.I8, (), "a"), ir.Param(ir.I8, (), "b")),
                     blocks=(ir.Block("0", body, False),))
    return ir.Module((fn,)), fn


def test_icmp_samesign_is_poison_when_signs_differ():
    module, fn = _samesign_function()
    assert run_function(module, fn, [to_unsigned(-1, 8), 1]).value is POISON
    assert run_function(module, fn, [1, 2]).value == 1
    assert run_function(module, fn, [to_unsigned(-2, 8), to_unsigned(-1, 8)]).value == 1


SELECT = """define i8 @f(i1 %c, i8 %a, i8 %b) {
  %r = select i1 %c, i8 %a, i8 %b
  ret i8 %r
}
"""


def test_select_only_the_chosen_arm_can_poison_it():
    assert ret(SELECT, 1, 5, None) == 5
    assert ret(SELECT, 0, None, 6) == 6
    assert ret(SELECT, 1, None, 6) is POISON
    assert ret(SELECT, None, 5, 5) is POISON


def cast(op: str, src: str, dst: str) -> str:
    return f"define {dst} @f({src} %a) {{\n  %r = {op} {src} %a to {dst}\n  ret {dst} %r\n}}\n"


@pytest.mark.parametrize("op,src,dst,a,expected", [
    ("trunc", "i16", "i8", 0x1FF, -1), ("trunc nuw", "i16", "i8", 256, POISON),
    ("trunc nuw", "i16", "i8", 255, -1), ("trunc nsw", "i16", "i8", 128, POISON),
    ("trunc nsw", "i16", "i8", -1, -1), ("trunc nuw nsw", "i16", "i8", 127, 127),
    ("zext", "i8", "i16", -1, 255), ("zext nneg", "i8", "i16", -1, POISON),
    ("zext nneg", "i8", "i16", 127, 127), ("sext", "i8", "i16", -1, -1),
    ("sext", "i8", "i16", 127, 127), ("zext", "i1", "i32", -1, 1),
    ("sext", "i1", "i32", -1, -1),
])
def test_casts_and_their_poison_flags(op, src, dst, a, expected):
    assert ret(cast(op, src, dst), a) == expected


FREEZE = """define i8 @f(i8 %a) {
  %r = freeze i8 %a
  ret i8 %r
}
"""


def test_freeze_keeps_values_and_turns_poison_into_a_chosen_value():
    out = run(FREEZE, 7)
    assert (out.value, out.nondeterministic) == (7, False)
    zero, ones = run(FREEZE, None), run(FREEZE, None, undef_choice="ones")
    assert (zero.value, ones.value) == (0, 255)
    assert zero.nondeterministic and ones.nondeterministic


UNDEF = """define i8 @f() {
  %r = add i8 undef, 1
  %s = xor i8 undef, undef
  %t = add i8 %r, %s
  ret i8 %t
}
"""


def test_each_undef_use_picks_its_own_value():
    assert ret(UNDEF) == 1
    assert ret(UNDEF, undef_choice="ones") == 0  # 255 + 1 and 255 ^ 255
    picks = iter([3, 5, 6])
    out = run(UNDEF, undef_choice=lambda bits, rng: next(picks))
    assert out.value == (3 + 1) + (5 ^ 6) and out.nondeterministic


# --------------------------------------------------------------------------
# Control flow
# --------------------------------------------------------------------------

BRANCH = """define i8 @f(i1 %c) {
  br i1 %c, label %t, label %e
t:
  ret i8 1
e:
  ret i8 2
}
"""


def test_branch_on_poison_or_undef_is_ub():
    assert ret(BRANCH, 1) == 1 and ret(BRANCH, 0) == 2
    assert run(BRANCH, None).kind == "ub"
    undef = BRANCH.replace("i1 %c, label", "i1 undef, label")
    assert run(undef, 1).kind == "ub"


SWITCH = """define i8 @f(i8 %x) {
  switch i8 %x, label %d [
    i8 -1, label %m
    i8 3, label %t
  ]
m:
  ret i8 10
t:
  ret i8 30
d:
  unreachable
}
"""


def test_switch_cases_default_unreachable_and_poison():
    assert ret(SWITCH, -1) == 10 and ret(SWITCH, 3) == 30
    assert run(SWITCH, 4).kind == "ub"  # default is unreachable
    assert run(SWITCH, None).kind == "ub"


LOOP = """define i32 @f(i32 %n) {
entry:
  br label %head
head:
  %i = phi i32 [ 0, %entry ], [ %i1, %body ]
  %s = phi i32 [ 0, %entry ], [ %s1, %body ]
  %c = icmp slt i32 %i, %n
  br i1 %c, label %body, label %exit
body:
  %s1 = add i32 %s, %i
  %i1 = add i32 %i, 1
  br label %head
exit:
  ret i32 %s
}
"""


def test_loops_with_phis_run_until_the_step_limit():
    assert ret(LOOP, 10) == 45
    assert ret(LOOP, 0) == 0
    out = run(LOOP, 1_000_000, step_limit=500)
    assert out.kind == "step_limit"


def test_phis_of_one_block_read_their_inputs_simultaneously():
    swap = """define i32 @f(i32 %a, i32 %b) {
entry:
  br label %l
l:
  %x = phi i32 [ %a, %entry ], [ %y, %l ]
  %y = phi i32 [ %b, %entry ], [ %x, %l ]
  %k = phi i32 [ 0, %entry ], [ %k1, %l ]
  %k1 = add i32 %k, 1
  %c = icmp eq i32 %k1, 3
  br i1 %c, label %e, label %l
e:
  %r = sub i32 %x, %y
  ret i32 %r
}
"""
    # (x, y) goes (a, b) -> (b, a) -> (a, b); read one after the other it would be (b, b).
    assert ret(swap, 10, 3) == 7


# --------------------------------------------------------------------------
# Attributes: noundef, range
# --------------------------------------------------------------------------

def test_poison_for_a_noundef_parameter_is_ub():
    f = "define i8 @f(i8 noundef %a) {\n  ret i8 %a\n}\n"
    assert run(f, None).kind == "ub"
    assert ret(f, 4) == 4


def test_poison_returned_from_a_noundef_return_is_ub():
    f = binop("add nsw").replace("define i8 @f", "define noundef i8 @f")
    assert run(f, 127, 1).kind == "ub"
    assert ret(f, 1, 1) == 2


def test_range_attribute_violation_is_poison_and_with_noundef_ub():
    f = "define i8 @f(i8 range(i8 0, 10) %a) {\n  ret i8 %a\n}\n"
    assert ret(f, 9) == 9
    assert ret(f, 10) is POISON
    assert run(f.replace("range(", "noundef range("), 10).kind == "ub"


# --------------------------------------------------------------------------
# Memory: alloca, load, store, getelementptr, globals, mem intrinsics
# --------------------------------------------------------------------------

UNINIT = """define i32 @f() {
  %p = alloca i32, align 4
  %v = load i32, ptr %p, align 4
  ret i32 %v
}
"""


def test_load_of_uninitialised_stack_memory_is_poison():
    assert ret(UNINIT) is POISON


BYTES = """define i8 @f(i32 %x, i64 %i) {
  %p = alloca i32, align 4
  store i32 %x, ptr %p, align 4
  %q = getelementptr inbounds i8, ptr %p, i64 %i
  %v = load i8, ptr %q, align 1
  ret i8 %v
}
"""


def test_memory_is_little_endian_bytes():
    assert [ret(BYTES, 0x01020304, i) for i in range(4)] == [4, 3, 2, 1]


def test_out_of_bounds_inbounds_gep_is_poison_and_loading_through_it_is_ub():
    gep = """define i1 @f(i64 %i) {
  %p = alloca [4 x i8], align 1
  %q = getelementptr inbounds i8, ptr %p, i64 %i
  %c = icmp eq ptr %q, null
  ret i1 %c
}
"""
    assert ret(gep, 4) == 0  # one past the end is in bounds
    assert ret(gep, 5) is POISON
    assert ret(gep, -1) is POISON
    assert run(BYTES, 1, 4).kind == "ub"  # load at one-past-the-end: OOB (q is poison too)
    plain = BYTES.replace("inbounds ", "")
    out = run(plain, 1, 7)
    assert out.kind == "ub" and "out of bounds" in out.reason


def test_partially_poisoned_bytes_make_a_wider_load_poison():
    f = """define i32 @f(i8 %x) {
  %p = alloca i32, align 4
  store i8 %x, ptr %p, align 4
  %v = load i32, ptr %p, align 4
  ret i32 %v
}
"""
    assert ret(f, 1) is POISON


def test_misaligned_and_oversized_accesses_are_ub():
    misaligned = BYTES.replace("load i8, ptr %q, align 1", "load i8, ptr %q, align 2")
    assert ret(misaligned, 7, 2) == 0
    assert run(misaligned, 7, 1).kind == "ub"
    wide = UNINIT.replace("load i32, ptr %p, align 4", "load i64, ptr %p, align 4").replace(
        "define i32", "define i64").replace("ret i32", "ret i64")
    assert run(wide).kind == "ub"
    over_aligned = UNINIT.replace("load i32, ptr %p, align 4", "load i32, ptr %p, align 8")
    assert run(over_aligned).kind == "ub"  # the block itself is only 4-aligned


STRUCT = """%struct.S = type { i8, i32, [2 x i16] }

define i64 @f(i32 %x) {
  %s = alloca %struct.S, align 4
  %f1 = getelementptr inbounds %struct.S, ptr %s, i32 0, i32 1
  store i32 %x, ptr %f1, align 4
  %a1 = getelementptr inbounds %struct.S, ptr %s, i32 0, i32 2, i64 1
  store i16 7, ptr %a1, align 2
  %v = load i32, ptr %f1, align 4
  %w = load i16, ptr %a1, align 2
  %d = ptrtoint ptr %a1 to i64
  %e = ptrtoint ptr %s to i64
  %off = sub i64 %d, %e
  %vw = zext i32 %v to i64
  %sum = add i64 %off, %vw
  ret i64 %sum
}
"""


def test_struct_layout_from_the_datalayout():
    assert Layout(None).alloc_size(ir.IntType(64)) == 8
    assert Layout(None).abi_align(ir.IntType(64)) == 4  # LLVM's default i64:32
    s = ir.StructType((ir.I8, ir.I32, ir.ArrayType(2, ir.IntType(16))))
    lay = Layout("e-i64:64")
    assert lay.struct_offsets(s) == (0, 4, 8) and lay.alloc_size(s) == 12
    assert Layout(None).alloc_size(ir.StructType((ir.I8, ir.I32), packed=True)) == 5
    assert ret(STRUCT, 100) == 10 + 100  # field 2 at 8, element 1 at +2


def test_pointers_survive_a_store_and_load():
    f = """define i32 @f(i32 %x) {
  %a = alloca i32, align 4
  %pp = alloca ptr, align 8
  store i32 %x, ptr %a, align 4
  store ptr %a, ptr %pp, align 8
  %p = load ptr, ptr %pp, align 8
  %v = load i32, ptr %p, align 4
  ret i32 %v
}
"""
    assert ret(f, 42) == 42


def test_access_after_lifetime_end_is_ub():
    f = """define i32 @f() {
  %a = alloca i32, align 4
  call void @llvm.lifetime.start.p0(i64 4, ptr %a)
  store i32 1, ptr %a, align 4
  call void @llvm.lifetime.end.p0(i64 4, ptr %a)
  %v = load i32, ptr %a, align 4
  ret i32 %v
}
declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)
"""
    out = run(f)
    assert out.kind == "ub" and "dead" in out.reason
    before_start = f.replace("  call void @llvm.lifetime.start.p0(i64 4, ptr %a)\n", "")
    before_start = before_start.replace("store i32 1", "%v0 = load i32, ptr %a, align 4\n"
                                        "  store i32 1")
    assert run(before_start).kind == "ub"


GLOBALS = """@k = constant [3 x i16] [i16 1, i16 2, i16 3], align 2
@g = global i32 5, align 4

define i32 @f(i64 %i) {
  %p = getelementptr inbounds [3 x i16], ptr @k, i64 0, i64 %i
  %v = load i16, ptr %p, align 2
  %w = sext i16 %v to i32
  %g0 = load i32, ptr @g, align 4
  %s = add i32 %w, %g0
  store i32 %s, ptr @g, align 4
  ret i32 %s
}
"""


def test_globals_start_with_their_initializer_and_record_writes():
    out = run(GLOBALS, 2)
    assert out.value == 8
    assert out.memory["@g"] == (8, 0, 0, 0)
    assert run(GLOBALS, 3).kind == "ub"  # past the constant array


def test_store_to_a_constant_global_is_ub():
    f = GLOBALS.replace("store i32 %s, ptr @g", "store i32 %s, ptr @k")
    assert run(f, 0).kind == "ub"


def test_memcpy_and_memset():
    f = """@init = private constant [4 x i8] c"abcd", align 1

define i8 @f(i64 %i) {
  %a = alloca [8 x i8], align 1
  call void @llvm.memset.p0.i64(ptr align 1 %a, i8 122, i64 8, i1 false)
  call void @llvm.memcpy.p0.p0.i64(ptr align 1 %a, ptr align 1 @init, i64 4, i1 false)
  %p = getelementptr inbounds [8 x i8], ptr %a, i64 0, i64 %i
  %v = load i8, ptr %p, align 1
  ret i8 %v
}
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
"""
    assert [ret(f, i) for i in (0, 3, 4, 7)] == [ord("a"), ord("d"), ord("z"), ord("z")]


def test_memcpy_ranges_must_be_equal_or_disjoint_and_huge_lengths_are_just_ub():
    f = """define i8 @f(i64 %d, i64 %n) {
  %a = alloca [8 x i8], align 1
  call void @llvm.memset.p0.i64(ptr align 1 %a, i8 1, i64 8, i1 false)
  %q = getelementptr inbounds i8, ptr %a, i64 %d
  call void @llvm.memcpy.p0.p0.i64(ptr align 1 %q, ptr align 1 %a, i64 %n, i1 false)
  %v = load i8, ptr %a, align 1
  ret i8 %v
}
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
"""
    assert ret(f, 0, 4) == 1  # dst == src: allowed
    assert ret(f, 4, 4) == 1  # disjoint halves
    assert run(f, 2, 4).kind == "ub"  # partial overlap
    assert run(f, 0, 1 << 62).kind == "ub"  # out of bounds, decided before copying
    assert ret(f, 9, 0) == 1  # zero length: no access at all


def test_mutable_globals_can_start_with_any_contents_but_constants_cannot():
    from veriopt.verify.interpreter import InitialMemory

    module, fn = _parsed(GLOBALS)
    seen = set()
    for seed in range(6):
        for fill in ("random", "random+poison"):
            mem = InitialMemory(module, fill=fill, seed=seed)
            assert mem.image("k").contents == (1, 0, 2, 0, 3, 0)
            seen.add(mem.image("g").contents)
            out = run_function(module, fn, [to_unsigned(0, 64)], initial_memory=mem)
            assert out.kind == "return"
    assert len(seen) > 6 and any(POISON in c for c in seen)
    assert InitialMemory(module).image("g").contents == (5, 0, 0, 0)


def test_call_site_attributes_can_make_an_intrinsic_result_poison_or_ub():
    f = """define i8 @f(i8 %a) {
  %r = call range(i8 0, 4) i8 @llvm.ctpop.i8(i8 %a)
  ret i8 %r
}
declare i8 @llvm.ctpop.i8(i8)
"""
    assert ret(f, 7) == 3
    assert ret(f, 15) is POISON
    assert run(f.replace("call range(", "call noundef range("), 15).kind == "ub"
    assert run(f.replace("(i8 %a)\n  ret", "(i8 noundef %a)\n  ret"), None).kind == "ub"


def test_dereferenceable_parameters_must_point_to_live_memory():
    from veriopt.verify.interpreter import InitialMemory, Layout, Memory

    f = "define i32 @f(ptr dereferenceable(4) %p) {\n  ret i32 0\n}\n"
    module, fn = _parsed(f)
    for size, kind in ((4, "return"), (2, "ub")):
        mem = Memory(InitialMemory(module), Layout(module.datalayout))
        p = mem.allocate("argument", "%p", size, 4, contents=[0] * size)
        assert run_function(module, fn, [p], memory=mem).kind == kind
    assert run_function(module, fn, [POISON]).kind == "ub"


# --------------------------------------------------------------------------
# Intrinsics and aggregates
# --------------------------------------------------------------------------

def intrinsic(name: str, ty: str, n: int, extra: str = "", ret_ty: str | None = None) -> str:
    args = ", ".join(f"{ty} %a{i}" for i in range(n))
    call_args = ", ".join([f"{ty} %a{i}" for i in range(n)] + ([extra] if extra else []))
    ret_ty = ret_ty or ty
    decl_args = ", ".join([ty] * n + ([extra.split()[0]] if extra else []))
    return (f"define {ret_ty} @f({args}) {{\n  %r = call {ret_ty} @llvm.{name}({call_args})\n"
            f"  ret {ret_ty} %r\n}}\ndeclare {ret_ty} @llvm.{name}({decl_args})\n")


@pytest.mark.parametrize("name,n,extra,args,expected", [
    ("smax.i8", 2, "", (-1, 1), 1), ("smin.i8", 2, "", (-1, 1), -1),
    ("umax.i8", 2, "", (-1, 1), -1), ("umin.i8", 2, "", (-1, 1), 1),
    ("abs.i8", 1, "i1 false", (-128,), -128), ("abs.i8", 1, "i1 true", (-128,), POISON),
    ("abs.i8", 1, "i1 true", (-5,), 5), ("ctpop.i8", 1, "", (-1,), 8),
    ("ctlz.i8", 1, "i1 false", (0,), 8), ("ctlz.i8", 1, "i1 true", (0,), POISON),
    ("ctlz.i8", 1, "i1 true", (1,), 7), ("cttz.i8", 1, "i1 false", (8,), 3),
    ("cttz.i8", 1, "i1 true", (0,), POISON), ("bitreverse.i8", 1, "", (1,), -128),
    ("fshl.i8", 3, "", (0x12, 0x34, 4), 0x23), ("fshr.i8", 3, "", (0x12, 0x34, 4), 0x23),
    ("fshl.i8", 3, "", (0x12, 0x34, 12), 0x23), ("sadd.sat.i8", 2, "", (100, 100), 127),
    ("ssub.sat.i8", 2, "", (-100, 100), -128), ("uadd.sat.i8", 2, "", (-1, 1), -1),
    ("usub.sat.i8", 2, "", (1, 2), 0), ("umax.i8", 2, "", (None, 1), POISON),
    ("sshl.sat.i8", 2, "", (64, 1), 127), ("sshl.sat.i8", 2, "", (-65, 1), -128),
    ("ushl.sat.i8", 2, "", (-128, 1), -1), ("sshl.sat.i8", 2, "", (1, 8), POISON),
    ("scmp.i8.i8", 2, "", (-1, 1), -1), ("ucmp.i8.i8", 2, "", (-1, 1), 1),
    ("scmp.i8.i8", 2, "", (3, 3), 0),
])
def test_integer_intrinsics(name, n, extra, args, expected):
    assert ret(intrinsic(name, "i8", n, extra), *args) == expected


def test_bswap_reverses_bytes():
    assert ret(intrinsic("bswap.i32", "i32", 1), 0x01020304) == 0x04030201


WITH_OVERFLOW = """define i8 @f(i8 %a, i8 %b) {
  %s = call { i8, i1 } @llvm.sadd.with.overflow.i8(i8 %a, i8 %b)
  %v = extractvalue { i8, i1 } %s, 0
  %o = extractvalue { i8, i1 } %s, 1
  %oz = zext i1 %o to i8
  %t = insertvalue { i8, i1 } %s, i8 %oz, 0
  %w = extractvalue { i8, i1 } %t, 0
  %r = add i8 %v, %w
  ret i8 %r
}
declare { i8, i1 } @llvm.sadd.with.overflow.i8(i8, i8)
"""


def test_with_overflow_returns_a_struct_read_by_extractvalue():
    assert ret(WITH_OVERFLOW, 127, 1) == -128 + 1
    assert ret(WITH_OVERFLOW, 1, 1) == 2
    umul = WITH_OVERFLOW.replace("sadd.with", "umul.with")
    assert ret(umul, 16, 16) == 0 + 1  # 256 wraps to 0, overflow bit 1
    assert ret(umul, 15, 17) == -1 + 0


def test_assume_false_is_ub_and_expect_is_identity():
    f = """define i8 @f(i8 %a) {
  %c = icmp ne i8 %a, 0
  call void @llvm.assume(i1 %c)
  %r = call i8 @llvm.expect.i8(i8 %a, i8 1)
  ret i8 %r
}
declare void @llvm.assume(i1)
declare i8 @llvm.expect.i8(i8, i8)
"""
    assert ret(f, 3) == 3
    assert run(f, 0).kind == "ub"


def test_intrinsic_names_are_matched_on_their_base():
    assert intrinsic_base("llvm.sadd.with.overflow.i32") == "sadd.with.overflow"
    assert intrinsic_base("llvm.memcpy.p0.p0.i64") == "memcpy"
    assert intrinsic_base("llvm.sadd.sat.i8") == "sadd.sat"
    assert intrinsic_base("llvm.foo.i8") is None and intrinsic_base("printf") is None


# --------------------------------------------------------------------------
# Unsupported constructs, traces, speed
# --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "declare i32 @g(i32)\ndefine i32 @f(i32 %a) {\n  %r = call i32 @g(i32 %a)\n  ret i32 %r\n}\n",
    "define float @f(float %a) {\n  %r = fadd float %a, %a\n  ret float %r\n}\n",
    "define <2 x i8> @f(<2 x i8> %a) {\n  %r = add <2 x i8> %a, %a\n  ret <2 x i8> %r\n}\n",
    "define i32 @f(ptr %p) {\n  %r = load volatile i32, ptr %p, align 4\n  ret i32 %r\n}\n",
])
def test_unsupported_constructs_raise_unsupported_ir(text):
    module, fn = _parsed(text)
    with pytest.raises(UnsupportedIR):
        run_function(module, fn, [0] * len(fn.params))


def test_trace_lists_results_in_execution_order():
    out = run(WITH_OVERFLOW, 1, 2)
    assert [name for name, _ in out.trace] == ["s", "v", "o", "oz", "t", "w", "r"]
    assert dict(out.trace)["s"] == (3, 0)


def test_pointer_results_are_block_and_offset():
    f = "define ptr @f() {\n  %p = alloca [2 x i32], align 4\n  ret ptr %p\n}\n"
    out = run(f)
    assert isinstance(out.value, Pointer) and out.value.offset == 0
    assert out.blocks[out.value.block] == ("stack", 8)


def test_hundreds_of_runs_of_a_50_instruction_function_agree_with_python_arithmetic():
    """The interpreter on a long straight-line chain matches plain Python arithmetic
    (its speed is measured by benchmarks/speed_bounds.py, not asserted here)."""
    ops = ["add nsw", "mul", "xor", "and", "or", "sub nuw", "shl", "lshr", "udiv", "srem"]
    body, prev = [], "%a"
    for i in range(50):
        op = ops[i % len(ops)]
        rhs = "3" if op.split()[0] in ("shl", "lshr", "udiv", "srem") else "%b"
        body.append(f"  %t{i} = {op} i32 {prev}, {rhs}")
        prev = f"%t{i}"
    text = "define i32 @f(i32 %a, i32 %b) {\n" + "\n".join(body) + f"\n  ret i32 {prev}\n}}\n"
    module, fn = _parsed(text)
    rng = random.Random(0)
    inputs = [[rng.getrandbits(32), rng.getrandbits(32)] for _ in range(512)]
    poisoned = 0
    for a, b in inputs:
        expected = _chain_in_python(ops, a, b)
        assert run_function(module, fn, [a, b]).value == expected, (a, b)
        poisoned += expected is POISON
    assert 0 < poisoned < len(inputs)  # both the poison and the value paths were exercised


def _chain_in_python(ops: list[str], a: int, b: int) -> int | object:
    """The 50-operation chain above in Python; POISON where a flag or shift overflows."""
    mask, x = 0xFFFFFFFF, a
    for i in range(50):
        op = ops[i % len(ops)]
        rhs = 3 if op.split()[0] in ("shl", "lshr", "udiv", "srem") else b
        name = op.split()[0]
        if name == "add":  # add nsw
            s = _signed(x) + _signed(rhs)
            if not -(1 << 31) <= s < (1 << 31):
                return POISON
            x = s & mask
        elif name == "sub":  # sub nuw
            if rhs > x:
                return POISON
            x = x - rhs
        elif name == "mul":
            x = (x * rhs) & mask
        elif name == "xor":
            x ^= rhs
        elif name == "and":
            x &= rhs
        elif name == "or":
            x |= rhs
        elif name == "shl":
            x = (x << rhs) & mask
        elif name == "lshr":
            x >>= rhs
        elif name == "udiv":
            x //= rhs
        elif name == "srem":
            s = _signed(x)
            x = (abs(s) % rhs * (1 if s >= 0 else -1)) & mask
    return x


def _signed(v: int) -> int:
    return v - (1 << 32) if v & (1 << 31) else v


# --------------------------------------------------------------------------
# Against LLVM's own constant folder (a second, independent oracle)
# --------------------------------------------------------------------------

_FOLD_BINARY = [("add", ("", "nsw", "nuw", "nuw nsw")), ("sub", ("", "nsw", "nuw")),
                ("mul", ("", "nsw", "nuw")), ("udiv", ("", "exact")), ("sdiv", ("", "exact")),
                ("urem", ("",)), ("srem", ("",)), ("shl", ("", "nsw", "nuw")),
                ("lshr", ("", "exact")), ("ashr", ("", "exact")), ("and", ("",)),
                ("or", ("", "disjoint")), ("xor", ("",))]
_FOLD_INTRINSICS = [("smax", 2), ("smin", 2), ("umax", 2), ("umin", 2), ("ctpop", 1),
                    ("sadd.sat", 2), ("ssub.sat", 2), ("uadd.sat", 2), ("usub.sat", 2),
                    ("fshl", 3), ("fshr", 3), ("bitreverse", 1)]


def _fold_cases(rng: random.Random, n: int) -> list[str]:
    """Functions with constant operands only, one operation each."""
    out = []
    for k in range(n):
        w = rng.choice([1, 8, 8, 8, 16, 32, 33, 64])
        vals = [0, 1, 2, 3, -1, -2, (1 << (w - 1)) - 1, -(1 << (w - 1)), w - 1, w]
        a, b, c = (to_signed(rng.choice([*vals, rng.getrandbits(w)]) & ((1 << w) - 1), w)
                   for _ in range(3))
        ty = f"i{w}"
        kind = rng.random()
        if kind < 0.6:
            op, flags = rng.choice(_FOLD_BINARY)
            body = f"%r = {op} {rng.choice(flags)} {ty} {a}, {b}"
        elif kind < 0.75:
            pred = rng.choice(sorted(("eq", "ne", "ugt", "uge", "ult", "ule", "sgt", "sge",
                                      "slt", "sle")))
            out.append(f"define i1 @f{k}() {{\n  %r = icmp {pred} {ty} {a}, {b}\n"
                       f"  ret i1 %r\n}}\n")
            continue
        elif kind < 0.85 and w > 1:
            dw = rng.choice([x for x in (1, 8, 16, 32, 64) if x != w])
            op = rng.choice(["trunc", "trunc nuw", "trunc nsw"] if dw < w else
                            ["zext", "zext nneg", "sext"])
            out.append(f"define i{dw} @f{k}() {{\n  %r = {op} {ty} {a} to i{dw}\n"
                       f"  ret i{dw} %r\n}}\n")
            continue
        else:
            name, arity = rng.choice(_FOLD_INTRINSICS)
            args = ", ".join(f"{ty} {x}" for x in (a, b, c)[:arity])
            body = f"%r = call {ty} @llvm.{name}.{ty}({args})"
        out.append(f"define {ty} @f{k}() {{\n  {body}\n  ret {ty} %r\n}}\n")
    return out


def fold_against_llvm(n: int, seed: int) -> tuple[int, list, list]:
    """(compared, disagreements, cases where we say poison/UB but LLVM folds a value)."""
    import re

    from veriopt.llvm.toolchain import get_toolchain

    parser = pytest.importorskip("veriopt.llvm.parser")
    tc = get_toolchain()
    text = DL + "".join(_fold_cases(random.Random(seed), n))
    module = parser.parse_module(tc.canonicalize(text))
    folded = tc.opt(text, "instsimplify")
    results = dict(re.findall(r"define \S+ @(f\d+)\(\) [^{]*\{\n\s+ret \S+ ([^\n]+)\n", folded))
    compared, wrong, stricter = 0, [], []
    for fn in module.definitions:
        expect = results.get(fn.name)
        if expect is None:
            continue  # LLVM left it unfolded
        out = run_function(module, fn, [])
        got = out.value if out.kind == "return" else out.kind
        compared += 1
        text_of = str(fn.blocks[0].instructions[0])
        if got is POISON or got == "ub":
            if expect != "poison":
                stricter.append((text_of, expect, got))
            continue
        w = fn.return_type.bits
        value = {"true": 1, "false": 0}.get(expect)
        if value is None and expect != "poison":
            value = int(expect) & ((1 << w) - 1)
        if got != value:
            wrong.append((text_of, expect, got))
    return compared, wrong, stricter


def test_interpreter_agrees_with_llvm_constant_folding():
    """instsimplify folds constant operations. LLVM may refine poison to any value, so
    where it folds a value while we say poison we can only list it (reviewed by hand:
    LLVM's folder ignores exact/nneg/disjoint and some nsw/nuw); but where we compute a
    defined value, LLVM's fold must be exactly that value."""
    compared, wrong, stricter = fold_against_llvm(600, 7)
    assert compared > 400
    assert not wrong, wrong[:5]
    assert len(stricter) < compared // 5


LAYOUT_TYPES = ["i1", "i8", "i16", "i24", "i32", "i33", "i48", "i64", "i65", "i128", "i256",
                "ptr", "half", "float", "double", "fp128", "[3 x i16]", "{ i8, i32 }",
                "{ i8, i64 }", "{ i1, i128 }", "<{ i8, i32 }>", "{ i8, { i16, i64 } }",
                "[2 x { i8, i24 }]", "{ i32, [0 x i8] }", "{}"]


@pytest.mark.parametrize("datalayout", [None, "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"])
def test_layout_matches_llvm_for_sizes_alignments_and_field_offsets(datalayout):
    """LLVM folds ``ptrtoint (gep T, null, 1)`` to T's alloc size and ``gep {i1, T},
    null, 0, 1`` to its ABI alignment: the oracle for our `Layout` (and, when it is
    there, for the verifier's own `veriopt.llvm.layout`, read independently)."""
    import re

    from veriopt.llvm.toolchain import get_toolchain

    parser = pytest.importorskip("veriopt.llvm.parser")
    queries = []
    for k, t in enumerate(LAYOUT_TYPES):
        queries.append((f"size{k}", f"getelementptr {t}, ptr null, i64 1"))
        queries.append((f"align{k}", f"getelementptr {{ i1, {t} }}, ptr null, i64 0, i32 1"))
    text = "".join(f"define i64 @{n}() {{\n  %p = {g}\n  %r = ptrtoint ptr %p to i64\n"
                   f"  ret i64 %r\n}}\n" for n, g in queries)
    header = f'target datalayout = "{datalayout}"\n' if datalayout else ""
    tc = get_toolchain()
    folded = dict(re.findall(r"@(\w+)\(\) [^{]*\{\n\s+ret i64 (\d+)", tc.opt(header + text,
                                                                              "instsimplify")))
    module = parser.parse_module(tc.canonicalize(header + text))
    ours = Layout(datalayout)
    theirs = None
    try:
        from veriopt.llvm.layout import DataLayout
        theirs = DataLayout.parse(datalayout)
    except ImportError:
        pass
    wrong = []
    for fn in module.definitions:
        gep = fn.blocks[0].instructions[0]
        k = int(re.sub(r"\D", "", fn.name))
        t = gep.source_type if fn.name.startswith("size") else gep.source_type.fields[1]
        expect = int(folded[fn.name])
        got = ours.alloc_size(t) if fn.name.startswith("size") else ours.abi_align(t)
        if got != expect:
            wrong.append(("ours", fn.name, LAYOUT_TYPES[k], got, expect))
        if theirs is not None:
            got = theirs.alloc_size_of(t) if fn.name.startswith("size") else theirs.abi_align(t)
            if got != expect:
                wrong.append(("veriopt.llvm.layout", fn.name, LAYOUT_TYPES[k], got, expect))
    assert len(folded) == len(queries)
    assert not wrong, wrong
