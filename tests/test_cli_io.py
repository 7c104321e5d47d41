"""The CLI as `opt` users expect it: bitcode and `-` wherever IR is read or written, errors
that name the user's file, quiet exits on a closed pipe, optnone reported (and strippable),
every candidate in `opt --log`, and the report's warning about mismatched runs.

Every test runs the real `veriopt` command in a subprocess (stdin, stdout and the exit
status are what is being tested) against the real LLVM 19 toolchain.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from veriopt.llvm.toolchain import get_toolchain

REPO = Path(__file__).resolve().parents[1]

SUB = """define i8 @src(i8 %x) {
  %m = sub i8 %x, -1
  ret i8 %m
}

define i8 @tgt(i8 %x) {
  %m = add i8 %x, 1
  ret i8 %m
}
"""

#: clang -O0 output as a user gets it: every function carries optnone.
O0_MODULE = """target triple = "aarch64-unknown-linux-gnu"

define dso_local i32 @twice(i32 noundef %0) #0 {
  %2 = alloca i32, align 4
  store i32 %0, ptr %2, align 4
  %3 = load i32, ptr %2, align 4
  %4 = mul nsw i32 %3, 2
  ret i32 %4
}

attributes #0 = { noinline nounwind optnone uwtable }
"""

BROKEN = "define i32 @f(i32 %x) {\n  %r = add i32 %x,\n  ret i32 %r\n}\n"


def veriopt(*args: str, stdin: str | bytes | None = None, check_rc: int | None = None
            ) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    data = stdin.encode() if isinstance(stdin, str) else stdin
    proc = subprocess.run([sys.executable, "-m", "veriopt", *args], input=data,
                          capture_output=True, env=env, timeout=600)
    if check_rc is not None:
        assert proc.returncode == check_rc, proc.stderr.decode()
    return proc


def to_bitcode(text: str, path: Path) -> Path:
    src = path.with_suffix(".ll")
    src.write_text(text)
    get_toolchain().run("llvm-as", ["-o", str(path), str(src)])
    assert path.read_bytes()[:4] == b"BC\xc0\xde"
    return path


# ---- bitcode and stdin ----------------------------------------------------------------


def test_verify_reads_bitcode_and_stdin(tmp_path):
    bc = to_bitcode(SUB, tmp_path / "sub.bc")
    from_bc = veriopt("verify", "--json", str(bc), check_rc=0)
    assert json.loads(from_bc.stdout)[0]["category"] == "correct"
    from_stdin = veriopt("verify", "--json", "-", stdin=bc.read_bytes(), check_rc=0)
    assert json.loads(from_stdin.stdout)[0]["category"] == "correct"
    text_stdin = veriopt("verify", "--json", "-", stdin=SUB, check_rc=0)
    assert json.loads(text_stdin.stdout)[0]["category"] == "correct"


def test_metrics_reads_bitcode_like_the_same_text(tmp_path):
    text = tmp_path / "two.ll"
    text.write_text(O0_MODULE)
    bc = to_bitcode(O0_MODULE, tmp_path / "two.bc")
    out = json.loads(veriopt("metrics", "--json", str(text), str(bc), "-",
                             stdin=bc.read_bytes(), check_rc=0).stdout)
    assert [e["file"] for e in out] == [str(text), str(bc), "<stdin>"]
    assert out[0]["latency"] == out[1]["latency"] == out[2]["latency"] > 0
    assert out[0]["instructions"] == out[1]["instructions"] == 5


def test_unreadable_bitcode_is_one_line_naming_the_file(tmp_path):
    bad = tmp_path / "bad.bc"
    bad.write_bytes(b"BC\xc0\xde" + b"\x00" * 16)
    proc = veriopt("metrics", str(bad), check_rc=1)
    lines = proc.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "bitcode" in lines[0]


def test_opt_reads_bitcode_and_writes_to_stdout_and_files(tmp_path):
    bc = to_bitcode(O0_MODULE, tmp_path / "m.bc")
    proc = veriopt("opt", str(bc), "--backend", "none", "--strip-optnone", "-o", "-",
                   check_rc=0)
    assert "shl nsw i32 %0, 1" in proc.stdout.decode()
    out = tmp_path / "out.ll"
    veriopt("opt", "-", "--backend", "none", "--strip-optnone", "-o", str(out),
            stdin=bc.read_bytes(), check_rc=0)
    assert "shl nsw i32 %0, 1" in out.read_text()


def test_ir_canon_reads_bitcode(tmp_path):
    bc = to_bitcode(O0_MODULE, tmp_path / "m.bc")
    proc = veriopt("ir", "canon", str(bc), check_rc=0)
    assert "define dso_local i32 @twice" in proc.stdout.decode()


# ---- messages -------------------------------------------------------------------------


def test_verify_syntax_errors_name_the_users_files(tmp_path):
    bad, good = tmp_path / "bad.ll", tmp_path / "good.ll"
    bad.write_text(BROKEN)
    good.write_text(BROKEN.replace(",\n", ", 1\n"))
    single = veriopt("verify", "--json", str(bad), check_rc=2)
    (verdict,) = json.loads(single.stdout)
    assert verdict["message"].startswith(f"{bad}:3:3: error:")
    assert "<input>" not in single.stdout.decode()
    pair = veriopt("verify", str(good), str(bad), check_rc=2).stdout.decode()
    assert f"{bad}:3:3: error:" in pair and "<target>" not in pair


def test_verify_json_into_a_closed_pipe_exits_quietly(tmp_path):
    path = tmp_path / "sub.ll"
    path.write_text(SUB)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "veriopt", "verify", "--json", str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # the reader (`| head`) is gone before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=600) == 141  # 128 + SIGPIPE, as `cat` into a closed pipe
    assert err == ""


def test_metrics_table_names_the_modules_own_triple_or_says_aarch64_is_assumed(tmp_path):
    own, none = tmp_path / "x86.ll", tmp_path / "none.ll"
    own.write_text(O0_MODULE.replace("aarch64-unknown-linux-gnu", "x86_64-unknown-linux-gnu"))
    none.write_text(O0_MODULE.replace('target triple = "aarch64-unknown-linux-gnu"\n', ""))
    out = veriopt("metrics", str(own), str(none), check_rc=0).stdout.decode()
    headers = [ln for ln in out.splitlines() if ln.startswith(str(tmp_path))]
    assert headers[0] == f"{own}  [x86_64-unknown-linux-gnu]"
    assert headers[1] == (f"{none}  [aarch64-unknown-linux-gnu; the module names no target "
                          "triple: AArch64 assumed]")


def test_ir_extract_of_a_missing_function_is_one_line_listing_the_defined_ones(tmp_path):
    path = tmp_path / "m.ll"
    path.write_text(O0_MODULE)
    proc = veriopt("ir", "extract", str(path), "nope", check_rc=1)
    lines = proc.stderr.decode().strip().splitlines()
    assert lines == [f"veriopt: error: {path}: no function @nope is defined here; "
                     "defined: @twice"]
    ok = veriopt("ir", "extract", str(path), "@twice", check_rc=0).stdout.decode()
    assert "define dso_local i32 @twice" in ok


# ---- veriopt opt ----------------------------------------------------------------------


def test_opt_reports_optnone_functions_and_leaves_them_alone(tmp_path):
    path = tmp_path / "o0.ll"
    path.write_text(O0_MODULE)
    log = tmp_path / "log.jsonl"
    proc = veriopt("opt", str(path), "--backend", "none", "--log", str(log), check_rc=0)
    err = proc.stderr.decode()
    assert "1 function(s) carry optnone (@twice)" in err and "--strip-optnone" in err
    assert "alloca" in proc.stdout.decode()  # unchanged
    entry = json.loads(log.read_text())
    assert entry["chosen"] == "input" and "optnone" in entry["note"]


def test_opt_strip_optnone_optimizes_and_removes_the_attribute(tmp_path):
    path = tmp_path / "o0.ll"
    path.write_text(O0_MODULE)
    proc = veriopt("opt", str(path), "--backend", "none", "--strip-optnone", check_rc=0)
    out = proc.stdout.decode()
    assert "shl nsw i32 %0, 1" in out and "alloca" not in out
    assert "optnone" not in out and "noinline" in out
    assert "optnone removed from 1 function(s)" in proc.stderr.decode()


def test_opt_log_lists_model_answers_that_hold_no_ir(tmp_path, tiny_model):
    """A random-weight model's answers are not IR: they are in the log with a verdict.
    (In this process: the tiny model's torch is loaded once for the session.)"""
    from veriopt.cli import main

    path, log, cfg = tmp_path / "m.ll", tmp_path / "log.jsonl", tmp_path / "opt.yaml"
    path.write_text(O0_MODULE)
    cfg.write_text("max_new_tokens: 8\nsamples: 1\njobs: 1\n")
    assert main(["opt", str(path), "--strip-optnone", "--config", str(cfg), "--backend",
                 "transformers", "--model", str(tiny_model), "--log", str(log),
                 "-o", str(tmp_path / "out.ll")]) == 0
    entry = json.loads(log.read_text())
    origins = {c["origin"]: c for c in entry["candidates"]}
    assert {"model", "model-sample-1", "instcombine"} <= set(origins)
    assert origins["model"]["verdict"] == "syntax_error"
    assert origins["instcombine"]["verdict"] == "correct"
    assert entry["chosen"] == "instcombine"


# ---- report ---------------------------------------------------------------------------


def test_report_warns_when_runs_cover_different_samples(tmp_path, capsys):
    from veriopt.evaluate.predictions import Measures
    from veriopt.evaluate.results import Journal, SampleResult

    def run(folder: Path, ids: list[str]) -> Path:
        folder.mkdir()
        journal = Journal(folder)
        for i in ids:
            journal.append(SampleResult(
                id=i, category="correct", is_copy=False, reason="", report="",
                source=Measures(20, 10, 100), candidate=Measures(10, 5, 80),
                reference=Measures(10, 5, 80), reference_verified=True).to_json())
        return folder

    from veriopt.cli import main
    from veriopt.commands.report import sample_set_warning

    a = run(tmp_path / "a", ["s1", "s2", "s3"])
    b = run(tmp_path / "b", ["s1", "s2"])
    assert main(["report", str(a), str(b), "--out", str(tmp_path / "r1")]) == 0
    err = capsys.readouterr().err
    assert "warning: the runs cover different samples (a: 3, b: 2; 2 in all of them)" in err
    assert sample_set_warning([("a", {"s1", "s2"}), ("c", {"s2", "s1"})]) is None


@pytest.mark.parametrize("key", ["/abs/checkout/corpus/x.c", "sub/x.c"])
def test_portable_source_filename_replaces_what_clang_wrote(key):
    from veriopt.data.pipeline import portable_source_filename

    ir = ("; ModuleID = '/home/me/checkout/corpus/sub/x.c'\n"
          'source_filename = "/home/me/checkout/corpus/sub/x.c"\n'
          'target triple = "aarch64-unknown-linux-gnu"\n')
    out = portable_source_filename(ir, key)
    assert out.splitlines()[0] == f'source_filename = "{key}"'
    assert "/home/me" not in out and out.endswith('target triple = "aarch64-unknown-linux-gnu"\n')


def test_a_missing_optional_extra_is_one_line_naming_the_install_command():
    from veriopt.commands import needs_extra
    from veriopt.errors import VeriOptError

    needs_extra("report", "report", "json")  # present: nothing happens
    with pytest.raises(VeriOptError, match=r"'veriopt report' needs no_such_pkg_x: install it "
                                           r"with pip install -e '\.\[report\]'"):
        needs_extra("report", "report", "json", "no_such_pkg_x")
