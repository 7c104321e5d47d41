"""Per-device training switches, and which process of a multi-process run we are.

Why explicit: on CPU the TRL defaults are wrong (``bf16=True`` raises or silently
autocasts; gradient checkpointing only costs time), vLLM needs a GPU, and a run
launched with ``torchrun``/``accelerate launch`` has several processes that must
not all build the scratch model or write the run folder. Every decision taken here
is returned as data and written next to the stage's outputs.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
from dataclasses import dataclass
from typing import Any

from veriopt.errors import ConfigError


@dataclass(frozen=True)
class DeviceChoice:
    """What a stage runs on and with which switches."""

    device: str  # "cpu" or "cuda"
    bf16: bool
    gradient_checkpointing: bool
    use_vllm: bool

    def trl_kwargs(self, config_class: type | None = None) -> dict[str, Any]:
        """Arguments of a TRL config; transformers >= 5.2x calls gradient checkpointing
        ``activation_checkpointing`` (the old name still works, with a warning)."""
        name = "gradient_checkpointing"
        if config_class is not None and "activation_checkpointing" in {
                f.name for f in dataclasses.fields(config_class)}:
            name = "activation_checkpointing"
        kwargs: dict[str, Any] = {"use_cpu": self.device == "cpu", "bf16": self.bf16,
                                  name: self.gradient_checkpointing}
        if self.gradient_checkpointing:
            kwargs[name + "_kwargs"] = {"use_reentrant": False}
        return kwargs


def cuda_available() -> bool:
    import torch

    return torch.cuda.is_available()


def resolve_device(device: str) -> str:
    if device == "auto":
        return "cuda" if cuda_available() else "cpu"
    if device == "cuda" and not cuda_available():
        raise ConfigError("device 'cuda' was asked for but torch sees no GPU")
    return device


def choose(device: str, *, bf16: bool | None, gradient_checkpointing: bool | None,
           use_vllm: bool | None = False) -> DeviceChoice:
    """Resolve ``None`` (= decide per device) switches for ``device``."""
    dev = resolve_device(device)
    if dev == "cpu":
        if bf16:
            raise ConfigError("bf16 needs a GPU (on CPU TRL either fails or silently "
                              "autocasts); set bf16: false or leave it unset")
        if use_vllm:
            raise ConfigError("use_vllm needs a GPU and the vllm package")
        return DeviceChoice("cpu", False, bool(gradient_checkpointing), False)
    import torch

    vllm_ok = importlib.util.find_spec("vllm") is not None
    if use_vllm and not vllm_ok:
        raise ConfigError("use_vllm: true but vllm is not installed (pip install -e '.[vllm]')")
    return DeviceChoice(
        "cuda",
        torch.cuda.is_bf16_supported() if bf16 is None else bf16,
        True if gradient_checkpointing is None else gradient_checkpointing,
        vllm_ok if use_vllm is None else use_vllm)


def set_torch_threads(threads: int | None) -> None:
    """torch's intra-op thread count for this process (None: leave torch's default)."""
    if threads is not None:
        import torch

        torch.set_num_threads(max(1, threads))


def is_main_process() -> bool:
    """Rank 0 of a torchrun/accelerate launch (or the only process)."""
    return int(os.environ.get("RANK", "0")) == 0


def process_index() -> int:
    return int(os.environ.get("RANK", "0"))


def world_size() -> int:
    return int(os.environ.get("WORLD_SIZE", "1"))


def wait_for_everyone() -> None:
    """Barrier across the processes of a distributed launch; a no-op otherwise."""
    if world_size() <= 1:
        return
    from accelerate import PartialState

    PartialState().wait_for_everyone()
