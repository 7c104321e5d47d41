"""The datalayout the verifier relies on (veriopt.llvm.layout) agrees with LLVM 19 on sizes and struct field
offsets (a wrong offset would make src and tgt disagree with what LLVM means).
LLVM is the oracle: instcombine folds constant GEPs to byte offsets."""

from __future__ import annotations

import re

import pytest

from veriopt.llvm import ir
from veriopt.llvm.layout import DataLayout
from veriopt.llvm.parser import parse_type
from veriopt.llvm.toolchain import get_toolchain

TYPES = ["i1", "i8", "i16", "i24", "i32", "i48", "i64", "i65", "i128", "i200", "ptr",
         "double", "float", "half", "[3 x i16]", "{ i8, i64 }", "<{ i8, i32 }>",
         "{ i8, [2 x i64], i1 }", "{ i32, i128 }", "x86_fp80", "fp128", "{ i8, i24 }",
         "[0 x i32]", "{}"]
AARCH64 = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"


def llvm_offsets(dl: str) -> dict[str, int]:
    lines = [f'target datalayout = "{dl}"'] if dl else []
    for k, t in enumerate(TYPES):
        lines.append(f"define ptr @s{k}(ptr %b) {{\n %p = getelementptr {{ i8, {t} }}, ptr %b, "
                     f"i64 0, i32 1\n ret ptr %p\n}}")
        lines.append(f"define ptr @z{k}(ptr %b) {{\n %p = getelementptr {t}, ptr %b, i64 1\n"
                     f" ret ptr %p\n}}")
    text = get_toolchain().opt("\n".join(lines), "instcombine")
    out = {}
    for m in re.finditer(r"define ptr @(\w+)\(ptr %b\) \{\n(.*?)\n\}", text, re.S):
        g = re.search(r"getelementptr i8, ptr %b, i64 (-?\d+)", m.group(2))
        out[m.group(1)] = int(g.group(1)) if g else 0
    return out


@pytest.mark.parametrize("dl", ["", AARCH64], ids=["default", "aarch64"])
def test_sizes_and_field_offsets_match_llvm(dl):
    layout = DataLayout.parse(dl)
    expected = llvm_offsets(dl)
    for k, t in enumerate(TYPES):
        ty = parse_type(t)
        offsets = layout.struct_layout(ir.StructType((ir.I8, ty)), {}).offsets
        assert offsets[1] == expected[f"s{k}"], t
        assert layout.alloc_size_of(ty, {}) == expected[f"z{k}"], t
