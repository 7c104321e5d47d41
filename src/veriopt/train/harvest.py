"""Diagnostic-augmented samples (paper III-B, Fig. 2) from the recorded rollouts.

For every training input one *first-time* sample (augmented prompt -> <think> with
the reference and "Transformation seems to be correct!", then <answer> with the
reference), and for each distinct way the model failed on that input one
*correction* sample (<think> with the wrong attempt and the verifier's diagnostic,
then <answer> with the reference). "Distinct way" is the failure signature: the
verdict category plus the verifier's error line with value names and numbers
masked (``syntax_error: use of undefined value '%v'``,
``semantic_error: Target is more poisonous than source``). Only proven failures
count (syntax or semantic errors); inconclusive verdicts are not failures.
The samples are exported as JSONL, a Hugging Face dataset and a card.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from veriopt.model.prompts import (
    OK_LINE,
    correction_completion,
    first_time_completion,
    render_augmented,
)
from veriopt.train.config import HarvestSettings

_NAME = re.compile(r"[%@](?:\"[^\"]*\"|[-\w.$]+)")
_NUMBER = re.compile(r"\d+")
STAGE_ORDER = {"zero": 0, "correctness": 1, "latency": 2}


def failure_signature(category: str, diagnostic: str) -> str:
    """The kind of a failure, independent of the function it happened in."""
    lines = [ln.strip() for ln in diagnostic.splitlines() if ln.strip()]
    msg = next((ln for ln in lines if ln.startswith("ERROR:")), lines[0] if lines else "")
    msg = msg.removeprefix("ERROR:").strip()
    if "error:" in msg:  # LLVM's "<file>:<line>:<col>: error: <message>"
        msg = msg.split("error:", 1)[1].strip()
    msg = _NUMBER.sub("N", _NAME.sub("%v", msg))
    return f"{category}: {msg}"


def failures_of(record: dict[str, Any], settings: HarvestSettings
                ) -> list[tuple[str, str, str]]:
    """(wrong IR, category, diagnostic) of each proven failure in one rollout record:
    the answer, and in the augmented format the <think> attempt too."""
    out = []
    for ir_key, cat_key, diag_key in (("answer", "category", "diagnostic"),
                                      ("attempt", "attempt_category", "attempt_diagnostic")):
        ir, cat, diag = record.get(ir_key), record.get(cat_key), record.get(diag_key)
        if (ir and cat in settings.categories and diag
                and len(ir) <= settings.max_attempt_chars):
            out.append((ir, cat, diag))
    return out


def build_samples(rows: Sequence[dict[str, Any]], records: Sequence[dict[str, Any]],
                  settings: HarvestSettings) -> list[dict[str, Any]]:
    """First-time samples for every row, then correction samples, deterministic."""
    by_id = {r["id"]: r for r in rows}
    samples = [{"id": r["id"], "kind": "first_time", "prompt": render_augmented(r["o0"]),
                "completion": first_time_completion(r["instcombine"]), "category": "",
                "signature": "", "diagnostic": OK_LINE, "wrong_attempt": "",
                "source_stage": "", "source_step": 0} for r in rows]
    seen: set[tuple[str, str]] = set()
    seen_text: set[tuple[str, str]] = set()
    per_input: Counter[str] = Counter()
    ordered = sorted(records, key=lambda rec: (STAGE_ORDER.get(rec.get("stage"), 9),
                                               rec.get("step", 0), rec.get("index", 0)))
    for rec in ordered:
        row = by_id.get(rec.get("id"))
        if row is None:
            continue
        for wrong, category, diagnostic in failures_of(rec, settings):
            sig = failure_signature(category, diagnostic)
            key = (row["id"], sig)
            if (key in seen or (row["id"], wrong) in seen_text
                    or per_input[row["id"]] >= settings.max_corrections_per_input):
                continue
            seen.add(key)
            seen_text.add((row["id"], wrong))
            per_input[row["id"]] += 1
            samples.append({"id": row["id"], "kind": "correction",
                            "prompt": render_augmented(row["o0"]),
                            "completion": correction_completion(wrong, diagnostic,
                                                                row["instcombine"]),
                            "category": category, "signature": sig, "diagnostic": diagnostic,
                            "wrong_attempt": wrong, "source_stage": rec.get("stage", ""),
                            "source_step": rec.get("step", 0)})
    return samples


def harvest_summary(samples: Sequence[dict[str, Any]], records: Sequence[dict[str, Any]]
                    ) -> dict[str, Any]:
    corr = [s for s in samples if s["kind"] == "correction"]
    verdicts = Counter(r.get("category", "?") for r in records)
    return {"inputs": sum(s["kind"] == "first_time" for s in samples),
            "first_time_samples": sum(s["kind"] == "first_time" for s in samples),
            "correction_samples": len(corr),
            "inputs_with_corrections": len({s["id"] for s in corr}),
            "rollouts_read": len(records),
            "rollout_verdicts": dict(verdicts.most_common()),
            "corrections_by_category": dict(Counter(s["category"] for s in corr).most_common()),
            "top_failure_signatures": dict(Counter(s["signature"] for s in corr)
                                           .most_common(15))}


def export_samples(samples: list[dict[str, Any]], summary: dict[str, Any], out: Path,
                   settings: HarvestSettings) -> None:
    """``out/train.jsonl``, ``out/hf`` (when `datasets` is installed), ``SAMPLES.md``,
    ``summary.json``."""
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / "train.jsonl.tmp"
    with open(tmp, "w") as f:
        for s in samples:
            f.write(json.dumps(s) + "\n")
    tmp.replace(out / "train.jsonl")
    try:
        from datasets import Dataset

        Dataset.from_list(samples).save_to_disk(str(out / "hf"))
        summary["hf_dataset"] = str(out / "hf")
    except ImportError:
        summary["hf_dataset"] = None
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    (out / "SAMPLES.md").write_text(render_card(samples, summary, settings))


def render_card(samples: Sequence[dict[str, Any]], summary: dict[str, Any],
                settings: HarvestSettings) -> str:
    lines = ["# Diagnostic-augmented samples", "",
             "Warm-up SFT data (paper Sec. III-B, Fig. 2), harvested from the rollouts of "
             f"stage(s) {', '.join(settings.stages)}: every candidate was checked by the "
             "verifier during GRPO; proven failures (" + ", ".join(settings.categories) +
             ") with the verifier's diagnostic became *correction* samples, one per "
             f"distinct failure signature per input (at most "
             f"{settings.max_corrections_per_input}); every training input also has one "
             "*first-time* sample.", "",
             "Prompt: the artifact's augmented prompt (raw text). Completion: `<think>` "
             "(first attempt, `Verification:`, diagnostic) then `<answer>` (the instcombine "
             "reference).", "", "| | count |", "|---|---:|"]
    for key in ("inputs", "first_time_samples", "correction_samples",
                "inputs_with_corrections", "rollouts_read"):
        lines.append(f"| {key.replace('_', ' ')} | {summary[key]} |")
    lines += ["", "## Verdicts of the harvested rollouts", "", "| verdict | candidates |",
              "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in summary["rollout_verdicts"].items()]
    lines += ["", "## Most frequent failure signatures", "", "| signature | samples |",
              "|---|---:|"]
    lines += [f"| `{k[:120]}` | {v} |" for k, v in summary["top_failure_signatures"].items()]
    example = next((s for s in samples if s["kind"] == "correction"), None)
    if example is not None:
        lines += ["", "## Example correction sample (truncated)", "", "```",
                  example["completion"][:1500], "```"]
    lines += ["", "Columns: id, kind (first_time | correction), prompt, completion, category, "
              "signature, diagnostic, wrong_attempt, source_stage, source_step.", ""]
    return "\n".join(lines)
