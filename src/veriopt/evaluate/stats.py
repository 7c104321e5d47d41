"""The paper's aggregate numbers, computed from per-sample results.

Definitions (paper §V and its artifact's scripts), all "smaller is better" for the
three metrics:

* verdict breakdown (Tables I/II): counts of each category; copies of the input are
  a sub-count of *correct*, and so are the kinds of proof: *correct* is the paper's
  (Alive2's) notion, which includes proofs that hold only within the loop bound
  (``bounded``, Alive2's unroll-0 correct) and vacuous ones (the input is UB on every
  input); ``full`` proofs hold on every execution;
* per-sample outcome vs -O0 (Table III): better / worse / tie of ``tgt`` (candidate
  if verified, else the input) against the input, and the mean change as the
  artifact computes it, ``mean(tgt) / mean(src) - 1`` (a ratio of means);
* geomean improvement: ``geomean(baseline / value)`` over samples where both are
  positive (the artifact drops zeros too), so 2.30 means 2.30x lower latency;
* pairwise vs instcombine (Fig. 6c): better / worse / tie of ``tgt`` against the
  instcombine reference;
* fallback: per sample, the verified option among {input, instcombine, candidate}
  with the lowest latency (then instructions, then size) - what a verified pass
  would emit - and its three metrics.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from veriopt.evaluate.predictions import Measures
from veriopt.evaluate.results import SampleResult

METRICS = ("latency", "instructions", "size")
METRIC_LABELS = {"latency": "Latency", "instructions": "ICount", "size": "Binary size"}
CATEGORY_ORDER = ("correct", "semantic_error", "syntax_error", "inconclusive")
CATEGORY_LABELS = {"correct": "Correct (verified)", "semantic_error": "Semantic error",
                   "syntax_error": "Syntax error", "inconclusive": "Inconclusive"}
#: Kinds of proof behind *correct*; "unknown" for results read from files without one
#: (the artifact's metrics.json).
PROOF_ORDER = ("full", "bounded", "vacuous", "unknown")


@dataclass(frozen=True)
class Outcome:
    """How often ``value`` beat, lost to or tied with its baseline."""

    better: int = 0
    worse: int = 0
    tie: int = 0

    @property
    def total(self) -> int:
        return self.better + self.worse + self.tie

    def pct(self, n: int) -> float:
        return 100.0 * n / self.total if self.total else 0.0


def geomean_improvement(baseline: list[float], values: list[float]) -> float | None:
    """``geomean(baseline / value)`` over pairs where both are positive."""
    logs = [math.log(b / v) for b, v in zip(baseline, values, strict=True) if b > 0 and v > 0]
    return math.exp(sum(logs) / len(logs)) if logs else None


def mean_change(baseline: list[float], values: list[float]) -> float | None:
    """``mean(values) / mean(baseline) - 1`` (negative = improvement), as a fraction."""
    b = sum(baseline)
    return (sum(values) / b - 1.0) if baseline and b else None


def compare(baseline: list[float], values: list[float]) -> Outcome:
    better = sum(v < b for b, v in zip(baseline, values, strict=True))
    worse = sum(v > b for b, v in zip(baseline, values, strict=True))
    return Outcome(better, worse, len(values) - better - worse)


def best_verified(r: SampleResult) -> Measures:
    """The fallback's pick: lowest latency (then instructions, size) among the verified
    options; the input is always an option, instcombine when it is verified."""
    options = [r.source]
    if r.reference is not None and r.reference_verified:
        options.append(r.reference)
    if r.verified and r.candidate is not None:
        options.append(r.candidate)
    return min(options, key=lambda m: (m.latency, m.instructions, m.size))


@dataclass(frozen=True)
class MetricStats:
    """One metric of one run."""

    vs_o0: Outcome  # tgt vs input (Table III)
    mean_change_vs_o0: float | None  # ratio of means - 1
    improvement_vs_o0: float | None  # geomean src/tgt
    reference_vs_o0: float | None  # geomean src/ic (on the samples with a reference)
    improvement_vs_reference: float | None  # geomean ic/tgt
    vs_reference: Outcome  # tgt vs ic (pairwise, Fig. 6c)
    fallback_vs_o0: float | None  # geomean src/best
    fallback_vs_reference: float | None  # geomean ic/best
    reference_mean_change_vs_o0: float | None


@dataclass(frozen=True)
class RunStats:
    """Everything the tables and figures show for one run."""

    samples: int
    categories: dict[str, int]
    proofs: dict[str, int]  # correct verdicts by proof kind (PROOF_ORDER)
    copies: int
    exact_matches: int
    format_ok: int
    with_reference: int
    reference_verified: int  # references proven correct (all of a dataset's)
    metrics: dict[str, MetricStats]

    @property
    def correct_pct(self) -> float:
        return 100.0 * self.categories.get("correct", 0) / self.samples if self.samples else 0.0

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["correct_pct"] = round(self.correct_pct, 2)
        return d


def run_stats(results: list[SampleResult] | tuple[SampleResult, ...]) -> RunStats:
    results = list(results)
    cats = Counter(r.category for r in results)
    with_ref = [r for r in results if r.reference is not None]
    metrics: dict[str, MetricStats] = {}
    for m in METRICS:
        src = [getattr(r.source, m) for r in results]
        tgt = [getattr(r.target, m) for r in results]
        ref_src = [getattr(r.source, m) for r in with_ref]
        ref = [getattr(r.reference, m) for r in with_ref]
        ref_tgt = [getattr(r.target, m) for r in with_ref]
        best = [getattr(best_verified(r), m) for r in results]
        ref_best = [getattr(best_verified(r), m) for r in with_ref]
        metrics[m] = MetricStats(
            vs_o0=compare(src, tgt), mean_change_vs_o0=mean_change(src, tgt),
            improvement_vs_o0=geomean_improvement(src, tgt),
            reference_vs_o0=geomean_improvement(ref_src, ref),
            improvement_vs_reference=geomean_improvement(ref, ref_tgt),
            vs_reference=compare(ref, ref_tgt),
            fallback_vs_o0=geomean_improvement(src, best),
            fallback_vs_reference=geomean_improvement(ref, ref_best),
            reference_mean_change_vs_o0=mean_change(ref_src, ref))
    proofs = Counter((r.proof or "unknown") for r in results if r.verified)
    return RunStats(samples=len(results), categories={c: cats.get(c, 0) for c in CATEGORY_ORDER},
                    proofs={k: proofs.get(k, 0) for k in PROOF_ORDER},
                    copies=sum(r.verified and r.is_copy for r in results),
                    exact_matches=sum(r.verified and r.exact_match for r in results),
                    format_ok=sum(r.format_ok for r in results), with_reference=len(with_ref),
                    reference_verified=sum(bool(r.reference_verified) for r in with_ref),
                    metrics=metrics)


def log2_ratios(results: list[SampleResult] | tuple[SampleResult, ...], metric: str,
                numerator: str, denominator: str) -> list[float]:
    """``log2(a / b)`` per sample for the Fig. 6 violins; a, b in {tgt, src, ic}."""
    out = []
    for r in results:
        a, b = _side(r, numerator), _side(r, denominator)
        if a is None or b is None:
            continue
        x, y = getattr(a, metric), getattr(b, metric)
        if x > 0 and y > 0:
            out.append(math.log2(x / y))
    return out


def _side(r: SampleResult, which: str) -> Measures | None:
    return {"tgt": r.target, "src": r.source, "ic": r.reference}[which]
