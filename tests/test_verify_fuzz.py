"""Fuzzing the verifier with the broken IR an LLM writes.

Truncated functions, unbalanced braces, wrong types, undefined values, misspelled
opcodes, markdown fences, duplicated names, garbage: `check` must never crash, never
hang, and never say ``correct`` about text LLVM itself rejects (that is a
``syntax_error``). A corruption that happens to leave valid IR (a deleted store, two
independent lines swapped) may be correct; then the concrete interpreter must not
refute it. The 2,000-text run is ``benchmarks/fuzz_verify.py``; this test runs a
deterministic slice of the same generator.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import random

import pytest

from veriopt.errors import IRSyntaxError
from veriopt.verify.mutate import corruptions
from veriopt.workers import KillablePool, TaskCrashed, TaskTimeout

N_TEXTS = 300
#: Seconds before a check counts as hung: far above the verifier's own 30 s budget (3 x its
#: 10 s timeout), so a slow check on a loaded machine is not taken for a hang.
PER_TEXT_TIMEOUT = 300.0

DL = ('target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'
      'target triple = "aarch64-unknown-linux-gnu"\n')

BUILTIN_SOURCES = [
    DL + "define i32 @f(i32 %a, i32 %b) {\n  %s = add nsw i32 %a, %b\n"
    "  %c = icmp slt i32 %s, 0\n  %r = select i1 %c, i32 0, i32 %s\n  ret i32 %r\n}\n",
    DL + "define i8 @f(i8 noundef %x) {\nentry:\n  %p = alloca i8, align 1\n"
    "  store i8 %x, ptr %p, align 1\n  %v = load i8, ptr %p, align 1\n"
    "  %c = icmp eq i8 %v, 0\n  br i1 %c, label %z, label %nz\nz:\n  ret i8 1\n"
    "nz:\n  %d = udiv i8 100, %v\n  ret i8 %d\n}\n",
]


def _check():
    try:
        from veriopt.verify import check
    except ImportError as e:
        pytest.skip(f"veriopt.verify.check is not importable yet ({e})")
    return check


@functools.cache
def fuzz_sources() -> list[str]:
    """Built-in modules plus a few real -O0 modules (when ../shared is there)."""
    from conftest import shared_dir

    sources = list(BUILTIN_SOURCES)
    shared = shared_dir()
    path = shared / "conformance-real" / "pairs.jsonl.gz" if shared else None
    if path is not None and path.exists():
        rows = [json.loads(line) for line in gzip.open(path, "rt")]
        rows = sorted((r for r in rows if r["kind"] == "ic" and r["alive2"] == "correct"
                       and r["n_inst_o0"] <= 60), key=lambda r: r["id"])
        sources += [r["src"] for r in rows[:: max(1, len(rows) // 6)][:6]]
    return sources


def fuzz_cases(n: int, seed: int = 0) -> list[tuple[str, str, str]]:
    """(corruption name, source text, corrupted candidate text), deterministic."""
    rng = random.Random(seed)
    sources = fuzz_sources()
    return [(name, src, bad) for i in range(n)
            for src in [sources[i % len(sources)]]
            for name, bad in corruptions(src, rng, 1)]


def judge(case: tuple[str, str, str], timeout: float = 10.0) -> tuple[str | None, str]:
    """Run one case: (a description of what went wrong or None, the verdict category).
    Top-level so that pool workers can run it."""
    from veriopt.llvm.toolchain import get_toolchain
    from veriopt.verify import check

    name, src, bad = case
    try:
        verdict = check(src, bad, timeout=timeout)
    except Exception as e:  # noqa: BLE001 - any exception is the failure being tested
        return f"{name}: check raised {type(e).__name__}: {e}", "crash"
    # llvm-as alone parses and verifies: LLVM's own judgement of the text.
    llvm_accepts = get_toolchain().run("llvm-as", ["-o", os.devnull, "-"], input_text=bad,
                                       check=False).returncode == 0
    category = verdict.category
    if not llvm_accepts and category != "syntax_error":
        return f"{name}: LLVM rejects the text but the verdict is {category}", category
    if category == "correct" and _interpreter_refutes(src, bad):
        return f"{name}: verdict correct, but the interpreter refutes it", category
    return None, category


def _interpreter_refutes(src: str, tgt: str) -> bool:
    try:
        from veriopt.llvm.parser import parse_module
        from veriopt.llvm.toolchain import get_toolchain
        from veriopt.verify.refute import refute

        tc = get_toolchain()
        s = parse_module(tc.canonicalize(src))
        t = parse_module(tc.canonicalize(tgt))
        if len(s.definitions) != 1 or len(t.definitions) != 1:
            return False
        found = refute(s, s.definitions[0], t, t.definitions[0], samples=200)
    except Exception:  # noqa: BLE001 - the oracle abstains on what it cannot read
        return False
    return any(r.source_deterministic for r in found)


def run_fuzz(n: int, *, jobs: int = 2, seed: int = 0) -> tuple[list[str], dict[str, int]]:
    """Judge ``n`` cases in worker processes with a hard per-case time limit (a hang or
    a native crash then fails one case instead of the run). Processes, not threads:
    z3 is not thread-safe, and `check` segfaults when called from several threads.
    Returns the problems and counts per corruption kind and per verdict."""
    _check()
    cases = fuzz_cases(n, seed)
    problems: list[str] = []
    counts: dict[str, int] = {}
    for name, _, _ in cases:
        counts[name] = counts.get(name, 0) + 1
    with KillablePool(judge, jobs, hard_timeout=PER_TEXT_TIMEOUT) as pool:
        for i, result in pool.imap_unordered(cases):
            name = cases[i][0]
            if isinstance(result, TaskTimeout):
                problems.append(f"{name} #{i}: check hung for more than {result.seconds:g} s")
            elif isinstance(result, TaskCrashed):
                problems.append(f"{name} #{i}: the worker crashed: {result.error}")
            else:
                problem, category = result
                counts[f"verdict {category}"] = counts.get(f"verdict {category}", 0) + 1
                if problem:
                    problems.append(f"#{i} {problem}")
    return problems, counts


def test_corruptions_cover_every_kind_and_mostly_break_the_ir():
    from veriopt.llvm.toolchain import get_toolchain

    cases = fuzz_cases(120)
    assert len({name for name, _, _ in cases}) >= 12
    tc = get_toolchain()
    rejected = 0
    for _, _, bad in cases[:60]:
        try:
            tc.canonicalize(bad)
        except IRSyntaxError:
            rejected += 1
    assert rejected >= 40  # most corruptions are syntax errors, as intended


def test_corrupted_candidates_never_crash_hang_or_verify_as_correct():
    problems, counts = run_fuzz(N_TEXTS)
    assert sum(v for k, v in counts.items() if not k.startswith("verdict ")) == N_TEXTS
    assert counts.get("verdict syntax_error", 0) > N_TEXTS // 2
    assert not problems, "\n".join(problems[:20])
