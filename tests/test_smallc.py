"""The small-C generator: reproducible files of short functions that clang compiles and
on which instcombine has work to do."""

from __future__ import annotations

import re

from veriopt.data.smallc import generate_smallc, program


def test_a_file_is_a_pure_function_of_its_seed():
    assert program(7) == program(7)
    assert program(7) != program(8)


def test_each_file_defines_the_asked_number_of_uniquely_named_functions():
    text = program(3, functions=5)
    names = re.findall(r"^\w[\w ]*?\**\s*\b(f3_\d+)\(", text, flags=re.M)
    assert names == [f"f3_{i}" for i in range(5)]


def test_existing_files_are_kept_so_generation_resumes(tmp_path):
    first = generate_smallc(tmp_path, 2, seed=10)
    first[0].write_text("/* edited */\n")
    again = generate_smallc(tmp_path, 3, seed=10)
    assert [p.name for p in again] == ["smallc_000010.c", "smallc_000011.c", "smallc_000012.c"]
    assert again[0].read_text() == "/* edited */\n"


def test_generated_functions_compile_and_instcombine_changes_them(tmp_path):
    from veriopt.data.pipeline import _defined_function_names
    from veriopt.llvm.functions import only_function, same_modulo_names
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import get_toolchain

    tc = get_toolchain()
    (path,) = generate_smallc(tmp_path, 1, seed=1)
    module = tc.compile_c(path, extra_flags=["-w"])
    names = _defined_function_names(module)
    assert len(names) == 8
    changed = 0
    for fn in names:
        o0 = tc.extract_function(module, fn)
        ic = tc.opt(o0)
        src, tgt = parse_module(o0), parse_module(ic)
        changed += not same_modulo_names(only_function(src, fn), only_function(tgt, fn))
    assert changed >= 6  # -O0 spills every parameter: instcombine nearly always has work
