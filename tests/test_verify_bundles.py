"""Operand bundles of ``llvm.assume`` (LangRef "Assume Operand Bundles").

Each bundle is an assumption: if it does not hold, the behaviour is undefined.
``"align"(p, k[, off])`` says ``p - off`` is a multiple of ``k``; ``k`` may be
dynamic, and a ``k`` that is not a power of two (0 included) says ``p`` is null.
``"nonnull"(p)`` says ``p`` is not null, ``"dereferenceable"(p, n)`` that ``n``
bytes from ``p`` are dereferenceable. A poison or undef operand is UB (Alive2).
"""

from __future__ import annotations

import pytest

from veriopt.verify import Verdict
from veriopt.verify import check as verify

ASSUME = "declare void @llvm.assume(i1)\n"

#: Every expectation here is a proven verdict: give the solver a budget no query comes near,
#: so the verdict does not depend on the machine's load (the checks take seconds at most).
PROOF_TIMEOUT_S = 120.0


def check(text: str) -> Verdict:
    return verify(text, timeout=PROOF_TIMEOUT_S)


def _pair(src: str, tgt: str, sig: str = "ptr %p", ret: str = "i32", decls: str = "") -> str:
    return (f"{ASSUME}{decls}\ndefine {ret} @src({sig}) {{\n{src}\n}}\n\n"
            f"define {ret} @tgt({sig}) {{\n{tgt}\n}}\n")


def _verdict(text: str) -> tuple[str, str]:
    v = check(text)
    return v.category, v.reason


def _load(align: int, bundle: str | None) -> str:
    pre = f"call void @llvm.assume(i1 true) [ {bundle} ]\n " if bundle else ""
    return f"{pre}%v = load i32, ptr %p, align {align}\n ret i32 %v"


@pytest.mark.parametrize("bundle, align, expected", [
    ('"align"(ptr %p, i64 8)', 8, "semantic_error"),
    ('"align"(ptr %p, i32 8)', 4, "semantic_error"),
    ('"align"(ptr %p, i64 4)', 8, "semantic_error"),
    ('"align"(ptr %p, i64 8, i64 4)', 4, "semantic_error"),
    ('"align"(ptr %p, i64 8, i64 4)', 8, "semantic_error"),
    ('"align"(ptr %p, i64 1)', 4, "semantic_error"),
])
def test_align_bundle_does_not_let_tgt_raise_a_load_alignment(bundle, align, expected):
    # LangRef reads the bundle as a fact about the address, which would allow the
    # first, second and fourth rows; Alive2 v19 checks an access's alignment against
    # its memory model's block alignment, which the bundle does not raise (alive-tv:
    # "Source is more defined than target"; memory.BlockInfo.align_log2). The answer
    # follows Alive2, the stricter reading: never `correct` where it says incorrect.
    src = _load(1, bundle)
    tgt = _load(align, bundle)
    assert check(_pair(src, tgt)).category == expected


def test_without_the_align_bundle_tgt_may_not_raise_the_alignment():
    assert _verdict(_pair(_load(1, None), _load(8, None))) == (
        "semantic_error", "source_more_defined")


@pytest.mark.parametrize("k", ["i64 6", "i32 0", "i64 -1"])
def test_non_power_of_two_alignment_means_null(k):
    src = (f'call void @llvm.assume(i1 true) [ "align"(ptr %p, {k}) ]\n'
           " %r = icmp eq ptr %p, null\n ret i1 %r")
    assert check(_pair(src, "ret i1 true", ret="i1")).category == "correct"
    assert check(_pair(src, "ret i1 false", ret="i1")).category == "semantic_error"


def test_non_power_of_two_alignment_of_null_is_not_ub():
    # Alive2's assume/align-nonpow2: src is defined, so tgt may not be unreachable
    src = ('call void @llvm.assume(i1 true) [ "align"(ptr null, i32 5) ]\n ret void')
    assert _verdict(_pair(src, "unreachable", sig="", ret="void")) == (
        "semantic_error", "source_more_defined")


def test_power_of_two_alignment_of_a_pointer_is_not_always_ub():
    src = 'call void @llvm.assume(i1 true) [ "align"(ptr %p, i64 16) ]\n ret void'
    assert check(_pair(src, "unreachable", ret="void")).category == "semantic_error"
    assert check(_pair(src, "ret void", ret="void")).category == "correct"
    assert _verdict(_pair("ret void", src, ret="void")) == (
        "semantic_error", "source_more_defined")


DYN_SIG = "ptr %p, i64 noundef %k"
CTPOP = "declare i64 @llvm.ctpop.i64(i64)\n"


def test_dynamic_alignment_power_of_two_or_null():
    src = ('call void @llvm.assume(i1 true) [ "align"(ptr %p, i64 %k) ]\n'
           " %isnull = icmp eq ptr %p, null\n"
           " %c = call i64 @llvm.ctpop.i64(i64 %k)\n"
           " %pow2 = icmp eq i64 %c, 1\n"
           " %r = or i1 %isnull, %pow2\n ret i1 %r")
    assert check(_pair(src, "ret i1 true", sig=DYN_SIG, ret="i1", decls=CTPOP)).category == "correct"
    # a power-of-two k need not come with a null pointer
    src2 = ('call void @llvm.assume(i1 true) [ "align"(ptr %p, i64 %k) ]\n'
            " %isnull = icmp eq ptr %p, null\n ret i1 %isnull")
    assert check(_pair(src2, "ret i1 true", sig=DYN_SIG, ret="i1")).category == "semantic_error"


def test_dynamic_alignment_aligns_the_address():
    src = ('call void @llvm.assume(i1 true) [ "align"(ptr %p, i64 %k) ]\n'
           " %a = ptrtoint ptr %p to i64\n"
           " %m = sub i64 %k, 1\n"
           " %low = and i64 %a, %m\n ret i64 %low")
    # k a power of two: the low bits are 0; otherwise p is null: the address is 0
    assert check(_pair(src, "ret i64 0", sig=DYN_SIG, ret="i64")).category == "correct"
    assert check(_pair(src, "ret i64 1", sig=DYN_SIG, ret="i64")).category == "semantic_error"


def test_poison_dynamic_alignment_is_ub():
    sig = "ptr %p, i64 %k"
    src = ('%k2 = add nuw i64 %k, 1\n'
           ' call void @llvm.assume(i1 true) [ "align"(ptr null, i64 %k2) ]\n ret void')
    # src is UB when k + 1 wraps: tgt may add that UB, but not be unreachable
    tgt = "%c = icmp eq i64 %k, -1\n br i1 %c, label %u, label %r\nu:\n unreachable\nr:\n ret void"
    assert check(_pair(src, tgt, sig=sig, ret="void")).category == "correct"
    assert check(_pair(src, "unreachable", sig=sig, ret="void")).category == "semantic_error"


def test_nonnull_bundle_folds_a_null_compare():
    src = ('call void @llvm.assume(i1 true) [ "nonnull"(ptr %p) ]\n'
           " %r = icmp eq ptr %p, null\n ret i1 %r")
    assert check(_pair(src, "ret i1 false", ret="i1")).category == "correct"
    assert check(_pair(src, "ret i1 true", ret="i1")).category == "semantic_error"


def _speculate(bundle: str | None) -> tuple[str, str]:
    pre = f"call void @llvm.assume(i1 true) [ {bundle} ]\n " if bundle else ""
    src = (f"{pre}br i1 %c, label %a, label %b\n"
           "a:\n %v = load i32, ptr %p, align 1\n ret i32 %v\n"
           "b:\n ret i32 0")
    tgt = (f"{pre}%v = load i32, ptr %p, align 1\n"
           " %r = select i1 %c, i32 %v, i32 0\n ret i32 %r")
    return src, tgt


def test_dereferenceable_bundle_allows_speculating_a_load():
    src, tgt = _speculate('"dereferenceable"(ptr %p, i64 4)')
    assert check(_pair(src, tgt, sig="ptr %p, i1 %c")).category == "correct"


def test_dereferenceable_bundle_too_short_does_not():
    src, tgt = _speculate('"dereferenceable"(ptr %p, i64 2)')
    assert _verdict(_pair(src, tgt, sig="ptr %p, i1 %c")) == (
        "semantic_error", "source_more_defined")


def test_without_dereferenceable_a_load_may_not_be_speculated():
    src, tgt = _speculate(None)
    assert _verdict(_pair(src, tgt, sig="ptr %p, i1 %c")) == (
        "semantic_error", "source_more_defined")


def test_dereferenceable_null_is_ub():
    src = ('call void @llvm.assume(i1 true) [ "dereferenceable"(ptr null, i64 8) ]\n ret void')
    assert check(_pair(src, "unreachable", sig="", ret="void")).category == "correct"


@pytest.mark.parametrize("bundle", [
    '"dereferenceable"(ptr %p, i64 0)',  # a zero byte count
    '"separate_storage"(ptr %p, ptr %p)',
    '"align"(ptr %p, i128 4)',
])
def test_unmodelled_bundles_are_unsupported(bundle):
    src = f"call void @llvm.assume(i1 true) [ {bundle} ]\n ret void"
    assert _verdict(_pair(src, "ret void", sig="ptr %p, i64 %n", ret="void")) == (
        "inconclusive", "unsupported:operand-bundle")
