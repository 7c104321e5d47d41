"""Every rollout of a GRPO stage, with its verifier verdict and diagnostic, on disk.

Why: the diagnostic-augmented samples (paper III-B) are made of *the model's own*
failures, observed while Model-Zero trains; Model-Correctness keeps recording the
new failures it makes. One JSON line per candidate; the -O0 input and reference are
referenced by the dataset row ``id`` (the dataset holds the texts). Each process of
a distributed run writes its own file; a resumed stage first drops the records of
steps after its checkpoint, so a step is never recorded twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: Facts copied from `RewardSuite.last_facts` into each record.
RECORDED_FACTS = ("category", "reason", "diagnostic", "answer", "format", "verified",
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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a") as f:
            for i, (row_id, fact, reward) in enumerate(zip(ids, facts, rewards, strict=True)):
                rec = {"stage": self.stage, "step": step, "index": i, "id": row_id,
                       "reward": reward, "completion": fact.get("completion", "")}
                rec.update({k: fact[k] for k in RECORDED_FACTS if k in fact})
                f.write(json.dumps(rec) + "\n")
                self.records += 1

    def drop_after(self, step: int) -> int:
        """Remove records of steps after ``step`` (a resumed stage redoes them)."""
        return drop_records_after(self.path, step)


def drop_records_after(path: Path, step: int) -> int:
    if not path.is_file():
        return 0
    kept, dropped = [], 0
    with open(path) as f:
        for line in f:
            if line.strip() and json.loads(line).get("step", 0) > step:
                dropped += 1
            else:
                kept.append(line)
    if dropped:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text("".join(kept))
        tmp.replace(path)
    return dropped


def read_rollouts(paths: Sequence[Path]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for p in paths:
        with open(p) as f:
            out.extend(json.loads(line) for line in f if line.strip())
    return out
