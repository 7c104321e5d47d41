"""Importing this module warms the verifier up: one small check of each kind.

Why a module with an effect on import: a pool that forks a fresh worker per task (so
that no verdict depends on the tasks a worker ran before, `workers.KillablePool`)
should fork it from a process that has paid the verifier's first-use costs (z3's
solvers and tactics, the FP theory, caches of LLVM tool results: about 0.1-0.2 s),
and a forkserver can only *import* modules before it forks (``preload``). Every
worker then starts from the same warm state. `warm_up` is the same, callable.
"""

from __future__ import annotations

_INT = ("define i8 @src(i8 %x) {\n  %y = add i8 %x, 0\n  ret i8 %y\n}\n"
        "define i8 @tgt(i8 %x) {\n  ret i8 %x\n}\n")
_FP = ("define float @src(float %x) {\n  %y = fadd float %x, 0.0\n  ret float %y\n}\n"
       "define float @tgt(float %x) {\n  ret float %x\n}\n")


def warm_up() -> None:
    """Run the two checks (their verdicts are not used; a failure only costs speed)."""
    from veriopt.verify import check

    for text in (_INT, _FP):
        try:
            check(text, timeout=2)
        except Exception:  # noqa: BLE001 - warming up must never stop a pool
            pass


warm_up()
