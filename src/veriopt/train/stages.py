"""The stages, each a thin driver over TRL: data -> trainer -> adapter.

* ``zero``        GRPO, generic prompt, Eq. (1); every rollout recorded.
* ``harvest``     diagnostic-augmented samples from the recorded rollouts.
* ``warmup``      SFT (completion-only loss) on the samples, augmented prompt.
* ``correctness`` GRPO, augmented prompt, Eq. (2) + Eq. (1); failures keep being recorded.
* ``latency``     GRPO, generic prompt, no reference labels, Eq. (4) with U_max.

Each trains the LoRA adapter it starts from (`RunFolder.init_adapter`), saves
checkpoints under ``RUN/<stage>/checkpoints`` (``resume`` continues from the last
one), and writes ``RUN/<stage>/adapter`` when it finishes.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from veriopt.errors import ConfigError
from veriopt.model.rewards import RewardSuite
from veriopt.train import data as stage_data
from veriopt.train.config import TrainConfig, trl_kwargs
from veriopt.train.device import DeviceChoice, choose, is_main_process, process_index
from veriopt.train.harvest import build_samples, export_samples, harvest_summary
from veriopt.train.policy import load_policy, load_tokenizer
from veriopt.train.rollouts import (
    RolloutRecorder,
    read_rollouts,
    rollout_files,
    rollout_path,
)
from veriopt.train.run_folder import RunFolder
from veriopt.train.stage_reward import StageReward
from veriopt.train.train_log import TrainLogCallback
from veriopt.verify.options import ProofPolicy

log = logging.getLogger(__name__)


def _resume_point(run: RunFolder, stage: str, resume: bool) -> str | None:
    return run.last_checkpoint(stage) if resume else None


def _finish(trainer: Any, tokenizer: Any, run: RunFolder, stage: str, start: float,
            resumed_from: str | None, choice: DeviceChoice, extra: dict[str, Any]) -> dict:
    adapter = run.adapter(stage)
    trainer.save_model(str(adapter))
    if is_main_process():
        tokenizer.save_pretrained(str(adapter))
    info = {"status": "done", "adapter": str(adapter), "steps": trainer.state.global_step,
            "seconds": round(time.monotonic() - start, 2), "resumed_from": resumed_from,
            "device": choice.device, "bf16": choice.bf16,
            "gradient_checkpointing": choice.gradient_checkpointing,
            "use_vllm": choice.use_vllm, **extra}
    run.mark(stage, **info)
    return info


def run_grpo_stage(stage: str, cfg: TrainConfig, run: RunFolder, scorer: Any, *,
                   resume: bool = False) -> dict[str, Any]:
    """Model-Zero, Model-Correctness or Model-Latency."""
    from trl import GRPOConfig, GRPOTrainer

    start = time.monotonic()
    settings = getattr(cfg, stage)
    g = settings.grpo
    choice = choose(cfg.device, bf16=g.bf16, gradient_checkpointing=g.gradient_checkpointing,
                    use_vllm=g.use_vllm)
    base = run.base_model()
    tokenizer = load_tokenizer(base)
    rows = stage_data.training_rows(cfg.data, tokenizer)
    if stage == "zero":
        prompts = stage_data.generic_prompt_rows(rows)
    elif stage == "correctness":
        prompts = stage_data.augmented_prompt_rows(rows)
    else:  # latency: no reference labels
        prompts = stage_data.generic_prompt_rows(rows, with_reference=False)
    u_max = run.info()["u_max"]
    gamma = cfg.latency.gamma
    suite = RewardSuite(scorer, u_max=u_max, gamma=gamma,
                        policy=ProofPolicy.named(cfg.scorer.reward_proofs))
    stage_dir = run.stage_dir(stage)
    recorder = RolloutRecorder(rollout_path(stage_dir, process_index()), stage)
    reward = StageReward(suite, stage, recorder)
    init = run.init_adapter(stage, settings.init_adapter)
    model, peft_config = load_policy(base, init, cfg.lora, choice)
    args = GRPOConfig(output_dir=str(stage_dir / "checkpoints"), use_vllm=choice.use_vllm,
                      **trl_kwargs(g, GRPOConfig), **choice.trl_kwargs(GRPOConfig))
    resumed_from = _resume_point(run, stage, resume)
    if not resumed_from and recorder.path.exists():
        recorder.path.unlink()  # a fresh start records from scratch (each rank its own file)
    callback = TrainLogCallback(stage_dir / "train_log.csv", stage_dir / "tb", tag=stage,
                                on_resume=recorder.drop_after)
    trainer = GRPOTrainer(model=model, processing_class=tokenizer, reward_funcs=[reward],
                          args=args, train_dataset=stage_data.to_dataset(prompts),
                          peft_config=peft_config, callbacks=[callback])
    run.mark(stage, status="running", started_from=str(init) if init else "base",
             reward=reward.method, train_inputs=len(rows), u_max=u_max,
             gamma=gamma if stage == "latency" else None)
    trainer.train(resume_from_checkpoint=resumed_from)
    return _finish(trainer, tokenizer, run, stage, start, resumed_from, choice,
                   {"rollouts": str(recorder.path), "rollouts_recorded": recorder.records})


def run_harvest(cfg: TrainConfig, run: RunFolder) -> dict[str, Any]:
    """Diagnostic-augmented samples from the rollouts of ``cfg.harvest.stages``."""
    start = time.monotonic()
    paths = [p for s in cfg.harvest.stages for p in rollout_files(run.stage_dir(s))]
    if not paths:
        raise ConfigError(f"{run.root}: no rollouts of {cfg.harvest.stages} to harvest; "
                          "run `veriopt train zero` first")
    records = read_rollouts(paths)
    # the inputs the GRPO stages trained on: one first-time sample each
    tokenizer = load_tokenizer(run.base_model()) if cfg.data.max_prompt_tokens else None
    rows = stage_data.training_rows(cfg.data, tokenizer)
    samples = build_samples(rows, records, cfg.harvest)
    summary = harvest_summary(samples, records)
    if is_main_process():
        export_samples(samples, summary, run.samples_dir, cfg.harvest)
    info = {"status": "done", "samples": str(run.samples_dir / "train.jsonl"),
            "seconds": round(time.monotonic() - start, 2),
            **{k: summary[k] for k in ("first_time_samples", "correction_samples",
                                       "inputs_with_corrections", "rollouts_read")}}
    run.mark("harvest", **info)
    return info


def run_warmup(cfg: TrainConfig, run: RunFolder, *, resume: bool = False) -> dict[str, Any]:
    """SFT on first-time + correction samples (completion-only loss)."""
    from trl import SFTConfig, SFTTrainer

    start = time.monotonic()
    s = cfg.warmup.sft
    choice = choose(cfg.device, bf16=s.bf16, gradient_checkpointing=s.gradient_checkpointing)
    base = run.base_model()
    tokenizer = load_tokenizer(base)
    samples = stage_data.read_jsonl(run.samples_dir / "train.jsonl")
    dataset = stage_data.to_dataset([{"prompt": x["prompt"], "completion": x["completion"]}
                                     for x in samples])
    init = run.init_adapter("warmup", cfg.warmup.init_adapter)
    model, peft_config = load_policy(base, init, cfg.lora, choice)
    stage_dir = run.stage_dir("warmup")
    args = SFTConfig(output_dir=str(stage_dir / "checkpoints"), completion_only_loss=True,
                     **trl_kwargs(s, SFTConfig), **choice.trl_kwargs(SFTConfig))
    callback = TrainLogCallback(stage_dir / "train_log.csv", stage_dir / "tb", tag="warmup")
    trainer = SFTTrainer(model=model, args=args, processing_class=tokenizer,
                         train_dataset=dataset, peft_config=peft_config, callbacks=[callback])
    resumed_from = _resume_point(run, "warmup", resume)
    run.mark("warmup", status="running", started_from=str(init) if init else "base",
             samples=len(samples))
    trainer.train(resume_from_checkpoint=resumed_from)
    return _finish(trainer, tokenizer, run, "warmup", start, resumed_from, choice, {})
