"""kill -9 at random moments, resume included: nothing finished is lost or duplicated.

Each test runs the real CLI in a subprocess (its own process group, so its workers
die with it), sends SIGKILL after a seeded random delay, resumes, kills again, and
finally lets it finish. The delays are random but the assertions hold wherever a
kill lands: only *when* it lands depends on the machine's load, never the verdict.
A large, already finished results file makes the resume itself a long window, so
kills land in it (where the old code rewrote the file in place and lost it).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

from veriopt.jsonl import read_records

REPO = Path(__file__).resolve().parents[1]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO / "src")}


def run_and_kill(args: list[str], delay: float | None, cwd: Path) -> int | None:
    """Run ``veriopt args``; SIGKILL its process group after ``delay`` seconds.
    Returns the exit code, or None when it was killed."""
    p = subprocess.Popen([sys.executable, "-m", "veriopt", *args], cwd=cwd, env=_env(),
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         start_new_session=True)
    try:
        _, err = p.communicate(timeout=delay if delay is not None else 600)
        assert p.returncode == 0, err.decode()[-2000:]
        return p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return None


def _kill_repeatedly(args: list[str], cwd: Path, seed: int, kills: int, low: float,
                     high: float) -> int:
    rng = random.Random(seed)
    killed = sum(run_and_kill(args, rng.uniform(low, high), cwd) is None
                 for _ in range(kills))
    assert run_and_kill(args, None, cwd) == 0
    return killed


class AppendOnlyWatch:
    """Watches a results file from outside while the tests run: every change must
    grow it (a rewrite in place, even to the same bytes, changes it without growing
    it; a truncation shrinks it), and the bytes it started with must stay."""

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

    def _poll(self) -> None:
        last = os.stat(self.path)
        while not self._stop.wait(0.002):
            st = os.stat(self.path)
            if (st.st_size, st.st_mtime_ns) != (last.st_size, last.st_mtime_ns):
                if st.st_size <= last.st_size:
                    self.violations.append(f"rewritten in place ({last.st_size} -> "
                                           f"{st.st_size} bytes)")
                last = st


def _ids(path: Path) -> Counter:
    return Counter(str(r["id"]) for r in read_records(path))


# ---- verify --batch ------------------------------------------------------------------

SRC = "define i32 @f(i32 %x) {\n  %y = mul i32 %x, {k}\n  ret i32 %y\n}\n"
TGT = "define i32 @f(i32 %x) {\n  %y = shl i32 %x, {s}\n  ret i32 %y\n}\n"


def test_verify_batch_survives_kill_9_at_random_points_including_resume(tmp_path):
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
        killed = _kill_repeatedly(args, tmp_path, seed=1, kills=4, low=0.5, high=3.0)
    assert killed >= 3 and not watch.violations, watch.violations
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


def test_eval_survives_kill_9_at_random_points_including_resume(tmp_path):
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
        killed = _kill_repeatedly(args, tmp_path, seed=2, kills=3, low=1.0, high=5.0)
    assert killed >= 2 and not watch.violations, watch.violations
    ids = _ids(journal)
    assert set(ids) == {r["id"] for r in rows} and set(ids.values()) == {1}
    entries = json.loads((run_dir / "metrics.json").read_text())
    assert len(entries) == len(rows)
    assert {e["status"] for e in entries.values()} == {"correct"}


# ---- dataset build -------------------------------------------------------------------

C_FILES = {f"f{k}.c": f"int twice{k}(int x) {{ int y = x; return y * {2 ** k}; }}\n"
                      f"int plus{k}(int a) {{ int b = a + {k}; return b - 1; }}\n"
           for k in range(1, 5)}


def test_dataset_build_survives_kill_9_at_random_points_including_resume(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name, text in C_FILES.items():
        (src / name).write_text(text)
    args = ["dataset", "build", "src", "--out", "ds", "-j", "2", "--no-progress"]
    killed = _kill_repeatedly(args, tmp_path, seed=3, kills=3, low=1.0, high=5.0)
    assert killed >= 2
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
