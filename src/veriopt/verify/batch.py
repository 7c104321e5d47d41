"""Verify many (src, tgt) pairs: process pool, hard timeouts, on-disk cache, resume.

Input is JSONL, one pair per line: ``{"id": ..., "src": "<IR>", "tgt": "<IR>"}`` (or
``src_file``/``tgt_file`` paths; ``tgt`` may be omitted when ``src`` holds ``@src`` and
``@tgt``). Output is JSONL, one verdict per line, appended as each pair finishes,
so an interrupted run resumes where it stopped (pairs whose id is already in the
output are skipped). The output is append-only (`veriopt.jsonl`): resuming never
rewrites it, so a kill at any moment, resume included, loses no finished verdict.
Verdicts are cached on disk keyed by a hash of the two texts, the options and the
verifier's code (`cache_key`), so re-verifying the same candidate (common
in RL, where a model repeats itself) costs a file read.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from veriopt import __version__
from veriopt.errors import VeriOptError
from veriopt.jsonl import AppendOnlyJSONL, read_records
from veriopt.verify.options import VerifyOptions
from veriopt.verify.verdict import TIMEOUT_WALL
from veriopt.workers import DEFAULT_MEMORY_MB, KillablePool, TaskCrashed, TaskTimeout


def default_cache_dir() -> Path:
    base = os.environ.get("VERIOPT_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "veriopt")
    return Path(base) / "verdicts"


def cache_key(src: str, tgt: str | None, options: VerifyOptions) -> str:
    """The verdict's cache key: the two texts, every option, and the verifier's own
    code (`fingerprint.py`), so a changed verifier never reads an old verdict."""
    from veriopt.verify.fingerprint import verifier_fingerprint

    payload = json.dumps([__version__, verifier_fingerprint(), src, tgt, options.to_json()])
    return hashlib.sha256(payload.encode()).hexdigest()


class VerdictCache:
    """Verdict JSON files under ``root/ab/abcdef....json``, written atomically."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

    def get(self, key: str) -> dict[str, Any] | None:
        if self.root is None:
            return None
        try:
            return json.loads((self.root / key[:2] / f"{key}.json").read_text())
        except (OSError, json.JSONDecodeError):
            return None

    def put(self, key: str, verdict: dict[str, Any]) -> None:
        if self.root is None:
            return
        d = self.root / key[:2]
        d.mkdir(parents=True, exist_ok=True)
        tmp = d / f"{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(verdict))
        os.replace(tmp, d / f"{key}.json")


def verdict_dict(verdict: Any) -> dict[str, Any]:
    """A Verdict as a JSON-able dict."""
    data = verdict.to_json()
    return json.loads(data) if isinstance(data, str) else dict(data)


def _verify_one(task: tuple[str, str | None, VerifyOptions]) -> dict[str, Any]:
    from veriopt.verify import check

    src, tgt, options = task
    return verdict_dict(check(src, tgt, options=options))


def _read_pairs(path: Path) -> Iterator[tuple[str, str, str | None]]:
    base = path.parent
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise VeriOptError(f"{path}:{n}: not valid JSON ({e.msg})") from None
            pid = str(row.get("id", n))
            try:
                src = row["src"] if "src" in row else (base / row["src_file"]).read_text()
                tgt = row.get("tgt")
                if tgt is None and "tgt_file" in row:
                    tgt = (base / row["tgt_file"]).read_text()
            except KeyError:
                raise VeriOptError(f"{path}:{n}: needs 'src' (or 'src_file')") from None
            except OSError as e:
                raise VeriOptError(f"{path}:{n}: {e}") from None
            yield pid, src, tgt


def _done_ids(out: Path) -> set[str]:
    """Ids already in the output. Read-only: a torn last line (killed mid-write) is
    skipped here and isolated by the writer, never repaired by rewriting the file."""
    return {str(r["id"]) for r in read_records(out) if "id" in r}


def verify_batch(pairs_path: str | Path, out_path: str | Path, *, jobs: int = 1,
                 options: VerifyOptions = VerifyOptions(), cache_dir: Path | None = None,
                 progress: bool = True, memory_mb: int | None = DEFAULT_MEMORY_MB
                 ) -> dict[str, int]:
    """Verify every pair of ``pairs_path`` into ``out_path``; returns category counts
    of this run (cached and freshly verified), resuming a previous run. Each worker
    runs under a ``memory_mb`` address-space cap: a pair that needs more is
    ``inconclusive`` (``resource:memory``), the batch goes on."""
    pairs_path, out_path = Path(pairs_path), Path(out_path)
    if not pairs_path.is_file():
        raise VeriOptError(f"{pairs_path}: no such file")
    done = _done_ids(out_path)
    pairs = [p for p in _read_pairs(pairs_path) if p[0] not in done]
    cache = VerdictCache(cache_dir)
    counts: dict[str, int] = {"resumed": len(done), "cached": 0}
    todo: list[tuple[str, str, str | None, str]] = []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(pairs), desc="verify", unit="pair", dynamic_ncols=True)
    with AppendOnlyJSONL(out_path) as out:
        def emit(pid: str, verdict: dict[str, Any]) -> None:
            out.append({"id": pid, **verdict})
            counts[verdict["category"]] = counts.get(verdict["category"], 0) + 1
            if bar:
                bar.update(1)

        for pid, src, tgt in pairs:
            key = cache_key(src, tgt, options)
            hit = cache.get(key)
            if hit is not None:
                counts["cached"] += 1
                emit(pid, hit)
            else:
                todo.append((pid, src, tgt, key))
        hard = options.wall_seconds() + 30  # the check's own wall-clock net, plus start-up
        # A worker per pair: a verdict must not depend on which pairs a worker ran before.
        with KillablePool(_verify_one, jobs, hard_timeout=hard, preload=("veriopt.verify.warm",),
                          memory_mb=memory_mb, fresh_per_task=True) as pool:
            for i, result in pool.imap_unordered((s, t, options) for _, s, t, _ in todo):
                pid, _, _, key = todo[i]
                if isinstance(result, (TaskTimeout, TaskCrashed)):
                    # never cached: another run (more time, more memory) may decide it
                    reason = TIMEOUT_WALL if isinstance(result, TaskTimeout) else result.reason
                    verdict = {"category": "inconclusive", "reason": reason,
                               "message": getattr(result, "error", "hard time limit"),
                               "report": ""}
                else:
                    verdict = result
                    cache.put(key, verdict)
                emit(pid, verdict)
    if bar:
        bar.close()
    return counts
