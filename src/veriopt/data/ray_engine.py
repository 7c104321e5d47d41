"""Run the per-file pipeline on a Ray cluster (`--engine ray`), for corpora that
outgrow one machine. Same function, same results, same resumable work directory:
only the scheduler changes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from veriopt.data.config import DatasetConfig
from veriopt.data.pipeline import process_source
from veriopt.errors import VeriOptError


def run_on_ray(todo: list[tuple[str, str]], cfg: DatasetConfig) -> Iterator[dict[str, Any]]:
    """Yield per-file results as Ray tasks finish (one task per source file).

    Source paths must be readable on the workers (a shared file system), as with
    any Ray batch job; LLVM 19 must be installed on every node.
    """
    try:
        import ray
    except ImportError:
        raise VeriOptError("--engine ray needs Ray: pip install -e '.[ray]'") from None
    started_here = not ray.is_initialized()
    if started_here:
        kwargs: dict[str, Any] = {"ignore_reinit_error": True, "include_dashboard": False,
                                  "log_to_driver": False}
        if cfg.ray_address:
            kwargs["address"] = cfg.ray_address
        elif cfg.jobs:
            kwargs["num_cpus"] = cfg.jobs
        ray.init(**kwargs)
    task = ray.remote(max_retries=1)(process_source)
    refs = {task.remote(path, key, cfg): key for path, key in todo}
    pending = list(refs)
    try:
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            for ref in done:
                try:
                    yield ray.get(ref)
                except Exception as e:  # noqa: BLE001 - a lost worker loses one file
                    yield {"file": refs[ref], "status": "crashed",
                           "error": f"ray task failed: {type(e).__name__}", "flags": [],
                           "records": [], "rejects": [], "seconds": 0.0}
    finally:
        for ref in pending:
            ray.cancel(ref, force=True)
        if started_here:
            ray.shutdown()
