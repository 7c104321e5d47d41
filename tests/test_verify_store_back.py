"""Storing back a pointer just loaded from the same place (memory.py
`_spelling_byte`). Unknown memory is data bytes; a pointer loaded from them is the
pointer their integer spells (``int2ptr(X)``), and storing it writes pointer bytes. A
data byte holding byte ``i`` of ``X`` refines byte ``i`` of that pointer: an integer
load of the pointer byte is poison, and a pointer load of ``X``'s bytes in order is
the same pointer. So the store may be removed (Alive2: memory/store-removal), but
not moved, and not turned into an integer copy (which loses provenance)."""

from __future__ import annotations

import pytest

from veriopt.verify import check

PROOF_TIMEOUT_S = 120.0


def pair(src: str, tgt: str, layout: str = "e") -> str:
    return (f'target datalayout = "{layout}"\n\n'
            f"define void @src(ptr %p) {{\n{src.strip()}\n  ret void\n}}\n\n"
            f"define void @tgt(ptr %p) {{\n{tgt.strip()}\n  ret void\n}}\n")


def verdict(text: str) -> tuple[str, str]:
    v = check(text, timeout=PROOF_TIMEOUT_S)
    return v.category, v.reason


BACK = "%v = load ptr, ptr %p, align 8\n  store ptr %v, ptr %p, align 8"


@pytest.mark.parametrize("layout", ["e", "E"])
def test_pointer_stored_back_where_it_was_loaded_may_be_removed(layout: str):
    assert verdict(pair(BACK, "", layout)) == ("correct", "")


def test_pointer_stored_elsewhere_may_not():
    src = "%v = load ptr, ptr %p\n  %q = getelementptr i8, ptr %p, i64 8\n  store ptr %v, ptr %q"
    assert verdict(pair(src, "")) == ("semantic_error", "memory_mismatch")


def test_a_pointer_stored_one_byte_off_may_not():
    src = ("%v = load ptr, ptr %p, align 1\n  %q = getelementptr i8, ptr %p, i64 1\n"
           "  store ptr %v, ptr %q, align 1")
    assert verdict(pair(src, "")) == ("semantic_error", "memory_mismatch")


def test_an_integer_copy_is_not_a_pointer_copy():
    int_back = "%v = load i64, ptr %p, align 8\n  store i64 %v, ptr %p, align 8"
    # the pointer store leaves pointer bytes, which an integer load reads as poison
    assert verdict(pair(int_back, BACK)) == ("semantic_error", "memory_mismatch")
    # the integer store of a pointer's bytes gives poison there: the pointer is lost
    assert verdict(pair(BACK, int_back))[0] == "semantic_error"
