"""The killable pool: hung and crashing tasks cost only themselves."""

from __future__ import annotations

import os
import time

from veriopt.workers import KillablePool, TaskCrashed, TaskTimeout


def _task(x: int) -> int:
    if x == 3:
        time.sleep(60)  # hangs
    if x == 5:
        os._exit(9)  # dies like a segfaulting native library
    if x == 7:
        raise ValueError("bad input 7")
    return x * x


def test_hung_and_crashing_tasks_do_not_stall_the_others():
    # The hung task ends as a TaskTimeout (its 60 s sleep cut at the hard timeout) and
    # every other task still has its result: no stopwatch needed, so no load dependence.
    with KillablePool(_task, jobs=2, hard_timeout=5.0, start_method="fork") as pool:
        results = dict(pool.imap_unordered(range(10)))
    assert isinstance(results[3], TaskTimeout)
    assert isinstance(results[5], TaskCrashed) and "exit code 9" in results[5].error
    assert isinstance(results[7], TaskCrashed) and "bad input 7" in results[7].error
    assert {k: v for k, v in results.items() if k not in (3, 5, 7)} == {
        k: k * k for k in (0, 1, 2, 4, 6, 8, 9)}


def test_pool_is_reusable_after_a_timeout():
    with KillablePool(_task, jobs=1, hard_timeout=3.0, start_method="fork") as pool:
        first = dict(pool.imap_unordered([3, 2]))
        second = dict(pool.imap_unordered([4]))
    assert isinstance(first[0], TaskTimeout) and first[1] == 4
    assert second == {0: 16}


def _hungry(x: int) -> int:
    if x == 1:
        hog = bytearray(2 * 2**30)  # 2 GiB: over the pool's 512 MiB cap
        return len(hog)
    if x == 2:
        os.kill(os.getpid(), 9)  # what the kernel's OOM killer does
    return x


def test_a_task_over_the_memory_cap_costs_only_itself():
    with KillablePool(_hungry, jobs=1, hard_timeout=30.0, start_method="fork",
                      memory_mb=512) as pool:
        results = dict(pool.imap_unordered([0, 1, 2, 3]))
    assert results[0] == 0 and results[3] == 3
    for i in (1, 2):
        assert isinstance(results[i], TaskCrashed) and results[i].kind == "memory"
        assert results[i].reason == "resource:memory"


def test_a_crashing_worker_is_not_reported_as_out_of_memory():
    with KillablePool(_task, jobs=1, hard_timeout=5.0, start_method="fork") as pool:
        results = dict(pool.imap_unordered([5, 7]))
    assert results[0].kind == "died" and results[0].reason == "worker_crashed"
    assert results[1].kind == "error"


def test_a_worker_out_of_memory_scores_inconclusive_resource_memory():
    from veriopt.model.scoring import _to_score

    score = _to_score(TaskCrashed("out of memory", kind="memory"), "src")
    assert (score.category, score.reason, score.verified) == (
        "inconclusive", "resource:memory", False)


_TASKS_RUN_HERE = 0


def _history(x: int) -> tuple[int, int]:
    """How many tasks this process ran before, and the id z3 gives a new term: both
    are the worker's history, which a verdict must not depend on."""
    import z3

    global _TASKS_RUN_HERE
    _TASKS_RUN_HERE += 1
    term = z3.BitVec(f"fresh_{x}", 8) + x  # a new term per task: ids grow in a warm worker
    return _TASKS_RUN_HERE, term.get_id()


def test_fresh_per_task_workers_start_every_task_from_the_same_state():
    with KillablePool(_history, 2, hard_timeout=60, start_method="fork",
                      fresh_per_task=True) as pool:
        fresh = dict(pool.imap_unordered(range(8)))
    assert {ran for ran, _ in fresh.values()} == {1}
    # the same z3 context state: the k-th new term gets the same id in every task
    assert len({term_id for _, term_id in fresh.values()}) == 1
    with KillablePool(_history, 1, hard_timeout=60, start_method="fork") as pool:
        warm = dict(pool.imap_unordered(range(4)))
    assert sorted(ran for ran, _ in warm.values()) == [1, 2, 3, 4]  # the default reuses
