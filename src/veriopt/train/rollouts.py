"""Every rollout of a GRPO stage, with its verifier verdict and diagnostic, on disk.

Why: the diagnostic-augmented samples (paper III-B) are made of *the model's own*
failures, observed while Model-Zero trains; Model-Correctness keeps recording the
new failures it makes. One JSON line per candidate; the -O0 input and reference are
referenced by the dataset row ``id`` (the dataset holds the texts). Each process of
a distributed run writes its own file; a resumed stage first drops the records of
steps after its checkpoint (a new file renamed over the old), so a step is never
recorded twice, and a kill at any moment loses no recorded step.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from veriopt.jsonl import AppendOnlyJSONL, read_records, replace_records

#: Facts copied from `RewardSuite.last_facts` into each record.
RECORDED_FACTS = ("category", "proof", "reason", "diagnostic", "answer", "format", "verified",
                  "exact", "copy", "bleu", "r_answer", "r_cot", "r_latency",
                  "latency_speedup", "format_issues", "attempt", "model_diagnosis",
                  "attempt_category", "attempt_reason", "attempt_diagnostic", "cot_agree")


def rollout_path(stage_dir: Path, rank: int = 0) -> Path:
    return stage_dir / ("rollouts.jsonl" if rank == 0 else f"rollouts.rank{rank}.jsonl")


def rollout_files(stage_dir: Path) -> list[Path]:
    """All ranks' rollout files of a stage folder."""
    return sorted(stage_dir.glob("rollouts*.jsonl"))


class RolloutRecorder:
    """Appends one JSON line per scored candidate to ``path``."""

    def __init__(self, path: Path, stage: str) -> None:
        self.path = path
        self.stage = stage
        self.records = 0

    def record(self, step: int, ids: Sequence[Any], facts: Sequence[dict[str, Any]],
               rewards: Sequence[float]) -> None:
        records = []
        for i, (row_id, fact, reward) in enumerate(zip(ids, facts, rewards, strict=True)):
            rec = {"stage": self.stage, "step": step, "index": i, "id": row_id,
                   "reward": reward, "completion": fact.get("completion", "")}
            rec.update({k: fact[k] for k in RECORDED_FACTS if k in fact})
            records.append(rec)
        with AppendOnlyJSONL(self.path) as out:
            out.append_many(records)
        self.records += len(records)

    def drop_after(self, step: int) -> int:
        """Remove records of steps after ``step`` (a resumed stage redoes them)."""
        return drop_records_after(self.path, step)


def drop_records_after(path: Path, step: int) -> int:
    """Keep only the records of steps <= ``step``: a new file renamed over the old one
    (never an in-place rewrite), torn lines left out."""
    if not path.is_file():
        return 0
    records = list(read_records(path))
    kept = [r for r in records if r.get("step", 0) <= step]
    if len(kept) != len(records) or _has_torn_lines(path, len(records)):
        replace_records(path, kept)
    return len(records) - len(kept)


def _has_torn_lines(path: Path, parsed: int) -> bool:
    with open(path, "rb") as f:
        return sum(1 for line in f if line.strip()) != parsed


def read_rollouts(paths: Sequence[Path]) -> list[dict[str, Any]]:
    """Every record of ``paths``; lines torn by a kill are skipped."""
    return [r for p in paths for r in read_records(p)]
