"""``byval`` call arguments (LangRef 19): the callee gets a copy of the pointee, made at
the call. So its bytes are read there (UB unless they can be), they are the callee's
input whatever its memory effects say, and the caller's object is neither written nor
kept by the callee."""

from __future__ import annotations

from veriopt.verify import check

PROOF_TIMEOUT_S = 120.0


def pair(decls: str, src: str, tgt: str, ret: str = "i32") -> str:
    return (f"{decls}\n\ndefine {ret} @src() {{\n{src.strip()}\n}}\n\n"
            f"define {ret} @tgt() {{\n{tgt.strip()}\n}}\n")


def verdict(text: str) -> tuple[str, str]:
    v = check(text, timeout=PROOF_TIMEOUT_S)
    return v.category, v.reason


STORE = "%a = alloca i32\n  store i32 1, ptr %a"


def test_the_callee_cannot_write_the_callers_object():
    src = f"{STORE}\n  call void @f(ptr byval(i32) %a)\n  %v = load i32, ptr %a\n  ret i32 %v"
    tgt = f"{STORE}\n  call void @f(ptr byval(i32) %a)\n  ret i32 1"
    assert verdict(pair("declare void @f(ptr)", src, tgt)) == ("correct", "")
    plain = pair("declare void @f(ptr)", src.replace(" byval(i32)", ""),
                 tgt.replace(" byval(i32)", ""))
    assert verdict(plain)[0] == "semantic_error"


def test_the_copied_bytes_are_an_input_even_of_a_callee_that_reads_nothing():
    decl = "declare i32 @g(ptr) memory(none)"
    src = f"{STORE}\n  %r = call i32 @g(ptr byval(i32) %a)\n  ret i32 %r"
    tgt = src.replace("store i32 1", "store i32 2")
    assert verdict(pair(decl, src, tgt))[0] == "semantic_error"
    assert verdict(pair(decl, src, src.replace("%r", "%s"))) == ("correct", "")


def test_copying_more_bytes_than_the_object_has_is_ub():
    src = "%a = alloca i8\n  call void @f(ptr byval(i32) %a)\n  ret i32 0"
    assert verdict(pair("declare void @f(ptr)", src, "unreachable")) == \
        ("correct", "source_always_ub")


def test_an_object_passed_by_value_does_not_escape():
    decls = "declare void @f(ptr)\ndeclare ptr @h()"
    body = (f"{STORE}\n  call void @f(ptr byval(i32) %a)\n  %q = call ptr @h()\n"
            "  store i32 2, ptr %q\n")
    src = body + "  %v = load i32, ptr %a\n  ret i32 %v"
    assert verdict(pair(decls, src, body + "  ret i32 1")) == ("correct", "")
