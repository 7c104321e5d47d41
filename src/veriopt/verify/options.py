"""`VerifyOptions`: everything that changes what one check answers, in one place.

Why one object: the dataset filter, the RL reward, the evaluation and `veriopt opt`
all call the same verifier, and a verdict is only comparable between them when
they ran under the same budget, loop bound and limits. The options are also the
verdict cache's key, so a field that changes a verdict must live here.

`ProofPolicy` is separate on purpose: it does not change what the verifier
proves, only what a consumer does with each kind of proof (`Verdict.proof`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from veriopt.verify.verdict import PROOF_KINDS, Verdict

#: z3 resource units (``rlimit``) per second of solving on an idle machine: the rate
#: that turns a time budget (``VerifyOptions.timeout``) into a deterministic one.
#: Calibrated on the queries of ../shared/conformance-real (benchmarks/RESULTS.md,
#: "rlimit calibration", benchmarks/rlimit_calibration.py).
RLIMIT_PER_SECOND = 2_800_000

#: How many times its idle-machine time a query may take in CPU time (cpu_net.py), and
#: a check in wall-clock time, before that limit stops it: a machine this much slower
#: (busy) still reaches the deterministic limits first.
WALL_SLACK = 10.0


@dataclass(frozen=True)
class VerifyOptions:
    """How one ``check`` runs. Defaults reproduce Alive2's defaults where it has one."""

    #: seconds per SMT query (Alive2's ``-smt-to``, in seconds) on an idle machine: spent
    #: as z3 resource units (``rlimit``), so a verdict does not depend on the load; the
    #: wall clock stops a query only at ``WALL_SLACK`` times this (solving.Budget).
    timeout: float = 10.0
    #: z3 resource units per query; None: ``timeout`` at the calibrated rate
    #: (``RLIMIT_PER_SECOND``, about today's ``timeout`` seconds on an idle machine).
    rlimit: int | None = None
    #: loop unroll bound; None: the adaptive default (shallow-first, then deeper).
    unroll: int | None = None
    #: highest bound the adaptive search may raise to; None: its own limit.
    max_unroll: int | None = None
    #: concrete inputs tried by fast refutation before any SMT query.
    refute_samples: int = 256
    #: seed of the refutation inputs (verdicts are deterministic for a seed).
    seed: int = 0
    #: Alive2's ``-disable-undef-input`` / ``-disable-poison-input``.
    disable_undef_input: bool = False
    disable_poison_input: bool = False

    # ---- one deadline per check ------------------------------------------------------
    #: idle-machine seconds of solving for the whole check (every query together, in
    #: resource units like ``timeout``); None: ``3 * timeout``. Past it the answer is
    #: ``inconclusive`` (``timeout:rlimit``). The wall-clock safety net of the whole
    #: check (canonicalisation, parsing, encoding, solving) is ``wall_seconds``.
    total_timeout: float | None = None

    # ---- input size limits: larger inputs are ``inconclusive`` (``too_large``) at once --
    # Why: the cost of a check grows with the input faster than linearly (the encoder,
    # the solver, and LLVM's own recursion on nested constant expressions), so inputs
    # far beyond anything verifiable in a check's time are refused before any work.
    # The defaults are about 100x the largest real (-O0, instcombine) function we have
    # (7 KB, 29 blocks, 153 instructions, constant-expression depth 4).
    #: bytes of IR text in one input (src or tgt, before canonicalisation).
    max_input_bytes: int = 1 << 20
    #: deepest nesting of parentheses (constant expressions, types) in one input.
    max_nesting: int = 128
    #: function definitions in one module.
    max_functions: int = 2000
    #: basic blocks in one function definition.
    max_blocks: int = 2000
    #: instructions in one function definition (the passes before encoding take about
    #: a second per 2,500 instructions, past any deadline).
    max_instructions: int = 5_000

    def deadline_seconds(self) -> float:
        """The idle-machine solving time one check may take in all (``total_timeout``)."""
        return 3 * self.timeout if self.total_timeout is None else self.total_timeout

    def query_rlimit(self) -> int:
        """z3 resource units per query (see ``rlimit``)."""
        return self.rlimit if self.rlimit is not None else int(self.timeout * RLIMIT_PER_SECOND)

    def wall_seconds(self) -> float:
        """The wall-clock safety net of one check: past it, whatever is running stops
        and the answer is ``inconclusive`` (``timeout:wall``)."""
        return WALL_SLACK * self.deadline_seconds()

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ProofPolicy:
    """Which kinds of ``correct`` a consumer counts as verified.

    ``vacuous`` (src is UB on every input) is never useful as a rewrite and is never
    accepted by the defaults; ``bounded`` holds only for executions within the loop
    bound (Alive2's own ``correct`` on a loop is of this kind, at bound 0)."""

    accept: frozenset[str] = field(default_factory=lambda: frozenset({"full"}))

    def __post_init__(self) -> None:
        unknown = set(self.accept) - set(PROOF_KINDS)
        if unknown:
            raise ValueError(f"unknown proof kinds {sorted(unknown)}; known: {PROOF_KINDS}")

    def accepts(self, verdict: Verdict) -> bool:
        """Is this verdict a proof this consumer trusts?"""
        return self.accepts_proof(verdict.category, verdict.proof)

    def accepts_proof(self, category: str, proof: str) -> bool:
        """`accepts` for a verdict recorded as plain data (a score, a JSON record)."""
        return category == "correct" and proof in self.accept

    @classmethod
    def of(cls, *kinds: str) -> ProofPolicy:
        return cls(frozenset(kinds))

    @classmethod
    def named(cls, name: str) -> ProofPolicy:
        """A policy by its config name (`POLICY_NAMES`), e.g. ``"full_or_bounded"``."""
        try:
            return POLICY_NAMES[name]
        except KeyError:
            raise ValueError(f"unknown proof policy {name!r}; one of "
                             f"{', '.join(POLICY_NAMES)}") from None

    @property
    def name(self) -> str:
        return next((n for n, p in POLICY_NAMES.items() if p == self),
                    "+".join(k for k in PROOF_KINDS if k in self.accept))


#: full proofs only: what `veriopt opt` links into a user's program by default.
FULL_ONLY = ProofPolicy.of("full")
#: full and bounded proofs: the paper's (and Alive2's) notion of "correct".
FULL_OR_BOUNDED = ProofPolicy.of("full", "bounded")

#: Config names of the policies (YAML keys and CLI flags map onto these).
POLICY_NAMES = {"full_only": FULL_ONLY, "full_or_bounded": FULL_OR_BOUNDED}
