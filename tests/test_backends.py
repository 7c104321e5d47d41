"""Generation backends: a local tiny model, and the HTTP backend against a real server."""

from __future__ import annotations

import socket

import pytest

from veriopt.errors import ConfigError
from veriopt.model.backends import (
    BackendConfig,
    GenerationConfig,
    GenerationError,
    OpenAIBackend,
    TransformersBackend,
    make_backend,
)
from veriopt.model.prompts import generic_messages

IR = "define i32 @f(i32 %0) {\n  ret i32 %0\n}\n"


def test_tiny_model_has_chatml_template_and_left_padding(tiny_model):
    b = TransformersBackend(str(tiny_model), device="cpu")
    text = b.render(generic_messages(IR))
    assert text.startswith("<|im_start|>system\nYou are a helpful AI Assistant")
    assert text.endswith("<|im_start|>assistant\n")
    assert b.tokenizer.padding_side == "left"


def test_greedy_generation_is_deterministic_and_batched(tiny_model):
    b = TransformersBackend(str(tiny_model), device="cpu")
    gen = GenerationConfig(max_new_tokens=12, batch_size=2)
    reqs = [generic_messages(IR), "plain prompt", generic_messages(IR + "\n")]
    first = b.generate(reqs, gen)
    assert len(first) == 3 and all(len(c) == 1 for c in first)
    assert first == b.generate(reqs, gen)
    # batching must not change greedy output (left padding + attention mask)
    assert first[0] == b.generate([reqs[0]], GenerationConfig(max_new_tokens=12))[0]


def test_sampling_returns_n_completions(tiny_model):
    b = TransformersBackend(str(tiny_model), device="cpu")
    out = b.generate(["x"], GenerationConfig(max_new_tokens=6, n=3, temperature=1.0))
    assert len(out[0]) == 3


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_http_backend_reports_an_unreachable_server():
    b = OpenAIBackend(f"http://127.0.0.1:{_free_port()}/v1", "m", retries=0, timeout=30)
    with pytest.raises(GenerationError, match="no answer"):
        b.generate(["x"], GenerationConfig(max_new_tokens=2))


def test_backend_config_errors_name_the_missing_setting(monkeypatch):
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with pytest.raises(ConfigError, match="base_url"):
        make_backend(BackendConfig(kind="openai"))
    with pytest.raises(ConfigError, match="needs a model"):
        make_backend(BackendConfig(kind="transformers"))
    with pytest.raises(ConfigError, match="unknown backend"):
        make_backend(BackendConfig(kind="magic"))
