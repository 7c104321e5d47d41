"""``nocapture`` on the checked function's pointer parameters (nocapture.py).

LangRef 19: the function keeps no copy of the pointer beyond the call; it does not
say what breaking the promise does. Alive2 makes a broken promise poison or UB (a
returned or captured-by-callee pointer is poison, one left in visible memory is UB at
return, ``ptrtoint`` is UB). We ignore the attribute where no use may capture, hold a
tgt that may capture to Alive2's meaning or more (the less defined reading: a stored
pointer is UB at the store), refuse the tgt captures that cannot be so held, and never
report an error found with a src that may capture (ignoring the attribute made src
more defined).
"""

from __future__ import annotations

import pytest

from veriopt.llvm.parser import parse_module
from veriopt.verify import check
from veriopt.verify.nocapture import first_capture

PROOF_TIMEOUT_S = 120.0

DECLS = """
@x = global ptr null
declare void @keeps(ptr)
declare void @looks(ptr nocapture)
declare ptr @gives(ptr returned)
"""


def pair(src: str, tgt: str, src_sig: str = "ptr nocapture %p",
         tgt_sig: str = "ptr nocapture %p", ret: str = "void") -> str:
    return (f"{DECLS}\ndefine {ret} @src({src_sig}) {{\n{src.strip()}\n}}\n\n"
            f"define {ret} @tgt({tgt_sig}) {{\n{tgt.strip()}\n}}\n")


def verdict(text: str) -> tuple[str, str]:
    v = check(text, timeout=PROOF_TIMEOUT_S)
    return v.category, v.reason


def test_loads_through_a_nocapture_parameter_are_verified_as_without_it():
    body = "%v = load i8, ptr %p\n  ret i8 %v"
    same = "%v = load i8, ptr %p, align 1\n  ret i8 %v"
    assert verdict(pair(body, same, ret="i8")) == ("correct", "")
    wrong = "%v = load i8, ptr %p\n  %w = add i8 %v, 1\n  ret i8 %w"
    assert verdict(pair(body, wrong, ret="i8"))[0] == "semantic_error"


def test_nocapture_added_in_tgt_where_nothing_captures_is_correct():
    body = "%v = load i8, ptr %p\n  ret i8 %v"
    assert verdict(pair(body, body, src_sig="ptr %p", ret="i8")) == ("correct", "")


def test_argument_the_callee_does_not_capture_dropped_is_an_error():
    # @looks promises not to capture: src passes a valid pointer, tgt poison
    src = "call void @looks(ptr %p)\n  ret void"
    tgt = "call void @looks(ptr poison)\n  ret void"
    assert verdict(pair(src, tgt)) == ("semantic_error", "source_more_defined")


def test_src_passing_it_to_a_capturing_callee_claims_no_error():
    # Alive2: the argument is poison, so tgt may pass poison; we do not model the bit
    src = "call void @keeps(ptr %p)\n  ret void"
    tgt = "call void @keeps(ptr poison)\n  ret void"
    assert verdict(pair(src, tgt)) == ("inconclusive", "approximated:nocapture")


def test_src_that_captures_still_gets_proofs():
    # storing %p then overwriting it: a dead store removed in tgt
    src = "store ptr %p, ptr @x\n  store ptr null, ptr @x\n  ret void"
    tgt = "store ptr null, ptr @x\n  ret void"
    assert verdict(pair(src, tgt)) == ("correct", "")


@pytest.mark.parametrize("tgt", [
    # (alive-tv: attrs/nocapture-fail; was refused)
    "store ptr %p, ptr @x\n  ret void",
    "%q = getelementptr i8, ptr %p, i64 4\n  store ptr %q, ptr @x\n  ret void",
    "%i = ptrtoint ptr %p to i64\n  ret void",
    # the callee may keep it: the argument is poison
    "call void @keeps(ptr %p)\n  ret void",
])
def test_tgt_that_captures_is_held_to_the_promise(tgt: str):
    src = "store ptr null, ptr @x\n  ret void"
    assert verdict(pair(src, tgt)) == ("semantic_error", "source_more_defined")
    # ... which a src that never relies on it does not break
    assert verdict(pair(src, src)) == ("correct", "")


def test_a_pointer_stored_by_tgt_is_ub_even_if_overwritten_later():
    # Alive2 checks the memory at return only (correct there); UB at the store is the
    # less defined reading, which a tgt is held to
    tgt = "store ptr %p, ptr @x\n  store ptr null, ptr @x\n  ret void"
    assert verdict(pair("store ptr null, ptr @x\n  ret void", tgt))[0] == "semantic_error"


def test_tgt_passing_it_to_a_nocapture_callee_is_refused():
    # Alive2 compares the nocapture bit of a call's pointer arguments, which we do not model
    src = "call void @looks(ptr %p)\n  ret void"
    tgt = "%u = add i8 0, 0\n  " + src  # (not a copy: the copy shortcut would answer)
    assert verdict(pair(src, tgt)) == ("inconclusive", "unsupported:attribute:nocapture")


def test_tgt_returning_a_value_based_on_it_is_poison():
    # (alive-tv: attrs/nocapture-replace; was refused) a value that may be based on it
    # counts as based
    src = "ret ptr null"
    tgt = "%c = icmp eq ptr %p, null\n  %s = select i1 %c, ptr %p, ptr null\n  ret ptr %s"
    assert verdict(pair(src, tgt, ret="ptr")) == ("semantic_error", "target_more_poisonous")
    both = "%c = icmp eq ptr %p, %q\n  br i1 %c, label %a, label %b\na:\n  ret ptr %q\nb:\n  ret ptr null"
    sig = "ptr nocapture %p, ptr %q"
    assert verdict(pair(both, both, src_sig=sig, tgt_sig=sig, ret="ptr")) == ("correct", "")
    assert verdict(pair(both, both.replace("ret ptr %q", "ret ptr %p"), src_sig=sig,
                        tgt_sig=sig, ret="ptr")) == ("semantic_error", "target_more_poisonous")


def test_the_walk_follows_phis_defined_after_their_use():
    text = """
declare void @keeps(ptr)
define void @f(ptr nocapture %p, i1 %c) {
entry:
  br label %loop
loop:
  %q = phi ptr [ %p, %entry ], [ %r, %loop ]
  %r = getelementptr i8, ptr %q, i64 1
  br i1 %c, label %loop, label %exit
exit:
  call void @keeps(ptr %r)
  ret void
}
"""
    module = parse_module(text)
    fn = module.function("f")
    assert first_capture(module, fn, "src") == "%r is passed to @keeps"
    assert first_capture(module, fn, "tgt") is not None


def test_returned_argument_makes_the_call_result_based_on_it():
    text = """
@x = global ptr null
declare ptr @gives(ptr nocapture returned)
define void @f(ptr nocapture %p) {
  %q = call ptr @gives(ptr %p)
  store ptr %q, ptr @x
  ret void
}
"""
    module = parse_module(text)
    assert first_capture(module, module.function("f"), "src") == "%p is returned by @gives"
