"""The UB audit (docs/ub-audit.md) as tests: every condition under which the encoder
declares undefined behaviour, and every fact it assumes, on both sides.

A UB rule is shown by two sources that differ only in whether the condition holds:
where it holds on every input, src is always UB and any tgt refines it (we check
``unreachable``); where it never holds, ``unreachable`` must be rejected. A fact is
shown by a tgt that needs it (correct) and one that needs more (incorrect). Each row
names where the rule lives and its id in docs/ub-audit.md; the expected verdicts are
LangRef 19's, checked against Alive2 v19 (alive-tv) where LangRef leaves a case open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from veriopt.verify import check

DL = ('target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'
      'target triple = "aarch64-unknown-linux-gnu"\n')

@dataclass(frozen=True)
class Rule:
    """``ub``: src where the condition holds on every input; ``defined``: the same
    where it never holds."""

    id: str
    ub: str
    defined: str


def unreachable_like(src: str) -> str:
    """``src`` with the body of its definition replaced by ``unreachable``."""
    m = re.search(r"(define [^\n]*\{\n)(.*?)(\n\}\n)", src, re.S)
    assert m, src
    return src[:m.start(2)] + "  unreachable" + src[m.end(2):]


def fn(body: str, sig: str = "i8 @f()", decls: str = "", attrs: str = "") -> str:
    return f"{decls}define {sig}{' ' + attrs if attrs else ''} {{\n{body}\n}}\n"


MEMCPY = "declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)\n"
MEMSET = "declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)\n"
LIFETIME = ("declare void @llvm.lifetime.start.p0(i64, ptr)\n"
            "declare void @llvm.lifetime.end.p0(i64, ptr)\n")
ASSUME = "declare void @llvm.assume(i1)\n"
FREE = "declare void @free(ptr)\ndeclare ptr @malloc(i64)\n"

RULES = [
    # ---- integer arithmetic (semantics.py BINARY, encoder._exec_BinaryOp) ---------------------
    Rule("div-by-zero", fn("  %r = udiv i8 7, 0\n  ret i8 %r"), fn("  %r = udiv i8 7, 1\n  ret i8 %r")),
    Rule("rem-by-zero", fn("  %r = srem i8 7, 0\n  ret i8 %r"), fn("  %r = srem i8 7, 2\n  ret i8 %r")),
    Rule("divisor-poison", fn("  %r = urem i8 7, poison\n  ret i8 %r"),
         fn("  %r = urem i8 poison, 7\n  ret i8 %r")),
    Rule("divisor-undef", fn("  %r = udiv i8 7, undef\n  ret i8 %r"),
         fn("  %r = udiv i8 undef, 7\n  ret i8 %r")),
    Rule("sdiv-overflow", fn("  %r = sdiv i8 -128, -1\n  ret i8 %r"),
         fn("  %r = sdiv i8 -127, -1\n  ret i8 %r")),
    Rule("sdiv-poison-by-minus-one", fn("  %r = srem i8 poison, -1\n  ret i8 %r"),
         fn("  %r = srem i8 poison, 3\n  ret i8 %r")),
    Rule("shift-too-large-is-poison", fn("  %r = shl i8 1, 8\n  %u = udiv i8 1, %r\n  ret i8 0"),
         fn("  %r = shl i8 1, 8\n  ret i8 %r")),
    # ---- control flow (encoder._exec_Br/_exec_Switch/_exec_Ret/_exec_Unreachable) -------------
    Rule("branch-on-poison", fn("  br i1 poison, label %a, label %a\na:\n  ret i8 0"),
         fn("  br i1 true, label %a, label %a\na:\n  ret i8 0")),
    Rule("branch-on-undef", fn("  br i1 undef, label %a, label %a\na:\n  ret i8 0"),
         fn("  %c = freeze i1 undef\n  br i1 %c, label %a, label %a\na:\n  ret i8 0")),
    Rule("switch-on-poison", fn("  switch i8 poison, label %a [ i8 0, label %a ]\na:\n  ret i8 0"),
         fn("  switch i8 0, label %a [ i8 0, label %a ]\na:\n  ret i8 0")),
    Rule("unreachable", fn("  unreachable"), fn("  ret i8 0")),
    Rule("noundef-return-poison", fn("  ret i8 poison", sig="noundef i8 @f()"),
         fn("  ret i8 0", sig="noundef i8 @f()")),
    Rule("noundef-nonnull-return-null", fn("  ret ptr null", sig="noundef nonnull ptr @f()"),
         fn("  ret ptr null", sig="nonnull ptr @f()")),
    Rule("noreturn-function-returns", fn("  ret i8 0", attrs="noreturn"), fn("  ret i8 0")),
    Rule("allocsize-return-poison", fn("  ret ptr poison", sig="ptr @f(i64 noundef %n)",
                                       attrs="allocsize(0)"),
         fn("  ret ptr null", sig="ptr @f(i64 noundef %n)", attrs="allocsize(0)")),
    Rule("nofree-frees-what-existed",
         fn("  call void @free(ptr %p)\n  ret i8 0", sig="i8 @f(ptr nonnull noundef %p)",
            decls=FREE, attrs="nofree"),
         fn("  %m = call ptr @malloc(i64 1)\n  call void @free(ptr %m)\n  ret i8 0",
            sig="i8 @f(ptr nonnull noundef %p)", decls=FREE, attrs="nofree")),
    # ---- memory accesses (memory.access_ub via encoder._access) -------------------------------
    Rule("load-null", fn("  %v = load i8, ptr null\n  ret i8 %v"),
         fn("  %a = alloca i8\n  %v = load i8, ptr %a\n  ret i8 %v")),
    Rule("load-null-valid-in-fn", fn("  %v = load i8, ptr null\n  ret i8 %v"),
         fn("  %v = load i8, ptr null\n  ret i8 %v", attrs="null_pointer_is_valid")),
    Rule("load-poison-pointer", fn("  %v = load i8, ptr poison\n  ret i8 %v"),
         fn("  %a = alloca i8\n  %v = load i8, ptr %a\n  ret i8 %v")),
    Rule("load-out-of-bounds", fn("  %a = alloca i32\n  %v = load i64, ptr %a\n  ret i8 0"),
         fn("  %a = alloca i64\n  %v = load i64, ptr %a\n  ret i8 0")),
    Rule("misaligned-local-load",
         fn("  %a = alloca i32, align 4\n  %v = load i32, ptr %a, align 8\n  ret i8 0"),
         fn("  %a = alloca i32, align 8\n  %v = load i32, ptr %a, align 8\n  ret i8 0")),
    Rule("store-to-constant-global",
         fn("  store i8 1, ptr @g\n  ret i8 0", decls="@g = constant i8 0\n"),
         fn("  store i8 1, ptr @g\n  ret i8 0", decls="@g = global i8 0\n")),
    Rule("load-dead-alloca",
         fn("  %a = alloca i8\n  call void @llvm.lifetime.start.p0(i64 1, ptr %a)\n"
            "  call void @llvm.lifetime.end.p0(i64 1, ptr %a)\n  %v = load i8, ptr %a\n  ret i8 0",
            decls=LIFETIME),
         fn("  %a = alloca i8\n  call void @llvm.lifetime.start.p0(i64 1, ptr %a)\n"
            "  %v = load i8, ptr %a\n  ret i8 0", decls=LIFETIME)),
    Rule("use-after-free",
         fn("  %m = call ptr @malloc(i64 1)\n  call void @free(ptr %m)\n  store i8 0, ptr %m\n"
            "  ret i8 0", decls=FREE),
         fn("  %m = call ptr @malloc(i64 1)\n  store i8 0, ptr %m\n  call void @free(ptr %m)\n"
            "  ret i8 0", decls=FREE)),
    Rule("gep-inbounds-out-of-bounds-is-poison",
         fn("  %a = alloca i8\n  %q = getelementptr inbounds i8, ptr %a, i64 -1\n"
            "  %v = load i8, ptr %q\n  ret i8 0"),
         fn("  %a = alloca i8\n  %q = getelementptr inbounds i8, ptr %a, i64 -1\n  ret i8 0")),
    # ---- allocation (stack.py, libcalls.py) --------------------------------------------------
    Rule("alloca-poison-count", fn("  %a = alloca i8, i32 poison\n  ret i8 0"),
         fn("  %a = alloca i8, i32 1\n  ret i8 0")),
    Rule("alloca-size-overflows", fn("  %a = alloca i64, i64 4611686018427387904\n  ret i8 0"),
         fn("  %a = alloca i64, i64 4\n  ret i8 0")),
    Rule("malloc-poison-size", fn("  %m = call ptr @malloc(i64 poison)\n  ret i8 0", decls=FREE),
         fn("  %m = call ptr @malloc(i64 0)\n  ret i8 0", decls=FREE)),
    Rule("free-of-stack-block", fn("  %a = alloca i8\n  call void @free(ptr %a)\n  ret i8 0",
                                   decls=FREE),
         fn("  call void @free(ptr null)\n  ret i8 0", decls=FREE)),
    Rule("free-of-global", fn("  call void @free(ptr @g)\n  ret i8 0",
                              decls=FREE + "@g = global i8 0\n"),
         fn("  call void @free(ptr %p)\n  ret i8 0", sig="i8 @f(ptr %p)", decls=FREE)),
    Rule("double-free",
         fn("  %m = call ptr @malloc(i64 1)\n  call void @free(ptr %m)\n  call void @free(ptr %m)"
            "\n  ret i8 0", decls=FREE),
         fn("  %m = call ptr @malloc(i64 1)\n  call void @free(ptr %m)\n  ret i8 0", decls=FREE)),
    # ---- memory intrinsics (libcalls._copy/_set/_lifetime) -----------------------------------
    Rule("memcpy-overlap",
         fn("  %a = alloca [8 x i8]\n  %b = getelementptr i8, ptr %a, i64 1\n"
            "  call void @llvm.memcpy.p0.p0.i64(ptr %a, ptr %b, i64 4, i1 false)\n  ret i8 0",
            decls=MEMCPY),
         fn("  %a = alloca [8 x i8]\n  %b = getelementptr i8, ptr %a, i64 4\n"
            "  call void @llvm.memcpy.p0.p0.i64(ptr %a, ptr %b, i64 4, i1 false)\n  ret i8 0",
            decls=MEMCPY)),
    Rule("memcpy-poison-length",
         fn("  call void @llvm.memcpy.p0.p0.i64(ptr %p, ptr %p, i64 poison, i1 false)\n  ret i8 0",
            sig="i8 @f(ptr %p)", decls=MEMCPY),
         fn("  call void @llvm.memcpy.p0.p0.i64(ptr %p, ptr %p, i64 0, i1 false)\n  ret i8 0",
            sig="i8 @f(ptr %p)", decls=MEMCPY)),
    Rule("memset-out-of-bounds",
         fn("  %a = alloca i8\n  call void @llvm.memset.p0.i64(ptr %a, i8 0, i64 2, i1 false)\n"
            "  ret i8 0", decls=MEMSET),
         fn("  call void @llvm.memset.p0.i64(ptr null, i8 0, i64 0, i1 false)\n  ret i8 0",
            decls=MEMSET)),
    # ---- calls (calls.evaluate_args, execute_unknown_call, _return_attributes) ----------------
    Rule("noundef-argument-poison",
         fn("  call void @g(i8 poison)\n  ret i8 0", decls="declare void @g(i8 noundef)\n"),
         fn("  call void @g(i8 poison)\n  ret i8 0", decls="declare void @g(i8)\n")),
    Rule("dereferenceable-argument-null",
         fn("  call void @g(ptr null)\n  ret i8 0", decls="declare void @g(ptr dereferenceable(4))\n"),
         fn("  call void @g(ptr null)\n  ret i8 0",
            decls="declare void @g(ptr dereferenceable_or_null(4))\n")),
    Rule("nonnull-argument-null-is-poison",
         fn("  call void @g(ptr null)\n  ret i8 0", decls="declare void @g(ptr nonnull noundef)\n"),
         fn("  call void @g(ptr null)\n  ret i8 0", decls="declare void @g(ptr nonnull)\n")),
    Rule("call-arity-mismatch",
         fn("  %r = call i32 @g()\n  ret i8 0", decls="declare i32 @g(i32)\n"),
         fn("  %r = call i32 @g(i32 0)\n  ret i8 0", decls="declare i32 @g(i32)\n")),
    # ---- intrinsics (intrinsics._assume_ub, bundles) ------------------------------------------
    Rule("assume-false", fn("  call void @llvm.assume(i1 false)\n  ret i8 0", decls=ASSUME),
         fn("  call void @llvm.assume(i1 true)\n  ret i8 0", decls=ASSUME)),
    Rule("assume-poison", fn("  call void @llvm.assume(i1 poison)\n  ret i8 0", decls=ASSUME),
         fn("  %c = freeze i1 poison\n  %d = or i1 %c, true\n"
            "  call void @llvm.assume(i1 %d)\n  ret i8 0", decls=ASSUME)),
    Rule("assume-nonnull-bundle-null",
         fn('  call void @llvm.assume(i1 true) [ "nonnull"(ptr null) ]\n  ret i8 0', decls=ASSUME),
         fn('  call void @llvm.assume(i1 true) [ "nonnull"(ptr @g) ]\n  ret i8 0',
            decls=ASSUME + "@g = global i8 0\n")),
    Rule("assume-align-bundle",
         fn('  %a = alloca [2 x i16], align 4\n  %b = getelementptr i8, ptr %a, i64 2\n'
            '  call void @llvm.assume(i1 true) [ "align"(ptr %b, i64 4) ]\n  ret i8 0', decls=ASSUME),
         fn('  %a = alloca [2 x i16], align 4\n  %b = getelementptr i8, ptr %a, i64 4\n'
            '  call void @llvm.assume(i1 true) [ "align"(ptr %b, i64 4) ]\n  ret i8 0', decls=ASSUME)),
    # ---- the function's own attributes (fn_attrs.access_ub) -----------------------------------
    Rule("memory-none-function-writes",
         fn("  store i8 1, ptr @g\n  ret i8 0", decls="@g = global i8 0\n", attrs="memory(none)"),
         fn("  store i8 1, ptr @g\n  ret i8 0", decls="@g = global i8 0\n",
            attrs="memory(write)")),
    Rule("write-through-readonly-parameter",
         fn("  store i8 0, ptr %p\n  ret i8 0", sig="i8 @f(ptr readonly %p)"),
         fn("  store i8 0, ptr %p\n  ret i8 0", sig="i8 @f(ptr %p)")),
    Rule("read-through-writeonly-parameter",
         fn("  %v = load i8, ptr %p\n  ret i8 %v", sig="i8 @f(ptr writeonly %p)"),
         fn("  %v = load i8, ptr %p\n  ret i8 %v", sig="i8 @f(ptr readonly %p)")),
    # ---- more of the same families -------------------------------------------------------------
    Rule("dereferenceable-return-null", fn("  ret ptr null", sig="dereferenceable(4) ptr @f()"),
         fn("  ret ptr null", sig="dereferenceable_or_null(4) ptr @f()")),
    # LangRef alloca: released when the function returns, so not dereferenceable there.
    Rule("dereferenceable-return-of-stack",
         fn("  %a = alloca i32\n  ret ptr %a", sig="dereferenceable(4) ptr @f()"),
         fn("  ret ptr %p", sig="dereferenceable(4) ptr @f(ptr dereferenceable(4) %p)")),
    Rule("dereferenceable-or-null-return-of-stack",
         fn("  %a = alloca i32\n  ret ptr %a", sig="dereferenceable_or_null(4) ptr @f()"),
         fn("  %a = alloca i32\n  ret ptr null", sig="dereferenceable_or_null(4) ptr @f()")),
    Rule("range-noundef-return", fn("  ret i8 7", sig="noundef range(i8 0, 4) i8 @f()"),
         fn("  ret i8 7", sig="range(i8 0, 4) i8 @f()")),
    Rule("aggregate-noundef-return", fn("  ret {i8, i8} {i8 0, i8 poison}",
                                        sig="noundef {i8, i8} @f()"),
         fn("  ret {i8, i8} {i8 0, i8 poison}", sig="{i8, i8} @f()")),
    Rule("vector-lane-division-by-zero",
         fn("  %r = udiv <2 x i8> <i8 1, i8 1>, <i8 1, i8 0>\n  ret <2 x i8> %r",
            sig="<2 x i8> @f()"),
         fn("  %r = udiv <2 x i8> <i8 1, i8 1>, <i8 1, i8 1>\n  ret <2 x i8> %r",
            sig="<2 x i8> @f()")),
    Rule("alloca-undef-count", fn("  %a = alloca i8, i32 undef\n  ret i8 0"),
         fn("  %c = freeze i32 undef\n  %d = and i32 %c, 7\n  %a = alloca i8, i32 %d\n  ret i8 0")),
    Rule("strlen-without-terminator",
         fn('  %a = alloca [2 x i8]\n  store [2 x i8] c"ab", ptr %a\n'
            "  %n = call i64 @strlen(ptr %a)\n  ret i8 0", decls="declare i64 @strlen(ptr)\n"),
         fn('  %a = alloca [2 x i8]\n  store [2 x i8] c"a\\00", ptr %a\n'
            "  %n = call i64 @strlen(ptr %a)\n  ret i8 0", decls="declare i64 @strlen(ptr)\n")),
    Rule("va-end-poison", fn("  call void @llvm.va_end.p0(ptr poison)\n  ret i8 0",
                             decls="declare void @llvm.va_end.p0(ptr)\n"),
         fn("  %a = alloca [32 x i8]\n  call void @llvm.va_end.p0(ptr %a)\n  ret i8 0",
            decls="declare void @llvm.va_end.p0(ptr)\n")),
    Rule("assume-noundef-bundle",
         fn('  call void @llvm.assume(i1 true) [ "noundef"(i8 poison) ]\n  ret i8 0', decls=ASSUME),
         fn('  call void @llvm.assume(i1 true) [ "noundef"(i8 0) ]\n  ret i8 0', decls=ASSUME)),
    Rule("assume-dereferenceable-bundle",
         fn('  call void @llvm.assume(i1 true) [ "dereferenceable"(ptr null, i64 4) ]\n  ret i8 0',
            decls=ASSUME),
         fn('  %a = alloca i32\n'
            '  call void @llvm.assume(i1 true) [ "dereferenceable"(ptr %a, i64 4) ]\n  ret i8 0',
            decls=ASSUME)),
    Rule("noundef-intrinsic-result-poison",
         fn("  %r = call noundef i8 @llvm.sadd.sat.i8(i8 poison, i8 1)\n  ret i8 0",
            decls="declare i8 @llvm.sadd.sat.i8(i8, i8)\n"),
         fn("  %r = call i8 @llvm.sadd.sat.i8(i8 poison, i8 1)\n  ret i8 0",
            decls="declare i8 @llvm.sadd.sat.i8(i8, i8)\n")),
    # ---- load metadata (aggregates._load_with_metadata) ---------------------------------------
    Rule("load-noundef-metadata-poison",
         fn("  %a = alloca i8\n  %v = load i8, ptr %a, !noundef !0\n  ret i8 0") + "!0 = !{}\n",
         fn("  %a = alloca i8\n  store i8 0, ptr %a\n  %v = load i8, ptr %a, !noundef !0\n"
            "  ret i8 0") + "!0 = !{}\n"),
    # LangRef load: a null loaded under !nonnull is poison; with !noundef, UB.
    Rule("load-nonnull-noundef-metadata-null",
         fn("  %a = alloca ptr\n  store ptr null, ptr %a\n"
            "  %v = load ptr, ptr %a, !nonnull !0, !noundef !0\n  ret i8 0") + "!0 = !{}\n",
         fn("  %a = alloca ptr\n  store ptr %a, ptr %a\n"
            "  %v = load ptr, ptr %a, !nonnull !0, !noundef !0\n  ret i8 0") + "!0 = !{}\n"),
]

#: LangRef 19 makes these not UB; the encoder still says UB (issue 11 class 1, fixed on
#: branch sound-mem): a wrong `correct` for every tgt of such a source.
CLASS1_RULES = [
    # LangRef llvm.memcpy: the ranges must be "either ... equal or non-overlapping".
    Rule("memcpy-same-pointer",
         fn("  %a = alloca i32\n  call void @llvm.memcpy.p0.p0.i64(ptr %a, ptr %a, i64 4, i1 false)\n"
            "  ret i8 0", decls=MEMCPY),
         fn("  %a = alloca i32\n  call void @llvm.memcpy.p0.p0.i64(ptr %a, ptr %a, i64 4, i1 false)\n"
            "  ret i8 0", decls=MEMCPY)),
    # LangRef llvm.lifetime.*: on a non-stack object it only fills it with poison.
    Rule("lifetime-on-non-stack-object",
         fn("  call void @llvm.lifetime.end.p0(i64 1, ptr %p)\n  ret i8 0", sig="i8 @f(ptr %p)",
            decls=LIFETIME),
         fn("  call void @llvm.lifetime.end.p0(i64 1, ptr %p)\n  ret i8 0", sig="i8 @f(ptr %p)",
            decls=LIFETIME)),
    # alive-tv: a poison pointer makes the marker a no-op (not UB).
    Rule("lifetime-on-poison",
         fn("  call void @llvm.lifetime.start.p0(i64 1, ptr poison)\n  ret i8 0", decls=LIFETIME),
         fn("  call void @llvm.lifetime.start.p0(i64 1, ptr poison)\n  ret i8 0", decls=LIFETIME)),
]


def _verdict(src: str, tgt: str) -> str:
    return check(DL + src, DL + tgt, timeout=60).category


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_ub_rule_makes_every_target_correct_where_it_holds(rule: Rule) -> None:
    assert _verdict(rule.ub, unreachable_like(rule.ub)) == "correct"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_ub_rule_is_not_applied_where_it_does_not_hold(rule: Rule) -> None:
    assert _verdict(rule.defined, unreachable_like(rule.defined)) == "semantic_error"


@pytest.mark.parametrize("rule", CLASS1_RULES, ids=lambda r: r.id)
def test_defined_source_is_not_taken_for_ub(rule: Rule) -> None:
    assert _verdict(rule.defined, unreachable_like(rule.defined)) == "semantic_error"


# ---- facts the encoder assumes (inputs and callee outputs) --------------------------------------


@dataclass(frozen=True)
class Fact:
    """``good`` needs the fact (correct); ``bad`` needs more than it gives (incorrect)."""

    id: str
    src: str
    good: str
    bad: str


FACTS = [
    Fact("noundef-parameter-is-defined",
         fn("  %y = freeze i8 %x\n  ret i8 %y", sig="i8 @f(i8 noundef %x)"),
         fn("  ret i8 %x", sig="i8 @f(i8 noundef %x)"),
         fn("  ret i8 %x", sig="i8 @f(i8 noundef %x)").replace("ret i8 %x", "ret i8 poison")),
    Fact("range-parameter",
         fn("  %c = icmp ult i8 %x, 10\n  %r = zext i1 %c to i8\n  ret i8 %r",
            sig="i8 @f(i8 range(i8 0, 10) %x)"),
         fn("  ret i8 1", sig="i8 @f(i8 range(i8 0, 10) %x)"),
         fn("  ret i8 0", sig="i8 @f(i8 range(i8 0, 10) %x)")),
    Fact("nonnull-parameter",
         fn("  %c = icmp eq ptr %p, null\n  ret i1 %c", sig="i1 @f(ptr nonnull %p)"),
         fn("  ret i1 false", sig="i1 @f(ptr nonnull %p)"),
         fn("  ret i1 true", sig="i1 @f(ptr nonnull %p)")),
    Fact("dereferenceable-parameter",
         fn("  br i1 %c, label %a, label %b\na:\n  %v = load i8, ptr %p\n  ret i8 %v\nb:\n  ret i8 0",
            sig="i8 @f(ptr dereferenceable(1) %p, i1 %c)"),
         fn("  %v = load i8, ptr %p\n  %r = select i1 %c, i8 %v, i8 0\n  ret i8 %r",
            sig="i8 @f(ptr dereferenceable(1) %p, i1 %c)"),
         fn("  %v = load i16, ptr %p\n  %t = trunc i16 %v to i8\n  %r = select i1 %c, i8 %t, i8 0"
            "\n  ret i8 %r", sig="i8 @f(ptr dereferenceable(1) %p, i1 %c)")),
    Fact("noundef-call-result",
         fn("  %r = call noundef i8 @g()\n  %y = freeze i8 %r\n  ret i8 %y",
            decls="declare i8 @g()\n"),
         fn("  %r = call noundef i8 @g()\n  ret i8 %r", decls="declare i8 @g()\n"),
         fn("  %r = call noundef i8 @g()\n  %s = add i8 %r, 1\n  ret i8 %s",
            decls="declare i8 @g()\n")),
    # LangRef load (LLVM >= 16): !nonnull makes a loaded null poison, not UB.
    Fact("nonnull-load-metadata",
         fn("  %v = load ptr, ptr %p, !nonnull !0\n  %c = icmp eq ptr %v, null\n  ret i1 %c",
            sig="i1 @f(ptr %p)") + "!0 = !{}\n",
         fn("  ret i1 false", sig="i1 @f(ptr %p)"),
         fn("  ret i1 true", sig="i1 @f(ptr %p)")),
    Fact("nonnull-load-metadata-is-poison-not-ub",
         fn("  %v = load ptr, ptr %p, !nonnull !0\n  ret ptr %v", sig="ptr @f(ptr %p)")
         + "!0 = !{}\n",
         fn("  %v = load ptr, ptr %p\n  ret ptr %v", sig="ptr @f(ptr %p)"),
         fn("  %v = load ptr, ptr %p\n  %c = icmp eq ptr %v, null\n"
            "  br i1 %c, label %u, label %r\nu:\n  unreachable\nr:\n  ret ptr %v",
            sig="ptr @f(ptr %p)")),
    Fact("huge-alloca-is-not-ub",  # LangRef: only "insufficient stack space" (stack.py)
         fn("  %a = alloca i8, i64 %n\n  ret i8 0", sig="i8 @f(i64 noundef %n)"),
         fn("  %a = alloca i8, i64 %n\n  ret i8 0", sig="i8 @f(i64 noundef %n)"),
         fn("  %c = icmp ugt i64 %n, 281474976710656\n  %r = zext i1 %c to i8\n  ret i8 %r",
            sig="i8 @f(i64 noundef %n)")),
]


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: f.id)
def test_assumed_fact_justifies_what_it_says_and_no_more(fact: Fact) -> None:
    assert _verdict(fact.src, fact.good) == "correct"
    assert _verdict(fact.src, fact.bad) != "correct"


def test_a_huge_literal_alloca_is_not_ub_but_unsupported() -> None:
    # alive-tv: ``alloca i8, i64 2^62`` is defined; our offsets cannot hold it.
    src = fn("  %a = alloca i8, i64 4611686018427387904\n  ret i8 0")
    v = check(DL + src, DL + unreachable_like(src), timeout=60)
    assert v.category == "inconclusive" and v.reason == "unsupported:alloca-size"


# ---- LangRef and Alive2 read differently: src gets the more defined reading, tgt the less ------


def test_free_that_may_not_free_is_a_no_op_in_src_and_ub_in_tgt() -> None:
    # LangRef: a ``memory(none)``/``nofree`` free of a block breaks the attribute (UB);
    # alive-tv: it is not UB. Sound under both (libcalls._free).
    call = "  call void @free(ptr %p) memory(none)\n"
    sig, decls = "i8 @f(ptr nonnull %p)", "declare void @free(ptr)\n"
    src = fn(call + "  ret i8 0", sig=sig, decls=decls)
    plain = fn("  ret i8 0", sig=sig, decls=decls)
    assert _verdict(src, unreachable_like(src)) == "semantic_error"  # src is not UB
    assert _verdict(src, plain) == "correct"  # dropping it (Alive2 memory/free-nofree)
    assert _verdict(plain, src) == "semantic_error"  # tgt may not add it


def test_noundef_on_an_intrinsic_argument_binds_tgt_only() -> None:
    # LangRef: poison passed to ``noundef`` is UB; alive-tv ignores call-site noundef on
    # intrinsic arguments. Sound under both (intrinsics.execute).
    decls = "declare i8 @llvm.umax.i8(i8, i8)\n"
    with_noundef = fn("  %r = call i8 @llvm.umax.i8(i8 noundef %x, i8 1)\n  ret i8 %r",
                      sig="i8 @f(i8 %x)", decls=decls)
    without = with_noundef.replace("noundef %x", "%x")
    branch = fn("  %c = icmp eq i8 %x, 0\n  br i1 %c, label %a, label %a\na:\n  ret i8 0",
                sig="i8 @f(i8 %x)", decls=decls)
    assert _verdict(with_noundef.replace("ret i8 %r", "ret i8 0"), branch) == "semantic_error"
    assert _verdict(without, with_noundef) == "semantic_error"
    assert _verdict(with_noundef, without) == "correct"


def test_noundef_on_an_fp_intrinsic_argument_binds_tgt_only() -> None:
    decls = "declare float @llvm.fabs.f32(float)\n"
    with_noundef = fn("  %r = call float @llvm.fabs.f32(float noundef %x)\n  ret float %r",
                      sig="float @f(float %x)", decls=decls)
    without = with_noundef.replace("noundef %x", "%x")
    assert _verdict(with_noundef, without) == "correct"
    assert _verdict(without, with_noundef) == "semantic_error"


def test_nonnull_load_metadata_added_by_the_target_is_more_poison() -> None:
    """A tgt that adds ``!nonnull`` to a load makes a loaded null poison where src
    returned it (LangRef load): rejected. Adding it where src already knew the pointer
    was not null is fine."""
    src = fn("  %v = load ptr, ptr %p\n  ret ptr %v", sig="ptr @f(ptr %p)")
    tgt = fn("  %v = load ptr, ptr %p, !nonnull !0\n  ret ptr %v",
             sig="ptr @f(ptr %p)") + "!0 = !{}\n"
    assert _verdict(src, tgt) == "semantic_error"
    src_known = fn("  store ptr %p, ptr %p\n  %v = load ptr, ptr %p\n  ret ptr %v",
                   sig="ptr @f(ptr nonnull %p)")
    tgt_known = fn("  store ptr %p, ptr %p\n  %v = load ptr, ptr %p, !nonnull !0\n  ret ptr %v",
                   sig="ptr @f(ptr nonnull %p)") + "!0 = !{}\n"
    assert _verdict(src_known, tgt_known) == "correct"
