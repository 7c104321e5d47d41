"""The paper's rewards, as pure functions, plus TRL-style reward callables.

Eq. (1)  r = t * (1 + a * (1 + m)) + b          (correctness)
Eq. (2)  CoT: 1 if model and verifier agree on OK; 0.5 + 0.5*BLEU(F_model, F_verifier)
         if both say ERR; 0 otherwise         (plus Eq. (1) on the <answer> block)
Eq. (3)  u = t(P) / t(P')                      (estimated latency, -O0 over candidate)
Eq. (4)  r_lat = 0 if not verified or u <= 1, else min(1, (u-1)/(U_max-1)) ** gamma

The pure functions take already-computed facts; `RewardSuite` turns completions
into those facts through a shared `CandidateScorer` (one verification and one
measurement per distinct candidate, run concurrently with hard timeouts) and
exposes TRL's reward-function signature ``f(prompts, completions, **columns)``.

Which proofs pay (``a`` of Eq. (1), the ``S`` of Eq. (4)): the suite's
`ProofPolicy`. The default, FULL_OR_BOUNDED, reproduces the paper, whose Alive2
reward counted a proof within the loop bound as correct; FULL_ONLY pays only for
proofs that hold on every execution. A vacuous proof (the input is UB on every
input, so anything "refines" it) never pays, whatever the policy. Each sample's
proof kind is recorded in its facts (and so in the rollouts).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from veriopt.model.parsing import ParsedCompletion, parse_completion
from veriopt.verify.options import FULL_OR_BOUNDED, ProofPolicy


def bleu(candidate: str, reference: str) -> float:
    """Sentence BLEU of ``candidate`` against ``reference`` (sacrebleu), in [0, 1]."""
    if not candidate.strip() or not reference.strip():
        return 0.0
    import sacrebleu

    return max(0.0, min(1.0, sacrebleu.sentence_bleu(candidate, [reference]).score / 100.0))


def correctness_reward(t: bool, a: bool, m: bool, b: float) -> float:
    """Eq. (1). ``m`` counts only when ``a`` (an exact match must also be verified)."""
    return float(t) * (1.0 + float(a) * (1.0 + float(m and a))) + b


def cot_reward(model_says_ok: bool | None, verifier_ok: bool, model_diagnostic: str | None,
               verifier_diagnostic: str) -> float:
    """Eq. (2): agreement between the model's self-diagnosis and the verifier."""
    if model_says_ok is None:
        return 0.0
    if model_says_ok and verifier_ok:
        return 1.0
    if not model_says_ok and not verifier_ok:
        return 0.5 + 0.5 * bleu(model_diagnostic or "", verifier_diagnostic)
    return 0.0


def speedup(src_latency: float, cand_latency: float) -> float:
    """Eq. (3). A zero-latency candidate of a non-zero source is an infinite speedup;
    0/0 is no speedup."""
    if cand_latency <= 0:
        return math.inf if src_latency > 0 else 1.0
    return src_latency / cand_latency


def latency_reward(verified: bool, src_latency: float, cand_latency: float | None,
                   u_max: float, gamma: float) -> float:
    """Eq. (4). ``u_max <= 1`` degenerates to a step: any verified speedup scores 1."""
    if not verified or cand_latency is None:
        return 0.0
    u = speedup(src_latency, cand_latency)
    if u <= 1.0:
        return 0.0
    if u_max <= 1.0:
        return 1.0
    return min(1.0, (u - 1.0) / (u_max - 1.0)) ** gamma


# ---- TRL-facing reward functions -----------------------------------------------------


def completion_text(completion: Any) -> str:
    """TRL passes plain strings, or chat lists ``[{"role": "assistant", "content": ...}]``."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, list) and completion and isinstance(completion[-1], dict):
        return str(completion[-1].get("content", ""))
    if isinstance(completion, dict):
        return str(completion.get("content", ""))
    return str(completion)


class RewardSuite:
    """Reward callables sharing one scorer (and so one verification per candidate).

    ``source_column``/``reference_column`` name the dataset columns with the -O0
    input and the instcombine reference (the dataset builder's ``o0`` and
    ``instcombine``). Each call records its per-sample facts in ``last_facts``: the
    reward terms for logging (verified rate, copy rate, ...) and, for harvesting
    diagnostic-augmented samples, the completion, the answer IR, the verdict and
    the verifier's diagnostic (of the <think> attempt too, in the augmented format).
    """

    def __init__(self, scorer: Any, *, u_max: float = 2.0, gamma: float = 2.0,
                 source_column: str = "o0", reference_column: str = "instcombine",
                 policy: ProofPolicy = FULL_OR_BOUNDED) -> None:
        self.scorer = scorer
        self.policy = policy
        self.u_max = u_max
        self.gamma = gamma
        self.source_column = source_column
        self.reference_column = reference_column
        self.last_facts: list[dict[str, Any]] = []

    # TRL logs each reward under the callable's __name__.
    def correctness(self, prompts: Sequence[Any], completions: Sequence[Any],
                    **columns: Any) -> list[float]:
        """Eq. (1) on the <answer> block (generic prompt)."""
        return [f["r_answer"] for f in self._facts(completions, columns, expect_think=False)]

    def cot_and_answer(self, prompts: Sequence[Any], completions: Sequence[Any],
                       **columns: Any) -> list[float]:
        """Eq. (2) on the <think> block + Eq. (1) on the <answer> block (augmented prompt)."""
        return [f["r_cot"] + f["r_answer"]
                for f in self._facts(completions, columns, expect_think=True)]

    def latency(self, prompts: Sequence[Any], completions: Sequence[Any],
                **columns: Any) -> list[float]:
        """Eq. (4) on the <answer> block (Model-Latency: no reference labels needed)."""
        return [f["r_latency"] for f in self._facts(completions, columns, expect_think=False)]

    def _facts(self, completions: Sequence[Any], columns: dict[str, Any], *,
               expect_think: bool) -> list[dict[str, Any]]:
        sources = columns[self.source_column]
        refs = columns.get(self.reference_column) or [None] * len(sources)
        texts = [completion_text(c) for c in completions]
        parsed = [parse_completion(t, expect_think=expect_think) for t in texts]
        jobs: list[tuple[str, str]] = []
        for src, p in zip(sources, parsed, strict=True):
            if p.answer:
                jobs.append((src, p.answer))
            if expect_think and p.attempt:
                jobs.append((src, p.attempt))
        scores = self.scorer.score(jobs)
        facts = [self._one(src, ref, p, scores, expect_think, text)
                 for src, ref, p, text in zip(sources, refs, parsed, texts, strict=True)]
        self.last_facts = facts
        return facts

    def pays(self, score: Any) -> bool:
        """Does this candidate count as verified for the reward (policy, never vacuous)?"""
        return bool(score is not None and score.proof != "vacuous"
                    and self.policy.accepts_proof(score.category, score.proof))

    def _one(self, src: str, ref: str | None, p: ParsedCompletion, scores: dict,
             expect_think: bool, p_text: str = "") -> dict[str, Any]:
        ans = scores.get((src, p.answer)) if p.answer else None
        verified = self.pays(ans)
        exact = bool(verified and ref is not None and ans.same_as(ref))
        b = bleu(p.answer or "", ref) if ref else 0.0
        facts: dict[str, Any] = {
            "format": p.format_ok, "verified": verified, "exact": exact, "bleu": b,
            "copy": bool(ans and ans.is_copy), "category": ans.category if ans else "no_answer",
            "proof": ans.proof if ans else "",
            "reason": ans.reason if ans else "", "r_answer": correctness_reward(
                p.format_ok, verified, exact, b), "r_cot": 0.0,
            "r_latency": latency_reward(verified, ans.src_latency if ans else 0.0,
                                        ans.latency if ans else None, self.u_max, self.gamma)
            if ans else 0.0,
            "latency_speedup": speedup(ans.src_latency, ans.latency)
            if ans and verified and ans.latency is not None else None,
            "completion": p_text, "answer": p.answer,
            "diagnostic": ans.diagnostic if ans else "",
            "format_issues": list(p.issues)}
        if expect_think:
            att = scores.get((src, p.attempt)) if p.attempt else None
            if att is not None:
                facts["r_cot"] = cot_reward(p.diagnosis_says_ok, att.verified, p.diagnosis,
                                            att.diagnostic)
            facts["cot_agree"] = att is not None and p.diagnosis_says_ok is not None and (
                p.diagnosis_says_ok == att.verified)
            facts.update(attempt=p.attempt, model_diagnosis=p.diagnosis,
                         attempt_category=att.category if att else "no_attempt",
                         attempt_reason=att.reason if att else "",
                         attempt_diagnostic=att.diagnostic if att else "")
        return facts
