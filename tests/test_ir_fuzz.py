"""Hostile input never crashes the parser: it raises IRSyntaxError or returns a Module.

The verifier turns IRSyntaxError into a *syntax error* verdict; any other
exception (or a hang, or a stack overflow) would take down a worker or an RL
step. Inputs: truncations, random bytes, bracket swaps, unknown opcodes and
token shuffles of real IR, deep nesting, and a 10 MB file. How long the parser takes
on hostile input is measured by benchmarks/speed_bounds.py, never asserted here (a
test's outcome must not depend on the machine's load).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veriopt.errors import IRSyntaxError
from veriopt.llvm.ir import Module
from veriopt.llvm.lexer import Tokens
from veriopt.llvm.parser import MAX_NESTING, parse_module
from veriopt.llvm.printer import print_module

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "ir").glob("*.ll"))
TEXTS = [p.read_text() for p in FIXTURES]
FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])


def parse_or_reject(text: str) -> Module | None:
    """Parse; IRSyntaxError (with a position) is an accepted outcome, anything else fails."""
    try:
        module = parse_module(text)
    except IRSyntaxError as e:
        assert e.line is not None and e.column is not None, str(e)
        assert "malformed IR (" not in str(e), f"an internal error leaked through: {e}"
        module = None
    if module is not None:
        print_module(module)  # whatever parses must also print
    return module


@FUZZ
@given(st.sampled_from(TEXTS), st.floats(0, 1))
def test_truncated_ir_is_rejected_or_parsed(text, fraction):
    parse_or_reject(text[: int(len(text) * fraction)])


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_are_rejected(data):
    parse_or_reject(data.decode("latin-1"))
    parse_or_reject(data.decode("utf-8", "replace"))


@FUZZ
@given(st.sampled_from(TEXTS), st.integers(0, 10**9), st.sampled_from("()[]{}<>"))
def test_bracket_mismatch_is_rejected(text, seed, bracket):
    positions = [i for i, c in enumerate(text) if c in "()[]{}<>"]
    i = positions[seed % len(positions)]
    mutated = text[:i] + bracket + text[i + 1:]
    parse_or_reject(mutated)


@FUZZ
@given(st.sampled_from(TEXTS), st.integers(0, 10**9),
       st.from_regex(r"[a-z_][a-z0-9_]{0,12}", fullmatch=True))
def test_unknown_opcode_is_rejected(text, seed, word):
    lines = text.splitlines(keepends=True)
    body = [n for n, line in enumerate(lines) if line.startswith("  ") and " = " in line]
    if not body:
        return
    n = body[seed % len(body)]
    result, _, rest = lines[n].partition(" = ")
    opcode = rest.split(" ", 1)[0]
    lines[n] = f"{result} = {word} {rest[len(opcode) + 1:]}"
    module = parse_or_reject("".join(lines))
    from veriopt.llvm.parser import _HANDLERS

    if word not in _HANDLERS and word != opcode:
        assert module is None, f"unknown opcode {word!r} was accepted"


@FUZZ
@given(st.sampled_from(TEXTS), st.integers(0, 10**9), st.integers(2, 12))
def test_token_shuffles_of_real_ir_are_rejected_or_parsed(text, seed, window):
    tokens = [t for t in Tokens(text).toks if t]
    rng = random.Random(seed)
    start = rng.randrange(max(1, len(tokens) - window))
    part = tokens[start:start + window]
    rng.shuffle(part)
    tokens[start:start + window] = part
    parse_or_reject(" ".join(tokens))


@FUZZ
@given(st.sampled_from(TEXTS), st.integers(0, 10**9), st.integers(1, 40))
def test_deleting_a_token_span_is_rejected_or_parsed(text, seed, span):
    parts = Tokens(text).parts
    toks = len(parts) // 2
    start = random.Random(seed).randrange(toks)
    parse_or_reject("".join(parts[: 2 * start + 1] + parts[2 * (start + span) + 1:]))


@pytest.mark.parametrize("text", [
    "@g = global " + "[1 x " * 5000 + "i8" + "]" * 5000 + " zeroinitializer",
    "@g = global " + "{ " * 5000 + "i8" + " }" * 5000 + " zeroinitializer",
    "@g = global i32 " + "add (i32 " * 5000 + "1" + ", i32 1)" * 5000,
    "define void @f() {\n  ret " + "<1 x " * 5000 + "i8" + ">" * 5000 + " zeroinitializer\n}",
    "!0 = " + "!{" * 100000 + "}" * 100000,
    "define void @f() {\n  #dbg_value(" + "(" * 100000 + ")\n}",
], ids=["array", "struct", "constexpr", "vector", "metadata", "debug-record"])
def test_deep_nesting_is_rejected_without_recursion_error(text):
    with pytest.raises(IRSyntaxError, match="nest|deep|bracket"):
        parse_module(text)


def test_nesting_within_the_limit_is_accepted():
    depth = MAX_NESTING // 2
    text = "@g = global " + "[1 x " * depth + "i8" + "]" * depth + " zeroinitializer\n"
    assert print_module(parse_module(text)) == "\n" + text  # LLVM opens each section with a blank line


@pytest.mark.parametrize("text,line,col", [
    ("define void @f() {\n  ret void\n", 3, 1),
    ("@g = global [2 x i32] [i32 1, i32 2}\n", 1, 36),
    ("define void @f() {\n  frobnicate i32 1\n  ret void\n}\n", 2, 3),
    ("define i32 @f() {\n  %1 = add i32 1\n  ret i32 %1\n}\n", 3, 3),
    ("\x00\xff", 1, 1),
])
def test_errors_carry_line_and_column(text, line, col):
    with pytest.raises(IRSyntaxError) as info:
        parse_module(text, filename="cand.ll")
    assert (info.value.line, info.value.column) == (line, col)
    assert str(info.value).startswith(f"cand.ll:{line}:{col}: error: ")


def test_non_string_input_is_a_syntax_error():
    with pytest.raises(IRSyntaxError):
        parse_module(b"define void @f() { ret void }")  # type: ignore[arg-type]


def ten_megabyte_inputs() -> dict[str, str]:
    """Hostile 10 MB inputs: valid globals with one bad line at the end, one long
    identifier-like token, ten million open brackets (benchmarks/speed_bounds.py
    times the same inputs)."""
    unit = "".join(f"@g{i} = global i32 {i}, align 4\n" for i in range(1000))
    big = "".join(unit.replace("@g", f"@m{k}_") for k in range(10_000_000 // len(unit) + 1))
    return {"globals+bad-line": big + "@bad = global i32 ,\n", "letters": "x" * 10_000_000,
            "brackets": "(" * 10_000_000}


def test_ten_megabyte_hostile_files_are_rejected_with_a_position():
    for name, text in ten_megabyte_inputs().items():
        assert len(text) >= 10_000_000
        assert parse_or_reject(text) is None, name


def test_a_thousand_globals_parse():
    unit = "".join(f"@a{i} = global i32 {i}, align 4\n" for i in range(1000))
    module = parse_or_reject(unit)
    assert module is not None and len(module.items) == 1000
