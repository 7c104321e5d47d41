"""Greedy evaluation of a trained stage on the held-out split (paper Fig. 7).

Why inside training: the ablation of the paper compares the four models on the
test split by verified-correct rate, copy rate and geomean latency speedup; having
the numbers next to each stage's adapter makes a run self-describing. Decoding is
greedy (the paper's only inference strategy), with the prompt the stage was trained
on. Speedups use the fallback of the paper's evaluation: an unverified answer
counts as the -O0 input (speedup 1). Latencies are clamped to at least 1 cost unit
so that a candidate of zero estimated cost does not make the geomean infinite.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

from veriopt.model.prompts import generic_messages, render_augmented
from veriopt.model.rewards import RewardSuite
from veriopt.train.config import EvalSettings

#: The prompt each model was trained with.
PROMPT_KIND = {"base": "generic", "zero": "generic", "warmup": "augmented",
               "correctness": "augmented", "latency": "generic"}


def _geomean(values: list[float]) -> float | None:
    return round(math.exp(sum(math.log(v) for v in values) / len(values)), 4) if values else None


def heldout_metrics(rows: list[dict[str, Any]], facts: list[dict[str, Any]]) -> dict[str, Any]:
    """Rates and geomean speedups vs -O0 (model with fallback, and instcombine)."""
    n = len(facts)
    model_u, ic_u = [], []
    for row, f in zip(rows, facts, strict=True):
        src = max(float(row["o0_latency"]), 1.0)
        u = f.get("latency_speedup")
        if f["verified"] and u is not None:
            cand = src / u if math.isfinite(u) and u > 0 else 0.0
            model_u.append(src / max(cand, 1.0))
        else:
            model_u.append(1.0)
        ic_u.append(src / max(float(row["ic_latency"]), 1.0))

    def rate(key: str) -> float:
        return round(sum(bool(f[key]) for f in facts) / n, 4) if n else 0.0

    return {"samples": n, "format_rate": rate("format"), "verified_rate": rate("verified"),
            "copy_rate": rate("copy"),
            "verified_not_copy_rate": round(sum(f["verified"] and not f["copy"] for f in facts)
                                            / n, 4) if n else 0.0,
            "exact_rate": rate("exact"),
            "categories": dict(Counter(f["category"] for f in facts).most_common()),
            "geomean_latency_speedup_vs_o0": _geomean(model_u),
            "instcombine_geomean_latency_speedup_vs_o0": _geomean(ic_u),
            "better_than_instcombine": sum(m > i + 1e-9 for m, i in zip(model_u, ic_u,
                                                                       strict=True))}


def evaluate_stage(stage: str, base: str, adapter: Path | None, rows: list[dict[str, Any]],
                   settings: EvalSettings, scorer: Any, device: str, out: Path
                   ) -> dict[str, Any]:
    """Generate greedily for ``rows``, score, write ``out`` (+ completions beside it)."""
    from veriopt.model.backends import GenerationConfig, TransformersBackend

    rows = rows[:settings.max_samples] if settings.max_samples is not None else rows
    kind = PROMPT_KIND[stage]
    backend = TransformersBackend(base, adapter=str(adapter) if adapter else None,
                                  device=device)
    requests = [generic_messages(r["o0"]) if kind == "generic" else render_augmented(r["o0"])
                for r in rows]
    gen = GenerationConfig(max_new_tokens=settings.max_new_tokens,
                           batch_size=settings.batch_size)
    completions = [c[0] for c in backend.generate(requests, gen)] if rows else []
    suite = RewardSuite(scorer)
    columns = {"o0": [r["o0"] for r in rows], "instcombine": [r["instcombine"] for r in rows]}
    if kind == "augmented":
        suite.cot_and_answer(requests, completions, **columns)
    else:
        suite.correctness(requests, completions, **columns)
    facts = suite.last_facts if rows else []
    result = {"stage": stage, "prompt": kind, "adapter": str(adapter) if adapter else None,
              "max_new_tokens": settings.max_new_tokens, **heldout_metrics(rows, facts)}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    with open(out.with_suffix(".jsonl"), "w") as f:
        for row, fact in zip(rows, facts, strict=True):
            f.write(json.dumps({"id": row["id"], "completion": fact["completion"],
                                "category": fact["category"], "reason": fact["reason"],
                                "verified": fact["verified"], "copy": fact["copy"],
                                "format": fact["format"], "diagnostic": fact["diagnostic"]})
                    + "\n")
    return result


def render_heldout_table(results: dict[str, dict[str, Any]]) -> str:
    """Markdown table of the stages' held-out results (Fig. 7 style)."""
    lines = ["# Held-out evaluation per stage (greedy)", "",
             "| stage | n | format | verified | copies | verified, not copy | exact | "
             "geomean latency speedup vs -O0 (fallback) | instcombine |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for stage, r in results.items():
        lines.append(f"| {stage} | {r['samples']} | {r['format_rate']:.1%} | "
                     f"{r['verified_rate']:.1%} | {r['copy_rate']:.1%} | "
                     f"{r['verified_not_copy_rate']:.1%} | {r['exact_rate']:.1%} | "
                     f"{r['geomean_latency_speedup_vs_o0']} | "
                     f"{r['instcombine_geomean_latency_speedup_vs_o0']} |")
    return "\n".join(lines) + "\n"
