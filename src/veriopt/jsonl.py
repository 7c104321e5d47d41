"""Append-only JSON-lines files: how veriopt records finished work.

Why: a results file (verdicts of a batch, an evaluation's journal, a stage's
rollouts) is often the only copy of hours of work. Rewriting it in place on resume
(truncate, then write the good lines back) loses all of it when the process is
killed during the rewrite. So a results file is only ever appended to:

* a record is one line, written with one ``write`` on an ``O_APPEND`` descriptor,
  so a kill leaves at most the last line torn;
* readers skip lines that do not parse (a torn line) instead of repairing them;
* before its first record, a writer ends a torn last line with a newline, so the
  next record starts on a line of its own and is never glued to the fragment.

Anything that must drop records (e.g. rollouts of steps a resumed stage redoes)
writes a new file and renames it over the old one (`replace_records`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


def read_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of ``path``, one per line, skipping torn or non-object lines
    (nothing when the file does not exist)."""
    p = Path(path)
    if not p.is_file():
        return
    with open(p, "rb") as f:
        for raw in f:
            try:
                record = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                continue  # a line cut short by a kill (or garbage): never fatal
            if isinstance(record, dict):
                yield record


class AppendOnlyJSONL:
    """Appends one JSON line per record to ``path``; never truncates it.

    ``durable``: fsync after each record (survives a power cut, not only a kill;
    costs a disk flush per record, so it is for slow producers such as evaluation).
    """

    def __init__(self, path: str | Path, *, durable: bool = False) -> None:
        self.path = Path(path)
        self.durable = durable
        self._fd: int | None = None

    def __enter__(self) -> AppendOnlyJSONL:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _open(self) -> int:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            if _ends_torn(self.path):
                _write_all(fd, b"\n")  # isolate the fragment a kill left behind
            self._fd = fd
        return self._fd

    def append(self, record: dict[str, Any]) -> None:
        self.append_many([record])

    def append_many(self, records: Iterable[dict[str, Any]]) -> None:
        """Append ``records`` with one write (all of them, or a torn last line)."""
        data = b"".join(_line(r) for r in records)
        if not data:
            return
        fd = self._open()
        _write_all(fd, data)
        if self.durable:
            os.fsync(fd)


def replace_records(path: str | Path, records: Iterable[dict[str, Any]]) -> None:
    """Make ``path`` hold exactly ``records``: a new file, fsynced, renamed over the
    old one, so a kill leaves either the old file or the new one, never a mix."""
    p = Path(path)
    tmp = p.with_name(f"{p.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        for r in records:
            f.write(_line(r))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, p)


def _line(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def _ends_torn(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            if f.tell() == 0:
                return False
            f.seek(-1, os.SEEK_END)
            return f.read(1) != b"\n"
    except OSError:
        return False


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]
