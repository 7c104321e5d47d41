"""Binary size: ``text + data`` of the object file that ``llc -O0`` makes.

Definition (README.md, "Metrics"; the paper follows LLM Compiler): compile the module
with ``llc -O0 -filetype=obj`` and add the ``text`` and ``data`` columns of
``llvm-size``'s default (Berkeley) report, leaving out ``bss`` because it takes
no room in the file. Berkeley columns are not single sections: ``text`` is
every allocated read-only section (``.text*`` code, ``.rodata*`` constants and
``.eh_frame`` unwind tables), ``data`` every allocated writable one with
contents (``.data*``). That is what the paper artifact summed (``cols[0] +
cols[1]`` of the Berkeley line), and it reproduces its per-function numbers
with LLVM 19 (``bikoeff``: 164 bytes at -O0, 168 after optimisation), so we use
the same report rather than summing sections named ``.text``/``.data``.

For AArch64, llc also gets ``-mattr=+crc`` as in the paper artifact: it
changes nothing for ordinary code and lets llc select the CRC32 intrinsics
instead of failing on them.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from veriopt.errors import ToolchainError
from veriopt.llvm.toolchain import get_toolchain
from veriopt.metrics.target import TargetedModule

LLC_ARGS = ("-O0", "-filetype=obj")
AARCH64_LLC_ARGS = ("-mattr=+crc",)


@dataclass(frozen=True)
class ObjectSize:
    """The Berkeley columns of ``llvm-size`` for one object file."""

    text: int
    data: int
    bss: int

    @property
    def size(self) -> int:
        """The paper's binary size: text + data (bss takes no room in the file)."""
        return self.text + self.data


def measure_object_size(module: TargetedModule, *, timeout: float = 60.0) -> ObjectSize:
    """Compile ``module`` to an object file in a temporary directory and size it."""
    tc = get_toolchain()
    args = [*LLC_ARGS, *(AARCH64_LLC_ARGS if module.is_aarch64 else ())]
    with tempfile.TemporaryDirectory(prefix="veriopt-size-") as tmp:
        obj = Path(tmp) / "module.o"
        proc = tc.run("llc", [*args, "-o", str(obj), "-"], input_text=module.text,
                      timeout=timeout, check=False)
        if proc.returncode != 0 or not obj.is_file():
            first = next((ln for ln in proc.stderr.splitlines() if ln.strip()),
                         f"exit status {proc.returncode}")
            raise ToolchainError(f"llc could not compile the module for {module.triple}: "
                                 f"{first.strip()}", tool="llc", command=list(proc.args),
                                 stderr=proc.stderr)
        report = tc.run("llvm-size", ["--format=berkeley", "--radix=10", str(obj)],
                        timeout=timeout).stdout
    return parse_berkeley(report)


def parse_berkeley(report: str) -> ObjectSize:
    """Read ``text data bss dec hex filename`` from llvm-size's Berkeley report."""
    lines = [ln.split() for ln in report.strip().splitlines() if ln.strip()]
    if len(lines) < 2 or lines[0][:3] != ["text", "data", "bss"]:
        raise ToolchainError(f"unrecognised llvm-size output: {report.strip()[:200]!r}",
                             tool="llvm-size")
    cols = lines[1]
    try:
        return ObjectSize(text=int(cols[0]), data=int(cols[1]), bss=int(cols[2]))
    except (IndexError, ValueError):
        raise ToolchainError(f"unrecognised llvm-size line: {' '.join(cols)!r}",
                             tool="llvm-size") from None
