"""The model shipped inside the package: ``--model builtin``.

Why ship one: no pretrained weights can be downloaded on the machines this project
runs on, and a newcomer should see a *trained* model's verified rewrites next to
instcombine (`make demo`, `veriopt opt --model builtin`) without training one. The
checkpoint is a small scratch Qwen2-architecture model trained with the four-stage
pipeline at CPU scale (its card, ``MODEL_CARD.md`` in the same folder, says on what
and how well); it loads like any local model folder, so every backend path that
takes a model path takes it.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from veriopt.errors import ConfigError

#: The name that selects the shipped checkpoint wherever a model path is accepted.
BUILTIN_MODEL = "builtin"
#: The package-data folder holding the checkpoint (safetensors, tokenizer, card).
CHECKPOINT_DIR = "builtin_model"


def builtin_model_dir() -> Path:
    """The folder of the shipped checkpoint (a real directory: package data is
    installed as plain files)."""
    return Path(str(files("veriopt.model"))) / CHECKPOINT_DIR


def builtin_model_card() -> str:
    """The shipped checkpoint's model card (data, training, held-out numbers, limits)."""
    return (builtin_model_dir() / "MODEL_CARD.md").read_text()


def resolve_model(name_or_path: str | None) -> str | None:
    """The local folder behind ``name_or_path``: the shipped checkpoint for
    ``"builtin"``, anything else unchanged (a path, a cached hub id, a served name)."""
    if name_or_path != BUILTIN_MODEL:
        return name_or_path
    folder = builtin_model_dir()
    if not (folder / "model.safetensors").is_file() or not (folder / "config.json").is_file():
        raise ConfigError(f"--model builtin: the shipped checkpoint is missing from {folder}; "
                          "reinstall veriopt (pip install -e .) or pass a model folder")
    return str(folder)
