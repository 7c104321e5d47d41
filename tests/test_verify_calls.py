"""Calls to unknown functions (VERIFIER.md §6) and the copy shortcut.

A callee is any function deterministic in its inputs that respects its
attributes: tgt's calls must match src's (same callee, refined arguments and
readable memory, same count of earlier writing calls); approximated library calls
turn counterexamples into "couldn't prove"; an exact copy in an identical context
is correct by reflexivity, whatever it contains."""

from __future__ import annotations

from veriopt.verify import check

DL = ('target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'
      'target triple = "aarch64-unknown-linux-gnu"\n')


def pair(sig: str, src: str, tgt: str, ret: str = "i32", prelude: str = "") -> str:
    return (f"{DL}{prelude}\ndefine {ret} @src({sig}) {{\n{src.strip()}\n}}\n\n"
            f"define {ret} @tgt({sig}) {{\n{tgt.strip()}\n}}\n")


def module(body: str, prelude: str, attrs: str = "#0") -> str:
    return (f"{DL}{prelude}\ndefine i32 @f(i32 noundef %x, ptr noundef %p) {attrs} {{\n"
            f"{body.strip()}\n}}\n\nattributes #0 = {{ noinline nounwind }}\n")


# ---- the copy shortcut ---------------------------------------------------------------------

COPY_BODY = """
  %a = call i32 @g(i32 %x)
  %f = sitofp i32 %a to double
  %h = fadd double %f, 1.0
  %i = fptosi double %h to i32
  br label %loop
loop:
  %k = phi i32 [ 0, %0 ], [ %k1, %loop ]
  %k1 = add i32 %k, 1
  %c = icmp slt i32 %k1, %i
  br i1 %c, label %loop, label %done
done:
  store i32 %k1, ptr @G, align 4
  %r = call i32 (ptr, ...) @printf(ptr @.str, i32 %k1)
  ret i32 %k1
"""
COPY_PRELUDE = ('@G = global i32 0, align 4\n@.str = private constant [3 x i8] c"%d\\00"\n'
                "declare i32 @g(i32) #1\ndeclare i32 @printf(ptr, ...)\n"
                "attributes #1 = { nounwind }\n")


def test_copy_with_calls_loops_fp_and_globals_is_correct_by_reflexivity():
    text = module(COPY_BODY, COPY_PRELUDE)
    v = check(text, text.replace("%k1", "%next"))  # names do not matter
    assert (v.category, v.is_copy) == ("correct", True)
    assert "Transformation seems to be correct! (syntactically equal)" in v.report


def test_copy_with_a_different_declaration_attribute_is_not_shortcut():
    src = module(COPY_BODY, COPY_PRELUDE)
    tgt = src.replace("attributes #1 = { nounwind }", "attributes #1 = { nounwind memory(none) }")
    v = check(src, tgt)
    assert not (v.category == "correct" and v.is_copy)


def test_copy_with_a_different_global_initialiser_is_not_shortcut():
    src = module(COPY_BODY, COPY_PRELUDE)
    tgt = src.replace('c"%d\\00"', 'c"%x\\00"')
    v = check(src, tgt)
    assert not (v.category == "correct" and v.is_copy)


def test_copy_with_different_function_or_call_site_attribute_groups_is_not_shortcut(monkeypatch):
    # exercises the model itself, below the known-gaps safety gate
    monkeypatch.setenv("VERIOPT_ALLOW_KNOWN_GAPS", "1")
    body = "%a = call i32 @g(i32 %x) #1\n ret i32 %a"
    prelude = "declare i32 @g(i32)\n"
    src = module(body, prelude) + "attributes #1 = { nounwind }\n"
    tgt = module(body, prelude) + "attributes #1 = { nounwind memory(none) }\n"
    assert not check(src, tgt).is_copy
    src2 = module(body.replace(" #1", ""), prelude, attrs="#0")
    tgt2 = src2.replace("attributes #0 = { noinline nounwind }",
                        "attributes #0 = { noinline nounwind willreturn }")
    v = check(src2, tgt2)
    assert not (v.category == "correct" and v.is_copy)


def test_copy_of_unsupported_construct_is_still_correct():
    body = "%v = load volatile i32, ptr %p, align 4\n ret i32 %v"
    text = module(body, "")
    v = check(text, text)
    assert (v.category, v.is_copy) == ("correct", True)


# ---- matching calls -------------------------------------------------------------------------


def test_calls_in_dead_code_may_be_removed():
    decl = "declare i32 @printf(ptr, ...)\n@s = external constant [2 x i8]\n"
    src = ("%c = icmp eq i32 %x, %x\n br i1 %c, label %a, label %b\n"
           "b:\n %r = call i32 (ptr, ...) @printf(ptr @s)\n br label %a\na:\n ret i32 0")
    tgt = "ret i32 0"
    assert check(pair("i32 noundef %x", src, tgt, prelude=decl)).category == "correct"


def test_writing_calls_cannot_be_reordered():
    decl = "declare void @f()\ndeclare void @g()\n"
    v = check(pair("", "call void @f()\n call void @g()\n ret i32 0",
                   "call void @g()\n call void @f()\n ret i32 0", prelude=decl))
    assert v.category == "semantic_error"


def test_readonly_calls_may_be_duplicated_when_memory_is_unchanged():
    decl = "declare i32 @f(i32) memory(read) willreturn nounwind\n@g = global i32 0\n"
    src = "%a = call i32 @f(i32 %x)\n %r = add i32 %a, %a\n ret i32 %r"
    tgt = "%a = call i32 @f(i32 %x)\n %b = call i32 @f(i32 %x)\n %r = add i32 %a, %b\n ret i32 %r"
    assert check(pair("i32 noundef %x", src, tgt, prelude=decl)).category == "correct"
    # ... but not across a store the callee may see
    tgt2 = ("%a = call i32 @f(i32 %x)\n store i32 1, ptr @g, align 4\n"
            " %b = call i32 @f(i32 %x)\n %r = add i32 %a, %b\n ret i32 %r")
    src2 = "%a = call i32 @f(i32 %x)\n store i32 1, ptr @g, align 4\n %r = add i32 %a, %a\n ret i32 %r"
    assert check(pair("i32 noundef %x", src2, tgt2, prelude=decl)).category == "semantic_error"


def test_argmem_only_callee_cannot_touch_globals():
    decl = "declare void @f(ptr) memory(argmem: readwrite)\n@g = global i32 0\n"
    src = ("%a = alloca i32, align 4\n store i32 5, ptr @g, align 4\n call void @f(ptr %a)\n"
           " %v = load i32, ptr @g, align 4\n ret i32 %v")
    tgt = "%a = alloca i32, align 4\n store i32 5, ptr @g, align 4\n call void @f(ptr %a)\n ret i32 5"
    assert check(pair("", src, tgt, prelude=decl)).category == "correct"


def test_call_with_wrong_argument_count_is_ub():
    decl = "declare i32 @f(i32)\n"
    src = "%r = call i32 @f()\n ret i32 %r"
    assert check(pair("", src, "ret i32 7", prelude=decl)).category == "correct"


def test_escaped_local_is_havocked_by_later_calls():
    # Alive2 lets callees write only non-local memory (pr1014 FIXME); we are sound:
    # @g may keep &a and @h may write through it.
    decl = "declare void @g(ptr)\ndeclare void @h()\n"
    src = ("%a = alloca i32, align 4\n call void @g(ptr %a)\n store i32 1, ptr %a, align 4\n"
           " call void @h()\n %v = load i32, ptr %a, align 4\n ret i32 %v")
    tgt = ("%a = alloca i32, align 4\n call void @g(ptr %a)\n store i32 1, ptr %a, align 4\n"
           " call void @h()\n ret i32 1")
    assert check(pair("", src, tgt, prelude=decl)).reason == "value_mismatch"


def test_approximated_libcall_turns_a_counterexample_into_couldnt_prove():
    decl = "declare i32 @puts(ptr)\n@s = external constant [2 x i8]\n"
    src = "%r = call i32 @puts(ptr @s)\n ret i32 %r"
    tgt = "%r = call i32 @puts(ptr @s)\n %t = add i32 %r, 1\n ret i32 %t"
    v = check(pair("", src, tgt, prelude=decl))
    assert (v.category, v.reason) == ("inconclusive", "approximated:puts")
    assert "ERROR: Couldn't prove the correctness of the transformation" in v.report
    assert " - Unknown libcall: @puts" in v.report
    assert "Transformation doesn't verify!" not in v.report
    # the same function proven correct stays correct
    assert check(pair("", src, src.replace("%r", "%q"), prelude=decl)).category == "correct"


def test_pair_locals_aligns_calls_by_callee():
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import get_toolchain
    from veriopt.verify.call_sites import pair_locals

    text = pair("", "%a = alloca i32\n %b = alloca i32\n call void @f(ptr %a)\n"
                " call void @g(ptr %b)\n ret i32 0",
                "%y = alloca i32\n call void @g(ptr %y)\n ret i32 0",
                prelude="declare void @f(ptr)\ndeclare void @g(ptr)\n")
    mod = parse_module(get_toolchain().canonicalize(text))
    pairs, unpaired = pair_locals(mod.function("src"), mod.function("tgt"))
    assert pairs == [("b", "y")]
    assert [side for side, _ in unpaired] == ["src"]  # @f(%a) has no partner


def test_target_may_not_add_claims_about_the_callee():
    # readnone on an argument promises f does not touch *p (Alive2 calls/add-attr)
    decl = "declare i8 @f(ptr)\n"
    v = check(pair("ptr %p", "%v = call i8 @f(ptr %p)\n ret i8 %v",
                   "%v = call i8 @f(ptr readnone %p)\n ret i8 %v", ret="i8", prelude=decl))
    assert v.reason == "source_more_defined"


def test_undef_argument_is_more_undefined_than_a_frozen_one():
    decl = "declare i8 @f(i8)\n"
    src = "%u = freeze i8 undef\n %r = call i8 @f(i8 %u)\n ret i8 %r"
    v = check(pair("", src, "%r = call i8 @f(i8 undef)\n ret i8 %r", ret="i8", prelude=decl))
    assert v.category == "semantic_error"


def test_source_choices_cannot_excuse_a_call_tgt_makes():
    # src calls @g only on one value of a frozen undef and returns 1 there; tgt swaps
    # the results: whichever branch src takes, tgt differs (Alive2 refinement/nondet-fail2)
    decl = "declare void @g()\n"
    body = ("%c = freeze i1 undef\n br i1 %c, label %a, label %b\n"
            "a:\n call void @g()\n ret i1 {x}\nb:\n ret i1 {y}")
    v = check(pair("", body.format(x=1, y=0), body.format(x=0, y=1), ret="i1", prelude=decl))
    assert v.category == "semantic_error"


def test_returned_argument_is_the_call_result():
    decl = "declare i8 @f(i8 returned)\n"
    src = "%v = call i8 @f(i8 %t)\n ret i8 %v"
    tgt = "%v = call i8 @f(i8 %t)\n ret i8 %t"
    assert check(pair("i8 noundef %t", src, tgt, ret="i8", prelude=decl)).category == "correct"
