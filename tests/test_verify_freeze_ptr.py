"""``freeze`` of a pointer (LangRef "freeze"): a non-poison, non-undef operand is
returned unchanged; a poison one becomes an arbitrary (but fixed) pointer."""

from __future__ import annotations

from veriopt.verify import check


def _pair(src: str, tgt: str, sig: str = "ptr %p", ret: str = "ptr", decls: str = "") -> str:
    return (f"{decls}\ndefine {ret} @src({sig}) {{\n{src}\n}}\n\n"
            f"define {ret} @tgt({sig}) {{\n{tgt}\n}}\n")


def _verdict(text: str) -> tuple[str, str]:
    v = check(text)
    return v.category, v.reason


def test_dropping_a_pointer_freeze_is_more_poisonous():
    assert _verdict(_pair("%f = freeze ptr %p\n ret ptr %f", "ret ptr %p")) == (
        "semantic_error", "target_more_poisonous")


def test_adding_a_pointer_freeze_is_correct():
    assert check(_pair("ret ptr %p", "%f = freeze ptr %p\n ret ptr %f")).category == "correct"


def test_freeze_of_a_noundef_pointer_is_the_pointer():
    text = _pair("%f = freeze ptr %p\n ret ptr %f", "ret ptr %p", sig="ptr noundef %p")
    assert check(text).category == "correct"


def test_frozen_poison_pointer_may_be_any_pointer():
    assert check(_pair("%f = freeze ptr poison\n ret ptr %f", "ret ptr %p",
                      sig="ptr noundef %p")).category == "correct"
    assert check(_pair("%f = freeze ptr poison\n ret ptr %f", "ret ptr null")).category == "correct"


def test_a_frozen_pointer_is_one_value():
    src = "%f = freeze ptr undef\n %c = icmp eq ptr %f, %f\n ret i1 %c"
    assert check(_pair(src, "ret i1 true", ret="i1")).category == "correct"
    assert check(_pair(src, "ret i1 false", ret="i1")).category == "semantic_error"


def test_storing_through_a_frozen_poison_pointer_may_be_ub_in_tgt():
    tgt = "%f = freeze ptr poison\n store i32 0, ptr %f\n ret i32 0"
    assert _verdict(_pair("ret i32 0", tgt, sig="", ret="i32")) == (
        "semantic_error", "source_more_defined")
