"""Argument claims instcombine adds to C library calls (libfacts.py).

A tgt call may not add a claim (``nocapture``, ``readonly``) its matched src call
lacks: for an unknown callee the claim may be false (UB). For C library functions
the claims LLVM derives from the C standard hold, so adding them is a refinement."""

from __future__ import annotations

import pytest

from veriopt.verify import check

DL = ('target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'
      'target triple = "aarch64-unknown-linux-gnu"\n')


def pair(callee: str, tgt_attrs: str, call_fn_attrs: str = "") -> str:
    decl = f"declare i32 @{callee}(ptr noundef)\n"
    return (f"{DL}{decl}\n"
            f"define i32 @src(ptr %p) {{\n  %r = call i32 @{callee}(ptr noundef %p){call_fn_attrs}\n"
            f"  ret i32 %r\n}}\n\n"
            f"define i32 @tgt(ptr %p) {{\n  %r = call i32 @{callee}(ptr {tgt_attrs} noundef %p)"
            f"{call_fn_attrs}\n  ret i32 %r\n}}\n")


@pytest.mark.parametrize("callee, attrs", [("atoi", "nocapture"), ("strlen", "nocapture readonly"),
                                           ("puts", "nocapture readonly")])
def test_library_facts_may_be_added(callee, attrs):
    assert check(pair(callee, attrs), timeout=10).category == "correct"


@pytest.mark.parametrize("callee, attrs", [("mystery", "nocapture"), ("atoi", "writeonly"),
                                           ("strchr_like", "readonly")])
def test_other_claims_may_not_be_added(callee, attrs):
    v = check(pair(callee, attrs), timeout=10)
    assert v.category != "correct"


def test_nobuiltin_call_gets_no_library_facts():
    v = check(pair("atoi", "nocapture", " nobuiltin"), timeout=10)
    assert v.category != "correct"
