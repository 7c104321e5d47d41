"""The LLVM 19 toolchain: finding the tools and running them safely.

Every LLVM tool runs as a subprocess with a timeout: a tool that hangs or
crashes must never hang or crash the caller (the dataset builder and the RL
reward call these thousands of times). Failures become typed errors:
`ToolchainError` (missing/crashed tool, naming the install command),
`ToolTimeout`, and `IRSyntaxError` (LLVM rejected the IR; carries LLVM's own
diagnostic, which the verifier reports verbatim as a *syntax error*).

A fault of the tool is never blamed on the input: a crash (signal, LLVM's crash
banner, a stack overflow), a hang, running out of memory, or an empty output is a
`ToolchainError`; only `opt` rejecting the module with its own diagnostic
(``<stdin>:L:C: error: ...``, a verifier failure, an unknown target) is an
`IRSyntaxError`.

``VERIOPT_LLVM_BIN``, when set, is the only place tools are taken from: a
directory that does not exist, or lacks a tool, is an error naming it, never a
silent fall-back to another LLVM.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from veriopt.errors import IRSyntaxError, ToolchainError, ToolTimeout

LLVM_VERSION = 19
DEFAULT_TRIPLE = "aarch64-unknown-linux-gnu"
DEFAULT_SYSROOT = "/usr/aarch64-linux-gnu"
INSTALL_HINT = (
    "install it with `apt-get update && apt-get install -y llvm-19 clang-19` "
    "(or `make setup`), or point VERIOPT_LLVM_BIN at an LLVM 19 bin directory"
)
#: The paper's -O0 compile: optnone would make instcombine a no-op (README.md, "Build a dataset").
O0_FLAGS = ("-O0", "-Xclang", "-disable-O0-optnone", "-g0", "-S", "-emit-llvm")
FIXPOINT_ABORT = "did not reach a fixpoint"

_TOOLS = ("opt", "clang", "llc", "llvm-extract", "llvm-size", "llvm-as", "llvm-dis",
          "llvm-diff", "llvm-link")


#: The environment variable that names the one LLVM bin directory to use.
BIN_ENV = "VERIOPT_LLVM_BIN"
#: Where LLVM 19 lives when BIN_ENV is not set (Debian/Ubuntu's llvm-19 package).
DEFAULT_BIN = Path(f"/usr/lib/llvm-{LLVM_VERSION}/bin")
#: LLVM's crash handler prints these before it re-raises the fatal signal.
CRASH_MARKERS = ("PLEASE submit a bug report", "Stack dump:")

#: What to do about a tool that crashed, hung or printed nothing (not the input's fault).
FAULT_HINT = (f"this is a fault of the LLVM tool, not of the input: check {BIN_ENV} or "
              f"reinstall LLVM {LLVM_VERSION} (`make setup`)")


def _candidate_dirs() -> list[tuple[Path, str]]:
    """Where to look, in order of precedence, and why (for error messages).

    With BIN_ENV set, that directory alone: the user asked for that LLVM."""
    env = os.environ.get(BIN_ENV)
    if env:
        return [(Path(env), BIN_ENV)]
    return [(DEFAULT_BIN, "default")]


def _version_of(path: Path) -> int | None:
    try:
        out = subprocess.run([str(path), "--version"], capture_output=True, text=True,
                             timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"(?:LLVM|clang) version (\d+)", out)
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class Toolchain:
    """Resolved paths of the LLVM 19 tools; `run` executes one of them."""

    bin_dirs: tuple[Path, ...]
    #: the BIN_ENV directory when the user set one (then nothing else is searched).
    override: Path | None = None

    def path(self, tool: str) -> Path:
        """The executable for ``tool`` (``opt``, ``clang``, ...), or ToolchainError."""
        if self.override is not None:
            return self._overridden(tool, self.override)
        for d in self.bin_dirs:
            p = d / tool
            if p.is_file() and os.access(p, os.X_OK):
                return p
        # Last resort: PATH, versioned name first (clang-19), then a plain name with a
        # version check so that a system LLVM of another version is never used silently.
        for name in (f"{tool}-{LLVM_VERSION}", tool):
            found = shutil.which(name)
            if found and _version_of(Path(found)) == LLVM_VERSION:
                return Path(found)
        raise ToolchainError(f"LLVM {LLVM_VERSION} tool '{tool}' not found; {INSTALL_HINT}",
                             tool=tool)

    @staticmethod
    def _overridden(tool: str, directory: Path) -> Path:
        if not directory.is_dir():
            raise ToolchainError(f"{BIN_ENV}={directory} is not a directory; point it at an "
                                 f"LLVM {LLVM_VERSION} bin directory (e.g. {DEFAULT_BIN}) "
                                 "or unset it", tool=tool)
        p = directory / tool
        if not (p.is_file() and os.access(p, os.X_OK)):
            raise ToolchainError(f"{BIN_ENV}={directory} has no executable '{tool}'; point it "
                                 f"at an LLVM {LLVM_VERSION} bin directory (e.g. {DEFAULT_BIN}) "
                                 "or unset it", tool=tool)
        return p

    def run(self, tool: str, args: Sequence[str], *, input_text: str | None = None,
            timeout: float = 60.0, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run ``tool args``; kill the whole process group on timeout.

        ``check``: a non-zero exit raises ToolchainError carrying stderr. Callers
        that interpret LLVM's diagnostics themselves pass ``check=False``.
        """
        cmd = [str(self.path(tool)), *args]
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if input_text is not None else
                                    subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, errors="replace",
                                    start_new_session=True)
        except OSError as e:
            raise ToolchainError(f"cannot start {tool}: {e}; {INSTALL_HINT}", tool=tool,
                                 command=cmd) from e
        try:
            out, err = proc.communicate(input_text, timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ToolTimeout(f"{tool} timed out after {timeout:g} s: {_short(cmd)}",
                              tool=tool, command=cmd) from None
        except BaseException:
            _kill_group(proc)
            raise
        result = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
        if check and proc.returncode != 0:
            raise ToolchainError(_failure_message(tool, cmd, proc.returncode, err), tool=tool,
                                 command=cmd, stderr=err)
        return result

    # ---- the operations the rest of veriopt uses ---------------------------------

    def canonicalize(self, ir_text: str, *, filename: str = "<input>",
                     timeout: float = 30.0) -> CanonicalIR:
        """Parse and verify ``ir_text`` with LLVM 19 and print it back once.

        Older dialects (typed pointers ``i32*``) are upgraded by LLVM's reader, so
        our own parser only ever sees one canonical dialect. A rejection raises
        IRSyntaxError with LLVM's message, with ``<stdin>`` replaced by ``filename``.
        Text this method returned (a `CanonicalIR`) comes back as it is: LLVM has
        already accepted and printed it.
        """
        if isinstance(ir_text, CanonicalIR):
            return ir_text
        # `opt` with no passes parses, runs the IR verifier and prints: one process
        # instead of `llvm-as | llvm-dis`, with byte-identical output.
        try:
            proc = self.run("opt", ["-S", "-o", "-", "-"], input_text=ir_text, timeout=timeout,
                            check=False)
        except ToolTimeout as e:  # parsing a module takes milliseconds: the tool hangs
            raise ToolTimeout(f"{e} on {filename}; {FAULT_HINT}", tool="opt",
                              command=e.command) from None
        if proc.returncode != 0 and not tool_crashed(proc) and not _out_of_memory(proc.stderr):
            # opt rejected the module: a diagnostic with a position, a verifier failure,
            # or a module-level one ("unrecognized architecture 'x86' provided.").
            raise syntax_error_from_llvm(proc.stderr, filename)
        if proc.returncode != 0:
            message = _failure_message("opt", proc.args, proc.returncode, proc.stderr,
                                       what=filename)
            if FAULT_HINT not in message:  # out of memory: not the input's fault either
                message += f"; {FAULT_HINT}"
            raise ToolchainError(message, tool="opt", command=proc.args, stderr=proc.stderr)
        if not proc.stdout.strip():
            # opt prints at least the module header for every module it accepts.
            raise ToolchainError(f"opt printed nothing for {filename} (exit status 0): "
                                 f"{_short(proc.args)}; {FAULT_HINT}", tool="opt",
                                 command=proc.args, stderr=proc.stderr)
        return CanonicalIR(_strip_module_id(proc.stdout))

    def compile_c(self, path: str | Path, *, target: str = DEFAULT_TRIPLE,
                  sysroot: str | None = DEFAULT_SYSROOT, extra_flags: Sequence[str] = (),
                  timeout: float = 60.0) -> str:
        """Compile a C/C++ file to -O0 LLVM IR text, as the paper does."""
        args = [*O0_FLAGS, f"--target={target}"]
        if sysroot and Path(sysroot).is_dir():
            args.append(f"--sysroot={sysroot}")
        args += [*extra_flags, "-o", "-", str(path)]
        proc = self.run("clang", args, timeout=timeout, check=False)
        if proc.returncode != 0:
            first = _first_error_line(proc.stderr) or f"exit status {proc.returncode}"
            raise ToolchainError(f"clang could not compile {path}: {first}", tool="clang",
                                 command=proc.args, stderr=proc.stderr)
        return proc.stdout

    def opt(self, ir_text: str, passes: str = "instcombine", *,
            timeout: float = 60.0) -> str:
        """Run ``opt -passes=...`` and return the printed IR.

        LLVM 19's instcombine aborts on some functions with "did not reach a
        fixpoint after 1 iterations"; `opt_with_fallback` retries those.
        """
        return self.opt_with_fallback(ir_text, passes, timeout=timeout)[0]

    def opt_with_fallback(self, ir_text: str, passes: str = "instcombine", *,
                          timeout: float = 60.0) -> tuple[str, str]:
        """Like `opt`, returning (ir, passes actually run)."""
        proc = self.run("opt", ["-S", f"-passes={passes}", "-o", "-", "-"],
                        input_text=ir_text, timeout=timeout, check=False)
        if proc.returncode != 0 and FIXPOINT_ABORT in proc.stderr and passes == "instcombine":
            passes = "instcombine<no-verify-fixpoint>"
            proc = self.run("opt", ["-S", f"-passes={passes}", "-o", "-", "-"],
                            input_text=ir_text, timeout=timeout, check=False)
        if proc.returncode != 0:
            if not tool_crashed(proc) and _looks_like_parse_error(proc.stderr):
                raise syntax_error_from_llvm(proc.stderr, "<input>")
            raise ToolchainError(_failure_message("opt", proc.args, proc.returncode,
                                                  proc.stderr), tool="opt",
                                 command=proc.args, stderr=proc.stderr)
        return _strip_module_id(proc.stdout), passes

    def extract_function(self, ir_text: str, name: str, *, timeout: float = 30.0) -> str:
        """One function with the declarations and globals it needs (llvm-extract)."""
        proc = self.run("llvm-extract", ["-S", f"--func={name}", "-o", "-", "-"],
                        input_text=ir_text, timeout=timeout, check=False)
        if proc.returncode != 0:
            if not tool_crashed(proc) and _looks_like_parse_error(proc.stderr):
                raise syntax_error_from_llvm(proc.stderr, "<input>")
            raise ToolchainError(_failure_message("llvm-extract", proc.args, proc.returncode,
                                                  proc.stderr), tool="llvm-extract",
                                 command=proc.args, stderr=proc.stderr)
        return CanonicalIR(_strip_module_id(proc.stdout))

    def versions(self) -> dict[str, str]:
        """First line of ``--version`` of each tool found (for reports and `doctor`)."""
        out: dict[str, str] = {}
        for tool in _TOOLS:
            try:
                p = self.run(tool, ["--version"], timeout=20, check=False)
            except ToolchainError as e:
                out[tool] = f"missing ({e})"
                continue
            text = (p.stdout or p.stderr).strip().splitlines()
            out[tool] = next((ln.strip() for ln in text if "version" in ln.lower()), "?")
        return out


@functools.cache
def _cached_toolchain(key: tuple[tuple[str, str], ...]) -> Toolchain:
    override = next((Path(d) for d, why in key if why == BIN_ENV), None)
    return Toolchain(tuple(Path(d) for d, _ in key), override)


def get_toolchain() -> Toolchain:
    """The toolchain for this process (re-resolved when VERIOPT_LLVM_BIN changes)."""
    return _cached_toolchain(tuple((str(d), why) for d, why in _candidate_dirs()))


def canonicalize(ir_text: str, *, filename: str = "<input>",
                 timeout: float = 30.0) -> CanonicalIR:
    """Module-level shortcut for `Toolchain.canonicalize`."""
    return get_toolchain().canonicalize(ir_text, filename=filename, timeout=timeout)


# ---- diagnostics -----------------------------------------------------------------

_DIAG = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.*)$", re.M)


def syntax_error_from_llvm(stderr: str, filename: str) -> IRSyntaxError:
    """Build an IRSyntaxError from LLVM's stderr, naming ``filename`` instead of stdin.

    LLVM prints ``<stdin>:3:10: error: ...`` then the offending line and a caret;
    verifier failures print free text (``Instruction does not dominate all uses!``).
    """
    text = stderr.replace("<stdin>", filename).strip()
    # Drop the tool-name prefix ("/usr/lib/llvm-19/bin/llvm-as: ") LLVM puts first.
    lines = [re.sub(r"^\S*(?:llvm-as|opt|llvm-extract): ", "", ln) for ln in text.splitlines()
             if not ln.rstrip().endswith("error: input module is broken!")]
    text = "\n".join(lines).strip() or "LLVM rejected the IR"
    m = _DIAG.search(text)
    if m:
        return IRSyntaxError(f"{filename}:{m['line']}:{m['col']}: error: {m['msg']}",
                             llvm_message=text, line=int(m["line"]), column=int(m["col"]))
    first = lines[0] if lines else "LLVM rejected the IR"
    return IRSyntaxError(f"{filename}: error: {first.strip()}", llvm_message=text)


def tool_crashed(proc: subprocess.CompletedProcess[str]) -> bool:
    """Did the tool die of a signal (a segfault, a stack overflow, an abort) rather
    than reject its input? LLVM's crash handler prints its banner, then re-raises."""
    return proc.returncode < 0 or (proc.returncode != 0 and
                                   any(m in proc.stderr for m in CRASH_MARKERS))


_OUT_OF_MEMORY = re.compile(r"out of memory|Cannot allocate memory|std::bad_alloc", re.I)


def _out_of_memory(stderr: str) -> bool:
    return bool(_OUT_OF_MEMORY.search(stderr))


def _looks_like_parse_error(stderr: str) -> bool:
    return bool(_DIAG.search(stderr)) or "does not dominate" in stderr or \
        "verification" in stderr.lower() or "input module is broken" in stderr.lower()


def _first_error_line(stderr: str) -> str | None:
    for ln in stderr.splitlines():
        if "error:" in ln:
            return ln.strip()
    return None


def _failure_message(tool: str, cmd: Sequence[str], code: int, stderr: str,
                     what: str = "") -> str:
    """One line: the tool, how it failed (on ``what``), its command, LLVM's first error
    line, and, for a crash, what to do about it."""
    crashed = code < 0 or any(m in stderr for m in CRASH_MARKERS)
    if code < 0:
        how = f"crashed ({signal.Signals(-code).name})" if -code in signal.valid_signals() \
            else f"was killed by signal {-code}"
    else:
        how = f"{'crashed with' if crashed else 'failed with'} exit status {code}"
    on = f" on {what}" if what else ""
    # (after a crash the rest of stderr is LLVM's stack dump: only an error line helps)
    detail = _first_error_line(stderr) or ("" if crashed else
                                           (stderr.strip().splitlines() or [""])[0])
    hint = f"; {FAULT_HINT}" if crashed else ""
    return f"{tool} {how}{on}: {_short(cmd)}" + (f": {detail}" if detail else "") + hint


def _short(cmd: Sequence[str]) -> str:
    text = " ".join(str(c) for c in cmd)
    return text if len(text) <= 200 else text[:197] + "..."


def _kill_group(proc: subprocess.Popen[str]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.communicate(timeout=5)
    except (subprocess.TimeoutExpired, ValueError):
        pass


class CanonicalIR(str):
    """IR text as `Toolchain.canonicalize` printed it: LLVM 19 parsed and verified it.

    Why a type: one candidate used to be canonicalised up to four times on its way
    through the reward (assembly, the check, its normalised hash), one ``opt`` process
    each, and the source once per candidate. Only `canonicalize` makes one, so text a
    model wrote never skips LLVM's parser; anything done to it (slicing, ``+``) is a
    plain ``str`` again."""

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[str]]:
        return (CanonicalIR, (str(self),))  # keeps the type across worker processes


def _strip_module_id(text: str) -> str:
    """Drop the ``; ModuleID = '<stdin>'`` line, which only names our temp input."""
    if text.startswith("; ModuleID = "):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    return text
