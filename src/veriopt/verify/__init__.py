"""The verifier: is an optimised function a refinement of its input?

``check(src, tgt)`` answers with a `Verdict` (correct / semantic_error /
syntax_error / inconclusive, and for a correct one the kind of proof: full, bounded
or vacuous), Alive2's message, a counterexample and an Alive2-format report;
``check_functions(src, tgt)`` answers for every function pair of two modules, as
alive-tv does. A wrong "correct" is the worst bug this package can have;
"inconclusive" is always an honest answer (docs/proofs.md).
"""

from veriopt.verify.api import check, check_functions, function_pairs
from veriopt.verify.verdict import (
    CATEGORIES,
    Counterexample,
    FunctionVerdict,
    FunctionVerdicts,
    NamedValue,
    Verdict,
)

__all__ = ["CATEGORIES", "Counterexample", "FunctionVerdict", "FunctionVerdicts", "NamedValue",
           "Verdict", "check", "check_functions", "function_pairs"]
