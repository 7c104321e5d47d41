"""A fingerprint of the verifier's own code, for caches of its verdicts.

Why not the package version: the verifier changes far more often than the version
number (every fix of a UB rule changes verdicts), and a cache keyed by the version
alone returns the verdicts of the old code, including a wrong ``correct`` that was
fixed since. The fingerprint hashes the sources a verdict depends on: every module
of ``veriopt.verify`` and ``veriopt.llvm``. It is computed once per process.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

#: The verifier's packages, relative to the ``veriopt`` package folder, with the glob
#: of the files that make it up.
SOURCES = (("verify", "**/*.py"), ("llvm", "*.py"))


def source_files(package_root: Path | None = None) -> list[Path]:
    """The files the fingerprint covers, in a fixed order."""
    root = package_root or Path(__file__).resolve().parents[1]
    return sorted(f for folder, pattern in SOURCES for f in (root / folder).glob(pattern)
                  if f.is_file())


def fingerprint_of(package_root: Path) -> str:
    """SHA-256 over the relative path and contents of each of `source_files`."""
    h = hashlib.sha256()
    for f in source_files(package_root):
        h.update(f.relative_to(package_root).as_posix().encode() + b"\0")
        h.update(f.read_bytes() + b"\0")
    return h.hexdigest()


@functools.cache
def verifier_fingerprint() -> str:
    """The fingerprint of the verifier this process runs (computed once)."""
    return fingerprint_of(Path(__file__).resolve().parents[1])
