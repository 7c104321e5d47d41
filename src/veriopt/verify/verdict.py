"""The verifier's answer: a verdict category, a machine-readable reason, Alive2's
message, a counterexample and the Alive2-format report.

Why frozen plain data: verdicts cross process boundaries (process pools, caches,
dataset files), so they must pickle and round-trip through JSON unchanged.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

CATEGORIES = ("correct", "semantic_error", "syntax_error", "inconclusive")

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
    bounded: bool = False
    report: str = ""
    warnings: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown verdict category {self.category!r}")

    @property
    def is_correct(self) -> bool:
        return self.category == "correct"

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (``json.dumps(v.to_json())``)."""
        return asdict(self)

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
        return cls(**d)
