"""Globals declared differently in src and tgt, and no-op bitcasts.

Alive2's rules: a constant global must stay constant and keep its contents (its
bytes are part of the memory both functions start from); tgt may raise a global's
alignment; a mutable global's initialiser does not matter to one function (its
contents on entry are whatever earlier code left)."""

from __future__ import annotations

import pytest

from veriopt.verify import check

BODY = "define i32 @f() {\n  %v = load i32, ptr @g, align 4\n  ret i32 %v\n}\n"


def verdict(src_global: str, tgt_global: str, tgt_body: str = BODY) -> tuple[str, str]:
    v = check(f"{src_global}\n\n{BODY}", f"{tgt_global}\n\n{tgt_body}", timeout=10)
    return v.category, v.reason


def test_constant_becoming_mutable_is_incorrect():
    v = check(f"@g = constant i32 0\n\n{BODY}", f"@g = global i32 0\n\n{BODY}")
    assert (v.category, v.reason) == ("semantic_error", "global_const")
    assert "global variable @g is const in source but not in target" in v.report


def test_constant_contents_must_not_change():
    assert verdict("@g = internal constant i32 0", "@g = internal constant i32 1") \
        == ("semantic_error", "memory_mismatch")


def test_raising_a_globals_alignment_is_correct():
    assert verdict("@g = external global i32, align 4", "@g = external global i32, align 8")[0] \
        == "correct"


def test_mutable_initialiser_does_not_matter_to_one_function():
    assert verdict("@g = global i32 0, align 4", "@g = global i32 7, align 4")[0] == "correct"


def test_mutable_global_contents_are_still_unknown_on_entry():
    tgt_body = "define i32 @f() {\n  ret i32 7\n}\n"
    assert verdict("@g = global i32 7, align 4", "@g = global i32 7, align 4", tgt_body) \
        == ("semantic_error", "value_mismatch")


@pytest.mark.parametrize("t", ["ptr", "i32"])
def test_bitcast_to_the_same_type_is_the_value(t):
    arg = "ptr %p" if t == "ptr" else "i32 %x"
    use = "load i32, ptr %c, align 4" if t == "ptr" else "add i32 %c, 0"
    name = "%p" if t == "ptr" else "%x"
    src = (f"define i32 @src({arg}) {{\n  %c = bitcast {t} {name} to {t}\n  %v = {use}\n"
           f"  ret i32 %v\n}}\n\n")
    direct = use.replace("%c", name)
    tgt = f"define i32 @tgt({arg}) {{\n  %v = {direct}\n  ret i32 %v\n}}\n"
    assert check(src + tgt, timeout=10).category == "correct"
    wrong = tgt.replace("ret i32 %v", "%w = xor i32 %v, 1\n  ret i32 %w")
    assert check(src + wrong, timeout=10).category == "semantic_error"
