"""The verifier's answer: a verdict category, a machine-readable reason, Alive2's
message, a counterexample and the Alive2-format report.

Why frozen plain data: verdicts cross process boundaries (process pools, caches,
dataset files), so they must pickle and round-trip through JSON unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Any

CATEGORIES = ("correct", "semantic_error", "syntax_error", "inconclusive")

#: What a ``correct`` verdict proves (empty for every other category):
#: ``full``: tgt refines src on every execution;
#: ``bounded``: on every execution whose loops run at most ``unroll`` iterations
#: (longer executions were cut, so a difference past the bound is not excluded);
#: ``vacuous``: src is UB on every input, so any tgt refines it (Alive2 warns).
#: Consumers decide what each kind is worth (README, "What a proof means").
PROOF_KINDS = ("full", "bounded", "vacuous")

#: Alive2's first ERROR line for each refinement failure (VERIFIER.md §2).
MESSAGES: dict[str, str] = {
    "source_more_defined": "Source is more defined than target",
    "return_domain_mismatch": "Source and target don't have the same return domain",
    "target_more_poisonous": "Target is more poisonous than source",
    "target_more_undefined": "Target's return value is more undefined",
    "value_mismatch": "Value mismatch",
    "memory_mismatch": "Mismatch in memory",
    "parameter_attributes": "Parameter attributes not refined",
    "function_attributes": "Function attributes not refined",
    # (the global's name follows: "... because global variable @g is const in source
    # but not in target")
    "global_const": "Transformation is incorrect because global variable",
    "signature_mismatch": "Signature mismatch between src and tgt",
    "timeout": "Timeout",
    "source_no_return": "The source program doesn't reach a return instruction.\n"
                        "Consider increasing the unroll factor if it has loops",
    "target_no_return": "The target program doesn't reach a return instruction.\n"
                        "Consider increasing the unroll factor if it has loops",
}


#: Why a check timed out (``Verdict.reason``): a deterministic limit (z3's resource
#: limit, or the encoder's instruction budget) ended it, the same on any machine; or a
#: query's CPU-time limit did (z3 counted its work slowly), the same on an idle and a
#: busy machine of one speed; or the wall clock, the safety net, stopped it (then a
#: less busy machine may answer).
TIMEOUT_RLIMIT = "timeout:rlimit"
TIMEOUT_CPU = "timeout:cpu"
TIMEOUT_WALL = "timeout:wall"
#: The timeouts that do not depend on the load: a check may answer at a lower loop
#: bound after one of them, the same way on any machine.
LOAD_INDEPENDENT_TIMEOUTS = (TIMEOUT_RLIMIT, TIMEOUT_CPU)


def is_timeout(reason: str) -> bool:
    """Is this reason a timeout of any limit (also ``timeout``, from records written
    before the limits were told apart)?"""
    return reason == "timeout" or reason.startswith("timeout:")


@dataclass(frozen=True)
class NamedValue:
    """One line of a counterexample: ``i8 %x = #x00 (0)``."""

    type: str
    name: str
    value: str

    def render(self) -> str:
        return f"{self.type} {self.name} = {self.value}"


@dataclass(frozen=True)
class Counterexample:
    """Inputs that make the transformation wrong, with what each side did.

    ``src_trace``/``tgt_trace`` are the report's ``Source:``/``Target:`` lines (the
    named instructions on the executed path, jumps, where UB was triggered).
    ``src_value``/``tgt_value`` are the printed return values (None for the UB stage).
    """

    inputs: tuple[NamedValue, ...] = ()
    src_trace: tuple[str, ...] = ()
    tgt_trace: tuple[str, ...] = ()
    src_value: str | None = None
    tgt_value: str | None = None

    def input_values(self) -> dict[str, str]:
        """Inputs as ``{"%x": "#x00 (0)"}``."""
        return {v.name: v.value for v in self.inputs}


@dataclass(frozen=True)
class Verdict:
    category: str
    reason: str = ""
    message: str = ""
    counterexample: Counterexample | None = None
    is_copy: bool = False
    solver_seconds: float = 0.0
    report: str = ""
    warnings: tuple[str, ...] = field(default=())
    #: the kind of proof behind a ``correct`` (PROOF_KINDS); "" otherwise.
    proof: str = ""
    #: the loop bound a ``bounded`` proof holds for; None otherwise.
    unroll: int | None = None

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown verdict category {self.category!r}")
        if self.category == "correct":
            if self.proof not in PROOF_KINDS:
                raise ValueError(f"a correct verdict needs a proof kind, got {self.proof!r}")
        elif self.proof:
            raise ValueError(f"only a correct verdict has a proof kind ({self.category})")
        if (self.proof == "bounded") != (self.unroll is not None):
            raise ValueError("the unroll bound is given exactly for bounded proofs")

    @property
    def bounded(self) -> bool:
        """A proof that holds only for executions within the loop bound."""
        return self.proof == "bounded"

    @property
    def is_full_proof(self) -> bool:
        return self.proof == "full"

    @property
    def is_correct(self) -> bool:
        return self.category == "correct"

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (``json.dumps(v.to_json())``); ``bounded`` is kept for
        readers written before proof kinds."""
        return {**asdict(self), "bounded": self.bounded}

    @classmethod
    def from_json(cls, data: dict[str, Any] | str) -> Verdict:
        if isinstance(data, str):
            data = json.loads(data)
        d = dict(data)
        cex = d.get("counterexample")
        if cex is not None:
            cex = dict(cex)
            cex["inputs"] = tuple(NamedValue(**v) for v in cex.get("inputs", ()))
            cex["src_trace"] = tuple(cex.get("src_trace", ()))
            cex["tgt_trace"] = tuple(cex.get("tgt_trace", ()))
            d["counterexample"] = Counterexample(**cex)
        d["warnings"] = tuple(d.get("warnings", ()))
        if "proof" not in d and d.get("category") == "correct":  # records before proof kinds
            d["proof"] = "bounded" if d.get("bounded") else \
                ("vacuous" if d.get("reason") == "source_always_ub" else "full")
            if d["proof"] == "bounded" and d.get("unroll") is None:
                d["unroll"] = -1  # the bound was not recorded
        d.pop("bounded", None)
        return cls(**d)


#: Verdict categories from worst to best: what a run over several functions reports
#: (and `veriopt verify` exits with). A wrong transformation outranks a broken input,
#: which outranks an unknown answer.
SEVERITY = ("semantic_error", "syntax_error", "inconclusive", "correct")


def worst_category(categories: Iterable[str]) -> str:
    """The worst of ``categories`` (SEVERITY); "correct" for none."""
    return min(categories, key=SEVERITY.index, default="correct")


@dataclass(frozen=True)
class FunctionVerdict:
    """One function's verdict in a check of whole modules. ``name`` is the src
    function's name, or None for a verdict on the inputs themselves (they did not
    load, or share no function)."""

    name: str | None
    verdict: Verdict

    def to_json(self) -> dict[str, Any]:
        return {"function": self.name, **self.verdict.to_json()}


@dataclass(frozen=True)
class FunctionVerdicts:
    """The verdicts of `check_functions`, in src's order, and the definitions that
    were not checked because only one module has them."""

    verdicts: tuple[FunctionVerdict, ...]
    src_only: tuple[str, ...] = ()
    tgt_only: tuple[str, ...] = ()

    @property
    def category(self) -> str:
        """The worst category of all verdicts (SEVERITY)."""
        return worst_category(v.verdict.category for v in self.verdicts)

    def __iter__(self) -> Iterator[FunctionVerdict]:
        return iter(self.verdicts)

    def __len__(self) -> int:
        return len(self.verdicts)

    def map(self, f: Callable[[Verdict], Verdict]) -> FunctionVerdicts:
        """The same verdicts, each passed through ``f`` (e.g. naming the user's files)."""
        return replace(self, verdicts=tuple(replace(v, verdict=f(v.verdict))
                                            for v in self.verdicts))

    def to_json(self) -> list[dict[str, Any]]:
        """One JSON object per verdict: ``{"function": name, **verdict}``."""
        return [v.to_json() for v in self.verdicts]
