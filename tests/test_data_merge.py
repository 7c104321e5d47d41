"""Merging dataset builds: one split by source file across families, an IR tokenizer that
never saw the test files, and the token filter counted with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veriopt.data.config import DatasetConfig
from veriopt.data.merge import load_build_results, merge_builds
from veriopt.data.pipeline import result_filename
from veriopt.errors import ConfigError


def _tokenizer(texts: list[str], out: Path) -> None:
    from veriopt.model.tiny import save_ir_tokenizer

    save_ir_tokenizer(texts, out, vocab_size=400)


def _result(ir_path: Path) -> dict:
    """The per-file result the builder writes, for a one-function IR file (the pair is
    its -O0 text and LLVM's instcombine output)."""
    from veriopt.llvm.functions import defined_functions
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import get_toolchain

    tc = get_toolchain()
    o0 = tc.canonicalize(ir_path.read_text())
    (fn,) = defined_functions(parse_module(o0))
    key = ir_path.stem + ".c"
    rec = {"id": f"{key}::{fn}", "source_file": key, "function": fn, "o0": o0,
           "instcombine": tc.opt(o0), "instcombine_passes": "instcombine",
           "verdict": "correct", "reason": "", "bounded": False, "verify_seconds": 0.1,
           "unchanged": False, "features": {},
           "o0_metrics": {"latency": 10.0, "instructions": 8, "size": 100},
           "ic_metrics": {"latency": 4.0, "instructions": 3, "size": 60}}
    return {"file": key, "status": "ok", "error": None, "flags": [], "records": [rec],
            "rejects": [], "seconds": 1.0}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    from veriopt.corpus import builtin_ir_files

    files = builtin_ir_files()
    out = {}
    for family, part in (("alpha", files[:5]), ("beta", files[5:])):
        work = tmp_path_factory.mktemp(family) / "work" / "files"
        work.mkdir(parents=True)
        for f in part:
            r = _result(f)
            (work / result_filename(r["file"])).write_text(json.dumps(r))
        out[family] = work.parent.parent
    return out


def test_keys_of_each_build_are_prefixed_with_its_family(builds):
    results = load_build_results(builds["beta"], "beta")
    assert results and all(r["file"].startswith("beta/") for r in results)
    rec = results[0]["records"][0]
    assert rec["id"].startswith("beta/") and rec["source_file"] == results[0]["file"]


def test_a_folder_without_per_file_results_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="work/files"):
        load_build_results(tmp_path, "x")


def test_merge_splits_by_file_and_the_tokenizer_never_sees_test_files(builds, tmp_path):
    pytest.importorskip("transformers")
    from transformers import AutoTokenizer

    out = tmp_path / "merged"
    cfg = DatasetConfig(test_fraction=0.3, seed=0, max_tokens=4000)
    summary = merge_builds(builds, out, cfg, train_tokenizer=_tokenizer)
    rows = {split: [json.loads(x) for x in (out / f"{split}.jsonl").read_text().splitlines()]
            for split in ("train", "test")}
    train_files = {r["source_file"] for r in rows["train"]}
    test_files = {r["source_file"] for r in rows["test"]}
    assert test_files and train_files and not train_files & test_files
    assert summary["tokens_exact"] and summary["tokenizer"] == str(out / "tokenizer")
    assert set(summary["families"]) == {"alpha", "beta"}
    vocab = AutoTokenizer.from_pretrained(out / "tokenizer").get_vocab()
    for r in rows["test"]:
        # a function name only the test split has is never merged into a token
        assert not any(r["function"] in token for token in vocab), r["function"]


def test_the_token_limit_is_counted_with_the_merged_tokenizer(builds, tmp_path):
    pytest.importorskip("transformers")
    from transformers import AutoTokenizer

    def merged(max_tokens: int) -> tuple[dict, list[dict]]:
        out = tmp_path / f"merged{max_tokens}"
        cfg = DatasetConfig(test_fraction=0.3, seed=0, max_tokens=max_tokens)
        summary = merge_builds(builds, out, cfg, train_tokenizer=_tokenizer)
        return summary, [json.loads(x) for s in ("train", "test")
                         for x in (out / f"{s}.jsonl").read_text().splitlines()]

    _, everything = merged(100_000)
    limit = sorted(r["tokens"] for r in everything)[len(everything) // 2]
    summary, kept = merged(limit)
    tok = AutoTokenizer.from_pretrained(tmp_path / f"merged{limit}" / "tokenizer")
    assert kept and summary["drops"][f"over {limit} tokens"] == len(everything) - len(kept)
    for r in kept:
        n = sum(len(tok(r[k], add_special_tokens=False)["input_ids"])
                for k in ("o0", "instcombine"))
        assert n == r["tokens"] <= limit
