"""One dataset from several `veriopt dataset build` folders, with an IR tokenizer.

Why: sources of different families need different build settings (Csmith programs
need its include path) and are built separately, resumably; the model needs one
dataset with one split by source file. The merge reads the per-file results of each
build (``BUILD/work/files``), names every source file ``FAMILY/KEY`` so that keys of
different builds never collide, draws the test files *first*, trains the IR
tokenizer on the training files only (the test split stays unseen, even by the BPE
merges), and then exports through the builder's own `export_dataset` with that
tokenizer's exact token counts for the length filter.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from veriopt.data.config import DatasetConfig
from veriopt.data.export import export_dataset, split_files
from veriopt.errors import ConfigError


def load_build_results(build: Path, family: str) -> list[dict[str, Any]]:
    """The per-file results of one build, their keys prefixed with ``family/``."""
    files_dir = build / "work" / "files"
    if not files_dir.is_dir():
        raise ConfigError(f"{build}: no per-file results (work/files); run `veriopt dataset "
                          "build` into it first")
    results = []
    for path in sorted(files_dir.glob("*.json")):
        r = json.loads(path.read_text())
        r["file"] = f"{family}/{r['file']}"
        for rec in (*r["records"], *r["rejects"]):
            rec["id"] = f"{family}/{rec['id']}"
            rec["source_file"] = f"{family}/{rec['source_file']}"
        results.append(r)
    return results


#: Trains a tokenizer on the given IR texts and saves it in the given folder
#: (`veriopt.model.tiny.save_ir_tokenizer`; passed in: models sit above data).
TokenizerTrainer = Callable[[list[str], Path], Any]


def merge_builds(builds: dict[str, Path], out: Path, cfg: DatasetConfig, *,
                 train_tokenizer: TokenizerTrainer) -> dict[str, Any]:
    """Merge ``builds`` (family -> build folder) into ``out``: split by source file,
    IR tokenizer in ``out/tokenizer`` (``train_tokenizer`` on the training files' IR),
    token filter with it (``cfg.max_tokens``, -O0 + instcombine), export. Returns the
    summary."""
    out.mkdir(parents=True, exist_ok=True)
    results = [r for family, build in sorted(builds.items())
               for r in load_build_results(build, family)]
    with_pairs = sorted({r["file"] for r in results if r["records"]})
    test_files = split_files(with_pairs, cfg.test_fraction, cfg.seed)
    train_texts = [rec[side] for r in results if r["file"] not in test_files
                   for rec in r["records"] for side in ("o0", "instcombine")]
    tokenizer_dir = out / "tokenizer"
    train_tokenizer(train_texts, tokenizer_dir)
    cfg = replace(cfg, tokenizer=str(tokenizer_dir))
    seconds = sum(float(r.get("seconds", 0.0)) for r in results)
    summary = export_dataset(results, out, cfg, wall_seconds=seconds, test_files=test_files)
    by_family = {family: {"files": sum(r["file"].startswith(family + "/") for r in results),
                          **{split: sum(1 for line in (out / f"{split}.jsonl").open()
                                        if json.loads(line)["source_file"]
                                        .startswith(family + "/"))
                             for split in ("train", "test")}}
                 for family in sorted(builds)}
    summary["families"] = by_family
    summary["builds"] = {family: str(build) for family, build in sorted(builds.items())}
    (out / "build.json").write_text(json.dumps(summary, indent=2) + "\n")
    with open(out / "DATASET.md", "a") as f:
        f.write("\n## Families (merged builds)\n\n| family | source files | train | test |\n"
                "|---|---:|---:|---:|\n")
        for family, c in by_family.items():
            f.write(f"| {family} | {c['files']} | {c['train']} | {c['test']} |\n")
        f.write("\nThe wall time above is the sum of the per-file processing times of the "
                "merged builds; the IR tokenizer (`tokenizer/`) was trained on the "
                "training files only and counted the tokens.\n")
    return summary
