"""The safety net under heavier attack than `make test` runs (issue 12).

Sections (each prints a Markdown table; any broken invariant makes the script exit 1):

1. `veriopt opt` against a hostile OpenAI-compatible server (tests/hostile_server.py)
   on built-in corpus programs, every scenario: how many answers verified, how many
   the splice refused, how many were linked, and the invariant - the output has the
   input's definitions, globals and declarations, and each function is the input's
   or one the verifier proves against the input (must hold for all).
2. Proof policy: the bounded closed-form loop, linked only with --accept-bounded.
3. Completion parsing on 1-16 MB adversarial completions: characters examined per
   input character (a deterministic measure; CPU seconds beside it, for scale).
4. kill -9 during the resume of `veriopt verify --batch` with a large finished
   output: rows lost or duplicated (must be 0).
5. Bad inputs at the CLI edge: exit status and a one-line error naming the input.

    PYTHONPATH=src python3 benchmarks/adversarial.py [--programs 4] [--rows 300000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

PROGRAMS = ("globals.c", "printf_report.c", "clamp_minmax.c", "strings.c", "checksums.c",
            "lookup_tables.c", "struct_point.c", "bit_tricks.c")


def hostile_servers(programs: int) -> tuple[list[str], int]:
    from hostile_server import SCENARIOS, HostileServer, answer, optimized
    from test_adversarial import assert_only_verified_rewrites
    from veriopt.corpus import builtin_corpus_dir
    from veriopt.llvm.functions import defined_functions
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import canonicalize, get_toolchain
    from veriopt.model.backends import BackendConfig, make_backend
    from veriopt.optimize import OptConfig, optimize_module

    tc = get_toolchain()
    modules = {p: canonicalize(tc.compile_c(builtin_corpus_dir() / p))
               for p in PROGRAMS[:programs]}
    lines = ["| scenario | functions | attack planted | answer verified | refused by the "
             "splice | linked: clean rewrite | linked: with the attack | invariant broken |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    broken_total = 0
    for name, scenario in SCENARIOS.items():
        c = Counter()
        for ir in modules.values():
            planted = set()
            for fn in defined_functions(parse_module(ir)):
                context = tc.extract_function(ir, fn)
                reply = scenario(context)
                if reply[0] != "answer" or reply != answer(optimized(context)):
                    planted.add(fn)
            with HostileServer(scenario) as url:
                backend = make_backend(BackendConfig(kind="openai", base_url=url, model="m",
                                                     retries=0, request_timeout=60))
                cfg = OptConfig(jobs=2, fallback="none", model_budget=5.0)
                out, decisions = optimize_module(ir, cfg, backend=backend)
            try:
                assert_only_verified_rewrites(ir, out, decisions)
            except AssertionError as e:
                c["broken"] += 1
                print(f"INVARIANT BROKEN ({name}): {e}", file=sys.stderr)
            for d in decisions:
                model = [x for x in d.candidates if x["origin"] == "model"]
                c["functions"] += 1
                c["planted"] += d.function in planted
                c["verified"] += bool(model and model[0]["verdict"] == "correct")
                c["refused"] += bool(model and model[0].get("refused"))
                linked = d.chosen == "model"
                c["linked_clean"] += linked and d.function not in planted
                c["linked_attack"] += linked and d.function in planted
        broken_total += c["broken"] + c["linked_attack"]
        lines.append(f"| {name} | {c['functions']} | {c['planted']} | {c['verified']} | "
                     f"{c['refused']} | {c['linked_clean']} | {c['linked_attack']} | "
                     f"{c['broken']} |")
    return lines, broken_total


def bounded_policy() -> list[str]:
    from hostile_server import HostileServer
    from test_adversarial import CLOSED_FORM, LOOP_SUM
    from veriopt.llvm.toolchain import canonicalize
    from veriopt.model.backends import BackendConfig, make_backend
    from veriopt.optimize import OptConfig, optimize_module

    ir = canonicalize(LOOP_SUM)
    lines = ["| policy | verdict | proof | linked |", "|---|---|---|---|"]
    with HostileServer(lambda _ir: ("answer", CLOSED_FORM)) as url:
        for accept in (False, True):
            backend = make_backend(BackendConfig(kind="openai", base_url=url, model="m",
                                                 retries=0))
            _, (d,) = optimize_module(ir, OptConfig(jobs=1, fallback="none",
                                                    accept_bounded=accept), backend=backend)
            c = d.candidates[0]
            lines.append(f"| {'--accept-bounded' if accept else 'default (full only)'} | "
                         f"{c['verdict']} | {c['proof']} | {d.chosen == 'model'} |")
    return lines


def parsing_work() -> list[str]:
    from test_parsing import ADVERSARIAL, MB
    from veriopt.model.parsing import METER, parse_completion

    lines = ["| completion | size | chars examined per char | CPU s |", "|---|---:|---:|---:|"]
    for kind, make in ADVERSARIAL.items():
        for size in (1, 4, 16):
            text = make(size * MB)
            before, t0 = METER.chars, time.process_time()
            parse_completion(text, expect_think=True)
            cpu, work = time.process_time() - t0, METER.chars - before
            lines.append(f"| {kind} | {size} MB | {work / len(text):.2f} | {cpu:.2f} |")
    return lines


def kill_during_resume(rows: int, kills: int) -> tuple[list[str], int]:
    from test_kill_resume import SRC, TGT, AppendOnlyWatch, run_and_kill
    from veriopt.jsonl import read_records

    with tempfile.TemporaryDirectory(prefix="veriopt-kill-") as tmp_s:
        tmp = Path(tmp_s)
        one = {"id": "x", "src": SRC.replace("{k}", "2"), "tgt": TGT.replace("{s}", "1")}
        (tmp / "one.jsonl").write_text(json.dumps(one) + "\n")
        run_and_kill(["verify", "--batch", "one.jsonl", "--out", "one.out", "--no-cache",
                      "--no-progress"], None, tmp)
        (ref,) = list(read_records(tmp / "one.out"))
        with open(tmp / "pairs.jsonl", "w") as p, open(tmp / "out.jsonl", "w") as o:
            for i in range(rows):
                p.write(json.dumps({**one, "id": f"d{i}"}) + "\n")
                o.write(json.dumps({**ref, "id": f"d{i}"}) + "\n")
            for s in range(1, 9):
                p.write(json.dumps({"id": f"n{s}", "src": SRC.replace("{k}", str(2 ** s)),
                                    "tgt": TGT.replace("{s}", str(s))}) + "\n")
        args = ["verify", "--batch", "pairs.jsonl", "--out", "out.jsonl", "--no-cache",
                "--no-progress", "-j", "2"]
        rng = random.Random(7)
        t0 = time.monotonic()
        with AppendOnlyWatch(tmp / "out.jsonl") as watch:
            killed = sum(run_and_kill(args, rng.uniform(0.5, 6.0), tmp) is None
                         for _ in range(kills))
            run_and_kill(args, None, tmp)
        ids = Counter(str(r["id"]) for r in read_records(tmp / "out.jsonl"))
        expected = {f"d{i}" for i in range(rows)} | {f"n{s}" for s in range(1, 9)}
        lost = len(expected - set(ids))
        dup = sum(v - 1 for v in ids.values())
    lines = ["| finished rows | kills | killed before finishing | rows lost | rows duplicated | "
             "rewrites seen | seconds |", "|---:|---:|---:|---:|---:|---:|---:|",
             f"| {rows} | {kills} | {killed} | {lost} | {dup} | {len(watch.violations)} | "
             f"{time.monotonic() - t0:.0f} |"]
    return lines, lost + dup + len(watch.violations)


def cli_edges() -> tuple[list[str], int]:
    with tempfile.TemporaryDirectory(prefix="veriopt-cli-") as tmp_s:
        tmp = Path(tmp_s)
        (tmp / "garbage.ll").write_bytes(os.urandom(4096))
        (tmp / "pairs.jsonl").write_text('{"id": 1, "src": "x"}\nnot json\n')
        (tmp / "preds.csv").write_text("prompt,answer\nx,y\n")
        (tmp / "eval.yaml").write_text("assembly: both\n")
        cases = [
            ("opt on random bytes", ["opt", "garbage.ll"]),
            ("opt on a missing file", ["opt", "nope.ll"]),
            ("verify --batch with a bad line", ["verify", "--batch", "pairs.jsonl",
                                                "--no-progress", "--no-cache"]),
            ("eval with no output column", ["eval", "--predictions", "preds.csv", "--out",
                                            "run", "--no-progress"]),
            ("eval config with an unknown assembly", ["eval", "--predictions", "preds.csv",
                                                      "--out", "run", "--config", "eval.yaml"]),
        ]
        lines = ["| input | exit status | stderr lines | first line |", "|---|---:|---:|---|"]
        bad = 0
        for label, args in cases:
            r = subprocess.run([sys.executable, "-m", "veriopt", *args], cwd=tmp,
                               capture_output=True, text=True, timeout=300,
                               env={**os.environ, "PYTHONPATH": str(REPO / "src")})
            err = [ln for ln in r.stderr.splitlines() if ln.strip()]
            ok = r.returncode not in (0, 70) and len(err) <= 2
            bad += not ok
            lines.append(f"| {label} | {r.returncode} | {len(err)} | "
                         f"`{(err[0] if err else '')[:90]}` |")
    return lines, bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--programs", type=int, default=4, help="corpus programs per scenario")
    ap.add_argument("--rows", type=int, default=300000, help="finished rows before resume")
    ap.add_argument("--kills", type=int, default=6)
    ap.add_argument("--sections", default="opt,policy,parsing,kill,cli")
    args = ap.parse_args(argv)
    todo = set(args.sections.split(","))
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    out = ["## Adversarial suite (`python3 benchmarks/adversarial.py`)", ""]
    failures = 0
    if "opt" in todo:
        lines, broken = hostile_servers(args.programs)
        out += ["### `veriopt opt` against a hostile model server", "", *lines, ""]
        failures += broken
    if "policy" in todo:
        out += ["### Proof policy: the bounded closed-form loop", "", *bounded_policy(), ""]
    if "parsing" in todo:
        out += ["### Completion parsing on adversarial completions", "", *parsing_work(), ""]
    if "kill" in todo:
        lines, lost = kill_during_resume(args.rows, args.kills)
        out += ["### kill -9 during `veriopt verify --batch` resume", "", *lines, ""]
        failures += lost
    if "cli" in todo:
        lines, bad = cli_edges()
        out += ["### Bad inputs at the CLI edge", "", *lines, ""]
        failures += bad
    print("\n".join(out))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
