"""Calls through a pointer (calls.py `_resolve_indirect`). When either function has
one, every unknown call is keyed by its callee's address (Alive2's
``#indirect_call``), so a call through ``%p`` and a direct call of ``@f`` are one
call when ``%p == @f``. Expectations from LangRef 19 and Alive2's semantics:

* calling a poison, undef or null pointer, a stack address, an interior pointer, or
  a pointer to neither a function nor a live block is UB (LangRef: poison callee;
  Alive2: the rest);
* a call outside its ``!callees`` list is UB (LangRef);
* a function's address is no object's address (its code is at least one byte).
"""

from __future__ import annotations

import pytest

from veriopt.verify import check

PROOF_TIMEOUT_S = 120.0

DECLS = """declare i8 @fn()
declare i8 @other()
declare i8 @id(i8 returned)
declare i8 @f(ptr)
"""


def pair(src: str, tgt: str, sig: str = "ptr %p", ret: str = "i8") -> str:
    return (f"{DECLS}\ndefine {ret} @src({sig}) {{\n{src.strip()}\n}}\n\n"
            f"define {ret} @tgt({sig}) {{\n{tgt.strip()}\n}}\n")


def verdict(text: str) -> tuple[str, str]:
    v = check(text, timeout=PROOF_TIMEOUT_S)
    return v.category, v.reason


SPECIALISED = """
  %is = icmp eq ptr %p, @fn
  br i1 %is, label %then, label %else
then:
  %a = call i8 @fn()
  ret i8 %a
else:
  %b = call i8 %p()
  ret i8 %b
"""


def test_a_pointer_stored_and_loaded_is_the_function():
    src = "%x = alloca ptr\n  store ptr @fn, ptr %x\n  %f = load ptr, ptr %x\n" \
          "  %r = call i8 %f()\n  ret i8 %r"
    assert verdict(pair(src, "%r = call i8 @fn()\n  ret i8 %r")) == ("correct", "")
    assert verdict(pair(src, "%r = call i8 @other()\n  ret i8 %r"))[0] == "semantic_error"


def test_speculative_devirtualisation_is_correct():
    assert verdict(pair("%r = call i8 %p()\n  ret i8 %r", SPECIALISED)) == ("correct", "")


def test_devirtualising_without_the_guard_is_wrong():
    assert verdict(pair("%r = call i8 %p()\n  ret i8 %r", "%r = call i8 @fn()\n  ret i8 %r")) \
        == ("semantic_error", "source_more_defined")


def test_the_specialised_call_may_not_add_argument_claims():
    src = "%r = call i8 %p(ptr %q)\n  ret i8 %r"
    tgt = ("%is = icmp eq ptr %p, @f\n  br i1 %is, label %then, label %else\nthen:\n"
           "  %a = call i8 @f(ptr readnone %q)\n  ret i8 %a\nelse:\n"
           "  %b = call i8 %p(ptr %q)\n  ret i8 %b")
    assert verdict(pair(src, tgt, sig="ptr %p, ptr %q")) == \
        ("semantic_error", "source_more_defined")


def test_a_returned_argument_is_known_through_the_pointer():
    src = "%r = call i8 %p(i8 %a)\n  ret i8 %r"
    # (the call stays: it may not return; its result is %a)
    tgt = ("%is = icmp eq ptr %p, @id\n  br i1 %is, label %then, label %else\nthen:\n"
           "  %v = call i8 @id(i8 %a)\n  ret i8 %a\nelse:\n  %b = call i8 %p(i8 %a)\n"
           "  ret i8 %b")
    assert verdict(pair(src, tgt, sig="ptr %p, i8 %a")) == ("correct", "")


@pytest.mark.parametrize("callee", [
    "%c = getelementptr inbounds i8, ptr null, i64 1",  # poison
    "%c = getelementptr i8, ptr @fn, i64 1",  # inside a function
    "%c = alloca i8",  # the stack
])
def test_calling_what_is_no_function_is_ub(callee: str):
    src = f"{callee}\n  %r = call i8 %c()\n  ret i8 %r"
    assert verdict(pair(src, "unreachable")) == ("correct", "source_always_ub")


def test_calling_null_is_ub_so_tgt_may_assume_it_is_not():
    tgt = ("%nn = icmp ne ptr %p, null\n  call void @llvm.assume(i1 %nn)\n"
           "  %r = call i8 %p()\n  ret i8 %r")
    text = pair("%r = call i8 %p()\n  ret i8 %r", tgt) + "declare void @llvm.assume(i1)\n"
    assert verdict(text) == ("correct", "")
    # ...but not that it is not some declared function
    wrong = tgt.replace("icmp ne ptr %p, null", "icmp ne ptr %p, @fn")
    text = pair("%r = call i8 %p()\n  ret i8 %r", wrong) + "declare void @llvm.assume(i1)\n"
    assert verdict(text) == ("semantic_error", "source_more_defined")


def test_callees_metadata_limits_the_callee():
    src = "%r = call i8 %p(), !callees !0\n  ret i8 %r"
    tgt = "%r = call i8 @fn()\n  ret i8 %r"
    assert verdict(pair(src, tgt) + "!0 = !{ptr @fn}\n") == ("correct", "")
    assert verdict(pair(src, tgt) + "!0 = !{ptr @fn, ptr @other}\n") == \
        ("semantic_error", "source_more_defined")


def test_no_object_starts_at_a_function():
    tgt = "%is = icmp eq ptr %p, @fn\n  ret i1 %is"
    assert verdict(pair("ret i1 false", tgt, sig="ptr dereferenceable(1) %p", ret="i1")) == \
        ("correct", "")
    assert verdict(pair("ret i1 false", tgt, sig="ptr noundef %p", ret="i1")) == \
        ("semantic_error", "value_mismatch")


def test_calls_through_one_address_with_other_types_do_not_match():
    src = "%r = call i8 %p()\n  ret i8 %r"
    tgt = "%w = call i16 %p()\n  %r = trunc i16 %w to i8\n  ret i8 %r"
    assert verdict(pair(src, tgt)) == ("semantic_error", "source_more_defined")


def test_calling_a_function_with_another_number_of_arguments_is_ub():
    # as for a direct call (calls._arity_mismatch): @fn takes no argument
    src = "%c = select i1 %b, ptr null, ptr @fn\n  %r = call i8 %c(i8 0)\n  ret i8 %r"
    assert verdict(pair(src, "unreachable", sig="i1 %b")) == ("correct", "source_always_ub")
    ok = src.replace("@fn", "@f").replace("i8 0", "ptr null")  # @f takes one pointer
    assert verdict(pair(ok, "unreachable", sig="i1 %b"))[0] == "semantic_error"
