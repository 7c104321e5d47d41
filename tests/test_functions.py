"""Function utilities: list, extract, strip debug info, equality modulo names."""

from __future__ import annotations

import pytest

from veriopt.errors import IRSyntaxError
from veriopt.llvm.functions import (
    defined_functions,
    extract_function,
    only_function,
    same_modulo_names,
    strip_debug_info,
)
from veriopt.llvm.parser import parse_module
from veriopt.llvm.toolchain import canonicalize

MODULE = """
@g = global i32 7, align 4
declare i32 @ext(i32)
define i32 @a(i32 %x) {
entry:
  %y = add nsw i32 %x, 1
  %c = icmp sgt i32 %y, 0
  br i1 %c, label %then, label %done
then:
  %z = load i32, ptr @g, align 4
  br label %done
done:
  %r = phi i32 [ %z, %then ], [ %y, %entry ]
  ret i32 %r, !annot !0
}
define i32 @b() {
  %v = call i32 @ext(i32 1)
  ret i32 %v
}
!0 = !{!"x"}
"""


def _fn(text: str, name: str | None = None):
    return only_function(parse_module(canonicalize(text)), name)


def test_defined_functions_in_module_order():
    assert defined_functions(parse_module(canonicalize(MODULE))) == ["a", "b"]


def test_extract_keeps_needed_globals_and_declarations():
    out = extract_function(canonicalize(MODULE), "b")
    m = parse_module(out)
    assert defined_functions(m) == ["b"]
    assert [f.name for f in m.functions if f.is_declaration] == ["ext"]
    assert not m.globals


def test_same_modulo_value_and_block_names_and_metadata():
    renamed = (MODULE.replace("%y", "%t1").replace("%then", "%bb7").replace("then:", "bb7:")
               .replace("%z", "%q").replace("!annot !0", "!annot !1")
               .replace('!0 = !{!"x"}', '!1 = !{!"x"}'))
    assert same_modulo_names(_fn(MODULE, "a"), _fn(renamed, "a"))


def test_different_flag_or_operand_is_not_the_same():
    assert not same_modulo_names(_fn(MODULE, "a"),
                                 _fn(MODULE.replace("add nsw", "add nuw"), "a"))
    assert not same_modulo_names(_fn(MODULE, "a"),
                                 _fn(MODULE.replace("[ %z, %then ], [ %y, %entry ]",
                                                    "[ %y, %then ], [ %y, %entry ]"), "a"))


def test_swapping_two_names_consistently_is_the_same_but_not_inconsistently():
    a = "define i32 @f(i32 %a, i32 %b) {\n  %s = sub i32 %a, %b\n  ret i32 %s\n}\n"
    swapped = "define i32 @f(i32 %b, i32 %a) {\n  %s = sub i32 %b, %a\n  ret i32 %s\n}\n"
    flipped = "define i32 @f(i32 %a, i32 %b) {\n  %s = sub i32 %b, %a\n  ret i32 %s\n}\n"
    assert same_modulo_names(_fn(a), _fn(swapped))
    assert not same_modulo_names(_fn(a), _fn(flipped))


def test_only_function_needs_a_single_definition_or_a_name():
    with pytest.raises(IRSyntaxError, match="exactly one defined function"):
        _fn(MODULE)
    with pytest.raises(IRSyntaxError, match="only declared"):
        _fn(MODULE, "ext")


def test_strip_debug_info_removes_records_and_dbg_metadata(tmp_path):
    from veriopt.llvm.toolchain import get_toolchain

    c = tmp_path / "d.c"
    c.write_text("int f(int x) { int y = x + 1; return y; }\n")
    ir = get_toolchain().run("clang", ["-O0", "-g", "-S", "-emit-llvm",
                                       "--target=aarch64-unknown-linux-gnu", "-o", "-",
                                       str(c)]).stdout
    assert "#dbg_declare" in ir or "llvm.dbg.declare" in ir
    out = strip_debug_info(ir)
    assert "dbg" not in out and "DILocation" not in out
    assert defined_functions(parse_module(canonicalize(out))) == ["f"]
