"""The verdict cache is keyed by the verifier's own code, not only the package version:
a changed verifier with the same version number must never read an old verdict."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from veriopt.verify.batch import cache_key
from veriopt.verify.fingerprint import fingerprint_of, source_files
from veriopt.verify.options import VerifyOptions

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "veriopt"


def copy_package(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    shutil.copytree(PACKAGE, root / "veriopt", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def key_in_subprocess(src_root: Path) -> str:
    code = ("from veriopt.verify.batch import cache_key\n"
            "from veriopt.verify.options import VerifyOptions\n"
            "print(cache_key('SRC', 'TGT', VerifyOptions()))\n")
    env = {**os.environ, "PYTHONPATH": str(src_root)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=120, check=True)
    return out.stdout.strip()


def test_fingerprint_covers_verify_and_llvm_sources_and_nothing_else(tmp_path):
    root = copy_package(tmp_path) / "veriopt"
    names = {f.relative_to(root).as_posix() for f in source_files(root)}
    assert {"verify/api.py", "verify/encoder.py", "llvm/parser.py", "llvm/toolchain.py"} <= names
    assert not any(n.startswith(("train/", "model/", "commands/")) for n in names)
    before = fingerprint_of(root)
    (root / "train" / "__init__.py").write_text("# not the verifier\n")
    assert fingerprint_of(root) == before
    encoder = root / "verify" / "encoder.py"
    encoder.write_text(encoder.read_text() + "\n# a changed UB rule\n")
    assert fingerprint_of(root) != before


def test_a_changed_verifier_with_the_same_version_gets_new_cache_keys(tmp_path):
    root = copy_package(tmp_path)
    here = cache_key("SRC", "TGT", VerifyOptions())
    assert key_in_subprocess(root) == here  # same code: the same key in any process
    api = root / "veriopt" / "verify" / "api.py"
    api.write_text(api.read_text() + "\n# a fix\n")
    assert key_in_subprocess(root) != here
