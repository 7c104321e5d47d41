"""Typed errors of veriopt.

Errors are types so that callers can react to them (the verifier turns an
`IRSyntaxError` into a *syntax error* verdict) and so that the CLI can turn any
of them into one clear line. Every message names the input and, where there is
one, the fix.
"""

from __future__ import annotations


class VeriOptError(Exception):
    """Base class: anything the CLI reports as a one-line error."""


class ToolchainError(VeriOptError):
    """An LLVM tool is missing, crashed, or timed out."""

    def __init__(self, message: str, *, tool: str | None = None,
                 command: list[str] | None = None, stderr: str = "") -> None:
        super().__init__(message)
        self.tool = tool
        self.command = command
        self.stderr = stderr

    def __reduce__(self):
        return (type(self), (str(self),), {"tool": self.tool, "command": self.command,
                                           "stderr": self.stderr})


class ToolTimeout(ToolchainError):
    """An LLVM tool ran past its time limit and was killed."""


class IRSyntaxError(VeriOptError):
    """The IR does not parse or fails LLVM's verifier.

    ``llvm_message`` is LLVM's own diagnostic (``<file>:line:col: error: ...`` plus
    the offending line and caret), which is what the verifier reports for a
    *syntax error* verdict.
    """

    def __init__(self, message: str, *, llvm_message: str | None = None,
                 line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.llvm_message = llvm_message if llvm_message is not None else message
        self.line = line
        self.column = column

    def __reduce__(self):
        return (type(self), (str(self),), {"llvm_message": self.llvm_message,
                                           "line": self.line, "column": self.column})


class UnsupportedIR(VeriOptError):
    """Valid IR that a component does not model (the verifier answers inconclusive)."""

    def __init__(self, feature: str, detail: str = "") -> None:
        super().__init__(f"unsupported: {feature}" + (f" ({detail})" if detail else ""))
        self.feature = feature
        self.detail = detail

    def __reduce__(self):  # keep (feature, detail) across process boundaries
        return (type(self), (self.feature, self.detail))


class ConfigError(VeriOptError):
    """A configuration file or option is invalid."""
