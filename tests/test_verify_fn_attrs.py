"""Attributes of the function being verified that restrict it (fn_attrs.py), with
expectations from the LangRef ("Function Attributes", "Parameter Attributes"):

* ``memory(...)`` on the definition: an access to memory it excludes is UB;
  ``argmem`` is memory accessed through pointers based on the parameters, ``other``
  the rest (the function's own allocas are never restricted; reading constant
  memory is not an effect);
* ``readnone``/``readonly``/``writeonly`` on a pointer parameter: an access of the
  excluded kind *through that pointer* is UB, not an access of the same memory
  through another pointer;
* ``noreturn``: returning is UB; ``null_pointer_is_valid``: address 0 may be memory;
* a callee's accesses are the caller's: where tgt's attributes would forbid what a
  callee may do and src's would not, the model cannot tell whether the callee does
  it, so the pair is refused, never called correct."""

from __future__ import annotations

import pytest

from veriopt.verify import check

DL = ('target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'
      'target triple = "aarch64-unknown-linux-gnu"\n')


def pair(sig: str, src: str, tgt: str, ret: str = "void", prelude: str = "",
         src_attrs: str = "", tgt_attrs: str | None = None, tgt_sig: str | None = None) -> str:
    tgt_attrs = src_attrs if tgt_attrs is None else tgt_attrs
    tgt_sig = sig if tgt_sig is None else tgt_sig
    return (f"{DL}{prelude}\ndefine {ret} @src({sig}) {src_attrs} {{\n{src.strip()}\n}}\n\n"
            f"define {ret} @tgt({tgt_sig}) {tgt_attrs} {{\n{tgt.strip()}\n}}\n")


def verdict(text: str) -> tuple[str, str]:
    v = check(text)
    return v.category, v.reason


GLOBAL = "@g = global i8 0, align 1\n@c = constant i8 7, align 1\n"

# ---- memory(...) on the definition ----------------------------------------------------------


def test_load_of_a_global_in_a_memory_none_target_is_ub():
    # (before: memory(none) only restricted stores, so this tgt passed as correct)
    text = pair("", "ret i8 0", "%v = load i8, ptr @g, align 1\n %z = and i8 %v, 0\n ret i8 %z",
                ret="i8", prelude=GLOBAL, src_attrs="memory(none)")
    assert verdict(text) == ("semantic_error", "source_more_defined")


def test_reading_constant_memory_is_not_an_effect():
    text = pair("", "ret i8 7", "%v = load i8, ptr @c, align 1\n ret i8 %v", ret="i8",
                prelude=GLOBAL, src_attrs="memory(none)")
    assert verdict(text) == ("correct", "")


def test_own_stack_is_never_restricted():
    tgt = "%a = alloca i8, align 1\n store i8 5, ptr %a, align 1\n %v = load i8, ptr %a, align 1\n ret i8 %v"
    text = pair("", "ret i8 5", tgt, ret="i8", src_attrs="memory(none)")
    assert verdict(text) == ("correct", "")


def test_argmem_read_allows_reads_through_parameters_only():
    load_p = "%v = load i8, ptr %p, align 1\n ret i8 %v"
    assert verdict(pair("ptr %p", load_p, load_p.replace("%v", "%w"), ret="i8",
                        src_attrs="", tgt_attrs="memory(argmem: read)")) == ("correct", "")
    # a global is "other" memory: reading it is UB
    text = pair("ptr %p", "ret i8 0", "%v = load i8, ptr @g, align 1\n %z = and i8 %v, 0\n ret i8 %z",
                ret="i8", prelude=GLOBAL, tgt_attrs="memory(argmem: read)")
    assert verdict(text) == ("semantic_error", "source_more_defined")
    # and so is writing through the parameter
    text = pair("ptr %p", "store i8 1, ptr %p, align 1\n ret void",
                "store i8 1, ptr %p, align 1\n ret void", tgt_attrs="memory(argmem: read)")
    assert verdict(text) == ("semantic_error", "source_more_defined")


def test_store_in_a_read_only_source_makes_it_always_ub():
    text = pair("ptr %p", "store i8 0, ptr %p, align 1\n ret void", "unreachable",
                src_attrs="memory(read)")
    assert verdict(text) == ("correct", "source_always_ub")


def test_argmem_none_makes_a_read_through_a_parameter_ub_even_of_a_constant():
    # Alive2's rule (attrs/argmemonly4): argmem is about the pointer, not the block
    text = pair("ptr %p", "%v = load i8, ptr %p, align 1\n ret i8 %v", "unreachable", ret="i8",
                src_attrs="memory(read, argmem: none)")
    assert verdict(text) == ("correct", "source_always_ub")


def test_pointer_loaded_from_memory_is_not_based_on_the_parameter():
    # memory(argmem: read): *pp is argument memory, **pp is not
    src = "%q = load ptr, ptr %pp, align 8\n %v = load i8, ptr %q, align 1\n ret i8 %v"
    text = pair("ptr %pp", src, "unreachable", ret="i8", src_attrs="memory(argmem: read)")
    assert verdict(text) == ("correct", "source_always_ub")
    text = pair("ptr %pp", src, src.replace("%v", "%w"), ret="i8",
                tgt_attrs="memory(argmem: read)")
    assert verdict(text) == ("semantic_error", "source_more_defined")


def test_memcpy_from_a_readonly_parameter_is_fine_into_it_is_ub():
    decl = "declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)\n"
    copy = "call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 4, i1 false)\n ret void"
    text = pair("ptr %d, ptr readonly %s", copy, "ret void", prelude=decl)
    assert verdict(text) == ("semantic_error", "memory_mismatch")
    text = pair("ptr readonly %d, ptr %s", copy, "unreachable", prelude=decl)
    assert verdict(text) == ("correct", "source_always_ub")


def test_memset_respects_the_attributes():
    decl = "declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)\n"
    src = "ret void"
    tgt = "call void @llvm.memset.p0.i64(ptr %p, i8 0, i64 %n, i1 false)\n ret void"
    text = pair("ptr %p, i64 %n", src, tgt, prelude=decl, src_attrs="memory(read)")
    assert verdict(text) == ("semantic_error", "source_more_defined")
    # zero bytes are no access
    text = pair("ptr %p", src, tgt.replace("i64 %n", "i64 0"), prelude=decl,
                src_attrs="memory(read)")
    assert verdict(text) == ("correct", "")


# ---- parameter attributes ------------------------------------------------------------------


def test_readonly_parameter_store_is_ub_but_not_through_another_pointer():
    text = pair("ptr readonly %p", "store i8 0, ptr %p, align 1\n ret void", "unreachable")
    assert verdict(text) == ("correct", "source_always_ub")
    # the same memory through %q: defined, so dropping the store is a bug
    text = pair("ptr readonly %p, ptr %q", "store i8 0, ptr %q, align 1\n ret void", "ret void")
    assert verdict(text) == ("semantic_error", "memory_mismatch")


def test_readnone_parameter_comparison_is_fine_and_other_pointer_reads_count():
    # LangRef's readnone: the memory may still be read through another pointer
    # (Alive2's attrs/readnone-fail)
    src = ("%c = icmp eq ptr %x, %y\n br i1 %c, label %a, label %e\n"
           "a:\n %v = load i8, ptr %y, align 1\n ret i8 %v\ne:\n ret i8 0")
    text = pair("ptr readnone %x, ptr %y", src, "ret i8 0", ret="i8")
    assert verdict(text) == ("semantic_error", "value_mismatch")
    text = pair("ptr readnone %x", "%v = load i8, ptr %x, align 1\n ret i8 %v", "ret i8 3",
                ret="i8")
    assert verdict(text) == ("correct", "source_always_ub")


def test_writeonly_parameter_allows_stores_not_loads():
    text = pair("ptr writeonly %p", "store i8 1, ptr %p, align 1\n ret void",
                "store i8 2, ptr %p, align 1\n ret void")
    assert verdict(text) == ("semantic_error", "memory_mismatch")
    gep_load = ("%q = getelementptr i8, ptr %p, i64 1\n %v = load i8, ptr %q, align 1\n"
                " ret i8 %v")
    text = pair("ptr writeonly %p", gep_load, "ret i8 9", ret="i8")
    assert verdict(text) == ("correct", "source_always_ub")


def test_target_adding_readonly_to_a_written_parameter_is_wrong():
    text = pair("ptr %p", "store i8 1, ptr %p, align 1\n ret void",
                "store i8 1, ptr %p, align 1\n ret void", tgt_sig="ptr readonly %p")
    assert verdict(text) == ("semantic_error", "source_more_defined")


def test_pointer_of_unknown_origin_under_parameter_attributes_is_refused():
    # %s may be %p (readonly) or %q: whether the store is UB depends on which
    src = ("%s = select i1 %c, ptr %p, ptr %q\n store i8 0, ptr %s, align 1\n ret void")
    text = pair("i1 %c, ptr readonly %p, ptr %q", src, "ret void")
    assert verdict(text) == ("inconclusive", "unsupported:attribute:memory")
    # a readnone parameter stored to memory and loaded back
    src = ("%a = alloca ptr, align 8\n store ptr %p, ptr %a, align 8\n"
           " %r = load ptr, ptr %a, align 8\n %v = load i8, ptr %r, align 1\n ret i8 %v")
    text = pair("ptr readnone %p", src, "ret i8 0", ret="i8")
    assert verdict(text)[0] == "inconclusive"


# ---- calls ----------------------------------------------------------------------------------


def test_target_adding_memory_none_over_a_writing_call_is_refused():
    decl = "declare void @f()\n"
    text = pair("", "call void @f()\n ret void", "call void @f()\n ret void", prelude=decl,
                tgt_attrs="memory(none)")
    assert verdict(text) == ("inconclusive", "unsupported:attribute:memory")


def test_same_restriction_on_both_sides_keeps_calls_checkable():
    decl = "declare i8 @f(ptr) memory(argmem: readwrite)\n"
    src = "%v = call i8 @f(ptr %p)\n ret i8 %v"
    tgt = "%q = getelementptr i8, ptr %p, i64 0\n %v = call i8 @f(ptr %q)\n ret i8 %v"
    text = pair("ptr %p", src, tgt, ret="i8", prelude=decl, src_attrs="memory(argmem: readwrite)")
    assert verdict(text) == ("correct", "")
    # a callee that only reads constant memory through its argument (Alive2 argmemonly3)
    text = pair("", "call void @f(ptr @c)\n ret void",
                "%x = add i8 0, 0\n call void @f(ptr @c)\n ret void",
                prelude=GLOBAL + "declare void @f(ptr) memory(argmem: readwrite)\n",
                tgt_attrs="memory(none)")
    assert verdict(text) == ("correct", "")


def test_target_passing_a_global_where_the_argument_rule_differs_is_refused():
    # src passes its parameter (argmem: allowed), tgt a global that may be the same
    # pointer: the callee writing it is UB in tgt only
    decl = "@g = global i8 0\ndeclare void @f(ptr) memory(argmem: readwrite)\n"
    src = ("%c = icmp eq ptr %p, @g\n br i1 %c, label %a, label %e\n"
           "a:\n call void @f(ptr %p)\n ret void\ne:\n ret void")
    tgt = ("%c = icmp eq ptr %p, @g\n br i1 %c, label %a, label %e\n"
           "a:\n call void @f(ptr @g)\n ret void\ne:\n ret void")
    text = pair("ptr %p", src, tgt, prelude=decl, src_attrs="memory(argmem: readwrite)")
    assert verdict(text) == ("inconclusive", "unsupported:attribute:memory")


def test_readonly_parameter_passed_to_a_writing_callee():
    decl = "declare void @f(ptr nocapture)\n"
    call = "call void @f(ptr %p)\n ret void"
    # src and tgt agree on the attribute: the same (possible) UB on both sides
    text = pair("ptr readonly %p", call, "%x = add i8 0, 0\n " + call, prelude=decl)
    assert verdict(text) == ("correct", "")
    # tgt adds it: the callee may write *p, UB for tgt only
    text = pair("ptr %p", call, call, prelude=decl, tgt_sig="ptr readonly %p")
    assert verdict(text) == ("inconclusive", "unsupported:attribute:memory")


def test_allocation_in_a_restricted_target_is_refused():
    decl = "declare ptr @malloc(i64)\ndeclare void @free(ptr)\n"
    body = "%m = call ptr @malloc(i64 4)\n call void @free(ptr %m)\n ret void"
    text = pair("", "ret void", body, prelude=decl, tgt_attrs="memory(none)")
    assert verdict(text) == ("inconclusive", "unsupported:attribute:memory")


# ---- noreturn, null_pointer_is_valid -------------------------------------------------------


def test_returning_from_a_noreturn_function_is_ub():
    assert verdict(pair("i8 %x", "ret void", "unreachable", src_attrs="noreturn")) == \
        ("correct", "source_always_ub")
    # tgt adding noreturn to a function that returns
    text = pair("i8 %x", "ret void", "ret void", src_attrs="", tgt_attrs="noreturn")
    assert verdict(text) == ("semantic_error", "source_more_defined")
    # a noreturn function ending in a noreturn call is fine
    decl = "declare void @exit(i32) noreturn\n"
    body = "call void @exit(i32 0)\n unreachable"
    text = pair("", body, body.replace("i32 0", "i32 1"), prelude=decl, src_attrs="noreturn")
    assert verdict(text)[0] in ("semantic_error", "inconclusive")  # exit(0) is not exit(1)
    text = pair("", "ret void", "ret void", src_attrs="noreturn", tgt_attrs="willreturn")
    assert verdict(text) == ("semantic_error", "function_attributes")


def test_null_pointer_is_valid_makes_address_zero_memory():
    load = "%v = load i8, ptr null, align 4\n ret i8 %v"
    text = pair("", load, load.replace("align 4", "align 8"), ret="i8",
                src_attrs="null_pointer_is_valid")
    # Address 0 is aligned to anything: an access's alignment is its block's, and the
    # null block's is everything (LangRef; Alive2 after v19, memory/nullptr-align)
    assert verdict(text) == ("correct", "")
    # the store is to real memory: dropping it is a bug
    text = pair("", "store i8 1, ptr null, align 1\n ret void", "ret void",
                src_attrs="null_pointer_is_valid")
    assert verdict(text) == ("semantic_error", "memory_mismatch")
    # without the attribute, the store is UB
    text = pair("", "store i8 1, ptr null, align 1\n ret void", "ret void")
    assert verdict(text) == ("correct", "source_always_ub")
    text = pair("", load, load, ret="i8", src_attrs="null_pointer_is_valid", tgt_attrs="")
    assert verdict(text) == ("semantic_error", "function_attributes")


# ---- nofree ---------------------------------------------------------------------------------

FREE = "declare void @free(ptr)\ndeclare ptr @malloc(i64)\ndeclare void @f(ptr)\n"


def test_a_nofree_target_may_not_free_memory_it_was_given():
    # LangRef 19 nofree: no free of "a memory allocation which existed before the call"
    # (was accepted, a wrong correct; alive-tv: Source is more defined than target)
    body = "call void @free(ptr %p)\n ret void"
    assert verdict(pair("ptr %p", body, body, prelude=FREE, tgt_attrs="nofree")) == \
        ("semantic_error", "source_more_defined")
    # a source that does is UB unless %p is null
    tgt = ("%z = icmp eq ptr %p, null\n br i1 %z, label %ok, label %bad\n"
           "ok:\n ret void\nbad:\n unreachable")
    assert verdict(pair("ptr %p", body, tgt, prelude=FREE, src_attrs="nofree")) == ("correct", "")
    assert verdict(pair("ptr %p", body, "unreachable", prelude=FREE,
                        src_attrs="nofree"))[0] == "semantic_error"


def test_a_nofree_function_may_free_what_it_allocated():
    body = "%q = call ptr @malloc(i64 4)\n call void @free(ptr %q)\n ret void"
    assert verdict(pair("", body, "ret void", prelude=FREE, src_attrs="nofree")) == ("correct", "")


def test_a_nofree_target_may_not_call_a_function_that_may_free():
    # "directly or transitively": a callee without nofree may free %p. alive-tv does not
    # check callees (it accepts this); LangRef's UB reading refutes it
    body = "call void @f(ptr %p)\n ret void"
    assert verdict(pair("ptr %p", body, body, prelude=FREE, tgt_attrs="nofree")) == \
        ("semantic_error", "source_more_defined")
    assert verdict(pair("ptr %p", body, body, prelude=FREE, src_attrs="nofree")) == ("correct", "")
    nofree_callee = FREE.replace("declare void @f(ptr)", "declare void @f(ptr) nofree")
    assert verdict(pair("ptr %p", body, body, prelude=nofree_callee, tgt_attrs="nofree")) == \
        ("correct", "")


@pytest.mark.parametrize("attr", ["memory(none)", "memory(read)", "memory(argmem: read)"])
def test_a_copy_under_the_same_restriction_is_correct(attr):
    body = "%v = load i8, ptr %p, align 1\n ret i8 %v"
    text = pair("ptr %p", body, "%x = add i8 0, 0\n " + body, ret="i8", src_attrs=attr)
    assert verdict(text)[0] == "correct"
