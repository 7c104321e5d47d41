"""The target a module is measured for: its own, or AArch64 when it names none.

Why: latency and size depend on the target (the cost model and the code
generator are per-target), and a module without a ``target triple`` would be
measured for the host (x86-64 here), silently changing every number. The paper
measures everything for AArch64 (README.md, "Metrics"), so a module that names no
triple gets AArch64's triple and, if it has no datalayout either, the
datalayout clang 19 emits for that triple. A module that names its own target
keeps it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from veriopt.llvm.toolchain import DEFAULT_TRIPLE

#: What `clang-19 --target=aarch64-unknown-linux-gnu` writes (LLVM 19 added ``-Fn32``).
AARCH64_DATALAYOUT = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"

# Anchored at a line start, so a comment (``; target triple = ...``) never matches.
_TRIPLE = re.compile(r'^[ \t]*target[ \t]+triple[ \t]*=[ \t]*"([^"]*)"', re.M)
_DATALAYOUT = re.compile(r'^[ \t]*target[ \t]+datalayout[ \t]*=', re.M)


@dataclass(frozen=True)
class TargetedModule:
    """IR text that names the target it is measured for."""

    text: str
    triple: str
    triple_was_default: bool

    @property
    def is_aarch64(self) -> bool:
        return self.triple.startswith(("aarch64", "arm64"))


def with_default_target(ir_text: str) -> TargetedModule:
    """Name AArch64 as the target of ``ir_text`` when it names none.

    Works on any text LLVM reads, canonical or not. The lines are prepended:
    LLVM reads ``target``/``source_filename`` lines in any order at the top of
    a module, and the datalayout must be known before the first type is
    parsed. (Were a triple ever missed here, the module's own line, read
    later, would still win: LLVM keeps the last one.)
    """
    m = _TRIPLE.search(ir_text)
    if m:
        return TargetedModule(ir_text, m.group(1), triple_was_default=False)
    header = f'target triple = "{DEFAULT_TRIPLE}"\n'
    if not _DATALAYOUT.search(ir_text):
        header = f'target datalayout = "{AARCH64_DATALAYOUT}"\n' + header
    return TargetedModule(header + ir_text, DEFAULT_TRIPLE, triple_was_default=True)
