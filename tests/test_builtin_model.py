"""The model shipped in the package (`--model builtin`): it resolves to a real local
checkpoint, writes IR that parses on a held-out function, and `veriopt opt` with it
emits only rewrites the verifier proved."""

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

FIXTURES = Path(__file__).parent / "fixtures" / "ir"
#: A function of the held-out split (never trained on), small enough for a fast test.
HELDOUT = FIXTURES / "heldout_builtin_model.ll"


def test_builtin_resolves_to_the_shipped_checkpoint_and_other_names_pass_through():
    folder = Path(resolve_model("builtin"))
    assert folder == builtin_model_dir()
    assert (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file()
    assert sum(f.stat().st_size for f in folder.iterdir()) <= 25_000_000
    assert "Held-out" in (folder / "MODEL_CARD.md").read_text()
    for other in ("Qwen/Qwen2.5-3B-Instruct", "/some/folder", None):
        assert resolve_model(other) == other


def test_a_missing_checkpoint_is_one_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(builtin, "builtin_model_dir", lambda: tmp_path)
    with pytest.raises(ConfigError, match="--model builtin"):
        resolve_model("builtin")


@pytest.fixture(scope="module")
def backend():
    pytest.importorskip("transformers")
    from veriopt.model.backends import TransformersBackend

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return TransformersBackend(resolve_model("builtin"), device="cpu")


def test_greedy_answer_on_a_heldout_function_is_ir_that_llvm_accepts(backend):
    from veriopt.llvm.toolchain import canonicalize
    from veriopt.model.backends import GenerationConfig
    from veriopt.model.parsing import parse_completion
    from veriopt.model.prompts import generic_messages

    src = HELDOUT.read_text()
    (completion,) = backend.generate([generic_messages(src)],
                                     GenerationConfig(max_new_tokens=400))[0:1]
    parsed = parse_completion(completion[0], expect_think=False)
    assert parsed.format_ok and parsed.answer
    canonicalize(parsed.answer)  # raises IRSyntaxError when LLVM rejects it


def test_opt_with_the_builtin_model_keeps_only_verified_rewrites(tmp_path):
    from veriopt.llvm.functions import defined_functions, only_function, same_modulo_names
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import get_toolchain
    from veriopt.verify import check

    src = FIXTURES / "builtin_model_module.ll"
    out, log = tmp_path / "out.ll", tmp_path / "log.jsonl"
    r = subprocess.run([sys.executable, "-m", "veriopt", "opt", str(src), "-o", str(out),
                        "--model", "builtin", "--fallback", "none", "-j", "1", "--log",
                        str(log)], capture_output=True, text=True, timeout=600,
                       env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert r.returncode == 0, r.stderr[-2000:]
    decisions = [json.loads(line) for line in log.read_text().splitlines()]
    ir, result = src.read_text(), out.read_text()
    tc = get_toolchain()
    assert {d["function"] for d in decisions} == set(defined_functions(parse_module(ir)))
    chosen = {d["function"]: d["chosen"] for d in decisions}
    assert "model" in chosen.values()  # the model's answer was verified somewhere
    verdicts = [c["verdict"] for d in decisions for c in d["candidates"]
                if c["origin"] == "model"]
    assert any(v != "correct" for v in verdicts)  # and wrong somewhere else
    for d in decisions:
        if d["chosen"] == "model":
            v = check(tc.extract_function(ir, d["function"]),
                      tc.extract_function(result, d["function"]))
            assert v.category == "correct", (d["function"], v.reason)
        else:  # no instcombine fallback here: an unproven answer leaves the input as is
            assert d["chosen"] == "input"
            assert same_modulo_names(only_function(parse_module(ir), d["function"]),
                                     only_function(parse_module(result), d["function"]))
