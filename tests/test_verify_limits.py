"""One deadline per check and documented size limits (issue 12, item 4).

Inputs over a limit of `VerifyOptions` are ``inconclusive`` (``too_large``) before any
tool or solver sees them; a check never runs on past its deadline (``total_timeout``):
canonicalisation, parsing, encoding and solving all stop there (``timeout``).
"""

from __future__ import annotations

import time

import pytest

from veriopt.verify import check, check_functions
from veriopt.verify.loading import nesting_depth
from veriopt.verify.options import VerifyOptions

SMALL = "define i8 @f(i8 %x) {\n  ret i8 %x\n}\n"


@pytest.fixture
def hanging_opt(monkeypatch, tmp_path):
    """An `opt` that hangs: a check that gets to run it answers toolchain:opt, so a
    ``too_large`` answer shows that no tool ran."""
    opt = tmp_path / "opt"
    opt.write_text("#!/bin/sh\nsleep 30\n")
    opt.chmod(0o755)
    monkeypatch.setenv("VERIOPT_LLVM_BIN", str(tmp_path))


def chain_of_blocks(n: int) -> str:
    body = "".join(f"b{i}:\n  br label %b{i + 1}\n" for i in range(n))
    return f"define i8 @f(i8 %x) {{\nentry:\n  br label %b0\n{body}b{n}:\n  ret i8 %x\n}}\n"


def one_block(n: int, name: str = "f") -> str:
    body = "".join(f"  %v{i + 1} = add i8 %v{i}, 1\n" for i in range(n))
    return (f"define i8 @{name}(i8 %v0) {{\n{body}  ret i8 %v{n}\n}}\n")


def nested_geps(depth: int) -> str:
    nested = "getelementptr (i8, ptr " * depth + "@g" + ", i64 1)" * depth
    return f"@g = global [4 x i8] zeroinitializer\ndefine ptr @f() {{\n  ret ptr {nested}\n}}\n"


def test_five_megabyte_candidate_is_too_large_before_any_tool_runs(hanging_opt):
    big = one_block(5_000_000 // 24)
    assert len(big) > 5_000_000
    v = check(SMALL, big)
    assert (v.category, v.reason) == ("inconclusive", "too_large")
    assert "the target is" in v.message and "VerifyOptions.max_input_bytes" in v.message
    assert "Input too large" in v.report


def test_deeply_nested_constant_expressions_are_too_large_before_llvm_overflows(hanging_opt):
    """LLVM's own parser overflows its stack on 50,000 nested GEPs (a crash, not a
    verdict); 20,000 fit in the byte limit and are refused for their depth."""
    for depth, what in ((50_000, "bytes"), (20_000, "nests brackets 20001 deep")):
        v = check(nested_geps(depth), SMALL)
        assert (v.category, v.reason) == ("inconclusive", "too_large")
        assert what in v.message


def test_ten_thousand_blocks_are_too_large():
    v = check(chain_of_blocks(10_000), chain_of_blocks(10_000))
    assert (v.category, v.reason) == ("inconclusive", "too_large")
    assert "@f in the source has 10002 blocks (limit 2000, VerifyOptions.max_blocks)" \
        in v.message


def test_too_many_instructions_or_functions_are_too_large():
    v = check(one_block(6_000), SMALL)
    assert v.reason == "too_large" and "6001 instructions" in v.message
    many = "".join(f"define void @g{i}() {{\n  ret void\n}}\n" for i in range(2_100))
    v = check(many + SMALL, SMALL)
    assert v.reason == "too_large" and "defines 2101 functions" in v.message


def test_limits_are_options_a_caller_may_raise():
    many = "".join(f"define void @g{i}() {{\n  ret void\n}}\n" for i in range(30))
    src = many + "define i8 @src(i8 %x) {\n  ret i8 %x\n}\n" + \
        "define i8 @tgt(i8 %x) {\n  %y = add i8 %x, 0\n  ret i8 %y\n}\n"
    assert check(src, max_functions=20).reason == "too_large"
    assert check(src, options=VerifyOptions(max_functions=40)).category == "correct"


def test_two_file_mode_refuses_oversized_inputs_once():
    results = check_functions(one_block(6_000), one_block(6_000))
    assert [(fv.name, fv.verdict.reason) for fv in results] == [(None, "too_large")]


def test_nesting_depth_ignores_strings_and_comments():
    text = '@s = constant [3 x i8] c"(((" ; (((((\ndefine void @f() {\n  ret void\n}\n'
    assert nesting_depth(text) == 1


def test_deadline_covers_encoding_of_a_large_function():
    """4,800 memory instructions in one block, within the size limits: the encoder
    stops at the check's budget (instructions, checked before each one) and the check
    answers timeout. (A generous bound on the elapsed time guards against a check that runs
    on, as one of 10,000 blocks once did for 500 s; it is no speed requirement.)"""
    body = "".join(f"  store i32 %v{i}, ptr %p, align 4\n  %v{i + 1} = load i32, ptr %p, "
                   "align 4\n" for i in range(2_400))
    src = f"define i32 @f(ptr %p, i32 %v0) {{\n{body}  ret i32 %v2400\n}}\n"
    tgt = src.replace("ret i32 %v2400", "%r = add i32 %v2400, 0\n  ret i32 %r")
    start = time.monotonic()
    v = check(src, tgt, total_timeout=1.0)
    elapsed = time.monotonic() - start
    # the instruction budget or, on a busy machine, the wall clock before it
    assert v.category == "inconclusive" and v.reason in ("timeout:rlimit", "timeout:wall")
    # a hang guard, not a speed bound: the old code ran on for 500 s
    assert elapsed < 120


def test_a_check_whose_deadline_has_passed_runs_no_tool(hanging_opt):
    v = check(SMALL, SMALL, total_timeout=0.0)
    assert (v.category, v.reason) == ("inconclusive", "timeout:wall")


def test_default_deadline_is_three_query_timeouts():
    assert VerifyOptions(timeout=4).deadline_seconds() == 12
    assert VerifyOptions(timeout=4, total_timeout=5).deadline_seconds() == 5


def test_hard_deadline_interrupts_python_code_that_never_checks_the_time():
    """The backstop for steps with no cooperative check (a loop that runs on)."""
    import signal

    from veriopt.verify.deadline import DeadlineExceeded, hard_deadline

    before = signal.getsignal(signal.SIGALRM)
    give_up = time.monotonic() + 120  # only a hang guard: the alarm is due at 0.2 s
    with pytest.raises(DeadlineExceeded):
        with hard_deadline(time.monotonic() + 0.1, grace=0.1) as armed:
            assert armed
            while time.monotonic() < give_up:
                pass
    assert time.monotonic() < give_up
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_hard_deadline_is_off_outside_the_main_thread():
    import threading

    from veriopt.verify.deadline import hard_deadline

    seen = []

    def run() -> None:
        with hard_deadline(time.monotonic() + 0.01) as armed:
            seen.append(armed)

    t = threading.Thread(target=run)
    t.start()
    t.join()
    assert seen == [False]


@pytest.mark.slow
def test_cli_stops_a_check_whose_single_solver_call_outlives_the_deadline(tmp_path, capsys):
    """A chain of stores and loads through one pointer makes each load's terms double:
    no in-process check can interrupt the native z3 call that builds them, so `veriopt
    verify` runs the check in a worker under a memory cap that it kills after the
    deadline. Whichever limit ends it first (on this machine z3 reaches the 4 GiB cap
    after about a minute of CPU), the answer is an inconclusive naming that resource,
    never a solver fault, in bounded time."""
    from veriopt.cli import main

    body = "".join(f"  store i32 %v{i}, ptr %p, align 4\n  %v{i + 1} = load i32, ptr %p, "
                   "align 4\n" for i in range(125))
    src = f"define i32 @f(ptr %p, i32 %v0) {{\n{body}  ret i32 %v125\n}}\n"
    tgt = src.replace("ret i32 %v125", "%r = add i32 %v125, 0\n  ret i32 %r")
    (tmp_path / "s.ll").write_text(src)
    (tmp_path / "t.ll").write_text(tgt)
    start = time.monotonic()
    code = main(["verify", "--json", "--total-timeout", "12", str(tmp_path / "s.ll"),
                 str(tmp_path / "t.ll")])
    elapsed = time.monotonic() - start
    (row,) = __import__("json").loads(capsys.readouterr().out)
    assert (code, row["category"]) == (3, "inconclusive")
    assert row["reason"] in ("timeout:wall", "resource:memory"), row["reason"]
    # the wall-clock net + HARD_GRACE + process start, generously
    assert elapsed < VerifyOptions(total_timeout=12).wall_seconds() + 5 + 15


@pytest.mark.parametrize(("error", "reason"), [(b"out of memory", "resource:memory"),
                                                (b"invalid argument", "solver_error")])
def test_a_solver_that_runs_out_of_memory_is_a_resource_limit_not_a_fault(
        monkeypatch, error, reason):
    """z3 reports hitting a worker's address-space cap as an exception ("out of
    memory"): that is the same kind of answer as a timeout (more memory may decide
    it), so it is named ``resource:memory``; any other z3 exception stays a solver
    error. Both are inconclusive."""
    import z3

    from veriopt.verify import api, check

    def fail(*_args, **_kwargs):
        raise z3.Z3Exception(error)

    monkeypatch.setattr(api, "_check_pair", fail)
    v = check("define i32 @f(i32 %x) {\n  ret i32 %x\n}\n",
              "define i32 @f(i32 %x) {\n  ret i32 %x\n}\n")
    assert (v.category, v.reason) == ("inconclusive", reason)
