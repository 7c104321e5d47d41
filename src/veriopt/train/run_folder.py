"""The run folder: where every artifact of every stage lives, and what is done.

Layout::

    RUN/run.json              base model, init, U_max, versions, per-stage status
    RUN/config.yaml           the resolved TrainConfig
    RUN/base/                 the scratch base model (init: scratch only)
    RUN/<stage>/adapter/      LoRA adapter (+ tokenizer) of zero/warmup/correctness/latency
    RUN/<stage>/checkpoints/  trainer checkpoints (resume)
    RUN/<stage>/train_log.csv per-step curves; RUN/<stage>/tb/ TensorBoard events
    RUN/<stage>/rollouts.jsonl every GRPO candidate with verdict and diagnostic
    RUN/<stage>/heldout.json  greedy held-out evaluation of the stage (base: RUN/base_eval/)
    RUN/samples/              diagnostic-augmented samples (train.jsonl, hf/, SAMPLES.md)
    RUN/heldout.md            the per-stage held-out table (paper Fig. 7)

Only the main process of a distributed launch writes ``run.json``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from veriopt.errors import ConfigError
from veriopt.train.config import MODEL_STAGES, STAGES
from veriopt.train.device import is_main_process

#: Which stage each stage starts from when its init_adapter is "previous".
PREVIOUS = {"zero": None, "warmup": "zero", "correctness": "warmup", "latency": "correctness"}


class RunFolder:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    # ---- paths -------------------------------------------------------------------
    def stage_dir(self, stage: str) -> Path:
        return self.root / ("samples" if stage == "harvest" else stage)

    def adapter(self, stage: str) -> Path:
        return self.stage_dir(stage) / "adapter"

    def heldout(self, stage: str) -> Path:
        """Held-out evaluation of a stage ("base": the base model before Model-Zero)."""
        return self.root / ("base_eval" if stage == "base" else stage) / "heldout.json"

    @property
    def samples_dir(self) -> Path:
        return self.root / "samples"

    @property
    def base_dir(self) -> Path:
        return self.root / "base"

    @property
    def run_json(self) -> Path:
        return self.root / "run.json"

    # ---- run.json ----------------------------------------------------------------
    def info(self) -> dict[str, Any]:
        if self.run_json.is_file():
            return json.loads(self.run_json.read_text())
        return {"stages": {}}

    def update(self, **fields: Any) -> dict[str, Any]:
        info = self.info()
        info.update(fields)
        if is_main_process():
            self.root.mkdir(parents=True, exist_ok=True)
            tmp = self.run_json.with_name("run.json.tmp")
            tmp.write_text(json.dumps(info, indent=2, default=str) + "\n")
            tmp.replace(self.run_json)
        return info

    def stage_info(self, stage: str) -> dict[str, Any]:
        return self.info().get("stages", {}).get(stage, {})

    def mark(self, stage: str, **fields: Any) -> None:
        info = self.info()
        stages = info.setdefault("stages", {})
        stages.setdefault(stage, {}).update(fields, updated=time.strftime("%Y-%m-%dT%H:%M:%S"))
        self.update(stages=stages)

    def is_done(self, stage: str) -> bool:
        return self.stage_info(stage).get("status") == "done"

    def has_started(self, stage: str) -> bool:
        return bool(self.stage_info(stage)) or (self.stage_dir(stage) / "checkpoints").is_dir()

    # ---- what a stage starts from ------------------------------------------------
    def base_model(self) -> str:
        base = self.info().get("base_model")
        if not base:
            raise ConfigError(f"{self.run_json}: no base model recorded; start the run with "
                              "`veriopt train zero` or `veriopt train pipeline`")
        return base

    def init_adapter(self, stage: str, init: str) -> Path | None:
        """The adapter ``stage`` starts from: "none", "previous" or a path."""
        if init == "none":
            return None
        if init != "previous":
            return Path(init)
        prev = PREVIOUS[stage]
        if prev is None:
            return None
        if not self.is_done(prev):
            raise ConfigError(f"stage '{stage}' starts from '{prev}', which has not finished in "
                              f"{self.root} (run `veriopt train {prev}` first, or set "
                              f"{stage}.init_adapter)")
        return self.adapter(prev)

    def last_checkpoint(self, stage: str) -> str | None:
        from transformers.trainer_utils import get_last_checkpoint

        ckpt = self.stage_dir(stage) / "checkpoints"
        return get_last_checkpoint(str(ckpt)) if ckpt.is_dir() else None


def check_stage_names(stages: list[str]) -> None:
    bad = [s for s in stages if s not in STAGES]
    if bad:
        raise ConfigError(f"unknown stage '{bad[0]}' (stages: {', '.join(STAGES)})")


def evaluated_stages(run: RunFolder) -> list[str]:
    return [s for s in ("base", *MODEL_STAGES) if run.heldout(s).is_file()]
