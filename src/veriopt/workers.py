"""A process pool whose tasks have a hard wall-clock limit.

Why not `concurrent.futures`: a task there cannot be stopped, so one hung
verification (a pathological SMT query, an encoder blow-up) stalls a whole batch
or an RL step forever — the most reported failure of verifier-reward RL. Here each
worker is a process of its own; a task past its deadline gets its worker killed
and replaced, and the caller receives a `TaskTimeout` marker for that task
instead of a result. A worker that dies (segfault in a native library, OOM kill)
yields `TaskCrashed` for its task only.
"""

from __future__ import annotations

import multiprocessing as mp
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


@dataclass(frozen=True)
class TaskCrashed:
    """The worker died (signal, OOM) or the task raised; ``error`` says which."""

    error: str


def _worker_loop(conn: Connection, func: Callable[[Any], Any]) -> None:
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        index, arg = msg
        try:
            conn.send((index, True, func(arg)))
        except Exception as e:  # noqa: BLE001 - reported to the parent, never fatal
            conn.send((index, False, f"{type(e).__name__}: {e}\n{traceback.format_exc()}"))


class _Worker:
    def __init__(self, ctx: Any, func: Callable[[Any], Any]) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_loop, args=(child, func), daemon=True)
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
    """

    def __init__(self, func: Callable[[Any], Any], jobs: int, *, hard_timeout: float,
                 start_method: str = "forkserver", preload: tuple[str, ...] = ()) -> None:
        self.func = func
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
        w = _Worker(self.ctx, self.func)
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
                    _, ok, payload = conn.recv()
                except (EOFError, OSError):
                    w.proc.join(timeout=5)
                    code = w.proc.exitcode
                    self._replace(w)
                    yield index, TaskCrashed(f"worker died (exit code {code})")
                    continue
                yield index, payload if ok else TaskCrashed(payload.splitlines()[0])
            now = time.monotonic()
            for conn, w in list(busy.items()):
                if w.deadline <= now:
                    busy.pop(conn)
                    index = w.task
                    self._replace(w)
                    yield index, TaskTimeout(self.hard_timeout)
