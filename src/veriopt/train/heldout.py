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
import random
import time
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
    """Rates and geomean latency speedups vs -O0: the model alone (an unverified answer
    counts as the input), the fallback (per function the fastest verified one of
    input, instcombine and the model's answer; every dataset reference is verified),
    and instcombine."""
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
    best_u = [max(m, i, 1.0) for m, i in zip(model_u, ic_u, strict=True)]
    categories = Counter(f["category"] for f in facts)

    def rate(key: str) -> float:
        return round(sum(bool(f[key]) for f in facts) / n, 4) if n else 0.0

    def share(*cats: str) -> float:
        return round(sum(categories[c] for c in cats) / n, 4) if n else 0.0

    return {"samples": n, "format_rate": rate("format"), "verified_rate": rate("verified"),
            "copy_rate": rate("copy"),
            "verified_not_copy_rate": round(sum(f["verified"] and not f["copy"] for f in facts)
                                            / n, 4) if n else 0.0,
            "exact_rate": rate("exact"),
            # an answer that cannot be extracted is no IR at all: counted with syntax errors
            "syntax_error_rate": share("syntax_error", "no_answer"),
            "semantic_error_rate": share("semantic_error"),
            "inconclusive_rate": share("inconclusive"),
            "categories": dict(categories.most_common()),
            "geomean_latency_speedup_vs_o0": _geomean(model_u),
            "geomean_latency_speedup_with_fallback": _geomean(best_u),
            "instcombine_geomean_latency_speedup_vs_o0": _geomean(ic_u),
            "better_than_instcombine": sum(m > i + 1e-9 for m, i in zip(model_u, ic_u,
                                                                       strict=True))}


def heldout_sample(rows: list[dict[str, Any]], limit: int | None) -> list[dict[str, Any]]:
    """At most ``limit`` rows: a seeded sample in split order (the split is sorted by id,
    so its first rows would all come from one family of sources), the same for every
    stage so that the stages are compared on the same functions."""
    if limit is None or limit >= len(rows):
        return rows
    keep = sorted(random.Random(0).sample(range(len(rows)), limit))
    return [rows[i] for i in keep]


def evaluate_stage(stage: str, base: str, adapter: Path | None, rows: list[dict[str, Any]],
                   settings: EvalSettings, scorer: Any, device: str, out: Path
                   ) -> dict[str, Any]:
    """Generate greedily for ``rows``, score, write ``out`` (+ completions beside it)."""
    from veriopt.model.backends import GenerationConfig, TransformersBackend

    rows = heldout_sample(rows, settings.max_samples)
    start, cpu_start = time.monotonic(), time.process_time()
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
              "max_new_tokens": settings.max_new_tokens, **heldout_metrics(rows, facts),
              "seconds": round(time.monotonic() - start, 1),
              "generation_cpu_seconds": round(time.process_time() - cpu_start, 1)}
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
             "| stage | n | format | verified | verified, not copy | copies | exact | "
             "syntax error | semantic error | inconclusive | latency speedup vs -O0: model "
             "| with fallback | instcombine | better than instcombine |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for stage, r in results.items():
        lines.append(
            f"| {stage} | {r['samples']} | {r['format_rate']:.1%} | {r['verified_rate']:.1%} | "
            f"{r['verified_not_copy_rate']:.1%} | {r['copy_rate']:.1%} | {r['exact_rate']:.1%} | "
            f"{_pct(r.get('syntax_error_rate'))} | {_pct(r.get('semantic_error_rate'))} | "
            f"{_pct(r.get('inconclusive_rate'))} | {r['geomean_latency_speedup_vs_o0']} | "
            f"{r.get('geomean_latency_speedup_with_fallback', '')} | "
            f"{r['instcombine_geomean_latency_speedup_vs_o0']} | "
            f"{r.get('better_than_instcombine', '')} |")
    lines += ["", "Speedups are geomeans of -O0 latency over the chosen code's latency "
              "(estimated, AArch64 cost model). *model*: the model's answer when verified, "
              "else the input; *with fallback*: the fastest verified one of input, "
              "instcombine and the model's answer. *syntax error* includes completions "
              "without an extractable answer."]
    return "\n".join(lines) + "\n"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"
