"""The built-in corpus: every C program compiles with the paper's flags, every IR
example is canonical LLVM 19 text with one function, and the corpus has the
shape `make demo` and the first-wave verifier rely on."""

from __future__ import annotations

import re
from functools import cache

import pytest

from veriopt.corpus import builtin_c_files, builtin_corpus_dir, builtin_ir_dir, builtin_ir_files
from veriopt.errors import ToolchainError
from veriopt.llvm.toolchain import get_toolchain


def _llvm_available() -> bool:
    try:
        for tool in ("clang", "opt", "llc", "llvm-size", "llvm-as", "llvm-dis"):
            get_toolchain().path(tool)
    except ToolchainError:
        return False
    return True


needs_llvm = pytest.mark.skipif(not _llvm_available(), reason="LLVM 19 tools not installed")

C_FILES = builtin_c_files()
IR_FILES = builtin_ir_files()
_DEFINE = re.compile(r"^define [^@]*@([\w.]+)\(.*?^}$", re.M | re.S)


@cache
def _o0(name: str) -> str:
    return get_toolchain().compile_c(builtin_corpus_dir() / name)


def _bodies(module_text: str) -> dict[str, str]:
    return {m.group(1): m.group(0) for m in _DEFINE.finditer(module_text)}


def test_corpus_is_shipped_with_the_package():
    assert builtin_corpus_dir().is_dir() and builtin_ir_dir().is_dir()
    assert 24 <= len(C_FILES) <= 40
    assert 5 <= len(IR_FILES) <= 10


@pytest.mark.parametrize("path", C_FILES, ids=lambda p: p.name)
def test_c_program_is_small_and_self_contained(path):
    text = path.read_text()
    assert 20 <= len(text.splitlines()) <= 80
    headers = re.findall(r'#include\s*[<"]([^>"]+)[>"]', text)
    assert all(h in {"stdio.h", "stdint.h", "stddef.h", "math.h", "stdlib.h", "string.h"}
               for h in headers), headers


@needs_llvm
@pytest.mark.parametrize("path", C_FILES, ids=lambda p: p.name)
def test_c_program_compiles_with_the_papers_flags(path):
    ir = _o0(path.name)
    assert 'target triple = "aarch64-unknown-linux-gnu"' in ir
    assert "optnone" not in ir  # -disable-O0-optnone, or instcombine would do nothing
    assert _bodies(ir), f"{path.name} defines no function"


@needs_llvm
@pytest.mark.parametrize("path", IR_FILES, ids=lambda p: p.name)
def test_ir_example_is_canonical_with_one_function(path):
    text = path.read_text()
    assert get_toolchain().canonicalize(text, filename=path.name) == text
    assert len(_bodies(text)) == 1


def _loop_free_call_free_integer(body: str) -> bool:
    """No back edge (clang -O0 numbers blocks in layout order), no call, no FP type."""
    if re.search(r"\b(call|invoke)\b", body) or re.search(r"\b(half|float|double)\b", body):
        return False
    order = {label: i for i, label in enumerate(re.findall(r"^(\d+):", body, re.M))}
    current = -1
    for line in body.splitlines():
        if m := re.match(r"^(\d+):", line):
            current = order[m.group(1)]
        if any(order.get(t, 1 << 30) <= current for t in re.findall(r"label %(\d+)", line)):
            return False
    return True


@needs_llvm
def test_corpus_shape_suits_the_verifier_and_instcombine():
    tc = get_toolchain()
    total = simple = changed = 0
    for path in C_FILES:
        o0 = _o0(path.name)
        before, after = _bodies(o0), _bodies(tc.opt(o0))
        for name, body in before.items():
            total += 1
            simple += _loop_free_call_free_integer(body)
            changed += after.get(name) != body
    assert total >= 150
    assert simple / total >= 0.40, f"only {simple}/{total} loop/call/FP-free functions"
    assert changed / total >= 0.90, f"instcombine changes only {changed}/{total} functions"


@needs_llvm
def test_every_corpus_module_can_be_measured():
    from veriopt.metrics import ModuleMetrics, measure_many

    results = measure_many([_o0(p.name) for p in C_FILES], jobs=2, progress=False)
    for path, m in zip(C_FILES, results, strict=True):
        assert isinstance(m, ModuleMetrics), (path.name, m)
        assert set(m.functions) == set(_bodies(_o0(path.name)))
        assert m.latency > 0 and m.size > 0
