"""`veriopt dataset build`: sources -> verified pairs -> filters -> split -> export.

Work is done per source file (in a process pool, or on Ray) and each file's
result is written atomically to ``OUT/work/files/`` as soon as it is done, so an
interrupted build resumes without redoing finished files and a crash (or a full
disk) never corrupts what was written. The final stages (filters, dedup, split,
export, card) are cheap and are recomputed from the per-file results every run.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import logging
import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict
from pathlib import Path
from typing import Any

from veriopt.data.config import DatasetConfig
from veriopt.data.pipeline import process_source, result_filename, source_key
from veriopt.errors import ConfigError, VeriOptError

log = logging.getLogger(__name__)

SOURCE_SUFFIXES = (".c", ".cc", ".cpp", ".cxx")


def find_sources(paths: Iterable[str | Path]) -> tuple[list[Path], Path | None]:
    """C/C++ files under ``paths`` (files or folders), sorted, and their common root
    (used to give each file a stable, machine-independent key)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.suffix in SOURCE_SUFFIXES
                                and f.is_file()))
        elif p.is_file():
            files.append(p)
        else:
            raise VeriOptError(f"{p}: no such file or directory")
    files = sorted(set(files))
    if not files:
        raise VeriOptError("no C/C++ sources (.c, .cc, .cpp, .cxx) found in "
                           + ", ".join(map(str, paths)))
    roots = [p.resolve() if p.is_dir() else p.resolve().parent for p in map(Path, paths)]
    root = Path(os.path.commonpath([str(r) for r in roots])) if roots else None
    return files, root


def _config_fingerprint(cfg: DatasetConfig) -> dict[str, Any]:
    """Settings that change per-file results (not jobs/engine/filters/split)."""
    keys = ("target", "sysroot", "include_dirs", "extra_flags", "retry_gnu89",
            "compile_timeout", "tool_timeout", "verify")
    d = asdict(cfg)
    return {k: d[k] for k in keys}


def write_json_atomic(path: Path, data: Any) -> None:
    """Write then rename: a reader (or a resumed build) never sees half a file."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w") as f:
        json.dump(data, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class WorkDir:
    """``OUT/work``: per-file results plus the fingerprint of the settings they used."""

    def __init__(self, out: Path, cfg: DatasetConfig, *, restart: bool = False) -> None:
        self.files_dir = out / "work" / "files"
        self.files_dir.mkdir(parents=True, exist_ok=True)
        stamp = out / "work" / "settings.json"
        fingerprint = _config_fingerprint(cfg)
        if stamp.exists() and not restart:
            old = json.loads(stamp.read_text())
            if old != fingerprint:
                changed = sorted(k for k in fingerprint if old.get(k) != fingerprint[k])
                raise ConfigError(f"{out} was built with different settings "
                                  f"({', '.join(changed)}); use --restart to rebuild it or "
                                  "choose another --out")
        if restart:
            for f in self.files_dir.glob("*.json"):
                f.unlink()
        write_json_atomic(stamp, fingerprint)

    def path(self, key: str) -> Path:
        return self.files_dir / result_filename(key)

    def done(self, key: str) -> bool:
        return self.path(key).exists()

    def save(self, result: dict[str, Any]) -> None:
        write_json_atomic(self.path(result["file"]), result)

    def load(self, key: str) -> dict[str, Any] | None:
        try:
            return json.loads(self.path(key).read_text())
        except (OSError, json.JSONDecodeError):
            return None


def _fresh_workers() -> Any:
    """Workers forked one per source file from a forkserver that imported the pipeline
    and ran nothing: z3's answers near a resource limit depend on what its context ran
    before, so a long-lived worker would make a file's pairs depend on which files it
    happened to get (on timing, hence on load). Within a file the order is fixed."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["veriopt.data.pipeline"])
    return ctx


def _run_local(todo: list[tuple[str, str]], cfg: DatasetConfig, jobs: int
               ) -> Iterator[dict[str, Any]]:
    """Process files in a pool; a worker that dies takes only its own file with it."""
    pending = list(todo)
    while pending:
        with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=_fresh_workers(),
                                    max_tasks_per_child=1) as pool:
            futures = {pool.submit(process_source, path, key, cfg): (path, key)
                       for path, key in pending}
            pending = []
            broken = False
            for fut in cf.as_completed(futures):
                path, key = futures[fut]
                try:
                    yield fut.result()
                except BrokenProcessPool:
                    broken = True
                    pending.append((path, key))
                except Exception as e:  # noqa: BLE001 - never fatal for the build
                    yield _crash(key, f"{type(e).__name__}: {e}")
        if broken and pending:
            # Which file killed the pool is unknown: retry each alone, one pool per file.
            for path, key in pending:
                yield from _run_isolated(path, key, cfg)
            pending = []


def _run_isolated(path: str, key: str, cfg: DatasetConfig) -> Iterator[dict[str, Any]]:
    with cf.ProcessPoolExecutor(max_workers=1) as pool:
        try:
            yield pool.submit(process_source, path, key, cfg).result()
        except BrokenProcessPool:
            yield _crash(key, "worker process died (killed or crashed)")
        except Exception as e:  # noqa: BLE001
            yield _crash(key, f"{type(e).__name__}: {e}")


def _crash(key: str, error: str) -> dict[str, Any]:
    return {"file": key, "status": "crashed", "error": error.splitlines()[0], "flags": [],
            "records": [], "rejects": [], "seconds": 0.0}


def build_dataset(sources: Iterable[str | Path], out: str | Path, cfg: DatasetConfig, *,
                  restart: bool = False, progress: bool = True,
                  on_file: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Build (or resume) the dataset in ``out``; returns the summary written to
    ``out/build.json``."""
    from veriopt.data.export import export_dataset

    start = time.monotonic()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files, root = find_sources(sources)
    work = WorkDir(out, cfg, restart=restart)
    keyed = [(str(f), source_key(f, root)) for f in files]
    todo = [(p, k) for p, k in keyed if not work.done(k)]
    resumed = len(keyed) - len(todo)
    jobs = cfg.jobs or os.cpu_count() or 1
    if todo:
        runner = _run_ray(todo, cfg) if cfg.engine == "ray" else _run_local(todo, cfg, jobs)
        bar = _progress(len(todo), progress, resumed)
        functions = 0  # the pipeline's unit of work: the bar shows functions/s
        try:
            for result in runner:
                work.save(result)
                if on_file:
                    on_file(result)
                if bar:
                    n_ok = len(result["records"])
                    functions += n_ok + len(result["rejects"])
                    rate = functions / max(1e-9, time.monotonic() - start)
                    bar.set_postfix_str(f"{rate:.1f} functions/s, {result['file'][-40:]}: "
                                        f"{n_ok} pairs", refresh=False)
                    bar.update(1)
        finally:
            if bar:
                bar.close()
    results = [r for _, k in keyed if (r := work.load(k)) is not None]
    summary = export_dataset(results, out, cfg, wall_seconds=time.monotonic() - start,
                             resumed_files=resumed)
    return summary


def _progress(total: int, enabled: bool, resumed: int):
    if not enabled:
        return None
    from tqdm import tqdm

    desc = "dataset" + (f" (resumed, {resumed} done)" if resumed else "")
    return tqdm(total=total, desc=desc, unit="file", dynamic_ncols=True)


def _run_ray(todo: list[tuple[str, str]], cfg: DatasetConfig) -> Iterator[dict[str, Any]]:
    from veriopt.data.ray_engine import run_on_ray

    yield from run_on_ray(todo, cfg)
