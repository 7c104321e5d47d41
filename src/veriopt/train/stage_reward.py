"""The reward callable a GRPO stage hands to TRL: score, log, record.

One callable per stage, exactly the paper's reward (Model-Zero: Eq. (1);
Model-Correctness: Eq. (2) on <think> + Eq. (1) on <answer>; Model-Latency:
Eq. (4)). Scoring runs in `CandidateScorer`'s bounded process pool, every distinct
candidate concurrently, each with a hard wall-clock limit: a hung verification
scores as unverified (inconclusive: timeout) and never stalls the step. Per call it
also reports the reward terms, verified/copy rates and the seconds the step waited
for rewards through TRL's ``log_metric`` (averaged across processes by TRL), and
appends every candidate with its verdict and diagnostic to the stage's rollouts.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

from veriopt.model.rewards import RewardSuite
from veriopt.train.rollouts import RolloutRecorder
from veriopt.verify.verdict import is_timeout

#: Stage -> the `RewardSuite` method that is its reward, and the prompt format.
STAGE_REWARD = {"zero": "correctness", "correctness": "cot_and_answer", "latency": "latency"}
METRIC_PREFIX = "veriopt/"


def step_summary(facts: Sequence[dict[str, Any]], wait_seconds: float) -> dict[str, float]:
    """Means over one batch of candidates.

    Reward terms as they enter the rewards: ``format`` = t, ``verified`` = t*a,
    ``exact`` = t*a*m (Eq. 1), ``bleu`` = b, ``cot`` = Eq. (2), ``latency`` = Eq. (4).
    Rates as the verifier sees them, format aside: ``verified_rate`` (a, under the
    suite's ProofPolicy), ``copy_rate`` (verified copies of the input),
    ``bounded_rate``/``vacuous_rate`` (correct verdicts with a bounded or vacuous
    proof, whether or not they paid), ``timeout_rate``.
    """
    n = max(1, len(facts))

    def mean(values: Sequence[float]) -> float:
        return sum(values) / n

    speedups = [f["latency_speedup"] for f in facts
                if f.get("latency_speedup") is not None and math.isfinite(f["latency_speedup"])]
    out = {
        "format": mean([float(f["format"]) for f in facts]),
        "verified": mean([float(f["format"] and f["verified"]) for f in facts]),
        "exact": mean([float(f["format"] and f["verified"] and f["exact"]) for f in facts]),
        "bleu": mean([f["bleu"] for f in facts]),
        "cot": mean([f.get("r_cot", 0.0) for f in facts]),
        "latency": mean([f.get("r_latency", 0.0) for f in facts]),
        "verified_rate": mean([float(f["verified"]) for f in facts]),
        "copy_rate": mean([float(f["copy"]) for f in facts]),
        "bounded_rate": mean([float(f.get("proof") == "bounded") for f in facts]),
        "vacuous_rate": mean([float(f.get("proof") == "vacuous") for f in facts]),
        "syntax_error_rate": mean([float(f["category"] == "syntax_error") for f in facts]),
        "semantic_error_rate": mean([float(f["category"] == "semantic_error") for f in facts]),
        "timeout_rate": mean([float(is_timeout(f.get("reason") or "")) for f in facts]),
        "reward_wait_seconds": wait_seconds,
    }
    if speedups:
        out["latency_speedup"] = sum(speedups) / len(speedups)
    return out


class StageReward:
    """``f(prompts, completions, completion_ids, **columns) -> list[float]`` for TRL."""

    def __init__(self, suite: RewardSuite, stage: str, recorder: RolloutRecorder | None = None
                 ) -> None:
        self.suite = suite
        self.stage = stage
        self.method = STAGE_REWARD[stage]
        self.recorder = recorder
        self.__name__ = self.method  # TRL logs each reward under its function's name
        self.last_summary: dict[str, float] = {}

    def __call__(self, prompts: Sequence[Any], completions: Sequence[Any],
                 completion_ids: Any = None, **columns: Any) -> list[float]:
        log_metric = columns.pop("log_metric", None)
        state = columns.pop("trainer_state", None)
        columns.pop("log_extra", None)
        start = time.perf_counter()
        rewards = getattr(self.suite, self.method)(prompts, completions, **columns)
        facts = self.suite.last_facts
        self.last_summary = step_summary(facts, time.perf_counter() - start)
        if log_metric is not None:
            for name, value in self.last_summary.items():
                log_metric(METRIC_PREFIX + name, value)
        if self.recorder is not None:
            step = (state.global_step if state is not None else 0) + 1
            ids = columns.get("id") or [None] * len(facts)
            self.recorder.record(step, ids, facts, rewards)
        return rewards
