"""Unknown calls returning a struct, array or vector of numbers (calls.py
`_fresh_result`): a fresh value per element, matched element by element; a
``noundef`` result has no poison element (the padding does not count, Alive2)."""

from __future__ import annotations

import pytest

from veriopt.verify import check

PROOF_TIMEOUT_S = 120.0


def pair(decl: str, src: str, tgt: str, ret: str = "i32", sig: str = "") -> str:
    return (f"{decl}\n\ndefine {ret} @src({sig}) {{\n{src.strip()}\n}}\n\n"
            f"define {ret} @tgt({sig}) {{\n{tgt.strip()}\n}}\n")


def verdict(text: str) -> tuple[str, str]:
    v = check(text, timeout=PROOF_TIMEOUT_S)
    return v.category, v.reason


STRUCT = "declare {i32, i32} @f(i32)"
CALL = "%r = call {i32, i32} @f(i32 %x)"


@pytest.mark.parametrize("field, expect", [(1, "correct"), (0, "semantic_error")])
def test_a_struct_result_is_taken_field_by_field(field: int, expect: str):
    src = f"{CALL}\n  %a = extractvalue {{i32, i32}} %r, 1\n  ret i32 %a"
    tgt = f"{CALL}\n  %b = extractvalue {{i32, i32}} %r, {field}\n  ret i32 %b"
    assert verdict(pair(STRUCT, src, tgt, sig="i32 %x"))[0] == expect


def test_noundef_result_elements_are_not_poison():
    src = ("%r = call noundef {i32, i32} @f(i32 %x)\n  %a = extractvalue {i32, i32} %r, 0\n"
           "  %b = freeze i32 %a\n  ret i32 %b")
    tgt = "%r = call noundef {i32, i32} @f(i32 %x)\n  %a = extractvalue {i32, i32} %r, 0\n" \
          "  ret i32 %a"
    assert verdict(pair(STRUCT, src, tgt, sig="i32 %x")) == ("correct", "")
    plain = pair(STRUCT, src.replace(" noundef", ""), tgt.replace(" noundef", ""), sig="i32 %x")
    assert verdict(plain) == ("semantic_error", "target_more_poisonous")


def test_a_callee_that_writes_nothing_gives_equal_results_for_equal_inputs():
    decl = "declare {i32, i32} @f(i32) memory(none) willreturn"
    src = (f"{CALL}\n  %s = call {{i32, i32}} @f(i32 %x)\n  %a = extractvalue {{i32, i32}} %r, 1\n"
           "  %b = extractvalue {i32, i32} %s, 1\n  %c = icmp eq i32 %a, %b\n"
           "  %d = zext i1 %c to i32\n  ret i32 %d")
    assert verdict(pair(decl, src, "ret i32 1", sig="i32 %x"))[0] == "correct"
    other = src.replace("%s = call {i32, i32} @f(i32 %x)", "%s = call {i32, i32} @f(i32 0)")
    assert verdict(pair(decl, other, "ret i32 1", sig="i32 %x"))[0] == "semantic_error"


def test_a_vector_result_lane_by_lane():
    decl = "declare <2 x i8> @g()"
    src = "%v = call <2 x i8> @g()\n  %e = extractelement <2 x i8> %v, i64 0\n  ret i8 %e"
    tgt_ok = "%v = call <2 x i8> @g()\n  %w = shufflevector <2 x i8> %v, <2 x i8> poison, " \
             "<2 x i32> <i32 1, i32 0>\n  %e = extractelement <2 x i8> %w, i64 1\n  ret i8 %e"
    assert verdict(pair(decl, src, tgt_ok, ret="i8")) == ("correct", "")
    tgt_bad = tgt_ok.replace("i64 1\n", "i64 0\n")
    assert verdict(pair(decl, src, tgt_bad, ret="i8"))[0] == "semantic_error"


def test_a_named_struct_result_is_taken_field_by_field():
    decl = "%struct.pair = type { i32, i32 }\ndeclare %struct.pair @g()"
    src = "%r = call %struct.pair @g()\n  %a = extractvalue %struct.pair %r, 1\n  ret i32 %a"
    tgt = "%r = call %struct.pair @g()\n  %b = extractvalue %struct.pair %r, 1\n  ret i32 %b"
    assert verdict(pair(decl, src, tgt)) == ("correct", "")
    assert verdict(pair(decl, src, tgt.replace("%r, 1", "%r, 0")))[0] == "semantic_error"
