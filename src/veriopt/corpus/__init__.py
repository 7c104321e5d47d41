"""The built-in corpus: small C programs of our own and a few -O0 IR examples.

Why: `make demo` and the tests must run on a fresh machine without the LLVM
test-suite. ``c/`` holds 32 self-contained C files (only standard headers) in
the shape of the test-suite's programs: arithmetic, bit tricks, bit-fields,
structs, switches, pointers, loops, strings, recursion, floating point,
globals and a few printf calls. Over half of their functions are loop-free,
call-free, FP-free integer/local-memory code, which the first-wave verifier
proves, and instcombine changes nearly all of them. ``ir/`` holds one-function
modules compiled from them with the paper's -O0 flags, already in LLVM 19's
canonical text.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _package_dir() -> Path:
    # The package ships as plain files (setuptools package-data), so the
    # resource root is a real directory that the LLVM tools can read.
    return Path(str(files(__name__)))


def builtin_corpus_dir() -> Path:
    """The folder of built-in C programs (``*.c``)."""
    return _package_dir() / "c"


def builtin_ir_dir() -> Path:
    """The folder of built-in one-function -O0 IR modules (``*.ll``)."""
    return _package_dir() / "ir"


def builtin_c_files() -> list[Path]:
    """The built-in C programs, sorted by name."""
    return sorted(builtin_corpus_dir().glob("*.c"))


def builtin_ir_files() -> list[Path]:
    """The built-in IR examples, sorted by name."""
    return sorted(builtin_ir_dir().glob("*.ll"))
