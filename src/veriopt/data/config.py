"""Configuration of `veriopt dataset build` (YAML keys map 1:1 onto these fields)."""

from __future__ import annotations

from dataclasses import dataclass, field

from veriopt.llvm.toolchain import DEFAULT_SYSROOT, DEFAULT_TRIPLE
from veriopt.verify.options import VerifyOptions


@dataclass
class DatasetConfig:
    """Every knob of the dataset pipeline, with the paper's values as defaults."""

    #: clang target triple; the paper compiles for AArch64.
    target: str = DEFAULT_TRIPLE
    #: sysroot holding the target's C headers (Debian's libc6-dev-arm64-cross).
    sysroot: str = DEFAULT_SYSROOT
    #: extra include directories (-I) and clang flags.
    include_dirs: list[str] = field(default_factory=list)
    extra_flags: list[str] = field(default_factory=list)
    #: retry a file that fails to compile with -std=gnu89 (rescues old test programs).
    retry_gnu89: bool = True
    #: per-file limits (seconds) for clang and for each opt / llvm-extract call.
    compile_timeout: float = 60.0
    tool_timeout: float = 60.0
    #: the verifier's settings for every pair (time budget, loop unroll bound, ...); the
    #: paper drops pairs that time out.
    verify: VerifyOptions = field(default_factory=VerifyOptions)
    #: keep pairs whose proof is bounded (loops): the paper's Alive2 labels are bounded too.
    keep_bounded: bool = True
    #: tokenizer (local path or hub id, loaded offline) for the token-length filter;
    #: None or unavailable -> an approximation, recorded as such in the card.
    tokenizer: str | None = None
    #: drop samples whose prompt+answer exceed this many tokens (paper: 2048).
    max_tokens: int = 2048
    #: drop pairs where instcombine changed nothing (modulo names).
    drop_unchanged: bool = True
    #: fraction of *source files* that go to the test split, and the split seed.
    test_fraction: float = 0.1
    seed: int = 0
    #: worker processes; 0 = number of CPUs.
    jobs: int = 0
    #: "local" (process pool) or "ray".
    engine: str = "local"
    #: Ray cluster address for engine "ray" (None: start/attach a local instance).
    ray_address: str | None = None
