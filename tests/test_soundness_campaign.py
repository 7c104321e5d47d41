"""The soundness campaign's machinery (benchmarks/soundness_campaign.py): reproducible
candidates, a `correct` cross-checked by the interpreter, resumable results."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import soundness_campaign as campaign  # noqa: E402

DL = ('target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'
      'target triple = "aarch64-unknown-linux-gnu"\n')
SRC = DL + """declare i32 @g(i32)
define i32 @f(ptr %p, i32 %x) {
  %v = load i32, ptr %p, align 4
  %r = call i32 @g(i32 %v)
  %s = sub nsw i32 %r, %x
  store i32 %s, ptr %p, align 4
  ret i32 %s
}
"""
BASE = {"base": "unit", "src": SRC, "tgt": SRC}


def test_candidates_are_reproducible_and_start_with_the_base_pair():
    first = list(campaign.candidates([BASE], 5, seed=3))
    again = list(campaign.candidates([BASE], 5, seed=3))
    assert [c["tgt"] for c in first] == [c["tgt"] for c in again]
    assert first[0]["kind"] == "instcombine" and first[0]["tgt"] == SRC
    mutants = [c for c in first[1:] if not c["kind"].endswith("(O0)")]
    o0_edits = [c for c in first[1:] if c["kind"].endswith("(O0)")]
    assert len(mutants) == 5 and first[1:6] == mutants  # the instcombine output's first
    assert 0 < len(o0_edits) <= campaign.SRC_EDITS  # then edits of the -O0 function
    assert all(c["src"] == SRC and c["tgt"] != SRC for c in o0_edits)
    assert len({c["id"] for c in first}) == len(first)
    other = list(campaign.candidates([BASE], 5, seed=4))
    assert [c["tgt"] for c in other] != [c["tgt"] for c in first]


def test_a_correct_candidate_is_cross_checked_by_the_interpreter():
    row = campaign.judge(dict(next(campaign.candidates([BASE], 0, seed=0)),
                              _timeout=30, _samples=60, _seed=0))
    assert row["verdict"] == "correct" and row["proof"] == "full"
    assert row["interp"]["judged"] > 0 and not row["interp"].get("refuted")


def test_a_refuted_correct_is_reported_as_a_disagreement(tmp_path, capsys):
    wrong = SRC.replace("sub nsw i32 %r, %x", "sub nsw i32 %x, %r")
    row = campaign.cross_check({"id": "u#1", "base": "unit", "mutation": "swap operands",
                                "kind": "swap operands", "verdict": "correct", "proof": "full",
                                "src": SRC, "tgt": wrong}, samples=60, seed=0)
    assert row["interp"]["refuted"] and row["interp"]["deterministic"]
    assert campaign.report([row], {}) == 1
    assert "u#1" in capsys.readouterr().out


def test_results_are_resumable_and_a_cut_short_line_is_skipped(tmp_path: Path):
    out = tmp_path / "r.jsonl"
    out.write_text(json.dumps({"id": "a", "verdict": "correct"}) + "\n"
                   + json.dumps({"id": "a", "verdict": "semantic_error"}) + "\n"
                   + '{"id": "b", "verd')
    rows = campaign.load(out)
    assert rows == [{"id": "a", "verdict": "semantic_error"}]


@pytest.mark.parametrize("text,expected", [("define i32 @f()", True),
                                           ("define float @f()", False),
                                           ("%v = add <4 x i32> %a, %b", False)])
def test_only_bases_the_interpreter_can_run_are_taken(text, expected):
    assert campaign.interpretable({"src": text, "tgt": text}) is expected
