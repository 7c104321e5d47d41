"""The dataset builder: verified pairs, drops with reasons, split by file, resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veriopt.config import load_config
from veriopt.data.builder import build_dataset
from veriopt.data.config import DatasetConfig
from veriopt.data.export import split_files
from veriopt.errors import ConfigError
from veriopt.verify.options import VerifyOptions
from veriopt.verify.verdict import is_timeout

SOURCES = {
    "arith.c": "int twice(int x) { return x * 2; }\n"
               "int add3(int a, int b, int c) { int t = a + b; return t + c; }\n",
    "bits.c": "unsigned low_byte(unsigned x) { unsigned m = 255; return x & m; }\n"
              "int is_neg(int x) { return x < 0 ? 1 : 0; }\n",
    "atomic.c": "int bump(int *p) { int y = 2; return __atomic_fetch_add(p, y, __ATOMIC_SEQ_CST); }\n",
    # Implicit declaration: an error in clang's default C17, accepted with -std=gnu89.
    "old.c": "int use(void) { return helper() + 1; }\nint helper(void) { return 41; }\n"
             "int square(int x) { int y = x; return y * y; }\n",
    "broken.c": "int f( { return }\n",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "src"
    d.mkdir()
    for name, text in SOURCES.items():
        (d / name).write_text(text)
    return d


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_build_keeps_verified_changed_pairs_and_records_every_drop(corpus, tmp_path):
    out = tmp_path / "ds"
    cfg = DatasetConfig(jobs=2, test_fraction=0.0)
    s = build_dataset([corpus], out, cfg, progress=False)
    train = _jsonl(out / "train.jsonl")
    names = {r["function"] for r in train}
    assert {"twice", "add3", "low_byte", "is_neg"} <= names
    twice = next(r for r in train if r["function"] == "twice")
    assert "shl nsw i32 %0, 1" in twice["instcombine"] and "alloca" in twice["o0"]
    assert twice["o0_instructions"] > twice["ic_instructions"] >= 2
    # atomics are outside the verifier's model (as in Alive2): rejected with the reason.
    rejects = {r["function"]: r for r in _jsonl(out / "rejects.jsonl")}
    assert rejects["bump"]["verdict"] == "inconclusive"
    assert rejects["bump"]["reason"].startswith("unsupported")
    # broken.c fails to compile; old.c is rescued by -std=gnu89.
    failed = {r["file"]: r for r in _jsonl(out / "failed_files.jsonl")}
    assert failed["broken.c"]["status"] == "compile_failed"
    assert "old.c" not in failed and s["stages"]["rescued with -std=gnu89"] == 1
    assert "square" in names
    card = (out / "DATASET.md").read_text()
    assert "| verified correct |" in card and "Why samples were dropped" in card
    assert s["hf_dataset"] and (out / "hf" / "dataset_dict.json").exists()


def test_split_is_by_source_file_and_seeded():
    files = [f"f{i}.c" for i in range(20)]
    a = split_files(files, 0.25, seed=1)
    assert a == split_files(list(reversed(files)), 0.25, seed=1)
    assert len(a) == 5 and a != split_files(files, 0.25, seed=2)


def test_no_function_of_a_test_file_is_in_train(corpus, tmp_path):
    out = tmp_path / "ds"
    build_dataset([corpus], out, DatasetConfig(jobs=2, test_fraction=0.5, seed=3),
                  progress=False)
    train_files = {r["source_file"] for r in _jsonl(out / "train.jsonl")}
    test_files = {r["source_file"] for r in _jsonl(out / "test.jsonl")}
    assert test_files and train_files and not (train_files & test_files)


def test_interrupted_build_resumes_without_redoing_finished_files(corpus, tmp_path):
    out = tmp_path / "ds"
    cfg = DatasetConfig(jobs=1, test_fraction=0.0)
    seen: list[str] = []

    def stop_after_two(result: dict) -> None:
        seen.append(result["file"])
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_dataset([corpus], out, cfg, progress=False, on_file=stop_after_two)
    assert len(list((out / "work" / "files").glob("*.json"))) == 2
    redone: list[str] = []
    s = build_dataset([corpus], out, cfg, progress=False, on_file=lambda r: redone.append(r["file"]))
    assert s["resumed_files"] == 2
    assert sorted(redone) == sorted(set(SOURCES) - set(seen))


def test_resuming_with_different_settings_is_refused(corpus, tmp_path):
    out = tmp_path / "ds"
    build_dataset([corpus / "arith.c"], out, DatasetConfig(jobs=1), progress=False)
    with pytest.raises(ConfigError, match="different settings"):
        build_dataset([corpus / "arith.c"], out, DatasetConfig(jobs=1, verify=VerifyOptions(timeout=3.0)),
                      progress=False)


def test_ray_engine_gives_the_same_pairs(corpus, tmp_path):
    pytest.importorskip("ray", reason="Ray is an optional extra (pip install -e '.[ray]')")
    local, ray = tmp_path / "local", tmp_path / "ray"
    build_dataset([corpus / "arith.c", corpus / "bits.c"], local,
                  DatasetConfig(jobs=2, test_fraction=0.0), progress=False)
    build_dataset([corpus / "arith.c", corpus / "bits.c"], ray,
                  DatasetConfig(jobs=2, test_fraction=0.0, engine="ray"), progress=False)
    assert (local / "train.jsonl").read_text() == (ray / "train.jsonl").read_text()


def test_csmith_programs_become_verified_pairs(tmp_path):
    import shutil

    if shutil.which("csmith") is None:
        pytest.skip("csmith is not installed (apt-get install csmith libcsmith-dev)")
    from veriopt.data.csmith import generate_programs

    small = ("--max-funcs", "1", "--max-block-size", "2", "--max-expr-complexity", "3",
             "--no-arrays", "--no-pointers", "--no-structs", "--no-unions", "--no-jumps",
             "--no-volatiles")
    progs = generate_programs(tmp_path / "cs", 2, seed=7, extra_args=small)
    assert len(progs) == 2 and all(p.stat().st_size > 1000 for p in progs)
    assert generate_programs(tmp_path / "cs", 2, seed=7) == progs  # resumable, same names
    cfg = load_config(DatasetConfig, tmp_path / "cs" / "dataset.yaml",
                      overrides={"jobs": 2, "test_fraction": 0.0, "verify": {"timeout": 2.0}})
    s = build_dataset([progs[0]], tmp_path / "ds", cfg, progress=False)
    assert s["file_status"] == {"ok": 1}
    assert s["stages"]["functions"] >= 2  # func_1 and main at least


def test_the_dataset_filter_takes_full_and_bounded_proofs_never_vacuous_ones():
    from veriopt.data.config import DatasetConfig
    from veriopt.data.pipeline import dataset_policy

    for keep_bounded in (True, False):
        policy = dataset_policy(DatasetConfig(keep_bounded=keep_bounded))
        assert policy.accepts_proof("correct", "full")
        assert policy.accepts_proof("correct", "bounded") == keep_bounded
        assert not policy.accepts_proof("correct", "vacuous")
        assert not policy.accepts_proof("semantic_error", "")


def test_the_dataset_configs_verify_budget_reaches_every_check(tmp_path):
    from veriopt.data.pipeline import process_function

    module = ("define i32 @f(i32 %x) {\n  %y = add i32 %x, 0\n  ret i32 %y\n}\n")
    assert process_function(module, "f", "m.c", DatasetConfig())["verdict"] == "correct"
    cfg = load_config(DatasetConfig, overrides={"verify": {"total_timeout": 1e-6}})
    rec = process_function(module, "f", "m.c", cfg)
    assert rec["verdict"] == "inconclusive" and is_timeout(rec["reason"])


def test_the_cli_verify_flags_fill_the_verify_section_of_the_file(tmp_path):
    y = tmp_path / "dataset.yaml"
    y.write_text("verify: {unroll: 3, timeout: 4.0}\n")
    cfg = load_config(DatasetConfig, y, overrides={"verify": {"timeout": 2.0, "unroll": None}})
    assert cfg.verify == VerifyOptions(timeout=2.0, unroll=3)
