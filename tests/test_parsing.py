"""Answer extraction is lenient; format compliance is strict and honest."""

from __future__ import annotations

from veriopt.model.parsing import parse_completion
from veriopt.model.prompts import (
    SYSTEM_PROMPT,
    correction_completion,
    first_time_completion,
    render_augmented,
    render_generic,
)

IR = "define i32 @f(i32 %0) {\n  %2 = shl nsw i32 %0, 1\n  ret i32 %2\n}\n"


def test_generic_prompt_is_the_papers_chatml_verbatim():
    text = render_generic("IR")
    assert text == ("<|im_start|>system\n" + SYSTEM_PROMPT + "<|im_end|>\n"
                    "<|im_start|>user\nIR<|im_end|>\n<|im_start|>assistant\n")
    assert "Respond in the following format: \n<answer>" in SYSTEM_PROMPT


def test_augmented_prompt_is_the_artifacts_verbatim():
    assert render_augmented("IR") == (
        "<SYS>Role:LLVM -instcombine Process:1.Optimize 2.Validate(syntax\u2192semantic) "
        "Output:XML tags with <think> and <answer></SYS>\nUser:\nIR\nAssistant:\n")


def test_clean_answer_is_compliant():
    p = parse_completion(f"<answer>\n{IR}</answer>")
    assert p.format_ok and p.answer == IR and not p.issues


def test_prose_around_tags_breaks_format_but_keeps_the_answer():
    p = parse_completion(f"Here you go:\n<answer>\n{IR}</answer>\nHope it helps")
    assert not p.format_ok and p.answer == IR and "text outside the tags" in p.issues


def test_truncated_answer_is_extracted_and_not_compliant():
    p = parse_completion(f"<answer>\n{IR[:-3]}")
    assert not p.format_ok and p.answer.startswith("define i32 @f")


def test_fenced_ir_inside_answer_is_tolerated():
    p = parse_completion(f"<answer>\n```llvm\n{IR}```\n</answer>")
    assert p.format_ok and p.answer == IR


def test_no_tags_finds_ir_in_a_fence():
    p = parse_completion(f"Optimized:\n```llvm\n{IR}```\nDone.")
    assert not p.format_ok and p.answer == IR


def test_doubled_answer_uses_the_last_and_is_not_compliant():
    p = parse_completion(f"<answer>\nbad\n</answer>\n<answer>\n{IR}</answer>")
    assert not p.format_ok and p.answer == IR


def test_no_ir_at_all():
    p = parse_completion("I cannot optimize this.")
    assert p.answer is None and not p.format_ok


def test_augmented_first_time_sample_round_trips_through_the_parser():
    p = parse_completion(first_time_completion(IR), expect_think=True)
    assert p.format_ok and p.answer == IR and p.attempt == IR
    assert p.diagnosis_says_ok is True


def test_augmented_correction_sample_carries_the_diagnosis():
    wrong = IR.replace("shl nsw i32 %0, 1", "shl nsw i32 %0, 2")
    diag = "Transformation doesn't verify!\nERROR: Value mismatch"
    p = parse_completion(correction_completion(wrong, diag, IR), expect_think=True)
    assert p.format_ok and p.attempt == wrong and p.answer == IR
    assert p.diagnosis_says_ok is False and "Value mismatch" in p.diagnosis


def test_augmented_without_think_is_not_compliant():
    p = parse_completion(f"<answer>\n{IR}</answer>", expect_think=True)
    assert not p.format_ok and "no <think> block" in p.issues
