"""The same pairs get the same verdicts on an idle and on a busy machine.

Why: the dataset filter, the RL reward and the evaluation must not depend on how
loaded the machine was (issue 14: a loaded dataset build once dropped 5 pairs for
wall-clock timeouts). The test makes the machine busy itself (CPU-bound processes,
two per core) and checks pairs where the budget matters: one proof that needs most of
its resource units, one that runs out of them, and one counterexample."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.test_verify_budget import division_identity

import veriopt

#: Units per query: the 10-bit identity needs most of them, the 12-bit one more.
RLIMIT = 3_000_000
#: Wall seconds per query, the safety net: far beyond what a busy machine needs. The
#: check's total is one query's units (``total_timeout=TIMEOUT``), to keep the test short.
TIMEOUT = 60.0

WRONG = division_identity(16).replace("%s = add", "%s = xor")

PAIRS = [division_identity(10), division_identity(12), WRONG]

_RUN = """
import json, sys
from veriopt.verify import check
out = []
for text in json.load(sys.stdin):
    v = check(text, rlimit={rlimit}, timeout={timeout}, total_timeout={timeout})
    cex = v.counterexample.input_values() if v.counterexample else None
    out.append([v.category, v.reason, v.proof, cex])
print(json.dumps(out))
"""


def verdicts_in_a_fresh_process() -> list[list[object]]:
    """In a fresh interpreter: z3's state (term ids, caches) is the same each run."""
    env = dict(os.environ, PYTHONPATH=str(Path(veriopt.__file__).resolve().parents[1]))
    done = subprocess.run([sys.executable, "-c", _RUN.format(rlimit=RLIMIT, timeout=TIMEOUT)],
                          input=json.dumps(PAIRS), capture_output=True, text=True, env=env,
                          check=True, timeout=600)
    return json.loads(done.stdout)


def test_verdicts_on_a_busy_machine_are_the_verdicts_on_an_idle_one():
    idle = verdicts_in_a_fresh_process()
    assert [v[:2] for v in idle] == [["correct", ""], ["inconclusive", "timeout:rlimit"],
                                     ["semantic_error", "value_mismatch"]]
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
                for _ in range(2 * (os.cpu_count() or 1))]
    try:
        busy = verdicts_in_a_fresh_process()
        assert all(p.poll() is None for p in spinners)  # the machine was busy throughout
    finally:
        for p in spinners:
            p.kill()
            p.wait()
    assert busy == idle
