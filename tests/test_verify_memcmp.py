"""``memcmp``/``bcmp`` (libcalls.py `_memcmp`; Alive2's model, C11 7.24.4.1): UB unless
``n == 0`` or both ranges are readable; 0 when the bytes are equal, else a value the
call picks: non-zero for ``bcmp``, with the sign of the first differing pair of bytes
(as ``unsigned char``) for ``memcmp``; poison when a byte it looks at is poison.
Expectations written from that, each with a wrong variant."""

from __future__ import annotations

import pytest

from veriopt.verify import check

PROOF_TIMEOUT_S = 120.0

DECLS = ("declare i32 @memcmp(ptr nocapture, ptr nocapture, i64)\n"
         "declare i32 @bcmp(ptr nocapture, ptr nocapture, i64)\n")


def pair(body: str, tgt: str, sig: str = "", ret: str = "i32") -> str:
    return (f"{DECLS}\ndefine {ret} @src({sig}) {{\n{body.strip()}\n}}\n\n"
            f"define {ret} @tgt({sig}) {{\n{tgt.strip()}\n}}\n")


def verdict(text: str) -> tuple[str, str]:
    v = check(text, timeout=PROOF_TIMEOUT_S)
    return v.category, v.reason


def two_words(a: int, b: int, fn: str = "memcmp", n: int = 4) -> str:
    return (f"%p = alloca i32\n  %q = alloca i32\n  store i32 {a}, ptr %p\n"
            f"  store i32 {b}, ptr %q\n  %r = call i32 @{fn}(ptr %p, ptr %q, i64 {n})")


@pytest.mark.parametrize("ret, expect", [
    ("1", "correct"),            # one of the positive values memcmp may give
    ("12345", "correct"),
    ("0", "semantic_error"),
    ("-1", "semantic_error"),
])
def test_first_differing_byte_decides_the_sign(ret: str, expect: str):
    # little endian: 02 00 00 00 vs 01 00 00 00
    src = two_words(2, 1) + "\n  ret i32 %r"
    assert verdict(pair(src, f"ret i32 {ret}"))[0] == expect


def test_bytes_compare_as_unsigned_char_in_memory_order():
    # 0x00000180 vs 0x000000ff: first bytes 0x80 > 0xff? no: 0x80 < 0xff
    src = two_words(0x180, 0xFF) + "\n  ret i32 %r"
    assert verdict(pair(src, "ret i32 -7"))[0] == "correct"
    assert verdict(pair(src, "ret i32 7"))[0] == "semantic_error"


def test_equal_bytes_compare_equal():
    src = two_words(0x01020304, 0x01020304) + "\n  ret i32 %r"
    assert verdict(pair(src, "ret i32 0")) == ("correct", "")
    assert verdict(pair(src, "ret i32 1"))[0] == "semantic_error"


def test_only_the_first_n_bytes_count():
    src = two_words(0x0100, 0x0200, n=1) + "\n  ret i32 %r"
    assert verdict(pair(src, "ret i32 0")) == ("correct", "")
    src2 = two_words(0x0100, 0x0200, n=2) + "\n  ret i32 %r"
    assert verdict(pair(src2, "ret i32 0"))[0] == "semantic_error"


def test_bcmp_is_any_non_zero_value_when_bytes_differ():
    src = two_words(2, 1, fn="bcmp") + "\n  ret i32 %r"
    assert verdict(pair(src, "ret i32 -5")) == ("correct", "")
    assert verdict(pair(src, "ret i32 0"))[0] == "semantic_error"


def test_zero_length_reads_nothing_even_through_null():
    src = "%r = call i32 @memcmp(ptr null, ptr null, i64 0)\n  ret i32 %r"
    assert verdict(pair(src, "ret i32 0")) == ("correct", "")
    assert verdict(pair(src, "unreachable"))[0] == "semantic_error"


def test_reading_past_the_object_is_ub():
    src = two_words(1, 1, n=5) + "\n  ret i32 %r"
    assert verdict(pair(src, "unreachable")) == ("correct", "source_always_ub")
    ok = two_words(1, 1, n=4) + "\n  ret i32 %r"
    assert verdict(pair(ok, "unreachable"))[0] == "semantic_error"


def test_a_poison_byte_it_looks_at_makes_the_result_poison():
    src = ("%p = alloca i16\n  %q = alloca i16\n  store i8 1, ptr %p\n  store i8 1, ptr %q\n"
           "  %r = call i32 @memcmp(ptr %p, ptr %q, i64 2)\n  ret i32 %r")
    assert verdict(pair(src, "ret i32 42")) == ("correct", "")
    # a difference before the uninitialised byte decides it
    src2 = src.replace("store i8 1, ptr %q", "store i8 2, ptr %q")
    assert verdict(pair(src2, "ret i32 42"))[0] == "semantic_error"


def test_memcmp_equality_is_bcmp_equality():
    body = ("%p = alloca i64\n  %q = alloca i64\n  store i64 %x, ptr %p\n  store i64 %y, ptr %q\n"
            "  %r = call i32 @{fn}(ptr %p, ptr %q, i64 %n)\n  %c = icmp eq i32 %r, 0\n"
            "  ret i1 %c")
    text = pair(body.format(fn="memcmp"), body.format(fn="bcmp"),
                sig="i64 %x, i64 %y, i64 %n", ret="i1")
    assert verdict(text) == ("correct", "")


def test_memcmp_of_a_pointer_with_itself_is_zero():
    src = "%r = call i32 @memcmp(ptr %p, ptr %p, i64 %n)\n  ret i32 %r"
    assert verdict(pair(src, "ret i32 0", sig="ptr %p, i64 %n")) == ("correct", "")


def test_long_comparisons_of_unknown_memory_are_never_proven_wrongly():
    # past the bytes compared one by one the answer is unknown: no proof that it is 0
    src = "%r = call i32 @memcmp(ptr %p, ptr %q, i64 %n)\n  ret i32 %r"
    cat, reason = verdict(pair(src, "ret i32 0", sig="ptr %p, ptr %q, i64 %n"))
    assert cat == "inconclusive", reason
