"""The LLVM toolchain layer: finding tools, canonicalisation, typed errors, timeouts."""

from __future__ import annotations

import os

import pytest

from veriopt.errors import IRSyntaxError, ToolchainError, ToolTimeout
from veriopt.llvm import toolchain
from veriopt.llvm.toolchain import get_toolchain

TYPED_POINTERS = """
define i32 @f(i32* %p) {
  %v = load i32, i32* %p
  ret i32 %v
}
"""


def test_canonicalize_upgrades_llvm14_typed_pointers_to_opaque_ptr():
    out = get_toolchain().canonicalize(TYPED_POINTERS)
    assert "define i32 @f(ptr %p)" in out
    assert "load i32, ptr %p, align 4" in out
    assert "i32*" not in out


def test_canonicalize_is_idempotent():
    tc = get_toolchain()
    once = tc.canonicalize(TYPED_POINTERS)
    assert tc.canonicalize(once) == once


def test_syntax_error_carries_llvm_message_with_position_and_offending_line():
    bad = "define i32 @f() {\n  %a = add i32 %b, 1\n  ret i32 %a\n}\n"
    with pytest.raises(IRSyntaxError) as exc:
        get_toolchain().canonicalize(bad, filename="cand.ll")
    e = exc.value
    assert str(e) == "cand.ll:2:16: error: use of undefined value '%b'"
    assert (e.line, e.column) == (2, 16)
    assert "%a = add i32 %b, 1" in e.llvm_message and "^" in e.llvm_message


def test_verifier_failure_is_a_syntax_error_too():
    # Parses, but fails LLVM's IR verifier (a block without a terminator).
    bad = "define i32 @f(i32 %x) {\nentry:\n  %y = add i32 %x, 1\n}\n"
    with pytest.raises(IRSyntaxError):
        get_toolchain().canonicalize(bad)


def test_missing_tool_names_the_install_command(monkeypatch, tmp_path):
    monkeypatch.setenv("VERIOPT_LLVM_BIN", str(tmp_path))
    monkeypatch.setattr(toolchain, "_candidate_dirs", lambda: [(tmp_path, "env")])
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ToolchainError) as exc:
        get_toolchain().path("opt")
    assert "apt-get install -y llvm-19 clang-19" in str(exc.value)
    assert exc.value.tool == "opt"


def test_env_override_takes_precedence(monkeypatch, tmp_path):
    fake = tmp_path / "opt"
    fake.write_text("#!/bin/sh\necho fake\n")
    fake.chmod(0o755)
    monkeypatch.setenv("VERIOPT_LLVM_BIN", str(tmp_path))
    assert get_toolchain().path("opt") == fake


def test_a_hanging_tool_is_killed_and_reported(monkeypatch, tmp_path):
    """The hung tool's process is gone when ToolTimeout is raised (checked by its pid,
    not by a stopwatch, so the outcome does not depend on the machine's load)."""
    pid_file = tmp_path / "pid"
    hang = tmp_path / "opt"
    hang.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 3600\n")
    hang.chmod(0o755)
    monkeypatch.setenv("VERIOPT_LLVM_BIN", str(tmp_path))
    with pytest.raises(ToolTimeout) as exc:
        get_toolchain().run("opt", ["--version"], timeout=2.0)
    assert "timed out" in str(exc.value)
    if pid_file.exists():  # the tool got as far as writing its pid: it must be dead now
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid_file.read_text()), 0)


def test_a_crashing_tool_is_reported_with_its_signal(monkeypatch, tmp_path):
    crash = tmp_path / "opt"
    crash.write_text("#!/bin/sh\nkill -SEGV $$\n")
    crash.chmod(0o755)
    monkeypatch.setenv("VERIOPT_LLVM_BIN", str(tmp_path))
    with pytest.raises(ToolchainError) as exc:
        get_toolchain().run("opt", [])
    assert "SIGSEGV" in str(exc.value)


def test_compile_c_produces_aarch64_o0_ir_without_optnone(tmp_path):
    c = tmp_path / "f.c"
    c.write_text("int twice(int x) { return x * 2; }\n")
    ir = get_toolchain().compile_c(c)
    assert 'target triple = "aarch64-unknown-linux-gnu"' in ir
    assert "define dso_local i32 @twice(i32 noundef %0)" in ir
    assert "optnone" not in ir


def test_compile_c_error_names_the_file(tmp_path):
    c = tmp_path / "broken.c"
    c.write_text("int f( { return }\n")
    with pytest.raises(ToolchainError) as exc:
        get_toolchain().compile_c(c)
    assert "broken.c" in str(exc.value)


def test_instcombine_simplifies_o0_code(tmp_path):
    c = tmp_path / "f.c"
    c.write_text("int twice(int x) { return x * 2; }\n")
    tc = get_toolchain()
    out, passes = tc.opt_with_fallback(tc.compile_c(c))
    assert passes == "instcombine"
    assert "alloca" not in out and "shl nsw i32 %0, 1" in out


def test_extract_function_keeps_what_it_needs(tmp_path):
    c = tmp_path / "f.c"
    c.write_text("int g = 3;\nint get(void) { return g; }\nint other(void) { return 1; }\n")
    tc = get_toolchain()
    out = tc.extract_function(tc.compile_c(c), "get")
    assert "define dso_local i32 @get()" in out
    assert "@other" not in out
    assert "@g = " in out
