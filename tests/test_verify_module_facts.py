"""Module facts (issue 11, class 5): the target triple and datalayout give the IR its
meaning (endianness, sizes, alignment), so src and tgt must share them. As alive-tv
("Modules have different target triples") and the paper's labelling: any difference,
or one side without what the other has, is a ``syntax_error`` naming both values;
both without is fine."""

from __future__ import annotations

import pytest

from veriopt.verify import check, check_functions

LE_LAYOUT = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
BE_LAYOUT = "E-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
LE_TRIPLE = "aarch64-unknown-linux-gnu"
BE_TRIPLE = "aarch64_be-unknown-linux-gnu"

#: The first byte of a stored i32: its low byte on a little-endian target.
FIRST_BYTE = """define i8 @f(i32 %x) {
  %a = alloca i32, align 4
  store i32 %x, ptr %a, align 4
  %b = load i8, ptr %a, align 4
  ret i8 %b
}
"""
#: ... and its high byte on a big-endian one: a correct rewrite only there.
HIGH_BYTE = """define i8 @f(i32 %x) {
  %s = lshr i32 %x, 24
  %t = trunc i32 %s to i8
  ret i8 %t
}
"""


def module(body: str, layout: str | None = LE_LAYOUT, triple: str | None = LE_TRIPLE) -> str:
    head = (f'target datalayout = "{layout}"\n' if layout else "") + \
        (f'target triple = "{triple}"\n' if triple else "")
    return head + "\n" + body


def test_big_endian_rewrite_is_correct_against_a_big_endian_source():
    """The control: under one (big-endian) layout, the rewrite is right."""
    v = check(module(FIRST_BYTE, BE_LAYOUT, BE_TRIPLE), module(HIGH_BYTE, BE_LAYOUT, BE_TRIPLE))
    assert v.category == "correct", v.report


def test_big_endian_target_against_little_endian_source_is_a_syntax_error():
    v = check(module(FIRST_BYTE), module(HIGH_BYTE, BE_LAYOUT, BE_TRIPLE))
    assert (v.category, v.reason) == ("syntax_error", "module_facts:triple")
    assert v.message == (f'Modules have different target triples: source "{LE_TRIPLE}", '
                         f'target "{BE_TRIPLE}"')
    assert v.message in v.report and "\n" not in v.message


def test_datalayout_difference_alone_is_a_syntax_error_naming_both():
    v = check(module(FIRST_BYTE), module(FIRST_BYTE, BE_LAYOUT, LE_TRIPLE))
    assert (v.category, v.reason) == ("syntax_error", "module_facts:datalayout")
    assert v.message == (f'Modules have different datalayouts: source "{LE_LAYOUT}", '
                         f'target "{BE_LAYOUT}"')


@pytest.mark.parametrize("tgt_layout", [LE_LAYOUT, None])
def test_target_without_the_sources_triple_is_a_syntax_error(tgt_layout):
    """Even for an identical body: a copy proves nothing under another target."""
    v = check(module(FIRST_BYTE), module(FIRST_BYTE, tgt_layout, None))
    assert (v.category, v.reason) == ("syntax_error", "module_facts:triple")
    assert v.message.endswith(", target (none)")


def test_a_missing_datalayout_is_the_triples_default_as_llvm_reads_it():
    """LLVM gives a module with a triple and no datalayout its target's default layout
    (what it would compile): the same as src's default layout, a different one from a
    source's custom layout."""
    assert check(module(FIRST_BYTE), module(FIRST_BYTE, None, LE_TRIPLE)).category == "correct"
    custom = "e-m:e-i64:64-n32:64-S128"
    v = check(module(FIRST_BYTE, custom), module(FIRST_BYTE, None, LE_TRIPLE))
    assert (v.category, v.reason) == ("syntax_error", "module_facts:datalayout")
    assert v.message == (f'Modules have different datalayouts: source "{custom}", '
                         f'target "{LE_LAYOUT}"')


def test_target_without_the_sources_datalayout_and_no_triple_is_a_syntax_error():
    v = check(module(FIRST_BYTE, LE_LAYOUT, None), module(FIRST_BYTE, None, None))
    assert (v.category, v.reason) == ("syntax_error", "module_facts:datalayout")
    assert v.message.endswith(", target (none)")


def test_target_with_facts_the_source_lacks_is_a_syntax_error():
    v = check(module(FIRST_BYTE, None, None), module(FIRST_BYTE))
    assert (v.category, v.reason) == ("syntax_error", "module_facts:triple")
    assert v.message.startswith("Modules have different target triples: source (none), ")


def test_both_without_module_facts_is_fine():
    v = check(module(FIRST_BYTE, None, None), module(FIRST_BYTE, None, None))
    assert v.category == "correct"


def test_two_file_mode_reports_the_module_facts_once_for_all_functions():
    results = check_functions(module(FIRST_BYTE), module(HIGH_BYTE, BE_LAYOUT, BE_TRIPLE))
    assert [(fv.name, fv.verdict.reason) for fv in results] == [(None, "module_facts:triple")]
    assert results.category == "syntax_error"
