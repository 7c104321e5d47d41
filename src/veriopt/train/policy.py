"""The policy a stage trains: the frozen base model plus one LoRA adapter.

Why one adapter carried through the stages: each stage starts from the previous
stage's model (paper Fig. 3); continuing to train the same LoRA adapter on the same
frozen base keeps every stage's output a small folder that loads on the base model
alone (``PeftModel.from_pretrained(base, RUN/<stage>/adapter)``), which is what
the evaluation and `veriopt serve --adapter` take. Models are loaded from local
folders or the local hub cache only (no download at run time).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from veriopt.errors import ConfigError
from veriopt.train.config import LoraSettings
from veriopt.train.device import DeviceChoice


def load_tokenizer(base: str) -> Any:
    from veriopt.model.tiny import load_saved_tokenizer

    try:
        tok = load_saved_tokenizer(base)
    except OSError as e:
        raise ConfigError(f"cannot load the tokenizer of '{base}' from a local folder or the "
                          f"local hub cache: {str(e).splitlines()[0]}") from None
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token
    tok.padding_side = "left"
    return tok


def load_base(base: str, choice: DeviceChoice) -> Any:
    import torch
    from transformers import AutoModelForCausalLM

    dtype = torch.bfloat16 if choice.bf16 else torch.float32
    try:
        return AutoModelForCausalLM.from_pretrained(base, local_files_only=True, dtype=dtype)
    except OSError as e:
        raise ConfigError(f"cannot load model '{base}' from a local folder or the local hub "
                          f"cache: {str(e).splitlines()[0]}") from None


def lora_config(settings: LoraSettings) -> Any:
    from peft import LoraConfig

    return LoraConfig(r=settings.r, lora_alpha=settings.alpha, lora_dropout=settings.dropout,
                      target_modules=list(settings.target_modules), task_type="CAUSAL_LM")


def load_policy(base: str, adapter: Path | None, lora: LoraSettings, choice: DeviceChoice
                ) -> tuple[Any, Any]:
    """(model, peft_config): the base with ``adapter`` loaded trainable, or the bare
    base and a fresh LoRA config for the trainer to apply."""
    model = load_base(base, choice)
    if adapter is None:
        return model, lora_config(lora)
    if not (adapter / "adapter_config.json").is_file():
        raise ConfigError(f"{adapter}: no LoRA adapter here (adapter_config.json missing); "
                          "run the previous stage first")
    from peft import PeftModel

    return PeftModel.from_pretrained(model, str(adapter), is_trainable=True), None


def adapter_loads(base: str, adapter: Path) -> bool:
    """True when ``adapter`` loads on ``base`` (a check, CPU, float32)."""
    from peft import PeftModel

    model = load_base(base, DeviceChoice("cpu", False, False, False))
    PeftModel.from_pretrained(model, str(adapter))
    return True
