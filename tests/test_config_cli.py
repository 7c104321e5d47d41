"""YAML configs map onto dataclasses with clear errors; the CLI fails in one line."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field

import pytest

from veriopt.config import load_config
from veriopt.errors import ConfigError


@dataclass
class Inner:
    bound: int = 8


@dataclass
class Example:
    timeout: float = 10.0
    jobs: int = 1
    name: str = "x"
    tags: list[str] = field(default_factory=list)
    inner: Inner = field(default_factory=Inner)
    out: str | None = None


def test_yaml_sets_fields_and_nested_dataclasses(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("timeout: 5\njobs: 3\ntags: [a, b]\ninner:\n  bound: 4\n")
    cfg = load_config(Example, p)
    assert cfg == Example(timeout=5.0, jobs=3, tags=["a", "b"], inner=Inner(bound=4))


def test_overrides_win_and_none_overrides_are_ignored(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("jobs: 3\n")
    cfg = load_config(Example, p, overrides={"jobs": 7, "name": None})
    assert cfg.jobs == 7 and cfg.name == "x"


def test_unknown_key_is_an_error_naming_file_and_key(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("jbos: 3\n")
    with pytest.raises(ConfigError, match=r"c.yaml: unknown setting 'jbos'"):
        load_config(Example, p)


def test_wrong_type_is_an_error(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("jobs: many\n")
    with pytest.raises(ConfigError, match="'jobs' must be int"):
        load_config(Example, p)


def _veriopt(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "veriopt", *args], capture_output=True,
                          text=True, input=stdin, timeout=120)


def test_cli_version_and_help():
    assert _veriopt("--version").stdout.startswith("veriopt ")
    out = _veriopt("--help").stdout
    assert "ir" in out and "doctor" in out


def test_cli_bad_ir_is_one_line_error_with_nonzero_exit(tmp_path):
    p = tmp_path / "bad.ll"
    p.write_text("define i32 @f() {\n  ret i64 0\n}\n")
    r = _veriopt("ir", "canon", str(p))
    assert r.returncode != 0
    assert r.stderr.count("\n") == 1 and "bad.ll:2:" in r.stderr
    assert "Traceback" not in r.stderr


def test_cli_missing_file_is_one_line_error(tmp_path):
    r = _veriopt("ir", "canon", str(tmp_path / "nope.ll"))
    assert r.returncode != 0 and "nope.ll: no such file" in r.stderr
