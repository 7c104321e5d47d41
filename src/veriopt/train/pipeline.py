"""Running stages in order in one run folder: `veriopt train STAGE|pipeline`.

Sets up the run once (the base model, built from scratch when asked; U_max of
Eq. (4), computed and stored; the resolved config; library versions), then runs
the asked stages in pipeline order with one shared verifier pool, each from the
previous stage's adapter, and evaluates each trained stage greedily on the
held-out split. ``resume`` skips finished stages and continues an interrupted one
from its last checkpoint; without it, a stage that already has outputs is an error
rather than silently overwritten.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from importlib import metadata
from typing import Any

import yaml

from veriopt.errors import ConfigError
from veriopt.train.config import MODEL_STAGES, STAGES, TrainConfig
from veriopt.train.data import dataset_u_max, load_split, training_rows
from veriopt.train.device import (
    choose,
    is_main_process,
    resolve_device,
    set_torch_threads,
    wait_for_everyone,
    world_size,
)
from veriopt.train.run_folder import RunFolder, check_stage_names, evaluated_stages

LIBRARIES = ("torch", "transformers", "trl", "peft", "datasets", "accelerate", "vllm")
#: The TRL release this code is written and tested against (its GRPO/SFT defaults,
#: reward-function signature and logging keys change between releases).
TESTED_TRL = "1.16."


def _say(message: str) -> None:
    if is_main_process():
        print(f"[veriopt train] {message}", flush=True)


def library_versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def prepare_run(cfg: TrainConfig, run: RunFolder) -> dict[str, Any]:
    """Record (or check) the run's base model, U_max and config in ``run.json``."""
    info = run.info()
    recorded = info.get("base_model")
    if cfg.init == "scratch":
        base = str(run.base_dir)
        if not (run.base_dir / "config.json").is_file():
            from veriopt.train.scratch import build_scratch_base

            _say(f"init scratch: building a {cfg.scratch.layers}-layer, hidden "
                 f"{cfg.scratch.hidden_size} Qwen2 model and tokenizer in {base}")
            choice = choose(cfg.device, bf16=False, gradient_checkpointing=False)
            build_scratch_base(run.base_dir, training_rows(cfg.data, part="pretrain"),
                               cfg.scratch, choice, log_dir=run.root / "base_pretrain")
    else:
        base = cfg.model
    if recorded and recorded != base:
        raise ConfigError(f"{run.root} was started with base model '{recorded}', not '{base}'; "
                          "use the same model/init or a new --run-dir")
    u_max = cfg.latency.u_max
    source = "config latency.u_max"
    if u_max is None:
        u_max = dataset_u_max(cfg.data.dataset)
        source = "80th percentile of instcombine's latency speedup on the training split"
    if is_main_process():
        run.root.mkdir(parents=True, exist_ok=True)
        (run.root / "config.yaml").write_text(yaml.safe_dump(asdict(cfg), sort_keys=False))
    versions = library_versions()
    if versions["trl"] and not versions["trl"].startswith(TESTED_TRL):
        _say(f"warning: trl {versions['trl']} is installed; this pipeline is tested with "
             f"trl {TESTED_TRL}x (pip install 'trl=={TESTED_TRL}*')")
    info = run.update(base_model=base, init=cfg.init, dataset=cfg.data.dataset,
                      u_max=u_max, u_max_source=source, gamma=cfg.latency.gamma,
                      versions=versions)
    wait_for_everyone()  # every process reads run.json from here on
    return info


def _make_scorer(cfg: TrainConfig) -> Any:
    from veriopt.model.scoring import CandidateScorer

    return CandidateScorer(jobs=cfg.scorer.jobs or os.cpu_count() or 1,
                           options=cfg.verify, hard_timeout=cfg.scorer.hard_timeout)


def _evaluate(stage: str, cfg: TrainConfig, run: RunFolder, scorer: Any, *,
              redo: bool = False) -> None:
    from veriopt.train.heldout import evaluate_stage

    if world_size() > 1:
        # one process would generate for the whole split while the others wait at a
        # barrier (and time out on a large split): evaluate after training instead.
        _say(f"{stage}: held-out evaluation skipped in a {world_size()}-process run")
        return
    if redo or not run.heldout(stage).is_file():
        test = load_split(cfg.data.dataset, "test")
        if test:
            adapter = None if stage == "base" else run.adapter(stage)
            r = evaluate_stage(stage, run.base_model(), adapter, test, cfg.eval, scorer,
                               resolve_device(cfg.device), run.heldout(stage))
            _say(f"{stage}: held-out verified {r['verified_rate']:.1%}, copies "
                 f"{r['copy_rate']:.1%}, format {r['format_rate']:.1%} (n={r['samples']})")


def write_heldout_table(run: RunFolder) -> None:
    import json

    from veriopt.train.heldout import render_heldout_table

    stages = evaluated_stages(run)
    if stages and is_main_process():
        results = {s: json.loads(run.heldout(s).read_text()) for s in stages}
        (run.root / "heldout.md").write_text(render_heldout_table(results))


def run_training(stages: list[str], cfg: TrainConfig, *, resume: bool = False
                 ) -> dict[str, Any]:
    """Run ``stages`` (pipeline order) in ``cfg.run_dir``; return run.json's content."""
    from veriopt.train.stages import run_grpo_stage, run_harvest, run_warmup

    check_stage_names(stages)
    stages = [s for s in STAGES if s in stages]
    set_torch_threads(cfg.torch_threads)
    run = RunFolder(cfg.run_dir)
    if not resume:
        started = [s for s in stages if run.has_started(s)]
        if started:
            raise ConfigError(f"{run.stage_dir(started[0])} already exists; pass --resume to "
                              "continue this run, or choose a new --run-dir")
    prepare_run(cfg, run)
    with _make_scorer(cfg) as scorer:
        if cfg.eval.enabled and cfg.eval.include_base:
            _evaluate("base", cfg, run, scorer)
        for stage in stages:
            if resume and run.is_done(stage):
                _say(f"{stage}: already done, skipped")
            else:
                _say(f"{stage}: starting" + (" (resuming)" if run.has_started(stage) else ""))
                if stage == "harvest":
                    info = run_harvest(cfg, run)
                elif stage == "warmup":
                    info = run_warmup(cfg, run, resume=resume)
                else:
                    info = run_grpo_stage(stage, cfg, run, scorer, resume=resume)
                wait_for_everyone()
                _say(f"{stage}: done " + ", ".join(f"{k}={v}" for k, v in info.items()
                                                   if k in ("steps", "seconds", "adapter",
                                                            "correction_samples",
                                                            "first_time_samples")))
            if cfg.eval.enabled and stage in MODEL_STAGES:
                _evaluate(stage, cfg, run, scorer)
    write_heldout_table(run)
    return run.info()


def evaluate_run(cfg: TrainConfig) -> dict[str, Any]:
    """Held-out evaluation of every finished stage of a run that lacks one (e.g. after
    a multi-process run, which skips it), or of all of them with ``eval.redo`` (e.g.
    with a newer verifier); single process."""
    run = RunFolder(cfg.run_dir)
    if not run.run_json.is_file():
        raise ConfigError(f"{run.root}: not a run folder (no run.json)")
    set_torch_threads(cfg.torch_threads)
    with _make_scorer(cfg) as scorer:
        if cfg.eval.include_base:
            _evaluate("base", cfg, run, scorer, redo=cfg.eval.redo)
        for stage in MODEL_STAGES:
            if run.is_done(stage):
                _evaluate(stage, cfg, run, scorer, redo=cfg.eval.redo)
    write_heldout_table(run)
    return run.info()
