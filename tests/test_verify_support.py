"""The feature gate: everything outside the modelled subset is ``inconclusive``
with ``unsupported:<feature>``, never ``correct``, even when src and tgt are
obviously equivalent. (An exact copy is ``correct`` by reflexivity before the
gate, Alive2's syntactic-equality shortcut: see tests/test_verify_calls.py.)"""

from __future__ import annotations

import pytest

from veriopt.verify import check


def same(body: str, sig: str = "i32 %x", ret: str = "i32", prelude: str = "",
         tgt_body: str | None = None, attrs: str = "") -> str:
    """src and an equivalent tgt that is not a copy (one dead instruction more)."""
    tgt = "%copy.breaker = add i32 0, 0\n" + body if tgt_body is None else tgt_body
    return (f"{prelude}\ndefine {ret} @src({sig}) {attrs} {{\n{body}\n}}\n\n"
            f"define {ret} @tgt({sig}) {attrs} {{\n{tgt}\n}}\n")


CASES = {
    # (calls through a pointer are modelled: test_verify_indirect_calls.py)
    "inline-asm": same('%r = call i32 asm "mov $0, $1", "=r,r"(i32 %x)\n ret i32 %r'),
    "intrinsic:llvm.readcyclecounter": same(
        "%r = call i64 @llvm.readcyclecounter()\n %t = trunc i64 %r to i32\n ret i32 %t",
        prelude="declare i64 @llvm.readcyclecounter()"),
    "pointer-type": same("%v = load i32, ptr addrspace(1) @g, align 4\n ret i32 %v",
                        prelude="@g = addrspace(1) global i32 0"),
    # (nocapture is modelled where nothing may capture, and a tgt's capture where it can
    # be held to the promise: passing it to a nocapture callee is refused)
    "attribute:nocapture": same("ret ptr null", tgt_body="call void @looks(ptr %p)\n ret ptr null",
                                sig="ptr nocapture %p", ret="ptr",
                                prelude="declare void @looks(ptr nocapture)"),
    "attribute:noalias": same("%p = alloca i32, align 4\n ret ptr %p", sig="", ret="noalias ptr"),
    "fp": same("%r = fadd x86_fp80 %x, %x\n ret x86_fp80 %r", sig="x86_fp80 %x",
               ret="x86_fp80"),
    "scalable-vector": same("%r = add <vscale x 2 x i32> %x, %x\n ret <vscale x 2 x i32> %r",
                            sig="<vscale x 2 x i32> %x", ret="<vscale x 2 x i32>"),
    # (a copy would be correct by reflexivity, so tgt differs a little; a cycle entered at
    # two blocks is no natural loop and cannot be unrolled)
    "irreducible-cfg": same("%c = icmp eq i32 %x, 0\n br i1 %c, label %a, label %b\n"
                            "a:\n br i1 %c, label %b, label %e\nb:\n br label %a\ne:\n ret i32 %x",
                            tgt_body="%c = icmp eq i32 %x, 0\n br i1 %c, label %a, label %b\n"
                            "a:\n br i1 %c, label %b, label %e\nb:\n br label %a\ne:\n"
                            " %y = add i32 %x, 0\n ret i32 %y"),
    # (volatile scalars are calls with side effects, volatile.py; vectors are not modelled)
    "volatile-load": same("%p = alloca <2 x i32>, align 8\n"
                          " store <2 x i32> zeroinitializer, ptr %p, align 8\n"
                          " %v = load volatile <2 x i32>, ptr %p, align 8\n ret i32 %x"),
    "metadata:align": same("%p = alloca ptr, align 8\n store ptr null, ptr %p, align 8\n"
                           " %v = load ptr, ptr %p, align 8, !align !0\n ret i32 %x",
                           prelude="!0 = !{i64 8}"),
    "attribute:speculatable": same("ret i32 %x", attrs="speculatable"),
    "attribute:returned": same("ret i32 %x", sig="i32 returned %x"),
    # (dynamic allocas and stacksave are modelled, but not what the saved stack
    # pointer is compared with: stack.py)
    "stacksave-use": same("%s = call ptr @llvm.stacksave.p0()\n %c = icmp eq ptr %s, null\n"
                          " call void @llvm.stackrestore.p0(ptr %s)\n ret i32 %x",
                          prelude="declare ptr @llvm.stacksave.p0()\n"
                          "declare void @llvm.stackrestore.p0(ptr)"),
    # (an i1 store is modelled, but not reading its byte as an i8: memory.py)
    "load-of-unspecified-bytes": same("%p = alloca i1, align 1\n store i1 true, ptr %p, align 1\n"
                                      " %v = load i8, ptr %p, align 1\n ret i32 %x"),
}


@pytest.mark.parametrize("feature", sorted(CASES))
def test_unsupported_feature_is_inconclusive_even_for_copies(feature):
    v = check(CASES[feature])
    assert (v.category, v.reason) == ("inconclusive", f"unsupported:{feature}")
    assert "ERROR:" in v.report
    assert "1 Alive2 errors" in v.report or "1 failed-to-prove" in v.report


def test_unsupported_feature_in_target_only_is_caught():
    text = same("ret i32 %x", sig="i32 %x",
                tgt_body='%r = call i32 asm "mov $0, $1", "=r,r"(i32 %x)\n ret i32 %x')
    assert check(text).reason == "unsupported:inline-asm"


def test_supported_function_with_usual_o0_attributes_is_checked():
    text = same("ret i32 %x", sig="i32 noundef signext %x",
                attrs="#0", prelude='attributes #0 = { noinline nounwind uwtable '
                '"frame-pointer"="non-leaf" "target-cpu"="generic" }')
    assert check(text).category == "correct"


def test_an_inttoptr_nothing_uses_is_dropped_and_a_used_one_refused():
    # an unused inttoptr has no effect (no UB, no write); a used one is not modelled
    dead = same("%p = inttoptr i32 %x to ptr\n ret i32 %x",
                tgt_body="ret i32 %x")
    assert check(dead).category == "correct"
    wrong = same("%p = inttoptr i32 %x to ptr\n ret i32 %x", tgt_body="ret i32 0")
    assert check(wrong).reason == "value_mismatch"
    used = same("%p = inttoptr i32 %x to ptr\n %i = ptrtoint ptr %p to i32\n ret i32 %i",
                tgt_body="ret i32 %x")
    assert check(used).reason == "unsupported:inttoptr"
