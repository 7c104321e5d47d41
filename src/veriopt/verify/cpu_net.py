"""A CPU-time limit for one z3 check: the net under the resource limit.

Why: a query's deterministic limit is z3's ``rlimit``, but z3 does not count its work
at one rate. Calibrated at 2.8M units per idle second, some FP queries count 0.24M
per second (in z3's FP tactic and in its general solver alike, on different
queries; benchmarks/RESULTS.md, "FP queries and the rlimit"), so a query can run ten
times its budget before its units run out. A wall-clock limit on such a query ends it
sooner on a busy machine than on an idle one: the verdict then depends on the load.
The CPU time of the thread that runs the check does not grow with the load (the
thread is not charged while it waits for a core), so a limit on it ends the query at
the same point of its work on an idle and on a busy machine of the same speed.

z3 has no CPU-time limit of its own, so a watcher thread reads the checking thread's
CPU clock and interrupts the context (``Context.interrupt``: z3's own cancellation,
the one its wall-clock ``timeout`` uses) once the limit is spent. The watcher sleeps
while the limit cannot have been reached (CPU time grows no faster than wall time),
so a query that ends within its limit costs one lock and one notify.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import z3


@dataclass(eq=False)
class _Job:
    clock: int  # the checking thread's CPU clock (time.pthread_getcpuclockid)
    limit: float  # that clock's reading at which the check is interrupted
    ctx: z3.Context
    fired: bool = False


class CpuNet:
    """Interrupts a z3 check whose thread has used up its CPU seconds (`guard`)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._jobs: list[_Job] = []
        self._watcher: threading.Thread | None = None

    @contextmanager
    def guard(self, ctx: z3.Context, cpu_seconds: float) -> Iterator[_Job | None]:
        """Run the block (one ``check``) under a limit of ``cpu_seconds`` of this
        thread's CPU time; the yielded job's ``fired`` says whether the limit ended it.
        Yields None where the platform has no per-thread CPU clock (then only z3's own
        limits apply)."""
        clock = thread_cpu_clock()
        if clock is None:
            yield None
            return
        job = _Job(clock, time.clock_gettime(clock) + cpu_seconds, ctx)
        with self._cond:
            self._start()
            self._jobs.append(job)
            self._cond.notify()
        try:
            yield job
        finally:
            with self._cond:
                if job in self._jobs:
                    self._jobs.remove(job)
            if job.fired:
                # The interrupt may have landed after the check had finished: z3 then
                # keeps the context cancelled, and the next simplification would
                # silently do nothing. Any check clears it.
                z3.SolverFor("QF_BV", ctx=ctx).check()

    def reset_after_fork(self) -> None:
        """A forked child has no watcher, and a lock its parent's watcher may have held
        at the fork: start afresh."""
        self._cond = threading.Condition()
        self._jobs = []
        self._watcher = None

    def _start(self) -> None:
        if self._watcher is None or not self._watcher.is_alive():
            self._watcher = threading.Thread(target=self._watch, name="z3-cpu-net",
                                             daemon=True)
            self._watcher.start()

    def _watch(self) -> None:
        with self._cond:
            while True:
                if not self._jobs:
                    self._cond.wait()
                    continue
                wait = float("inf")
                for job in list(self._jobs):
                    try:
                        left = job.limit - time.clock_gettime(job.clock)
                    except OSError:  # its thread is gone: nothing left to stop
                        self._jobs.remove(job)
                        continue
                    if left <= 0:
                        job.fired = True
                        self._jobs.remove(job)
                        job.ctx.interrupt()
                    else:
                        wait = min(wait, left)
                if self._jobs:
                    # CPU time grows no faster than wall time: no need to look sooner.
                    self._cond.wait(timeout=max(wait, 0.005))


def thread_cpu_clock() -> int | None:
    """The calling thread's CPU clock id, or None where there is none (not Linux/BSD)."""
    try:
        return time.pthread_getcpuclockid(threading.get_ident())
    except (AttributeError, OSError):
        return None


#: The process's one watcher (a thread, started at the first guarded check).
CPU_NET = CpuNet()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=CPU_NET.reset_after_fork)

__all__ = ["CPU_NET", "CpuNet", "thread_cpu_clock"]
