"""Toolchain faults are not syntax errors (issue 12, item 7).

An `opt` that crashes (a signal, LLVM's crash banner), hangs, prints nothing or fails
without a diagnostic about the IR says nothing about the input: `check` answers
``inconclusive`` with reason ``toolchain:opt`` (never the input's ``syntax_error``), and
`veriopt verify` fails in one line naming the tool and the fix. The fake tools are
shell scripts put first through VERIOPT_LLVM_BIN.
"""

from __future__ import annotations

import time

import pytest

from veriopt.cli import main
from veriopt.verify import check, check_functions

PAIR = ("define i8 @src(i8 %x) {\n  ret i8 %x\n}\n\n"
        "define i8 @tgt(i8 %x) {\n  %y = add i8 %x, 0\n  ret i8 %y\n}\n")

FAULTS = {
    "segfault": "cat >/dev/null\nkill -SEGV $$",
    "abort": "cat >/dev/null\nkill -ABRT $$",
    "silent": "cat >/dev/null\nexit 0",
    "unexplained": "cat >/dev/null\necho 'LLVM ERROR: out of memory' >&2\nexit 1",
    "stack-overflow": "cat >/dev/null\necho 'PLEASE submit a bug report to https://github.com/"
                      "llvm/llvm-project/issues/' >&2\necho 'Stack dump:' >&2\nexit 139",
}


@pytest.fixture
def fake_opt(monkeypatch, tmp_path):
    def install(script: str) -> None:
        opt = tmp_path / "opt"
        opt.write_text("#!/bin/sh\n" + script + "\n")
        opt.chmod(0o755)
        monkeypatch.setenv("VERIOPT_LLVM_BIN", str(tmp_path))
    return install


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_faulty_opt_is_inconclusive_toolchain_never_a_syntax_error(fake_opt, fault):
    fake_opt(FAULTS[fault])
    v = check(PAIR)
    assert (v.category, v.reason) == ("inconclusive", "toolchain:opt")
    assert v.message.startswith("opt ") and "\n" not in v.message
    assert "1 Alive2 errors" in v.report


def test_hanging_opt_is_killed_at_the_checks_deadline(fake_opt):
    fake_opt("sleep 30")
    start = time.monotonic()
    v = check(PAIR, total_timeout=0.3)  # opt gets the wall-clock net: 10 x 0.3 s
    assert (v.category, v.reason) == ("inconclusive", "toolchain:opt")
    assert "timed out" in v.message and "not of the input" in v.message
    # the tool sleeps 30 s: returning before that means it was killed, not waited for
    assert time.monotonic() - start < 25


def test_missing_llvm_bin_is_inconclusive_naming_it(monkeypatch):
    monkeypatch.setenv("VERIOPT_LLVM_BIN", "/nonexistent")
    v = check(PAIR)
    assert (v.category, v.reason) == ("inconclusive", "toolchain:opt")
    assert "VERIOPT_LLVM_BIN=/nonexistent" in v.message


def test_two_file_mode_reports_a_toolchain_fault_once(fake_opt):
    fake_opt(FAULTS["segfault"])
    results = check_functions(PAIR, PAIR)
    assert [(fv.name, fv.verdict.reason) for fv in results] == [(None, "toolchain:opt")]


def test_real_syntax_errors_stay_syntax_errors():
    v = check(PAIR.replace("add i8 %x, 0", "add i8 %z, 0"))
    assert v.category == "syntax_error" and "use of undefined value '%z'" in v.message


@pytest.mark.parametrize("fault", ["segfault", "silent"])
def test_cli_reports_a_toolchain_fault_in_one_line_naming_the_tool(fake_opt, tmp_path, capsys,
                                                                  fault):
    fake_opt(FAULTS[fault])
    f = tmp_path / "pair.ll"
    f.write_text(PAIR)
    code = main(["verify", str(f)])
    err = capsys.readouterr().err
    assert code == 3  # unknown, not the input's syntax error (2)
    assert err.count("\n") == 1 and err.startswith("veriopt: error: opt ")
    assert "not of the input" in err and "VERIOPT_LLVM_BIN" in err


def test_cli_names_a_missing_llvm_bin(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("VERIOPT_LLVM_BIN", "/nonexistent")
    f = tmp_path / "pair.ll"
    f.write_text(PAIR)
    assert main(["verify", str(f)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "VERIOPT_LLVM_BIN=/nonexistent is not a directory" in err
