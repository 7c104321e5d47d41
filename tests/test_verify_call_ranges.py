"""A call's result ranges (LangRef 19): ``!range`` metadata and a ``range(...)`` return
attribute (call site or declaration) make an integer result outside them poison; with
``noundef`` that poison is UB."""

from __future__ import annotations

import pytest

from veriopt.verify import check

PROOF_TIMEOUT_S = 120.0


def pair(src_call: str, tgt_call: str, src_tail: str, tgt_tail: str,
         decl: str = "declare i32 @f()", meta: str = "!0 = !{i32 0, i32 3}") -> str:
    return (f"{decl}\n\ndefine i32 @src() {{\n  %r = {src_call}\n{src_tail}\n}}\n\n"
            f"define i32 @tgt() {{\n  %r = {tgt_call}\n{tgt_tail}\n}}\n\n{meta}\n")


DIV = "  %q = udiv i32 %r, 3\n  ret i32 %q"
ZERO = "  ret i32 0"


def verdict(text: str) -> tuple[str, str]:
    v = check(text, timeout=PROOF_TIMEOUT_S)
    return v.category, v.reason


def test_range_metadata_makes_a_result_outside_poison():
    call = "call i32 @f(), !range !0"
    assert verdict(pair(call, call, DIV, ZERO)) == ("correct", "")


def test_a_wider_range_does_not():
    call = "call i32 @f(), !range !0"
    text = pair(call, call, DIV, ZERO, meta="!0 = !{i32 0, i32 4}")
    assert verdict(text) == ("semantic_error", "value_mismatch")


@pytest.mark.parametrize("where", ["call site", "declaration"])
def test_range_return_attribute_is_the_same_claim(where: str):
    if where == "call site":
        text = pair("call range(i32 0, 3) i32 @f()", "call range(i32 0, 3) i32 @f()", DIV, ZERO)
    else:
        text = pair("call i32 @f()", "call i32 @f()", DIV, ZERO,
                    decl="declare range(i32 0, 3) i32 @f()")
    assert verdict(text) == ("correct", "")


def test_range_added_in_tgt_makes_its_result_more_poisonous():
    text = pair("call i32 @f()", "call i32 @f(), !range !0", "  ret i32 %r", "  ret i32 %r")
    assert verdict(text) == ("semantic_error", "target_more_poisonous")


def test_noundef_turns_an_out_of_range_result_into_ub():
    # src: a result of 3 or more is UB, so tgt may assume it is below 3
    call = "call noundef i32 @f(), !range !0"
    tgt_tail = "  %c = icmp ult i32 %r, 3\n  call void @llvm.assume(i1 %c)\n  ret i32 %r"
    text = pair(call, "call i32 @f()", "  ret i32 %r", tgt_tail,
                decl="declare i32 @f()\ndeclare void @llvm.assume(i1)")
    assert verdict(text) == ("correct", "")
