"""The verifier: is an optimised function a refinement of its input?

``check(src, tgt)`` answers with a `Verdict` (correct / semantic_error /
syntax_error / inconclusive), Alive2's message, a counterexample and an
Alive2-format report. A wrong "correct" is the worst bug this package can have;
"inconclusive" is always an honest answer.
"""

from veriopt.verify.api import check, function_pairs
from veriopt.verify.verdict import CATEGORIES, Counterexample, NamedValue, Verdict

__all__ = ["CATEGORIES", "Counterexample", "NamedValue", "Verdict", "check", "function_pairs"]
