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


# ---- adversarial completions: linear work, measured, never timed -------------------

import random  # noqa: E402
import re  # noqa: E402

import pytest  # noqa: E402

from veriopt.model.parsing import METER, paper_answer, tag_blocks  # noqa: E402

MB = 2**20


def _work(fn, *args, **kw) -> int:
    before = METER.chars
    fn(*args, **kw)
    return METER.chars - before


ADVERSARIAL = {
    "unclosed answer tags": lambda n: "<answer>" * (n // 8),
    "openings then one close": lambda n: "<answer>" * (n // 8 - 2) + "</answer>",
    "many small blocks": lambda n: "<answer>x</answer>" * (n // 18),
    "unclosed think tags": lambda n: "<think>" * (n // 7),
    "nested fences": lambda n: ("```llvm\n```\n````" * (n // 16)),
    "fence openings without newline": lambda n: "```aaaa" * (n // 7),
    "long IR-like lines": lambda n: ("%" + "a" * 4000 + "\n") * (n // 4002),
    "answer then megabytes of IR": lambda n: "<answer>\n" + "define i32 @f() {\n" * (n // 18),
}


@pytest.mark.parametrize("kind", ADVERSARIAL)
def test_parsing_work_is_linear_on_multi_megabyte_adversarial_completions(kind):
    make = ADVERSARIAL[kind]
    small, big = make(2 * MB), make(4 * MB)
    for expect_think in (False, True):
        w_small = _work(parse_completion, small, expect_think=expect_think)
        w_big = _work(parse_completion, big, expect_think=expect_think)
        assert w_big <= 16 * len(big), (kind, w_big / len(big))
        assert w_big <= 2.3 * w_small, (kind, w_small, w_big)  # doubling the input ~doubles work
    assert _work(paper_answer, big) <= 8 * len(big)


def test_the_work_measure_catches_a_quadratic_scan():
    """The measure is not blind: the lazy-regex strategy (every opening scans to the
    end for a close) counts quadratically."""
    text = "<answer>" * 2000

    def naive(t: str) -> None:
        pos = METER.find(t, "<answer>")
        while pos >= 0:
            METER.find(t, "</answer>", pos)
            pos = METER.find(t, "<answer>", pos + 1)

    assert _work(naive, text) > 500 * len(text)
    assert _work(parse_completion, text) < 16 * len(text)


def test_tag_blocks_agree_with_the_lazy_regex_they_replace():
    rng = random.Random(12)
    pieces = ["<answer>", "</answer>", "<answer", "answer>", "x", "\n", "</", "<"]
    pattern = re.compile(r"<answer>(.*?)</answer>", re.S)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        spans = tag_blocks(text, "<answer>", "</answer>")
        assert [text[a:b] for a, b in spans] == pattern.findall(text), text


def test_unclosed_and_flooded_answers_still_extract_the_last_one():
    p = parse_completion("<answer>" * 10000 + "\n" + IR)
    assert p.answer == IR and not p.format_ok
    p = parse_completion("<think>" * 10000 + f"<answer>\n{IR}</answer>", expect_think=True)
    assert p.answer == IR and not p.format_ok


def test_paper_answer_is_the_artifacts_extraction():
    assert paper_answer(f"<think>x</think>\n<ANSWER>\n{IR}</Answer>") == IR.strip()
    assert paper_answer(f"chat\n; ModuleID = 'm'\n{IR}</answer>") == "; ModuleID = 'm'\n" + \
        IR.strip()
    assert paper_answer(f"</answer>oops<answer>{IR}") == ""  # close before open: empty
