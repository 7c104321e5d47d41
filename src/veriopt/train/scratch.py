"""``init: scratch``: a base model built on the spot, for machines without weights.

A random Qwen2-architecture model and a byte-level BPE tokenizer trained on the
dataset's IR and the prompts (`veriopt.model.tiny`), then a short full-weight SFT
on (generic prompt -> instcombine answer) of the training split. Why the SFT: a
random model never writes ``<answer>`` or IR, so every reward would be zero and no
verifier diagnostic would ever be produced; a pretrained base model already knows
IR. This short pre-training is the stand-in, and is recorded as such in
``RUN/base/scratch.json``. Only the test split stays unseen.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from veriopt.errors import ConfigError
from veriopt.train.config import ScratchSettings
from veriopt.train.data import pretrain_rows, to_dataset
from veriopt.train.device import DeviceChoice, is_main_process, wait_for_everyone


def tokenizer_texts(rows: list[dict[str, Any]]) -> list[str]:
    """What the scratch tokenizer is trained on: IR, both prompts, the think format."""
    from veriopt.model.tiny import ir_tokenizer_corpus

    return ir_tokenizer_corpus([r[k] for r in rows for k in ("o0", "instcombine")])


def build_scratch_base(out: Path, rows: list[dict[str, Any]], settings: ScratchSettings,
                       choice: DeviceChoice, *, log_dir: Path | None = None) -> Path:
    """Build, pre-train and save the scratch base model in ``out``; return ``out``.

    Called by every process of a distributed launch: the main process builds the
    model, all of them pre-train it together (TRL's collectives need every rank),
    the main process saves it. An interrupted build resumes: the random model and
    tokenizer in ``out.building`` are kept, and the pre-training continues from its
    last checkpoint (``pretrain_save_steps``).
    """
    from veriopt.model.tiny import build_tiny_model, parameter_count

    start = time.monotonic()
    tmp = out.with_name(out.name + ".building")
    previous = _continued_base(settings)
    if is_main_process() and not (tmp / "config.json").is_file():
        shutil.rmtree(tmp, ignore_errors=True)
        if previous is not None:
            shutil.copytree(settings.continue_from, tmp, ignore=shutil.ignore_patterns(
                "_pretrain", "training_args.bin"))
        else:
            build_tiny_model(tmp, tokenizer_texts(rows), hidden_size=settings.hidden_size,
                             layers=settings.layers, heads=settings.heads,
                             kv_heads=settings.kv_heads,
                             intermediate_size=settings.intermediate_size,
                             vocab_size=settings.vocab_size, max_positions=32768,
                             seed=settings.seed, tokenizer=settings.tokenizer)
    wait_for_everyone()
    final_loss = None
    if settings.pretrain_steps > 0:
        final_loss = _pretrain(tmp, rows, settings, choice, log_dir)
    wait_for_everyone()
    if is_main_process():
        info = {"kind": "scratch", "settings": asdict(settings), "pretrain_rows": len(rows),
                "pretrain_source_files": len({r.get("source_file") for r in rows}),
                "parameters": parameter_count(tmp), "pretrain_final_loss": final_loss,
                "seconds": round(time.monotonic() - start, 2),
                "note": "random Qwen2 + IR BPE tokenizer, pre-trained on generic prompt -> "
                        "instcombine answer of the training split (stand-in for pretraining)",
                "continued_from": previous}
        (tmp / "scratch.json").write_text(json.dumps(info, indent=2) + "\n")
        shutil.rmtree(out, ignore_errors=True)
        tmp.replace(out)
    wait_for_everyone()
    return out


def _continued_base(settings: ScratchSettings) -> dict[str, Any] | None:
    """The record (``scratch.json``) of the base this pre-training continues from."""
    if settings.continue_from is None:
        return None
    record = Path(settings.continue_from) / "scratch.json"
    if not record.is_file():
        raise ConfigError(f"scratch.continue_from: {settings.continue_from} is not a scratch "
                          "base folder (no scratch.json); point it at an earlier RUN/base")
    return {"path": settings.continue_from, **json.loads(record.read_text())}


def _pretrain(model_dir: Path, rows: list[dict[str, Any]], settings: ScratchSettings,
              choice: DeviceChoice, log_dir: Path | None) -> float | None:
    from transformers import AutoModelForCausalLM
    from transformers.trainer_utils import get_last_checkpoint
    from trl import SFTConfig, SFTTrainer

    from veriopt.model.tiny import load_saved_tokenizer
    from veriopt.train.renaming import renamed_copies
    from veriopt.train.train_log import TrainLogCallback

    tok = load_saved_tokenizer(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir, local_files_only=True)
    ckpt_dir = model_dir / "_pretrain"
    saving = ({"save_strategy": "steps", "save_steps": settings.pretrain_save_steps,
               "save_total_limit": 1} if settings.pretrain_save_steps > 0
              else {"save_strategy": "no"})
    args = SFTConfig(output_dir=str(ckpt_dir), max_steps=settings.pretrain_steps,
                     learning_rate=settings.pretrain_learning_rate,
                     per_device_train_batch_size=settings.pretrain_batch_size,
                     gradient_accumulation_steps=settings.pretrain_gradient_accumulation_steps,
                     warmup_steps=settings.pretrain_warmup_steps,
                     max_length=settings.max_length, lr_scheduler_type="cosine",
                     logging_steps=1, report_to="none", seed=settings.seed,
                     disable_tqdm=True, **saving, **choice.trl_kwargs(SFTConfig))
    callbacks = [TrainLogCallback(log_dir / "train_log.csv")] if log_dir else []
    trainer = SFTTrainer(model=model, args=args, processing_class=tok,
                         train_dataset=to_dataset(pretrain_rows(
                             renamed_copies(rows, settings.rename_copies, settings.seed))),
                         callbacks=callbacks)
    resume = get_last_checkpoint(str(ckpt_dir)) if ckpt_dir.is_dir() else None
    trainer.train(resume_from_checkpoint=resume)
    trainer.save_model(str(model_dir))
    if is_main_process():
        tok.save_pretrained(model_dir)
        shutil.rmtree(ckpt_dir, ignore_errors=True)
    losses = [h["loss"] for h in trainer.state.log_history if "loss" in h]
    return round(float(losses[-1]), 4) if losses else None
