"""Alive2-format reports (VERIFIER.md §9): value formatting, the full text of a
counterexample report, and the verdict blocks of the other outcomes."""

from __future__ import annotations

import pytest

from veriopt.verify import check
from veriopt.verify.report import format_int

SUB_IS_NOT = """define i8 @src(i8 %x) {
  %m = sub i8 %x, -1
  ret i8 %m
}

define i8 @tgt(i8 %x) {
  %m = xor i8 %x, -1
  ret i8 %m
}
"""

SUB_IS_NOT_REPORT = """
----------------------------------------
define i8 @src(i8 %x) {
  %m = sub i8 %x, -1
  ret i8 %m
}
=>
define i8 @tgt(i8 %x) {
  %m = xor i8 %x, -1
  ret i8 %m
}
Transformation doesn't verify!

ERROR: Value mismatch

Example:
i8 %x = #x00 (0)

Source:
i8 %m = #x01 (1)

Target:
i8 %m = #xff (255, -1)
Source value: #x01 (1)
Target value: #xff (255, -1)

Summary:
  0 correct transformations
  1 incorrect transformations
  0 failed-to-prove transformations
  0 Alive2 errors
"""


@pytest.mark.parametrize("value,bits,text", [
    (0, 8, "#x00 (0)"),
    (255, 8, "#xff (255, -1)"),
    (1, 1, "#x1 (1)"),  # no signed form for i1
    (4, 3, "#x4 (4, -4)"),  # hex padded to whole nibbles
    (0x7F, 8, "#x7f (127)"),
    (0, 64, "#x0000000000000000 (0)"),
    (-1, 12, "#xfff (4095, -1)"),
])
def test_integer_values_print_as_alive2_does(value, bits, text):
    assert format_int(value, bits) == text


def test_value_mismatch_report_is_alive2_shaped_golden():
    assert check(SUB_IS_NOT).report == SUB_IS_NOT_REPORT


def test_correct_report_ends_with_verdict_and_summary():
    v = check(SUB_IS_NOT.replace("sub i8 %x, -1", "sub i8 -1, %x"))
    assert v.category == "correct"
    assert v.report.endswith("}\nTransformation seems to be correct!\n\nSummary:\n"
                             "  1 correct transformations\n  0 incorrect transformations\n"
                             "  0 failed-to-prove transformations\n  0 Alive2 errors\n")


def test_source_more_defined_report_lists_where_tgt_triggers_ub():
    text = ("define i8 @src(i8 %x, i8 %y) {\n  ret i8 0\n}\n\n"
            "define i8 @tgt(i8 %x, i8 %y) {\n  %d = udiv i8 %x, %y\n"
            "  %r = and i8 %d, 0\n  ret i8 %r\n}\n")
    v = check(text)
    assert "ERROR: Source is more defined than target\n\nExample:\n" in v.report
    assert "i8 %y = #x00 (0)\n" in v.report
    assert "\nTarget:\n%d = UB triggered!\n" in v.report
    assert "Source value:" not in v.report


def test_always_ub_source_prints_the_warning_block():
    text = ("define i8 @src() {\n  unreachable\n}\n\ndefine i8 @tgt() {\n  ret i8 0\n}\n")
    v = check(text)
    assert ("WARNING: Source function is always UB.\nIt can be refined by any target "
            "function.\nPlease make sure this is what you wanted.\n\n"
            "Transformation seems to be correct!\n") in v.report


def test_inconclusive_reports_error_lines_without_a_verdict_line():
    # (inline asm is not modelled; tgt is no copy, so the gate decides)
    call = '%r = call i8 asm "nop", "=r"()'
    text = (f"define i8 @src() {{\n  {call}\n  ret i8 %r\n}}\n\n"
            f"define i8 @tgt() {{\n  {call}\n  %s = add i8 %r, 0\n  ret i8 %s\n}}\n")
    v = check(text)
    assert v.category == "inconclusive"
    assert f"ERROR: Unsupported instruction:   {call}\n" in v.report
    assert "Transformation" not in v.report
    assert "  1 Alive2 errors\n" in v.report


def test_report_is_byte_identical_across_runs():
    text = ("define i8 @src(i8 %a, i8 %b) {\n  %r = sdiv i8 %a, %b\n  ret i8 %r\n}\n\n"
            "define i8 @tgt(i8 %a, i8 %b) {\n  %r = udiv i8 %a, %b\n  ret i8 %r\n}\n")
    reports = {check(text).report for _ in range(3)}
    assert len(reports) == 1
    assert "ERROR: Value mismatch" in reports.pop()


def test_each_proof_kind_has_its_report_line_and_a_full_proof_none():
    from veriopt.verify.report import proof_line

    assert proof_line("full") == ""
    assert proof_line("bounded", 0) == "(bounded: loops unrolled 0 times)"
    assert proof_line("vacuous") == "(vacuous: the source is UB on every input)"


def test_proof_summary_counts_the_kinds_of_the_correct_verdicts():
    from veriopt.verify import Verdict
    from veriopt.verify.report import proof_summary

    verdicts = [Verdict("correct", proof="full"), Verdict("correct", proof="bounded", unroll=2),
                Verdict("correct", proof="full"), Verdict("inconclusive", "timeout")]
    assert proof_summary(verdicts) == "Proofs: 2 full, 1 bounded, 0 vacuous\n"
    assert proof_summary([Verdict("semantic_error", "value_mismatch")]) == ""


def test_combined_report_keeps_each_block_and_adds_up_one_summary():
    from veriopt.verify.report import combined_report, correct_report, failed_report

    one = correct_report("define void @f()", "define void @f()")
    two = failed_report("define void @g()", "define void @g()", ["Timeout"])
    text = combined_report([one, two])
    assert text.count("Summary:") == 1 and text.count("-" * 40) == 2
    assert text.endswith("ERROR: Timeout\n\nSummary:\n  1 correct transformations\n"
                         "  0 incorrect transformations\n  1 failed-to-prove transformations\n"
                         "  0 Alive2 errors\n")
