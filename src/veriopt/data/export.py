"""From per-file results to the published dataset: filters, de-duplication, the
split by source file, JSONL + Hugging Face export, and the dataset card (README.md with
the Hub's YAML metadata, and the same card as DATASET.md).

Everything here is deterministic in (results, config), so re-running a resumed
build reproduces the same files byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import statistics
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from veriopt.data.config import DatasetConfig
from veriopt.data.tokens import token_counter

#: The paper's fields of an exported sample, in order.
PAPER_COLUMNS = ("id", "source_file", "function", "o0", "instcombine", "instcombine_passes",
                 "bounded", "loops", "calls", "memory", "fp", "tokens", "tokens_exact",
                 "o0_latency", "o0_instructions", "o0_size", "ic_latency", "ic_instructions",
                 "ic_size")
#: TRL's conversational columns, built from ``o0``/``instcombine`` with the paper's generic
#: prompt (Fig. 1): ``prompt`` (system + user turn) and ``completion`` (the assistant's
#: ``<answer>`` block) for SFTTrainer's prompt-completion format and GRPOTrainer's prompts,
#: ``messages`` (all three turns) for tools that take whole conversations.
CHAT_COLUMNS = ("prompt", "completion", "messages")
#: Columns of the exported samples, in order.
COLUMNS = PAPER_COLUMNS + CHAT_COLUMNS


def dedup_key(rec: dict[str, Any]) -> str:
    """Canonical text of the -O0 function: names, comments and metadata numbering
    removed, so the same function compiled from two files counts once."""
    from veriopt.llvm.functions import normalized, only_function
    from veriopt.llvm.parser import parse_module

    fn = only_function(parse_module(rec["o0"]), rec["function"])
    return hashlib.sha1(repr(normalized(fn)).encode()).hexdigest()


def split_files(files: list[str], test_fraction: float, seed: int) -> set[str]:
    """The source files of the test split: a seeded shuffle of the sorted file list,
    so no function of a test file is ever in train."""
    order = sorted(files)
    random.Random(seed).shuffle(order)
    n_test = round(len(order) * test_fraction)
    if test_fraction > 0 and len(order) >= 2:
        n_test = min(max(n_test, 1), len(order) - 1)
    return set(order[:n_test])


def _sample(rec: dict[str, Any], tokens: int, exact: bool) -> dict[str, Any]:
    f, o, c = rec["features"], rec["o0_metrics"], rec["ic_metrics"]
    return {"id": rec["id"], "source_file": rec["source_file"], "function": rec["function"],
            "o0": rec["o0"], "instcombine": rec["instcombine"],
            "instcombine_passes": rec["instcombine_passes"], "bounded": rec["bounded"],
            "loops": f.get("loops", False), "calls": f.get("calls", False),
            "memory": f.get("memory", False), "fp": f.get("fp", False),
            "tokens": tokens, "tokens_exact": exact,
            "o0_latency": o["latency"], "o0_instructions": o["instructions"],
            "o0_size": o["size"], "ic_latency": c["latency"],
            "ic_instructions": c["instructions"], "ic_size": c["size"],
            **chat_columns(rec["o0"], rec["instcombine"])}


def chat_columns(o0: str, instcombine: str) -> dict[str, list[dict[str, str]]]:
    """``prompt``/``completion``/``messages`` of one pair, in the chat format TRL trainers
    take as they are (the model's chat template renders them, as in the paper)."""
    from veriopt.model.prompts import answer_block, generic_messages

    prompt = generic_messages(o0)
    completion = [{"role": "assistant", "content": answer_block(instcombine)}]
    return {"prompt": prompt, "completion": completion, "messages": prompt + completion}


def export_dataset(results: list[dict[str, Any]], out: Path, cfg: DatasetConfig, *,
                   wall_seconds: float, resumed_files: int = 0,
                   test_files: set[str] | None = None) -> dict[str, Any]:
    """Apply filters, dedup and split; write JSONL, HF dataset, rejects, card, summary.
    ``test_files``: the test split's source files when decided beforehand (see
    `veriopt.data.merge`), else drawn here from the files with kept samples."""
    count_tokens, exact = token_counter(cfg.tokenizer)
    stages: dict[str, int] = {}
    drops: Counter[str] = Counter()
    files_status = Counter(r["status"] for r in results)
    stages["source files"] = len(results)
    stages["compiled"] = files_status["ok"] + files_status["crashed"]
    stages["rescued with -std=gnu89"] = sum("-std=gnu89" in r["flags"] for r in results)
    verified = [rec for r in results for rec in r["records"]]
    rejects = [rec for r in results for rec in r["rejects"]]
    stages["functions"] = len(verified) + len(rejects)
    stages["verified correct"] = len(verified)
    for rec in rejects:
        drops[f"verifier: {rec['verdict']}" + (f" ({rec['reason']})" if rec["reason"] else "")] += 1

    kept: list[dict[str, Any]] = []
    for rec in sorted(verified, key=lambda r: r["id"]):
        if cfg.drop_unchanged and rec["unchanged"]:
            drops["instcombine changed nothing"] += 1
            continue
        tokens = count_tokens(rec["o0"]) + count_tokens(rec["instcombine"])
        if tokens > cfg.max_tokens:
            drops[f"over {cfg.max_tokens} tokens"] += 1
            continue
        kept.append(_sample(rec, tokens, exact))
    stages["after unchanged + token filters"] = len(kept)

    seen: dict[str, str] = {}
    unique: list[dict[str, Any]] = []
    by_id = {rec["id"]: rec for rec in verified}
    for s in kept:
        key = dedup_key(by_id[s["id"]])
        if key in seen:
            drops["duplicate function"] += 1
            continue
        seen[key] = s["id"]
        unique.append(s)
    stages["after de-duplication"] = len(unique)

    if test_files is None:
        test_files = split_files(sorted({s["source_file"] for s in unique}),
                                 cfg.test_fraction, cfg.seed)
    splits = {"train": [s for s in unique if s["source_file"] not in test_files],
              "test": [s for s in unique if s["source_file"] in test_files]}
    stages["train"], stages["test"] = len(splits["train"]), len(splits["test"])

    for name, rows in splits.items():
        _write_jsonl(out / f"{name}.jsonl", rows)
    _write_jsonl(out / "rejects.jsonl", [
        {k: rec[k] for k in ("id", "source_file", "function", "verdict", "reason",
                             "verify_seconds", "o0", "instcombine")} for rec in rejects])
    _write_jsonl(out / "failed_files.jsonl", [
        {"file": r["file"], "status": r["status"], "error": r["error"]}
        for r in results if r["status"] != "ok"])
    hf = _export_hf(splits, out / "hf")

    u_max = _percentile([s["o0_latency"] / s["ic_latency"] for s in splits["train"]
                         if s["ic_latency"] > 0], 80)
    summary = {"stages": stages, "drops": dict(drops.most_common()),
               "file_status": dict(files_status), "features": _feature_mix(unique),
               "metrics": _metric_stats(unique), "tokens_exact": exact,
               "tokenizer": cfg.tokenizer, "u_max_latency_speedup_p80": u_max,
               "hf_dataset": hf, "wall_seconds": round(wall_seconds, 2),
               "resumed_files": resumed_files,
               "verify_seconds_median": _median([r["verify_seconds"] for r in verified + rejects]),
               "config": asdict(cfg)}
    (out / "build.json").write_text(json.dumps(summary, indent=2) + "\n")
    (out / "config.yaml").write_text(yaml.safe_dump(asdict(cfg), sort_keys=False))
    card = render_card(summary)
    (out / "DATASET.md").write_text(card)
    (out / "README.md").write_text(card_metadata(summary) + card)
    return summary


def _size_category(n: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                        (1_000_000, "100K<n<1M")):
        if n < limit:
            return name
    return "1M<n<10M"


def card_metadata(s: dict[str, Any]) -> str:
    """The YAML header of the Hugging Face dataset card (README.md): what the Hub and
    `datasets.load_dataset(folder)` read; ``configs`` names the split files so that
    rejects.jsonl and the other side files are not taken for data."""
    feature_types = [{"name": c, "dtype": _TYPES.get(c, "string")} for c in PAPER_COLUMNS]
    feature_types += [{"name": c, "list": [{"name": "role", "dtype": "string"},
                                           {"name": "content", "dtype": "string"}]}
                      for c in CHAT_COLUMNS]
    meta = {
        "pretty_name": "veriopt verified (-O0, instcombine) LLVM IR function pairs",
        "license": "other",
        "task_categories": ["text-generation"],
        "tags": ["llvm", "llvm-ir", "compiler-optimization", "formal-verification",
                 "instcombine"],
        "size_categories": [_size_category(s["stages"]["train"] + s["stages"]["test"])],
        "configs": [{"config_name": "default", "data_files": [
            {"split": "train", "path": "train.jsonl"},
            {"split": "test", "path": "test.jsonl"}]}],
        "dataset_info": {"features": feature_types},
    }
    return "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\n"


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    tmp.replace(path)


def _export_hf(splits: dict[str, list[dict[str, Any]]], path: Path) -> str | None:
    """A `datasets.DatasetDict` on disk, when the `datasets` package is installed."""
    try:
        import datasets
    except ImportError:
        return None
    dd = datasets.DatasetDict({
        name: datasets.Dataset.from_dict({c: [r[c] for r in rows] for c in COLUMNS},
                                         features=_hf_features(datasets))
        for name, rows in splits.items()})
    dd.save_to_disk(str(path))
    return str(path)


#: Types of the non-string columns (HF `datasets` names; the rest are strings).
_TYPES = {"bounded": "bool", "loops": "bool", "calls": "bool", "memory": "bool", "fp": "bool",
          "tokens": "int64", "tokens_exact": "bool", "o0_latency": "float64",
          "o0_instructions": "int64", "o0_size": "int64", "ic_latency": "float64",
          "ic_instructions": "int64", "ic_size": "int64"}


def _hf_features(datasets: Any) -> Any:
    v = datasets.Value
    turns = datasets.List({"role": v("string"), "content": v("string")})
    return datasets.Features({c: turns if c in CHAT_COLUMNS else v(_TYPES.get(c, "string"))
                              for c in COLUMNS})


def _feature_mix(rows: list[dict[str, Any]]) -> dict[str, float]:
    n = len(rows) or 1
    return {k: round(100 * sum(bool(r[k]) for r in rows) / n, 1)
            for k in ("loops", "calls", "memory", "fp", "bounded")}


def _percentile(xs: list[float], q: float) -> float | None:
    if not xs:
        return None
    xs = sorted(xs)
    k = (len(xs) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return round(xs[lo] + (xs[hi] - xs[lo]) * (k - lo), 4)


def _median(xs: list[float]) -> float | None:
    return round(statistics.median(xs), 4) if xs else None


def _metric_stats(rows: list[dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    stats: dict[str, dict[str, float | None]] = {}
    for m in ("latency", "instructions", "size"):
        for side in ("o0", "ic"):
            xs = [float(r[f"{side}_{m}"]) for r in rows]
            stats[f"{side}_{m}"] = {"median": _median(xs), "p10": _percentile(xs, 10),
                                    "p90": _percentile(xs, 90),
                                    "mean": round(statistics.fmean(xs), 2) if xs else None}
        ratios = [r[f"o0_{m}"] / r[f"ic_{m}"] for r in rows if r[f"ic_{m}"]]
        geo = math.exp(statistics.fmean(math.log(x) for x in ratios)) if ratios and all(
            x > 0 for x in ratios) else None
        stats[f"{m}_ratio_o0_over_ic"] = {"geomean": round(geo, 3) if geo else None,
                                          "p50": _percentile(ratios, 50),
                                          "p80": _percentile(ratios, 80)}
    return stats


def render_card(s: dict[str, Any]) -> str:
    """The DATASET.md card: what is in the dataset and how it was made."""
    lines = ["# Dataset card", "",
             "Verified (-O0, instcombine) function pairs built by `veriopt dataset build`: "
             "clang -O0 (no optnone) for "
             f"`{s['config']['target']}`, one function per module, `opt -passes=instcombine` as "
             "the reference, kept only when veriopt's verifier proves the pair correct.", "",
             "## Counts at every stage", "", "| stage | count |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in s["stages"].items()]
    lines += ["", "## Why samples were dropped", "", "| reason | count |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in s["drops"].items()] or ["| (none) | 0 |"]
    if s["file_status"]:
        lines += ["", "Source files by status: " + ", ".join(
            f"{k}: {v}" for k, v in sorted(s["file_status"].items()))
            + " (details in `failed_files.jsonl`)."]
    lines += ["", "## Feature mix of the kept samples (% of samples)", "",
              "| loops | calls | memory | floating point | bounded proof |",
              "|---:|---:|---:|---:|---:|",
              "| {loops} | {calls} | {memory} | {fp} | {bounded} |".format(**s["features"]), "",
              "## Metric distributions (kept samples)", "",
              "| metric | median | p10 | p90 | mean |", "|---|---:|---:|---:|---:|"]
    for k, v in s["metrics"].items():
        if "ratio" in k:
            continue
        lines.append(f"| {k} | {v['median']} | {v['p10']} | {v['p90']} | {v['mean']} |")
    lines += ["", "| -O0 / instcombine | geomean | median | p80 |", "|---|---:|---:|---:|"]
    for m in ("latency", "instructions", "size"):
        r = s["metrics"][f"{m}_ratio_o0_over_ic"]
        lines.append(f"| {m} | {r['geomean']} | {r['p50']} | {r['p80']} |")
    tok = (f"exact, with the `{s['tokenizer']}` tokenizer" if s["tokens_exact"] else
           "approximate (no tokenizer available locally)")
    lines += ["", "## Notes", "",
              f"- Token counts (-O0 + instcombine text) are {tok}; the limit was "
              f"{s['config']['max_tokens']}.",
              "- `U_max` for the latency reward (80th percentile of instcombine's latency "
              f"speedup on train): {s['u_max_latency_speedup_p80']}.",
              f"- Split by source file (test fraction {s['config']['test_fraction']}, "
              f"seed {s['config']['seed']}): no function of a test file is in train.",
              f"- Wall time: {s['wall_seconds']} s ({s['resumed_files']} files reused from an "
              "earlier, interrupted run); median verifier time per pair: "
              f"{s['verify_seconds_median']} s.",
              "- Files: `train.jsonl`, `test.jsonl`, `hf/` (Hugging Face `datasets`), "
              "`rejects.jsonl` (verdict and reason of every dropped pair), "
              "`failed_files.jsonl`, `build.json`, `config.yaml`.",
              "- Columns: the paper's fields (`o0`, the -O0 function; `instcombine`, its "
              "verified reference; metrics of both) and TRL's chat columns `prompt` (the "
              "paper's generic prompt: system + the -O0 module), `completion` (the "
              "`<answer>` block with the reference) and `messages` (both). "
              "`datasets.load_dataset(\"<this folder>\")` reads the splits, and TRL's "
              "`SFTTrainer` (prompt-completion) and `GRPOTrainer` (`prompt`) take them as "
              "they are.",
              "- License: each sample is compiled from its source file and inherits that "
              "file's license.", ""]
    return "\n".join(lines)
