"""The prompt datasets of each stage, built from a `veriopt dataset build` folder.

Stage by stage (paper Sec. III-C): Model-Zero and Model-Latency see the generic
prompt (Fig. 1) as chat messages, rendered by the policy's chat template;
Warm-up and Model-Correctness see the artifact's augmented prompt (Fig. 2) as raw
text. Model-Latency carries no reference column at all, so no reward can peek at
instcombine's answer. ``U_max`` (Eq. 4) is the 80th percentile of instcombine's
latency speedup over the training split, read from the dataset's ``build.json``
(or recomputed from the rows when absent).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from veriopt.errors import ConfigError
from veriopt.model.prompts import answer_block, generic_messages, render_augmented
from veriopt.train.config import DataSettings

#: Columns the reward functions read (TRL repeats them per generation).
SOURCE, REFERENCE = "o0", "instcombine"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def load_split(dataset_dir: str | Path, split: str) -> list[dict[str, Any]]:
    """Rows of ``split`` ("train" or "test") of a built dataset."""
    path = Path(dataset_dir) / f"{split}.jsonl"
    if not path.is_file():
        raise ConfigError(f"{path}: not found; build the dataset first with "
                          "`veriopt dataset build SOURCES --out DIR` and set data.dataset")
    return read_jsonl(path)


#: Which training inputs a consumer gets: everything, the scratch pre-training's
#: share, or the stages' share (`DataSettings.stage_fraction`).
PARTS = ("all", "pretrain", "stages")


def stage_files(rows: list[dict[str, Any]], fraction: float) -> set[str]:
    """The training source files reserved for the stages: a seeded shuffle of the
    sorted file list, as the dataset's own train/test split (seed 0)."""
    from veriopt.data.export import split_files

    if fraction <= 0:
        return set()
    return split_files(sorted({r["source_file"] for r in rows}), fraction, seed=0)


def training_rows(settings: DataSettings, tokenizer: Any = None, *, part: str = "stages"
                  ) -> list[dict[str, Any]]:
    """The training inputs of ``part`` after the optional token filter and sample limit."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, got {part!r}")
    rows = load_split(settings.dataset, "train")
    if part != "all" and settings.stage_fraction > 0:
        # on the whole split, so that every consumer (with or without the token
        # filter) draws the same line between the two parts
        reserved = stage_files(rows, settings.stage_fraction)
        rows = [r for r in rows if (r["source_file"] in reserved) == (part == "stages")]
    if settings.max_prompt_tokens is not None and tokenizer is not None:
        rows = [r for r in rows
                if len(tokenizer(r[SOURCE], add_special_tokens=False)["input_ids"])
                <= settings.max_prompt_tokens]
    if settings.max_train_samples is not None:
        rows = rows[:settings.max_train_samples]
    if not rows:
        raise ConfigError(f"{settings.dataset}: no training inputs left after the filters")
    return rows


def latency_speedup_p80(rows: list[dict[str, Any]]) -> float:
    """80th percentile of instcombine's latency speedup (-O0 / instcombine), linear
    interpolation between order statistics (as the dataset builder computes it)."""
    values = sorted(r["o0_latency"] / r["ic_latency"] for r in rows if r.get("ic_latency"))
    if not values:
        return 1.0
    k = (len(values) - 1) * 0.8
    lo, hi = math.floor(k), math.ceil(k)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def dataset_u_max(dataset_dir: str | Path, rows: list[dict[str, Any]] | None = None) -> float:
    """U_max of Eq. (4): the dataset card's value, else recomputed from the train split."""
    build = Path(dataset_dir) / "build.json"
    if build.is_file():
        value = json.loads(build.read_text()).get("u_max_latency_speedup_p80")
        if value is not None:
            return float(value)
    return round(latency_speedup_p80(rows if rows is not None
                                     else load_split(dataset_dir, "train")), 4)


def generic_prompt_rows(rows: list[dict[str, Any]], *, with_reference: bool = True
                        ) -> list[dict[str, Any]]:
    """Model-Zero / Model-Latency inputs: chat prompt + the columns rewards read."""
    out = []
    for r in rows:
        row = {"prompt": generic_messages(r[SOURCE]), "id": r["id"], SOURCE: r[SOURCE]}
        if with_reference:
            row[REFERENCE] = r[REFERENCE]
        out.append(row)
    return out


def augmented_prompt_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Model-Correctness inputs: the artifact's raw augmented prompt."""
    return [{"prompt": render_augmented(r[SOURCE]), "id": r["id"], SOURCE: r[SOURCE],
             REFERENCE: r[REFERENCE]} for r in rows]


def pretrain_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Scratch pre-training pairs: generic prompt -> the instcombine answer."""
    return [{"prompt": generic_messages(r[SOURCE]),
             "completion": [{"role": "assistant", "content": answer_block(r[REFERENCE])}]}
            for r in rows]


def to_dataset(rows: list[dict[str, Any]]):
    """A `datasets.Dataset` (what TRL's trainers take)."""
    from datasets import Dataset

    return Dataset.from_list(rows)
