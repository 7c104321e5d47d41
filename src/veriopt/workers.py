"""A process pool whose tasks have a hard wall-clock limit.

Why not `concurrent.futures`: a task there cannot be stopped, so one hung
verification (a pathological SMT query, an encoder blow-up) stalls a whole batch
or an RL step forever — the most reported failure of verifier-reward RL. Here each
worker is a process of its own; a task past its deadline gets its worker killed
and replaced, and the caller receives a `TaskTimeout` marker for that task
instead of a result. A worker that dies (segfault in a native library, OOM kill)
yields `TaskCrashed` for its task only.

Memory: each worker runs under an address-space cap (``RLIMIT_AS``, one value per
pool, `DEFAULT_MEMORY_MB` unless given). A task that runs into it (Python's
``MemoryError``, or the worker killed by SIGKILL, which is what the kernel's OOM
killer sends) yields ``TaskCrashed(kind="memory")`` and its worker is replaced; the
other tasks never notice. z3 answers ``unknown`` when its own allocations fail
under the cap, which the verifier already reports as inconclusive.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import signal
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any


@dataclass(frozen=True)
class TaskTimeout:
    """The task ran past the pool's hard limit; its worker was killed."""

    seconds: float


#: Address-space cap of a worker process (MiB). A verification that needs more is
#: almost always a blow-up (unrolled loops, huge candidates), not a real need; the
#: cap turns it into an inconclusive verdict instead of a machine-wide OOM kill.
DEFAULT_MEMORY_MB = 4096
#: Exit status of a worker that ran out of memory and could not even report it.
_MEMORY_EXIT = 86


@dataclass(frozen=True)
class TaskCrashed:
    """The worker died (signal, OOM) or the task raised; ``error`` says which.

    ``kind``: "error" (the task raised), "died" (the worker process ended) or
    "memory" (out of memory under the pool's cap, or killed by SIGKILL)."""

    error: str
    kind: str = "error"

    @property
    def reason(self) -> str:
        """The inconclusive reason this crash stands for (``resource:memory``, ...)."""
        return {"memory": "resource:memory", "died": "worker_crashed"}.get(self.kind,
                                                                             "internal_error")


def _limit_memory(memory_mb: int | None) -> None:
    """The soft RLIMIT_AS of this worker. The LLVM tools it starts inherit it (an
    ``opt`` that needs more than the cap fails, as a tool fault); the hard limit is
    left alone so that nothing is lowered for good."""
    if not memory_mb:
        return
    limit = memory_mb * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):  # not permitted here: run without the cap
        pass


def _worker_loop(conn: Connection, func: Callable[[Any], Any], memory_mb: int | None = None,
                 one_task: bool = False) -> None:
    _limit_memory(memory_mb)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        index, arg = msg
        try:
            conn.send((index, "ok", func(arg)))
        except MemoryError:
            # The heap may be in any state now: report, then end this worker.
            try:
                conn.send((index, "memory", f"out of memory (cap {memory_mb} MiB)"))
            finally:
                os._exit(_MEMORY_EXIT)
        except Exception as e:  # noqa: BLE001 - reported to the parent, never fatal
            conn.send((index, "error", f"{type(e).__name__}: {e}\n{traceback.format_exc()}"))
        if one_task:
            return


class _Worker:
    def __init__(self, ctx: Any, func: Callable[[Any], Any], memory_mb: int | None,
                 one_task: bool = False) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_loop, args=(child, func, memory_mb, one_task),
                                daemon=True)
        self.proc.start()
        child.close()
        self.task: int | None = None
        self.deadline = 0.0

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(timeout=5)
        self.conn.close()


class KillablePool:
    """``jobs`` worker processes running ``func`` (a picklable top-level function).

    Use as a context manager; `imap_unordered` yields ``(index, result)`` where
    result is func's return value, `TaskTimeout` or `TaskCrashed`.

    ``fresh_per_task``: each task runs in a worker of its own, forked from the
    forkserver (imports of ``preload`` done, nothing else run). Verification needs it
    for verdicts that do not depend on scheduling: z3's search depends on its context's
    history (term ids, the order simplification sorts operands in), so a query near its
    resource limit may be answered after one earlier task and not after another, and
    which earlier tasks a long-lived worker ran depends on timing, hence on load.
    """

    def __init__(self, func: Callable[[Any], Any], jobs: int, *, hard_timeout: float,
                 start_method: str = "forkserver", preload: tuple[str, ...] = (),
                 memory_mb: int | None = DEFAULT_MEMORY_MB, fresh_per_task: bool = False
                 ) -> None:
        self.func = func
        self.fresh_per_task = fresh_per_task
        self.memory_mb = memory_mb
        self.jobs = max(1, jobs)
        self.hard_timeout = hard_timeout
        self.ctx = mp.get_context(start_method)
        if start_method == "forkserver" and preload:
            self.ctx.set_forkserver_preload(list(preload))
        self.workers: list[_Worker] = []

    def __enter__(self) -> KillablePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for w in self.workers:
            try:
                if w.task is None:
                    w.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
            w.kill()
        self.workers = []

    def _spawn(self) -> _Worker:
        w = _Worker(self.ctx, self.func, self.memory_mb, self.fresh_per_task)
        self.workers.append(w)
        return w

    def _replace(self, w: _Worker) -> None:
        w.kill()
        self.workers.remove(w)

    def imap_unordered(self, args: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        """Run ``func`` on each arg; results arrive as they finish, each with its index."""
        todo = list(enumerate(args))
        todo.reverse()
        busy: dict[Connection, _Worker] = {}
        while todo or busy:
            while len(self.workers) < min(self.jobs, len(todo) + len(busy)):
                self._spawn()
            for w in list(self.workers):
                if w.task is None and todo:
                    index, arg = todo.pop()
                    try:
                        w.conn.send((index, arg))
                    except (OSError, BrokenPipeError):
                        self._replace(w)
                        todo.append((index, arg))
                        continue
                    w.task, w.deadline = index, time.monotonic() + self.hard_timeout
                    busy[w.conn] = w
            if not busy:
                continue
            timeout = max(0.0, min(w.deadline for w in busy.values()) - time.monotonic())
            ready = wait(list(busy), timeout=timeout)
            for conn in ready:
                w = busy.pop(conn)
                index, w.task = w.task, None
                try:
                    _, status, payload = conn.recv()
                except (EOFError, OSError):
                    w.proc.join(timeout=5)
                    yield index, _death(w.proc.exitcode)
                    self._replace(w)
                    continue
                if status == "memory":
                    self._replace(w)
                    yield index, TaskCrashed(payload, kind="memory")
                    continue
                if self.fresh_per_task:
                    self._replace(w)  # it has exited after its one task
                yield index, payload if status == "ok" else TaskCrashed(payload.splitlines()[0])
            now = time.monotonic()
            for conn, w in list(busy.items()):
                if w.deadline <= now:
                    busy.pop(conn)
                    index = w.task
                    self._replace(w)
                    yield index, TaskTimeout(self.hard_timeout)


def _death(exitcode: int | None) -> TaskCrashed:
    """Why a worker ended mid-task. SIGKILL is what the kernel's OOM killer sends (we
    only kill workers past their deadline, and those give TaskTimeout instead)."""
    if exitcode == _MEMORY_EXIT:
        return TaskCrashed("out of memory under the worker's cap", kind="memory")
    if exitcode == -signal.SIGKILL:
        return TaskCrashed("worker killed (SIGKILL: out of memory?)", kind="memory")
    return TaskCrashed(f"worker died (exit code {exitcode})", kind="died")
