"""`veriopt demo` (what `make demo` runs): its model is one setting, and the whole run
ends with a summary naming files that exist."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from veriopt.commands import demo


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    demo.register(parser.add_subparsers())
    return parser.parse_args(["demo", *argv])


def test_the_demo_model_is_one_setting_that_the_option_overrides(tmp_path):
    assert _args().model == demo.DEMO_MODEL
    assert _args("--model", "some/folder").model == "some/folder"
    assert demo.demo_model("none", tmp_path, tmp_path) is None
    assert demo.demo_model("my/model", tmp_path, tmp_path) == "my/model"


def test_the_demo_evaluates_the_shipped_checkpoint_by_default(tmp_path):
    from veriopt.model.builtin import builtin_model_dir

    assert demo.DEMO_MODEL == "builtin"
    assert demo.demo_model("builtin", tmp_path, tmp_path) == str(builtin_model_dir())


@pytest.mark.slow
def test_demo_runs_end_to_end_and_its_summary_names_files_that_exist(tmp_path, capsys):
    from veriopt.cli import main

    out = tmp_path / "demo-out"
    assert main(["demo", "--out", str(out), "--model", "none", "-j", "2"]) == 0
    text = capsys.readouterr().out
    for n in range(1, 6):
        assert f"== {n}. " in text
    summary = text[text.index("== Done in"):]
    named = re.findall(r"^   (\S+)  ", summary, re.M)
    assert named and all(Path(p).exists() for p in named), named
    assert (out / "report" / "fig5_models.pdf").is_file()
