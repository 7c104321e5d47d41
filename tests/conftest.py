"""Shared test helpers: where ../shared is, and skips when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    """The project's shared data folder (../shared beside the checkout, or
    $VERIOPT_SHARED); None when absent, so tests can skip with a reason."""
    env = os.environ.get("VERIOPT_SHARED")
    p = Path(env) if env else REPO.parent / "shared"
    return p if p.is_dir() else None


@pytest.fixture
def shared() -> Path:
    p = shared_dir()
    if p is None:
        pytest.skip("../shared is absent (set VERIOPT_SHARED to run this test)")
    return p


TINY_TEXTS = [
    "define i32 @f(i32 noundef %0) {\n  %2 = alloca i32, align 4\n  store i32 %0, ptr %2, align 4\n"
    "  %3 = load i32, ptr %2, align 4\n  %4 = mul nsw i32 %3, 2\n  ret i32 %4\n}\n",
    "define i32 @f(i32 noundef %0) {\n  %2 = shl nsw i32 %0, 1\n  ret i32 %2\n}\n",
    "<answer>\n</answer>\n<think>\n</think>\nYou are a helpful AI Assistant that optimizes LLVM IR.",
] * 4


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    """A random-weight Qwen2 model with an IR tokenizer, built locally (no download)."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from veriopt.model.tiny import build_tiny_model

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return build_tiny_model(tmp_path_factory.mktemp("tiny") / "model", TINY_TEXTS,
                            vocab_size=400)
