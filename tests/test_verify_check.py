"""`veriopt.verify.check` end to end: refinement stages, their Alive2 messages,
undef vs poison, noundef, freeze, control flow, pre-checks and the API contract.

Each expectation is derived from the LangRef / Alive2 semantics (VERIFIER.md), not
from what the code happens to print."""

from __future__ import annotations

import pickle

import pytest

from veriopt.verify import Verdict, check


def pair(src: str, tgt: str) -> str:
    return src.strip() + "\n\n" + tgt.strip() + "\n"


def fn(name: str, sig: str, body: str, ret: str = "i8") -> str:
    return f"define {ret} @{name}({sig}) {{\n{body.strip()}\n}}"


def same_sig(sig: str, src_body: str, tgt_body: str, ret: str = "i8") -> str:
    return pair(fn("src", sig, src_body, ret), fn("tgt", sig, tgt_body, ret))


def verdict(sig: str, src_body: str, tgt_body: str, ret: str = "i8", **kw) -> Verdict:
    return check(same_sig(sig, src_body, tgt_body, ret), **kw)


# ---- value stage ---------------------------------------------------------------------


def test_sub_minus_one_is_not_xor_minus_one_value_mismatch():
    v = verdict("i8 %x", "%m = sub i8 %x, -1\n ret i8 %m", "%m = xor i8 %x, -1\n ret i8 %m")
    assert (v.category, v.reason, v.message) == ("semantic_error", "value_mismatch",
                                                 "Value mismatch")
    assert v.counterexample is not None
    assert v.counterexample.input_values() == {"%x": "#x00 (0)"}
    assert v.counterexample.src_value == "#x01 (1)"
    assert v.counterexample.tgt_value == "#xff (255, -1)"


def test_xor_minus_one_is_not_with_sub_from_minus_one_correct():
    v = verdict("i8 %x", "%m = xor i8 %x, -1\n ret i8 %m", "%m = sub i8 -1, %x\n ret i8 %m")
    assert (v.category, v.reason) == ("correct", "")
    assert not v.is_copy


def test_mul_by_two_becomes_shl_one_correct_for_wide_odd_width():
    v = verdict("i33 %x", "%m = mul i33 %x, 2\n ret i33 %m", "%m = shl i33 %x, 1\n ret i33 %m",
                ret="i33")
    assert v.category == "correct"


# ---- poison stage --------------------------------------------------------------------


def test_dropping_nsw_is_correct_but_adding_it_is_more_poisonous():
    plain = "%r = add i8 %x, 1\n ret i8 %r"
    nsw = "%r = add nsw i8 %x, 1\n ret i8 %r"
    assert verdict("i8 %x", nsw, plain).category == "correct"
    v = verdict("i8 %x", plain, nsw)
    assert (v.category, v.reason, v.message) == (
        "semantic_error", "target_more_poisonous", "Target is more poisonous than source")
    # the only overflowing input: 127 + 1
    assert v.counterexample.input_values() == {"%x": "#x7f (127)"}
    assert v.counterexample.tgt_value == "poison"


def test_adding_nneg_or_disjoint_needs_proof():
    # (icmp samesign is LLVM 20 syntax: LLVM 19 rejects it, so only the table tests it.)
    v = verdict("i8 %x", "%r = zext i8 %x to i16\n ret i16 %r",
                "%r = zext nneg i8 %x to i16\n ret i16 %r", ret="i16")
    assert v.reason == "target_more_poisonous"
    v = verdict("i8 %x", "%a = lshr i8 %x, 1\n %r = zext i8 %a to i16\n ret i16 %r",
                "%a = lshr i8 %x, 1\n %r = zext nneg i8 %a to i16\n ret i16 %r", ret="i16")
    assert v.category == "correct"
    v = verdict("i8 noundef %x", "%a = and i8 %x, 15\n %b = or i8 %a, 16\n ret i8 %b",
                "%a = and i8 %x, 15\n %b = or disjoint i8 %a, 16\n ret i8 %b")
    assert v.category == "correct"  # the operands share no bit: disjoint holds


def test_instcombine_shl_nsw_from_mul_nsw_is_correct():
    v = verdict("i32 noundef %x", "%m = mul nsw i32 %x, 2\n ret i32 %m",
                "%m = shl nsw i32 %x, 1\n ret i32 %m", ret="i32")
    assert v.category == "correct"


# ---- UB stage ------------------------------------------------------------------------


def test_target_introducing_division_by_zero_is_source_more_defined():
    v = verdict("i8 %x, i8 %y", "ret i8 0", "%d = udiv i8 %x, %y\n %r = mul i8 %d, 0\n ret i8 %r")
    assert (v.category, v.reason, v.message) == (
        "semantic_error", "source_more_defined", "Source is more defined than target")
    assert v.counterexample.input_values()["%y"] == "#x00 (0)"
    assert v.counterexample.src_value is None  # the UB stage prints no values


def test_division_by_undef_is_ub_so_src_refines_to_anything():
    # udiv by undef: undef may be 0, src may pick it -> src is UB for every input.
    v = verdict("", "%d = udiv i8 1, undef\n ret i8 %d", "ret i8 42")
    assert v.category == "correct"


def test_int_min_sdiv_minus_one_is_ub_not_poison():
    v = verdict("i8 %x", "%d = sdiv i8 %x, -1\n ret i8 %d", "%d = sub i8 0, %x\n ret i8 %d")
    assert v.category == "correct"  # -128 / -1 is UB in src, so any tgt value is fine
    v = verdict("i8 %x", "%d = sub i8 0, %x\n ret i8 %d", "%d = sdiv i8 %x, -1\n ret i8 %d")
    assert v.reason == "source_more_defined"


def test_source_always_ub_is_correct_with_warning():
    v = verdict("i8 %x", "unreachable", "ret i8 %x")
    assert (v.category, v.reason) == ("correct", "source_always_ub")
    assert "Source function is always UB." in v.report
    assert v.warnings


def test_branch_on_poison_or_undef_is_ub():
    # Alive2's undef/br-undef2: br on a maybe-poison/undef input; tgt's zext is fine.
    br = "br i1 %c, label %a, label %b\na:\n ret i8 1\nb:\n ret i8 0"
    ext = "%e = zext i1 %c to i8\n ret i8 %e"
    assert verdict("i1 %c", br, ext).category == "correct"
    # ... but the other way round tgt branches where src only selected.
    sel = "%s = select i1 %c, i8 1, i8 0\n ret i8 %s"
    v = verdict("i1 %c", sel, br)
    assert v.reason == "source_more_defined"
    assert any(line == "UB triggered on br" for line in v.counterexample.tgt_trace)


def test_branch_on_frozen_undef_is_not_ub():
    # Alive2's undef/br-undef3: freeze makes the branch defined, so tgt's unreachable
    # is less defined.
    src = "%f = freeze i1 undef\n br i1 %f, label %a, label %b\na:\n ret i8 0\nb:\n ret i8 3"
    assert verdict("", src, "unreachable").reason == "source_more_defined"


def test_adding_noundef_to_return_is_more_defined_source():
    text = pair(fn("src", "i8 %x", "%r = add nsw i8 %x, 1\n ret i8 %r"),
                "define noundef i8 @tgt(i8 %x) {\n %r = add nsw i8 %x, 1\n ret i8 %r\n}")
    assert check(text).reason == "source_more_defined"


# ---- undef -----------------------------------------------------------------------------


def test_undef_refines_to_a_constant():
    assert verdict("", "ret i8 undef", "ret i8 0").category == "correct"


def test_constant_does_not_refine_to_undef():
    v = verdict("", "ret i8 0", "ret i8 undef")
    assert (v.reason, v.message) == ("target_more_undefined",
                                     "Target's return value is more undefined")


def test_poison_refines_to_undef_but_not_the_other_way():
    assert verdict("", "ret i8 poison", "ret i8 undef").category == "correct"
    assert verdict("", "ret i8 undef", "ret i8 poison").reason == "target_more_poisonous"


def test_add_x_x_to_shl_is_correct_but_shl_to_add_x_x_is_not_with_undef_input():
    add = "%r = add i8 %x, %x\n ret i8 %r"
    shl = "%r = shl i8 %x, 1\n ret i8 %r"
    assert verdict("i8 %x", add, shl).category == "correct"
    v = verdict("i8 %x", shl, add)
    # undef x: each use may differ, so x + x can be odd while x << 1 is even.
    assert (v.category, v.reason) == ("semantic_error", "value_mismatch")
    assert v.counterexample.input_values() == {"%x": "undef"}
    # with noundef (or -disable-undef-input) the rewrite is fine
    assert verdict("i8 noundef %x", shl, add).category == "correct"
    assert verdict("i8 %x", shl, add, disable_undef_input=True).category == "correct"


def test_each_undef_use_is_independent():
    # undef - undef may be any value, so it is not 0 ... but 0 refines it.
    assert verdict("", "%r = sub i8 undef, undef\n ret i8 %r", "ret i8 0").category == "correct"
    v = verdict("", "ret i8 0", "%r = sub i8 undef, undef\n ret i8 %r")
    assert v.category == "semantic_error"


def test_freeze_refines_poison_and_undef_but_removing_it_does_not():
    frozen = "%f = freeze i8 %x\n ret i8 %f"
    plain = "ret i8 %x"
    assert verdict("i8 %x", plain, frozen).category == "correct"
    assert verdict("i8 %x", frozen, plain).reason == "target_more_poisonous"
    # Alive2's undef/strip-add-ule: poison x makes src UB, undef x is the problem.
    src = ("%c = icmp ule i32 0, %x\n br i1 %c, label %A, label %B\n"
           "A:\n %x.fr = freeze i32 %x\n ret i32 %x.fr\nB:\n ret i32 0")
    tgt = "%c = icmp ule i32 0, %x\n br i1 %c, label %A, label %B\nA:\n ret i32 %x\nB:\n ret i32 0"
    assert verdict("i32 %x", src, tgt, ret="i32").reason == "target_more_undefined"


def test_freeze_of_undef_is_one_fixed_value():
    # freeze undef is an arbitrary but fixed value: x - x == 0
    v = verdict("", "%f = freeze i8 undef\n %r = sub i8 %f, %f\n ret i8 %r", "ret i8 0")
    assert v.category == "correct"
    v = verdict("", "%f = freeze i8 undef\n ret i8 %f", "ret i8 undef")
    assert v.reason == "target_more_undefined"


# ---- control flow -------------------------------------------------------------------------


def test_diamond_with_phi_equals_select():
    src = ("%c = icmp slt i32 %x, 0\n br i1 %c, label %neg, label %pos\n"
           "neg:\n %n = sub i32 0, %x\n br label %end\n"
           "pos:\n br label %end\n"
           "end:\n %r = phi i32 [ %n, %neg ], [ %x, %pos ]\n ret i32 %r")
    tgt = "%c = icmp slt i32 %x, 0\n %n = sub i32 0, %x\n %r = select i1 %c, i32 %n, i32 %x\n ret i32 %r"
    assert verdict("i32 noundef %x", src, tgt, ret="i32").category == "correct"
    bad = "%c = icmp sle i32 %x, 0\n %n = sub i32 0, %x\n %r = select i1 %c, i32 %x, i32 %n\n ret i32 %r"
    v = verdict("i32 noundef %x", src, bad, ret="i32")
    assert v.reason == "value_mismatch"
    assert "  >> Jump to %end" in v.counterexample.src_trace


def test_switch_cases_and_default():
    src = ("switch i8 %x, label %d [ i8 1, label %one\n i8 2, label %two ]\n"
           "one:\n ret i8 10\ntwo:\n ret i8 20\nd:\n ret i8 0")
    tgt = ("%is1 = icmp eq i8 %x, 1\n %is2 = icmp eq i8 %x, 2\n"
           "%a = select i1 %is2, i8 20, i8 0\n %r = select i1 %is1, i8 10, i8 %a\n ret i8 %r")
    assert verdict("i8 noundef %x", src, tgt).category == "correct"
    assert verdict("i8 noundef %x", src, tgt.replace("i8 20, i8 0", "i8 21, i8 0")
                   ).reason == "value_mismatch"


def test_loop_is_inconclusive_not_correct():
    body = "br label %l\nl:\n %i = phi i8 [ 0, %0 ], [ %n, %l ]\n %n = add i8 %i, 1\n" \
           " %c = icmp eq i8 %n, %x\n br i1 %c, label %e, label %l\ne:\n ret i8 %n"
    # tgt is wrong only for x = 0 (256 iterations, past the unroll bound): the bounded
    # proof holds, but the concrete run that disagrees keeps it from being "correct".
    v = verdict("i8 %x", body, body.replace("add i8", "add nuw i8"))
    assert (v.category, v.reason) == ("inconclusive", "unconfirmed_counterexample")


# ---- pre-checks and the API contract ----------------------------------------------------------


def test_target_adding_noundef_parameter_is_not_refined():
    text = pair(fn("src", "i32 %x", "ret i8 0"), fn("tgt", "i32 noundef %x", "ret i8 0"))
    v = check(text)
    assert (v.category, v.reason, v.message) == (
        "semantic_error", "parameter_attributes", "Parameter attributes not refined")


def test_signature_mismatch_is_inconclusive():
    text = pair(fn("src", "i8 %x", "ret i8 %x"), fn("tgt", "i16 %x", "ret i8 0"))
    v = check(text)
    assert (v.category, v.reason) == ("inconclusive", "signature_mismatch")
    assert "ERROR: Signature mismatch between src and tgt" in v.report


def test_syntax_error_reports_llvm_message():
    v = check("define i8 @src(i8 %x) {\n  %r = add i8 %y, 1\n  ret i8 %r\n}\n", "garbage")
    assert v.category == "syntax_error"
    assert v.reason.startswith("parse:") and "use of undefined value '%y'" in v.reason
    assert "use of undefined value" in v.report


def test_two_module_mode_pairs_the_single_definitions():
    v = check("define i8 @f(i8 %x) {\n %r = add i8 %x, 0\n ret i8 %r\n}",
              "define i8 @f(i8 %x) {\n ret i8 %x\n}")
    assert v.category == "correct"


def test_copy_is_correct_and_flagged():
    text = pair(fn("src", "i8 %x", "%a = add i8 %x, 1\n ret i8 %a"),
                fn("tgt", "i8 %y", "%b = add i8 %y, 1 ; renamed\n ret i8 %b"))
    v = check(text)
    assert (v.category, v.is_copy) == ("correct", True)
    assert "Transformation seems to be correct! (syntactically equal)" in v.report


def test_verdict_is_deterministic_picklable_and_json_round_trips():
    text = same_sig("i8 %x, i8 %y", "%m = udiv i8 %x, %y\n ret i8 %m",
                    "%m = lshr i8 %x, %y\n ret i8 %m")
    a, b = check(text), check(text)
    assert a.report == b.report and a.counterexample == b.counterexample
    assert pickle.loads(pickle.dumps(a)) == a
    assert Verdict.from_json(a.to_json()) == a


@pytest.mark.parametrize("flag", ["disable_poison_input", "disable_undef_input"])
def test_disable_input_flags_assume_well_defined_inputs(flag):
    # freeze removal is only wrong for poison/undef inputs
    frozen = "%f = freeze i8 %x\n ret i8 %f"
    v = verdict("i8 %x", frozen, "ret i8 %x", disable_poison_input=True, disable_undef_input=True)
    assert v.category == "correct"
    assert verdict("i8 %x", frozen, "ret i8 %x", **{flag: True}).category == "semantic_error"
