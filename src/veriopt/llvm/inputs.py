"""Reading IR the way `opt` users expect: a path or ``-``, text or bitcode.

`clang -c -emit-llvm` and most build systems write bitcode (``.bc``), and LLVM's own
tools read either form from a file or stdin. Every veriopt command that takes IR reads
it through `read_ir`, which recognises bitcode by its magic number (not by the file's
name) and turns it into text with `llvm-dis` through the toolchain runner (timeouts,
typed errors), so the rest of veriopt only ever sees text. `write_text` is the output
half: a path, or ``-`` for stdout.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from veriopt.errors import IRSyntaxError, VeriOptError

#: Raw bitcode ('BC' 0xC0DE) and the bitcode wrapper header Darwin toolchains write.
BITCODE_MAGIC = b"BC\xc0\xde"
WRAPPER_MAGIC = b"\xde\xc0\x17\x0b"

STDIO = "-"


def display_name(path: str) -> str:
    """How error messages name an input: the path, or ``<stdin>`` for ``-``."""
    return "<stdin>" if path == STDIO else path


def is_bitcode(data: bytes) -> bool:
    """True when ``data`` starts like an LLVM bitcode file."""
    return data.startswith(BITCODE_MAGIC) or data.startswith(WRAPPER_MAGIC)


def read_ir(path: str, *, timeout: float = 60.0) -> str:
    """The IR text of ``path`` (``-``: stdin); bitcode is disassembled with llvm-dis.

    A missing file is a VeriOptError naming it; bitcode LLVM cannot read is an
    IRSyntaxError naming it.
    """
    name = display_name(path)
    if path == STDIO:
        data = sys.stdin.buffer.read()
    else:
        p = Path(path)
        if not p.is_file():
            raise VeriOptError(f"{path}: no such file")
        data = p.read_bytes()
    if is_bitcode(data):
        return disassemble(data, name, timeout=timeout)
    return data.decode("utf-8", errors="replace")


def disassemble(bitcode: bytes, name: str, *, timeout: float = 60.0) -> str:
    """Bitcode -> IR text with LLVM 19's llvm-dis (the module ID line dropped)."""
    from veriopt.llvm.toolchain import get_toolchain

    with tempfile.TemporaryDirectory(prefix="veriopt-bc-") as tmp:
        bc = Path(tmp) / "input.bc"
        bc.write_bytes(bitcode)
        proc = get_toolchain().run("llvm-dis", ["-o", "-", str(bc)], timeout=timeout,
                                   check=False)
    if proc.returncode != 0:
        lines = [ln.split("error: ", 1)[-1].strip() for ln in proc.stderr.splitlines()
                 if ln.strip()]
        why = lines[0] if lines else f"llvm-dis exit status {proc.returncode}"
        raise IRSyntaxError(f"{name}: error: unreadable bitcode: {why}", llvm_message=why)
    text = proc.stdout
    if text.startswith("; ModuleID = "):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    return text


def write_text(path: str, text: str) -> None:
    """Write ``text`` to ``path``, or to stdout for ``-``."""
    if path == STDIO:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        Path(path).write_text(text)
