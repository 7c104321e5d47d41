"""Development only: a conformance manifest for the Alive2 tests that are NOT in
../shared/conformance, labelled by running a real ``alive-tv`` on each.

Why: ../shared/conformance holds half of Alive2's ``tests/alive-tv``; the other half
is where a verifier built to the visible tests shows its holes (the last measurement
found unsound verdicts there while the visible half said none). With a checkout of
Alive2 (its tests) and an ``alive-tv`` built against LLVM 19 (see
../shared/alive2-oracle), this writes ``OUT/manifest.json`` in the format
`conformance.py` reads, so the same report comes out:

    python3 benchmarks/alive2_suite_manifest.py --alive2-src ALIVE2 --alive-tv ALIVE_TV \\
        --out runs/alive2-other-half
    python3 benchmarks/conformance.py --root runs/alive2-other-half --target-only

Labels are alive-tv's own verdicts (``-smt-to=20000 -always-verify`` plus the test's
``TEST-ARGS``): incorrect when a pair does not verify, correct when every pair
verifies, else ``other`` (timeouts, unsupported, parse errors). Every test counts as
``in_subset`` (no filter by opcode), so the target set is wider than the shared one.
Nothing in the product or its tests needs Alive2.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SHARED_MANIFEST = Path(__file__).resolve().parents[1] / ".." / "shared" / "conformance" \
    / "manifest.json"


def collect(root: Path, visible: set[str]) -> list[dict]:
    """Every src/tgt test under ``root`` (Alive2's tests/alive-tv) not in ``visible``."""
    tests = []
    for f in sorted(root.rglob("*.ll")):
        rel = f.relative_to(root)
        path, name = f"tests/alive-tv/{rel}", f.name
        if name.endswith(".tgt.ll") or path in visible:
            continue
        if name.endswith(".srctgt.ll"):
            fmt, files = "srctgt", [f]
        elif name.endswith(".src.ll") and f.with_name(name[:-7] + ".tgt.ll").exists():
            fmt, files = "src+tgt", [f, f.with_name(name[:-7] + ".tgt.ll")]
        elif name.endswith(".ident.ll"):
            fmt, files = "ident", [f]
        else:
            continue  # a plain .ll: alive-tv optimises it itself, we cannot
        text = f.read_text(errors="replace")
        args = re.search(r";\s*TEST-ARGS:(.*)", text)
        tests.append({"path": path, "format": fmt, "local_files": [str(x) for x in files],
                      "args": args.group(1).strip() if args else "", "in_subset": True,
                      "xfail": "XFAIL" if re.search(r";\s*XFAIL", text) else ""})
    return tests


def label(test: dict, alive_tv: str, timeout_s: float) -> dict:
    """alive-tv's verdict on ``test``."""
    files = test["local_files"] * (2 if test["format"] == "ident" else 1)
    cmd = [alive_tv, "-smt-to=20000", "-always-verify", *test["args"].split(), *files]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s)
        out = p.stdout + p.stderr
    except subprocess.TimeoutExpired:
        out = "ERROR: Timeout (wall clock)"
    correct = out.count("Transformation seems to be correct!")
    incorrect = out.count("Transformation doesn't verify!")
    errors = [line for line in out.splitlines() if line.startswith("ERROR:")]
    category = "incorrect" if incorrect else \
        "correct" if correct and not errors else "other"
    parses = not re.search(r"error: .*expected|Could not read|use of undefined", out)
    return {**test, "category": category, "error": errors[0] if errors else "",
            "llvm19_parses": parses}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--alive2-src", type=Path, required=True, help="an Alive2 checkout")
    ap.add_argument("--alive-tv", required=True, help="alive-tv built against LLVM 19")
    ap.add_argument("--out", type=Path, required=True, help="folder for manifest.json")
    ap.add_argument("--visible", type=Path, default=SHARED_MANIFEST,
                    help="the shared half's manifest (its tests are left out)")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=120.0, help="wall seconds per test")
    args = ap.parse_args(argv)
    visible = {t["path"] for t in json.loads(args.visible.read_text())["tests"]} \
        if args.visible.exists() else set()
    tests = collect(args.alive2_src / "tests" / "alive-tv", visible)
    with ThreadPoolExecutor(args.jobs) as pool:
        tests = list(pool.map(lambda t: label(t, args.alive_tv, args.timeout), tests))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "manifest.json").write_text(json.dumps(
        {"source": "Alive2 tests/alive-tv not in ../shared/conformance, labelled by alive-tv",
         "tests": tests}, indent=1))
    print(len(tests), dict(Counter(t["category"] for t in tests)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
