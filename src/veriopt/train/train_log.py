"""Per-step training curves: ``train_log.csv`` and TensorBoard, one row per step.

Why our own file: `veriopt report` draws the paper's Fig. 4 curves (raw and EMA
0.95) from a stable, documented CSV, whatever loggers TRL has configured. Columns:
``step``, the reward terms (``format, verified, exact, bleu, cot, latency``; see
`step_summary`), ``verified_rate, copy_rate, grad_norm, loss,
reward_wait_seconds, step_seconds``, then extras (total reward, learning rate,
error/timeout rates, mean verified speedup, completion length). Cells a stage does
not produce (rewards during SFT) are empty. On resume, rows of steps after the
checkpoint are dropped first, so every step appears once.
"""

from __future__ import annotations

import csv
import math
import time
from pathlib import Path
from typing import Any

from transformers import TrainerCallback

from veriopt.train.stage_reward import METRIC_PREFIX

COLUMNS = ("step", "format", "verified", "exact", "bleu", "cot", "latency", "verified_rate",
           "copy_rate", "grad_norm", "loss", "reward_wait_seconds", "step_seconds",
           "reward", "reward_std", "learning_rate", "syntax_error_rate",
           "semantic_error_rate", "timeout_rate", "latency_speedup", "completion_length",
           "mean_token_accuracy")
#: TRL/transformers log keys for columns not written by our reward callable.
TRL_KEYS = {"grad_norm": "grad_norm", "loss": "loss", "reward": "reward",
            "reward_std": "reward_std", "learning_rate": "learning_rate",
            "completion_length": "completions/mean_length",
            "mean_token_accuracy": "mean_token_accuracy"}


def read_train_log(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def drop_rows_after(path: Path, step: int) -> int:
    rows = read_train_log(path)
    kept = [r for r in rows if int(r["step"]) <= step]
    if len(kept) != len(rows):
        _write(path, kept)
    return len(rows) - len(kept)


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    tmp.replace(path)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    return value


class TrainLogCallback(TrainerCallback):
    """Writes ``csv_path`` and TensorBoard events under ``tb_dir`` (main process only)."""

    def __init__(self, csv_path: Path, tb_dir: Path | None = None, *, tag: str = "",
                 on_resume: Any = None) -> None:
        self.csv_path = csv_path
        self.tb_dir = tb_dir
        self.tag = tag
        self.on_resume = on_resume  # called with the resumed step (e.g. drop rollouts)
        self.writer = None
        self._step_start: float | None = None
        self._step_seconds: float | None = None
        self.rows_written = 0

    def on_train_begin(self, args, state, control, **kwargs):
        if state.global_step > 0 and self.on_resume is not None:
            self.on_resume(state.global_step)
        if not state.is_world_process_zero:
            return
        self.csv_path.parent.mkdir(parents=True, exist_ok=True)
        if state.global_step > 0:
            drop_rows_after(self.csv_path, state.global_step)
        elif self.csv_path.exists():
            self.csv_path.unlink()  # a fresh start: no stale rows from an earlier run
        if not self.csv_path.exists():
            _write(self.csv_path, [])
        if self.tb_dir is not None:
            try:
                from torch.utils.tensorboard import SummaryWriter

                self.writer = SummaryWriter(str(self.tb_dir), purge_step=state.global_step + 1
                                            if state.global_step else None)
            except ImportError:  # tensorboard not installed: the CSV is enough
                self.writer = None

    def on_step_begin(self, args, state, control, **kwargs):
        self._step_start = time.perf_counter()

    def on_step_end(self, args, state, control, **kwargs):
        if self._step_start is not None:
            self._step_seconds = time.perf_counter() - self._step_start

    def on_log(self, args, state, control, logs=None, **kwargs):
        logs = logs or {}
        if not state.is_world_process_zero or ("loss" not in logs and "grad_norm" not in logs):
            return  # the end-of-training summary, or another process
        row: dict[str, Any] = {"step": state.global_step, "step_seconds": self._step_seconds}
        for key, value in logs.items():
            if key.startswith(METRIC_PREFIX):
                row[key[len(METRIC_PREFIX):]] = value
        for col, key in TRL_KEYS.items():
            if key in logs:
                row[col] = logs[key]
        row = {k: _cell(row.get(k)) for k in COLUMNS}
        with open(self.csv_path, "a", newline="") as f:
            csv.DictWriter(f, fieldnames=COLUMNS).writerow(row)
        self.rows_written += 1
        if self.writer is not None:
            for k, v in row.items():
                if k != "step" and isinstance(v, (int, float)):
                    self.writer.add_scalar(f"{self.tag}/{k}" if self.tag else k, v,
                                           state.global_step)
            self.writer.flush()

    def on_train_end(self, args, state, control, **kwargs):
        if self.writer is not None:
            self.writer.close()
            self.writer = None
