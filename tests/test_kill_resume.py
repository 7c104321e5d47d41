"""kill -9 through a run, resume included: nothing finished is lost or duplicated.

Each test runs the real CLI in a subprocess (its own process group, so its workers
die with it), sends SIGKILL when the run reaches a point (it opened its results to
resume, it wrote a row, it finished a file), resumes, kills again, and finally lets
it finish. The points are events of the run, not delays, so the same kills land on
an idle or a loaded machine. A large, already finished results file makes the resume
itself a window, and the first kill lands in it (where the old code rewrote the file
in place and lost it).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from veriopt.jsonl import read_records

REPO = Path(__file__).resolve().parents[1]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO / "src")}


def run_and_kill(args: list[str], trigger: Callable[[int], bool] | None, cwd: Path) -> int | None:
    """Run ``veriopt args``; SIGKILL its process group as soon as ``trigger(pid)`` holds
    (polled every millisecond). Returns the exit code, or None when it was killed.

    Kills are tied to events of the run (it opened its results, a row or a file was
    finished), never to a delay: a delay lands after the end on a fast machine and
    before the start on a loaded one, so where a kill lands would depend on the load.
    """
    p = subprocess.Popen([sys.executable, "-m", "veriopt", *args], cwd=cwd, env=_env(),
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         start_new_session=True)
    deadline = time.monotonic() + 600
    while trigger is not None and p.poll() is None and time.monotonic() < deadline:
        if trigger(p.pid):
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
            return None
        time.sleep(0.001)
    _, err = p.communicate(timeout=max(1.0, deadline - time.monotonic()))
    assert p.returncode == 0, err.decode()[-2000:]
    return p.returncode


def opened(path: Path) -> Callable[[int], bool]:
    """The run has ``path`` open (it is reading finished rows to resume, or appending)."""
    target = os.path.realpath(path)

    def holds(pid: int) -> bool:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            return False
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                    return True
            except OSError:
                continue
        return False
    return holds


def grown(path: Path, nbytes: int) -> Callable[[int], bool]:
    """``path`` grew by ``nbytes`` since the run started (it finished that much work)."""
    start = path.stat().st_size if path.exists() else 0
    return lambda pid: path.exists() and path.stat().st_size >= start + nbytes


def started(path: Path) -> Callable[[int], bool]:
    """``path`` was (re)written by this run: it exists and is not the file of before."""
    before = path.stat().st_ino if path.exists() else None
    return lambda pid: path.exists() and path.stat().st_ino != before


def files_added(folder: Path, pattern: str, n: int) -> Callable[[int], bool]:
    """``n`` more files matching ``pattern`` appeared in ``folder`` since the run started."""
    start = len(list(folder.glob(pattern))) if folder.is_dir() else 0
    return lambda pid: folder.is_dir() and len(list(folder.glob(pattern))) >= start + n


def _kill_at(args: list[str], cwd: Path, plan: list[Callable[[], Callable[[int], bool]]]
             ) -> int:
    """One run per entry of ``plan`` (each makes its trigger when its run starts, so
    sizes and counts are measured from there), killed when it fires; then a run to the
    end. Returns how many runs were killed."""
    killed = sum(run_and_kill(args, make(), cwd) is None for make in plan)
    assert run_and_kill(args, None, cwd) == 0
    return killed


class AppendOnlyWatch:
    """Watches a results file from outside while the tests run: every change must
    grow it. A truncation shrinks it, a rename over it changes its inode, a rewrite in
    place changes bytes it already had (its tail is compared). The kernel stamps the
    time of an append before it grows the size, so a new time with the same size and
    the same bytes is an append in progress, not a rewrite."""

    TAIL = 4096

    def __init__(self, path: Path) -> None:
        self.path = path
        self.start = path.read_bytes()
        self.violations: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> AppendOnlyWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        if not self.path.read_bytes().startswith(self.start):
            self.violations.append("the finished rows it started with were changed")

    def _tail(self, size: int) -> bytes:
        with open(self.path, "rb") as f:
            f.seek(max(0, size - self.TAIL))
            return f.read(min(size, self.TAIL))

    def _poll(self) -> None:
        last = os.stat(self.path)
        last_tail = self._tail(last.st_size)
        while not self._stop.wait(0.002):
            st = os.stat(self.path)
            if st.st_ino != last.st_ino:
                self.violations.append("replaced by another file")
            elif st.st_size < last.st_size:
                self.violations.append(f"truncated ({last.st_size} -> {st.st_size} bytes)")
            elif (st.st_size, st.st_mtime_ns) != (last.st_size, last.st_mtime_ns):
                if self._tail(last.st_size) != last_tail:
                    self.violations.append(f"rewritten in place ({last.st_size} bytes)")
            else:
                continue
            last = st
            last_tail = self._tail(st.st_size)


def _ids(path: Path) -> Counter:
    return Counter(str(r["id"]) for r in read_records(path))


# ---- verify --batch ------------------------------------------------------------------

SRC = "define i32 @f(i32 %x) {\n  %y = mul i32 %x, {k}\n  ret i32 %y\n}\n"
TGT = "define i32 @f(i32 %x) {\n  %y = shl i32 %x, {s}\n  ret i32 %y\n}\n"


def test_verify_batch_survives_kill_9_at_points_through_the_run_including_resume(tmp_path):
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps({"id": "x", "src": SRC.replace("{k}", "2"),
                               "tgt": TGT.replace("{s}", "1")}) + "\n")
    run_and_kill(["verify", "--batch", str(one), "--out", str(tmp_path / "one.out"),
                  "--no-cache", "--no-progress"], None, tmp_path)
    (reference,) = list(read_records(tmp_path / "one.out"))
    assert reference["category"] == "correct"
    finished = 20000  # a previous run's rows: the resume reads them all
    pairs, rows = [], []
    for i in range(finished):
        pairs.append({"id": f"done{i}", "src": SRC.replace("{k}", "2"),
                      "tgt": TGT.replace("{s}", "1")})
        rows.append({**reference, "id": f"done{i}"})
    for s in range(1, 13):  # still to do: x * 2^s -> x << s (and one wrong)
        pairs.append({"id": f"new{s}", "src": SRC.replace("{k}", str(2 ** s)),
                      "tgt": TGT.replace("{s}", str(s if s != 7 else 6))})
    (tmp_path / "pairs.jsonl").write_text("".join(json.dumps(p) + "\n" for p in pairs))
    out = tmp_path / "out.jsonl"
    out.write_text("".join(json.dumps(r) + "\n" for r in rows))
    args = ["verify", "--batch", "pairs.jsonl", "--out", "out.jsonl", "-j", "1", "--no-cache",
            "--no-progress"]
    with AppendOnlyWatch(out) as watch:
        row = len(out.read_bytes()) // finished
        killed = _kill_at(args, tmp_path, [
            lambda: opened(out),  # while it reads the finished rows to resume
            lambda: grown(out, 1),  # a new verdict is being written (11 pairs to go)
            lambda: grown(out, 2 * row),  # two more are (at most 8 to go)
            lambda: opened(out)])
    assert killed == 4 and not watch.violations, watch.violations
    ids = _ids(out)
    assert set(ids) == {p["id"] for p in pairs} and set(ids.values()) == {1}
    by_id = {str(r["id"]): r for r in read_records(out)}
    assert all(by_id[f"done{i}"] == {**reference, "id": f"done{i}"} for i in range(finished))
    assert by_id["new7"]["category"] == "semantic_error"
    assert all(by_id[f"new{s}"]["category"] == "correct" for s in range(1, 13) if s != 7)


# ---- eval ----------------------------------------------------------------------------

LAYOUT = ('target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128"\n'
          'target triple = "aarch64-unknown-linux-gnu"\n\n')


def _eval_row(sid: str, k: int) -> dict[str, str]:
    src = LAYOUT + SRC.replace("{k}", str(2 ** k)).replace("@f", f"@f{k}")
    tgt = LAYOUT + TGT.replace("{s}", str(k)).replace("@f", f"@f{k}")
    return {"id": sid, "src": src, "output": f"<answer>\n{tgt}</answer>"}


def test_eval_survives_kill_9_at_points_through_the_run_including_resume(tmp_path):
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps(_eval_row("x", 1)) + "\n")
    run_and_kill(["eval", "--predictions", str(one), "--out", str(tmp_path / "one"),
                  "--no-progress", "-j", "1"], None, tmp_path)
    (reference,) = list(read_records(tmp_path / "one" / "results.jsonl"))
    assert reference["status"] == "correct"
    finished = 3000
    rows = [_eval_row(f"done{i}", 1) for i in range(finished)]
    rows += [_eval_row(f"new{k}", k) for k in range(2, 7)]
    preds = tmp_path / "preds.jsonl"
    preds.write_text("".join(json.dumps(r) + "\n" for r in rows))
    run_dir = tmp_path / "run"
    args = ["eval", "--predictions", "preds.jsonl", "--out", "run", "--no-progress", "-j", "1"]
    # a previous run of the same predictions finished the first 4000 samples
    run_dir.mkdir()
    journal = run_dir / "results.jsonl"
    journal.write_text("".join(json.dumps({**reference, "id": f"done{i}"}) + "\n"
                               for i in range(finished)))
    with AppendOnlyWatch(journal) as watch:
        killed = _kill_at(args, tmp_path, [
            lambda: opened(journal),  # while it reads the journal to resume
            lambda: grown(journal, 1),  # a new sample is written (4 to go)
            lambda: opened(journal)])
    assert killed == 3 and not watch.violations, watch.violations
    ids = _ids(journal)
    assert set(ids) == {r["id"] for r in rows} and set(ids.values()) == {1}
    entries = json.loads((run_dir / "metrics.json").read_text())
    assert len(entries) == len(rows)
    assert {e["status"] for e in entries.values()} == {"correct"}


# ---- dataset build -------------------------------------------------------------------

C_FILES = {f"f{k}.c": f"int twice{k}(int x) {{ int y = x; return y * {2 ** k}; }}\n"
                      f"int plus{k}(int a) {{ int b = a + {k}; return b - 1; }}\n"
           for k in range(1, 5)}


def test_dataset_build_survives_kill_9_at_points_through_the_run_including_resume(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name, text in C_FILES.items():
        (src / name).write_text(text)
    args = ["dataset", "build", "src", "--out", "ds", "-j", "2", "--no-progress"]
    work = tmp_path / "ds" / "work"
    killed = _kill_at(args, tmp_path, [
        lambda: started(work / "settings.json"),  # it took the work folder
        lambda: files_added(work / "files", "*.json", 1),  # a source file is done
        lambda: started(work / "settings.json")])
    assert killed == 3
    reference = ["dataset", "build", "src", "--out", "ref", "-j", "2", "--no-progress"]
    assert run_and_kill(reference, None, tmp_path) == 0
    for split in ("train.jsonl", "test.jsonl"):
        got = (tmp_path / "ds" / split).read_text()
        assert got == (tmp_path / "ref" / split).read_text(), split
    ids = Counter(r["id"] for split in ("train.jsonl", "test.jsonl")
                  for r in read_records(tmp_path / "ds" / split))
    assert len(ids) == 2 * len(C_FILES) and set(ids.values()) == {1}


# ---- rollouts: the same rules, without a subprocess -----------------------------------


def test_rollouts_record_the_proof_kind_and_survive_a_torn_line(tmp_path):
    from veriopt.train.rollouts import RolloutRecorder, drop_records_after, read_rollouts

    rec = RolloutRecorder(tmp_path / "rollouts.jsonl", "zero")
    fact = {"completion": "c", "category": "correct", "proof": "bounded", "verified": True}
    rec.record(1, ["a"], [fact], [2.0])
    with open(rec.path, "a") as f:
        f.write('{"stage": "zero", "step": 2, "ind')  # killed mid-write
    rec.record(2, ["b"], [fact], [2.0])
    records = read_rollouts([rec.path])
    assert [(r["id"], r["step"], r["proof"]) for r in records] == [("a", 1, "bounded"),
                                                                    ("b", 2, "bounded")]
    assert drop_records_after(rec.path, 1) == 1  # a resumed stage redoes step 2
    assert [r["id"] for r in read_rollouts([rec.path])] == ["a"]
    assert rec.path.read_text().count("\n") == 1  # the new file holds exactly the kept one
