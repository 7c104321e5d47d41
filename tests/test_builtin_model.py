"""The model shipped in the package (`--model builtin`): it resolves to a real local
checkpoint with its card, answers a held-out function in the answer format, and
`veriopt opt` with it emits only rewrites the verifier proved (the input otherwise).

What the checkpoint can do is measured, not asserted here: its held-out numbers are in
its MODEL_CARD.md and benchmarks/RESULTS.md (at this scale, none of its held-out answers
verified). These tests protect the path a real model's answers take, with a real model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from veriopt.errors import ConfigError
from veriopt.model import builtin
from veriopt.model.builtin import builtin_model_dir, resolve_model

#: A function of the held-out split (never trained on), small enough for a fast test.
HELDOUT = Path(__file__).parent / "fixtures" / "ir" / "heldout_builtin_model.ll"
#: One torch thread: decoding this small model is ~1 s with one, and 30x slower with
#: two on a CPU that other jobs share (OpenMP threads spin-wait for each other).
ONE_THREAD = {"OMP_NUM_THREADS": "1"}


@pytest.fixture
def one_torch_thread():
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def test_builtin_resolves_to_the_shipped_checkpoint_and_other_names_pass_through():
    folder = Path(resolve_model("builtin"))
    assert folder == builtin_model_dir()
    assert (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file()
    assert sum(f.stat().st_size for f in folder.iterdir()) <= 25_000_000
    card = (folder / "MODEL_CARD.md").read_text()
    assert "Held-out verified and not a copy of the input" in card
    for other in ("Qwen/Qwen2.5-3B-Instruct", "/some/folder", None):
        assert resolve_model(other) == other


def test_a_missing_checkpoint_is_one_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(builtin, "builtin_model_dir", lambda: tmp_path)
    with pytest.raises(ConfigError, match="--model builtin"):
        resolve_model("builtin")


def test_greedy_answer_on_a_heldout_function_is_an_ir_module_in_the_answer_format(
        one_torch_thread):
    pytest.importorskip("transformers")
    from veriopt.model.backends import GenerationConfig, TransformersBackend
    from veriopt.model.parsing import parse_completion
    from veriopt.model.prompts import generic_messages

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    backend = TransformersBackend(resolve_model("builtin"), device="cpu")
    (completion,) = backend.generate([generic_messages(HELDOUT.read_text())],
                                     GenerationConfig(max_new_tokens=320))[0]
    parsed = parse_completion(completion, expect_think=False)
    assert parsed.format_ok and parsed.answer
    assert parsed.answer.lstrip().startswith("source_filename") and "define " in parsed.answer


def test_opt_with_the_builtin_model_keeps_only_verified_rewrites(tmp_path):
    from veriopt.llvm.functions import defined_functions, only_function, same_modulo_names
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import get_toolchain
    from veriopt.verify import check

    out, log = tmp_path / "out.ll", tmp_path / "log.jsonl"
    r = subprocess.run([sys.executable, "-m", "veriopt", "opt", str(HELDOUT), "-o", str(out),
                        "--model", "builtin", "--fallback", "none", "-j", "1", "--log",
                        str(log)], capture_output=True, text=True, timeout=600,
                       env={**os.environ, "HF_HUB_OFFLINE": "1", **ONE_THREAD})
    assert r.returncode == 0, r.stderr[-2000:]
    decisions = [json.loads(line) for line in log.read_text().splitlines()]
    ir, result = HELDOUT.read_text(), out.read_text()
    assert {d["function"] for d in decisions} == set(defined_functions(parse_module(ir)))
    for d in decisions:
        model = [c for c in d["candidates"] if c["origin"] == "model"]
        assert model and all(c["verdict"] for c in model)  # the model answered, was judged
        if d["chosen"] == "model":
            v = check(get_toolchain().extract_function(ir, d["function"]),
                      get_toolchain().extract_function(result, d["function"]))
            assert v.category == "correct", (d["function"], v.reason)
        else:  # no instcombine fallback here: an unproven answer leaves the input as is
            assert d["chosen"] == "input"
            assert same_modulo_names(only_function(parse_module(ir), d["function"]),
                                     only_function(parse_module(result), d["function"]))
