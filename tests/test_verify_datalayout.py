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


#: Older textual layouts: ``s0:64:64`` (stack objects, deprecated: LLVM 19 parses and
#: ignores it) and ``S128:1`` (LLVM reads the first field: 16-byte stack alignment).
OLD_LINUX = ("e-p:64:64:64-i1:8:8-i8:8:8-i16:16:16-i32:32:32-i64:64:64-f32:32:32-f64:64:64-"
             "v64:64:64-v128:128:128-a0:0:64-s0:64:64-f80:128:128-n8:16:32:64-S128")
STACK_WITH_FIELD = "e-m:e-i64:64-f80:128-n8:16:32:64-S128:1"


@pytest.mark.parametrize("dl", ["", AARCH64, OLD_LINUX, STACK_WITH_FIELD],
                         ids=["default", "aarch64", "old-linux", "stack-field"])
def test_sizes_and_field_offsets_match_llvm(dl):
    layout = DataLayout.parse(dl)
    expected = llvm_offsets(dl)
    for k, t in enumerate(TYPES):
        ty = parse_type(t)
        offsets = layout.struct_layout(ir.StructType((ir.I8, ty)), {}).offsets
        assert offsets[1] == expected[f"s{k}"], t
        assert layout.alloc_size_of(ty, {}) == expected[f"z{k}"], t


def test_old_layout_specs_parse_as_llvm_reads_them():
    assert DataLayout.parse(OLD_LINUX).stack_align == 16
    assert DataLayout.parse(STACK_WITH_FIELD).stack_align == 16
    with pytest.raises(ValueError):
        DataLayout.parse("e-q0:64")  # still an error: not a specification LLVM knows


@pytest.mark.parametrize(("endian", "first_byte"), [("e", 0x44), ("E", 0x11)])
def test_byte_order_of_a_layout_with_old_specs(endian, first_byte):
    """The byte order of a layout that also has ``s0:64:64`` (now parsed, no longer
    refused) decides which byte of a stored i32 comes first."""
    from veriopt.verify import check

    dl = f'target datalayout = "{endian}-p:64:64:64-s0:64:64"\n'
    src = dl + ("define i8 @f() {\n  %a = alloca i32\n  store i32 287454020, ptr %a\n"
                "  %b = load i8, ptr %a\n  ret i8 %b\n}\n")  # 0x11223344
    good = dl + f"define i8 @f() {{\n  ret i8 {first_byte}\n}}\n"
    bad = dl + f"define i8 @f() {{\n  ret i8 {0x55 - first_byte}\n}}\n"
    assert check(src, good).category == "correct"
    assert check(src, bad).category == "semantic_error"
