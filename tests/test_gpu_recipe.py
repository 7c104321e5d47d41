"""The GPU recipe (benchmarks/gpu_recipe.sh) runs end to end in its tiny CPU setting:
dataset, scratch model, the four stages and the per-stage held-out table."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_gpu_recipe_tiny_setting_runs_every_stage_on_cpu(tmp_path):
    pytest.importorskip("trl")
    run = tmp_path / "recipe"
    r = subprocess.run(["bash", str(REPO / "benchmarks" / "gpu_recipe.sh"), "--tiny",
                        "--run-dir", str(run)], capture_output=True, text=True, timeout=1800)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    info = json.loads((run / "run.json").read_text())
    for stage in ("zero", "harvest", "warmup", "correctness", "latency"):
        assert info["stages"][stage]["status"] == "done", stage
    assert info["stages"]["zero"]["device"] == "cpu"
    table = (run / "heldout.md").read_text()
    for stage in ("base", "zero", "warmup", "correctness", "latency"):
        assert f"| {stage} |" in table
    assert "# Held-out evaluation per stage" in r.stdout
