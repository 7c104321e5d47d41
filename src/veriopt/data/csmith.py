"""Random C programs from Csmith, as extra dataset sources (`veriopt dataset generate`).

Csmith (Debian's `csmith` + `libcsmith-dev`) writes self-contained programs full of
integer arithmetic, globals, structs and loops: varied, instcombine-rich code with
no licence questions. Each program is written with its seed in the name so a run
is reproducible; a `dataset.yaml` next to them carries the include path and flags
the dataset builder needs (`veriopt dataset build DIR --config DIR/dataset.yaml`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml

from veriopt.errors import ToolchainError

CSMITH_INCLUDE = "/usr/include/csmith"
INSTALL = "apt-get update && apt-get install -y csmith libcsmith-dev"
#: Smaller programs than Csmith's default keep functions under the 2048-token limit.
DEFAULT_ARGS = ("--max-funcs", "8", "--max-block-depth", "3", "--no-volatiles",
                "--no-packed-struct")


def csmith_path() -> str:
    path = shutil.which("csmith")
    if path is None or not Path(CSMITH_INCLUDE, "csmith.h").is_file():
        raise ToolchainError(f"csmith (and its headers in {CSMITH_INCLUDE}) not found; "
                             f"install them with `{INSTALL}`", tool="csmith")
    return path


def generate_programs(out: str | Path, count: int, *, seed: int = 0,
                      extra_args: tuple[str, ...] = DEFAULT_ARGS,
                      timeout: float = 60.0) -> list[Path]:
    """Write ``count`` programs (seeds ``seed .. seed+count-1``) into ``out``; existing
    files are kept (resumable). Returns the program paths."""
    exe = csmith_path()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for k in range(seed, seed + count):
        path = out / f"csmith_{k:06d}.c"
        if not path.exists():
            tmp = path.with_suffix(".c.tmp")
            try:
                # cwd: Csmith drops a platform.info file into its working directory.
                subprocess.run([exe, "--seed", str(k), *extra_args, "-o", str(tmp.resolve())],
                               check=True, capture_output=True, timeout=timeout, cwd=out)
            except subprocess.TimeoutExpired:
                tmp.unlink(missing_ok=True)
                continue  # Csmith occasionally loops on a seed: skip that seed
            except subprocess.CalledProcessError as e:
                raise ToolchainError(f"csmith failed on seed {k}: "
                                     f"{e.stderr.decode(errors='replace')[:200]}",
                                     tool="csmith") from None
            tmp.replace(path)
        paths.append(path)
    (out / "dataset.yaml").write_text(yaml.safe_dump(
        {"include_dirs": [CSMITH_INCLUDE], "extra_flags": ["-w"]}, sort_keys=False))
    return paths
