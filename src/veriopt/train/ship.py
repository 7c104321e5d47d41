"""A trained stage as one self-contained model folder (what ``--model builtin`` loads).

Why merge: every stage is a LoRA adapter on a frozen base; a user of the shipped
model should load one folder with any backend (transformers, vLLM, `veriopt serve`),
without knowing about the base or PEFT. The adapter is merged into the base weights
(``merge_and_unload``), saved as safetensors next to the tokenizer, in float32 when
that fits the size budget and bfloat16 otherwise, and a model card is written beside.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from veriopt.errors import ConfigError

#: Files a shipped folder may hold (everything else `save_pretrained` writes is dropped).
SHIPPED_SUFFIXES = (".json", ".safetensors", ".jinja", ".md")


def merged_model(base: str | Path, adapter: str | Path | None) -> tuple[Any, Any]:
    """(model, tokenizer): ``base`` with ``adapter`` merged in (float32, CPU)."""
    from transformers import AutoModelForCausalLM

    from veriopt.model.tiny import load_saved_tokenizer

    model = AutoModelForCausalLM.from_pretrained(str(base), local_files_only=True)
    tokenizer = load_saved_tokenizer(base)
    if adapter is not None:
        from peft import PeftModel

        if not (Path(adapter) / "adapter_config.json").is_file():
            raise ConfigError(f"{adapter}: no LoRA adapter here (adapter_config.json missing)")
        model = PeftModel.from_pretrained(model, str(adapter)).merge_and_unload()
    return model, tokenizer


def save_shipped_model(base: str | Path, adapter: str | Path | None, out: Path, *,
                       max_bytes: int = 25_000_000, card: str = "") -> dict[str, Any]:
    """Write the merged model, tokenizer and ``MODEL_CARD.md`` to ``out`` (replaced);
    returns what was written (dtype, parameters, bytes)."""
    import torch

    model, tokenizer = merged_model(base, adapter)
    params = sum(p.numel() for p in model.parameters())
    dtype = torch.float32 if params * 4 <= max_bytes * 0.95 else torch.bfloat16
    model = model.to(dtype)
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp, safe_serialization=True)
    tokenizer.save_pretrained(tmp)
    for f in tmp.iterdir():
        if f.is_dir() or f.suffix not in SHIPPED_SUFFIXES:
            shutil.rmtree(f) if f.is_dir() else f.unlink()
    if card:
        (tmp / "MODEL_CARD.md").write_text(card)
    size = sum(f.stat().st_size for f in tmp.iterdir())
    if size > max_bytes:
        shutil.rmtree(tmp)
        raise ConfigError(f"the merged model takes {size} bytes, over the {max_bytes} budget")
    shutil.rmtree(out, ignore_errors=True)
    tmp.replace(out)
    info = {"dtype": str(dtype).removeprefix("torch."), "parameters": params, "bytes": size,
            "files": sorted(f.name for f in out.iterdir())}
    (out / "shipped.json").write_text(json.dumps(info, indent=2) + "\n")
    return info
