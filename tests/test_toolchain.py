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
    monkeypatch.delenv("VERIOPT_LLVM_BIN", raising=False)
    monkeypatch.setattr(toolchain, "DEFAULT_BIN", tmp_path)
    monkeypatch.setattr(toolchain, "_candidate_dirs", lambda: [(tmp_path, "default")])
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ToolchainError) as exc:
        get_toolchain().path("opt")
    assert "apt-get install -y llvm-19 clang-19" in str(exc.value)
    assert exc.value.tool == "opt"


def test_nonexistent_llvm_bin_is_an_error_naming_it(monkeypatch):
    monkeypatch.setenv("VERIOPT_LLVM_BIN", "/nonexistent")
    with pytest.raises(ToolchainError) as exc:
        get_toolchain().path("opt")
    assert "VERIOPT_LLVM_BIN=/nonexistent is not a directory" in str(exc.value)
    assert "\n" not in str(exc.value)


def test_llvm_bin_without_the_tool_never_falls_back_to_another_llvm(monkeypatch, tmp_path):
    # /usr/lib/llvm-19/bin has an opt, and so may PATH: neither may be used silently.
    monkeypatch.setenv("VERIOPT_LLVM_BIN", str(tmp_path))
    with pytest.raises(ToolchainError) as exc:
        get_toolchain().canonicalize("define void @f() {\n  ret void\n}\n")
    assert f"VERIOPT_LLVM_BIN={tmp_path} has no executable 'opt'" in str(exc.value)


def fake_tool(directory, name: str, script: str):
    """An executable shell script standing in for an LLVM tool (VERIOPT_LLVM_BIN)."""
    tool = directory / name
    tool.write_text("#!/bin/sh\n" + script + "\n")
    tool.chmod(0o755)
    return tool


VALID = "define void @f() {\n  ret void\n}\n"


@pytest.mark.parametrize("script,expected", [
    ("cat >/dev/null\nkill -SEGV $$", "crashed (SIGSEGV)"),
    # LLVM's crash banner from a wrapper that exits instead of re-raising
    ("cat >/dev/null\necho 'PLEASE submit a bug report to https://github.com/llvm' >&2\n"
     "echo 'Stack dump:' >&2\nexit 139", "crashed with exit status 139"),
    ("cat >/dev/null\necho 'LLVM ERROR: out of memory' >&2\nexit 1",
     "failed with exit status 1"),
    ("cat >/dev/null", "printed nothing"),
])
def test_a_faulty_opt_is_a_toolchain_error_never_the_inputs_syntax_error(
        monkeypatch, tmp_path, script, expected):
    fake_tool(tmp_path, "opt", script)
    monkeypatch.setenv("VERIOPT_LLVM_BIN", str(tmp_path))
    with pytest.raises(ToolchainError) as exc:
        get_toolchain().canonicalize(VALID, filename="cand.ll")
    assert not isinstance(exc.value, IRSyntaxError)
    assert expected in str(exc.value) and "cand.ll" in str(exc.value)
    assert "not of the input" in str(exc.value) and exc.value.tool == "opt"


def test_a_module_opt_rejects_without_a_position_is_still_a_syntax_error():
    """LLVM 19 knows no 'x86' architecture: the module's fault, not the tool's."""
    with pytest.raises(IRSyntaxError) as exc:
        get_toolchain().canonicalize('target triple = "x86-unknown-linux-gnu"\n' + VALID,
                                     filename="cand.ll")
    assert "unrecognized architecture 'x86'" in exc.value.llvm_message


def test_stack_overflow_of_the_real_opt_is_a_toolchain_error():
    """50,000 nested constant GEPs overflow LLVM 19's recursive-descent parser."""
    nested = "getelementptr (i8, ptr " * 50_000 + "@g" + ", i64 1)" * 50_000
    text = f"@g = global [4 x i8] zeroinitializer\ndefine ptr @f() {{\n  ret ptr {nested}\n}}\n"
    with pytest.raises(ToolchainError) as exc:
        get_toolchain().canonicalize(text)
    assert not isinstance(exc.value, IRSyntaxError)
    assert "crashed" in str(exc.value)


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


def counting_runs(monkeypatch) -> list[str]:
    """Every LLVM tool the toolchain starts from now on, by name."""
    started: list[str] = []
    real = toolchain.Toolchain.run

    def run(self, tool, *args, **kwargs):
        started.append(tool)
        return real(self, tool, *args, **kwargs)

    monkeypatch.setattr(toolchain.Toolchain, "run", run)
    return started


def test_canonical_text_is_not_canonicalised_again(monkeypatch):
    """What `canonicalize` printed LLVM has already parsed and verified: asked again
    (the reward's check, its hash, a worker), it comes back without an opt process,
    also after a trip through pickle to a worker; text derived from it is plain text,
    which LLVM reads again."""
    import pickle

    tc = get_toolchain()
    once = tc.canonicalize(TYPED_POINTERS)
    assert isinstance(once, toolchain.CanonicalIR)
    started = counting_runs(monkeypatch)
    assert tc.canonicalize(once) is once
    shipped = pickle.loads(pickle.dumps(once))
    assert isinstance(shipped, toolchain.CanonicalIR) and tc.canonicalize(shipped) == once
    assert started == []
    edited = once.replace("ret i32 %v", "ret i32 %nope")
    assert not isinstance(edited, toolchain.CanonicalIR)
    with pytest.raises(IRSyntaxError):
        tc.canonicalize(edited)
    assert started == ["opt"]
    # printing is a fixed point: skipping the second print changes nothing
    assert tc.canonicalize(str(once)) == once
