"""``allocsize(i[, j])`` (LangRef 19, "Function Attributes"): the function "will always
return at least a given number of bytes (or null)", ``args[i]`` bytes or
``args[i] * args[j]``; "no assumptions are made about the contents".

On a callee (its declaration or the call site) it restricts src's result and is a
claim about tgt's; on the function being verified it is a promise to its caller, so
returning a shorter object is UB (Alive2: attrs/allocsize; a tgt that adds it to
itself was accepted before, a wrong ``correct``). A poison size is UB for Alive2 and
unsaid by LangRef: either reading gives the same verdicts on identical code."""

from __future__ import annotations

from veriopt.verify import check

DL = ('target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'
      'target triple = "aarch64-unknown-linux-gnu"\n')
G4 = "@g = global [4 x i8] zeroinitializer, align 4\n"
#: Expectations here are proven verdicts: a budget no query comes near, so that they do
#: not depend on the machine's load.
PROOF_TIMEOUT_S = 120.0


def verdict(sig: str, src: str, tgt: str, *, prelude: str = "", ret: str = "ptr",
            src_attrs: str = "", tgt_attrs: str = "") -> tuple[str, str]:
    text = (f"{DL}{prelude}\ndefine {ret} @src({sig}) {src_attrs} {{\n{src.strip()}\n}}\n\n"
            f"define {ret} @tgt({sig}) {tgt_attrs} {{\n{tgt.strip()}\n}}\n")
    v = check(text, timeout=PROOF_TIMEOUT_S)
    return v.category, v.reason


# ---- on the function being verified ----------------------------------------------------------


def test_a_target_may_not_promise_more_bytes_than_it_returns():
    # @g has 4 bytes: for %n > 4 the target breaks its promise
    assert verdict("i64 noundef %n", "ret ptr @g", "ret ptr @g", prelude=G4,
                   tgt_attrs="allocsize(0)") == ("semantic_error", "source_more_defined")


def test_a_source_that_breaks_its_promise_allows_anything():
    tgt = ("%big = icmp ugt i64 %n, 4\n br i1 %big, label %no, label %yes\n"
           "no:\n unreachable\nyes:\n ret ptr @g")
    assert verdict("i64 noundef %n", "ret ptr @g", tgt, prelude=G4,
                   src_attrs="allocsize(0)", tgt_attrs="allocsize(0)") == ("correct", "")
    # but where the source keeps it, the target must return the same pointer
    assert verdict("i64 noundef %n", "ret ptr @g", "ret ptr null", prelude=G4,
                   src_attrs="allocsize(0)")[0] == "semantic_error"


def test_null_and_a_product_of_two_sizes_keep_the_promise():
    assert verdict("i64 %n", "ret ptr null", "ret ptr null", src_attrs="allocsize(0)",
                   tgt_attrs="allocsize(0)") == ("correct", "")
    # @g holds a * b bytes only when the product is at most 4
    sig = "i32 noundef %a, i32 noundef %b"
    assert verdict(sig, "ret ptr @g", "ret ptr @g", prelude=G4,
                   tgt_attrs="allocsize(0, 1)") == ("semantic_error", "source_more_defined")
    guarded = ("%ab = mul i32 %a, %b\n %fits = icmp ule i32 %ab, 4\n"
               " %ov = call {i32, i1} @llvm.umul.with.overflow.i32(i32 %a, i32 %b)\n"
               " %o = extractvalue {i32, i1} %ov, 1\n %nf = xor i1 %o, true\n"
               " %ok = and i1 %nf, %fits\n %r = select i1 %ok, ptr @g, ptr null\n ret ptr %r")
    assert verdict(sig, guarded, guarded, prelude=G4,
                   src_attrs="allocsize(0, 1)", tgt_attrs="allocsize(0, 1)") == ("correct", "")
    # returning @g when the product overflows is fine for one reading, UB for the other
    # (alive-tv, which takes the UB reading only, calls it correct)
    assert verdict(sig, guarded, guarded.replace("%ok = and i1 %nf, %fits", "%ok = or i1 %o, %fits"),
                   prelude=G4, src_attrs="allocsize(0, 1)",
                   tgt_attrs="allocsize(0, 1)")[0] == "semantic_error"


def test_identical_functions_with_a_size_that_may_be_poison_are_correct():
    assert verdict("i64 %n", "ret ptr @g", "ret ptr @g", prelude=G4,
                   src_attrs="allocsize(0)", tgt_attrs="allocsize(0)") == ("correct", "")


# ---- on a callee --------------------------------------------------------------------------------

DECL = "declare ptr @my_malloc(i32) allocsize(0)\n"


def call(size: str, attrs: str = "") -> str:
    return f"%p = call {attrs} ptr @my_malloc(i32 {size})\n ret ptr %p"


def test_the_result_of_an_allocsize_callee_is_dereferenceable_or_null():
    # alive-tv: attrs/allocsize
    assert verdict("", call("23"), call("23", "dereferenceable_or_null(23)"),
                   prelude=DECL) == ("correct", "")
    # (alive-tv accepts 24: its fresh block of 23 bytes is rounded up to its alignment)
    assert verdict("", call("23"), call("23", "dereferenceable_or_null(24)"),
                   prelude=DECL) == ("semantic_error", "source_more_defined")


def test_a_variable_size_bounds_only_what_it_says():
    assert verdict("i32 noundef %n", call("%n"), call("%n", "dereferenceable_or_null(4)"),
                   prelude=DECL) == ("semantic_error", "source_more_defined")
    # not noundef: the size may be poison or undef, and identical calls still agree
    assert verdict("i32 %n", call("%n"), call("%n"), prelude=DECL) == ("correct", "")


def test_a_target_may_not_add_allocsize_to_a_call():
    # a claim about the callee that src never made (alive-tv: incorrect)
    decl = "declare ptr @f(i64)\n"
    src = "%p = call ptr @f(i64 16)\n ret ptr %p"
    tgt = "%p = call ptr @f(i64 16) allocsize(0)\n ret ptr %p"
    assert verdict("", src, tgt, prelude=decl) == ("semantic_error", "source_more_defined")
    # dropping it is a refinement by LangRef, but alive-tv takes an allocsize call for an
    # allocation, another call than a plain one: the stricter reading, not matched
    assert verdict("", tgt, src, prelude=decl)[0] == "semantic_error"
    assert verdict("", tgt, tgt, prelude=decl) == ("correct", "")
