"""The safety net against a hostile or broken model server (issue 12).

`veriopt opt` against a real HTTP server on 127.0.0.1 that renames functions, adds
a constructor calling system(), defines libc's @puts, changes a global, lies in a
declaration, answers garbage, omits `choices` or hangs: every run finishes, every
function of the output is the input's or a verified rewrite linked alone, and
nothing else of the answer reaches the output. Plus the bounded closed-form loop:
`veriopt opt` links only full proofs unless told otherwise.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from hostile_server import SCENARIOS, HostileServer, optimized
from veriopt.llvm.functions import defined_functions, only_function, same_modulo_names
from veriopt.llvm.parser import parse_module
from veriopt.llvm.toolchain import canonicalize, get_toolchain
from veriopt.model.backends import BackendConfig, make_backend
from veriopt.optimize import OptConfig, optimize_module
from veriopt.splice import UnsafeCandidate, splice_verified
from veriopt.verify import check

C_SOURCE = """
int puts(const char *);
static int counter = 5;
int bump(int x) { int y = x; return y * 2 + counter; }
int hello(void) { puts("hi"); return counter; }
"""

HOSTILE_IR = ("renames_function", "adds_constructor_calling_system",
              "adds_constructor_entry_only", "defines_libc_puts", "changes_a_global",
              "declares_with_other_attributes")
BROKEN = ("answers_garbage", "omits_choices", "choices_not_a_list", "answers_non_json",
          "answers_http_500")


@pytest.fixture(scope="module")
def module_ir(tmp_path_factory) -> str:
    c = tmp_path_factory.mktemp("adv") / "m.c"
    c.write_text(C_SOURCE)
    return canonicalize(get_toolchain().compile_c(c))


def _opt(url: str, ir: str, **cfg) -> tuple[str, list]:
    backend = make_backend(BackendConfig(kind="openai", base_url=url, model="m", retries=0,
                                         request_timeout=60))
    return optimize_module(ir, OptConfig(jobs=1, fallback="none", **cfg), backend=backend)


def _globals(ir: str) -> set[str]:
    return {ln for ln in ir.splitlines() if ln.startswith("@")}


def assert_only_verified_rewrites(ir: str, out: str, decisions) -> None:
    """Same definitions and globals as the input; each function is the input's or a
    rewrite the verifier proves against the input function."""
    assert canonicalize(out) == out
    assert defined_functions(parse_module(out)) == defined_functions(parse_module(ir))
    assert _globals(out) == _globals(ir)
    for bad in ("global_ctors", "@system", "@evil_ctor", "define i32 @puts", "_opt(",
                "@planted"):
        assert bad not in out
    assert re.findall(r"^declare .*$", out, re.M) == re.findall(r"^declare .*$", ir, re.M)
    tc = get_toolchain()
    for d in decisions:
        before = only_function(parse_module(ir), d.function)
        after = only_function(parse_module(out), d.function)
        if d.chosen == "input":
            assert same_modulo_names(before, after), d.function
        else:
            v = check(tc.extract_function(ir, d.function), tc.extract_function(out, d.function))
            assert v.category == "correct" and v.proof == "full", (d.function, v.reason)


@pytest.mark.parametrize("scenario", HOSTILE_IR)
def test_a_hostile_answer_never_gets_more_than_the_verified_function_linked(
        scenario, module_ir):
    with HostileServer(SCENARIOS[scenario]) as url:
        out, decisions = _opt(url, module_ir)
    assert_only_verified_rewrites(module_ir, out, decisions)
    for d in decisions:  # a faster verified answer that was not linked was refused
        (model,) = [c for c in d.candidates if c["origin"] == "model"]
        faster = model["accepted"] and model["latency"] < d.latency_before
        assert (d.chosen == "model") or not faster or model.get("refused"), (scenario, d)


@pytest.mark.parametrize("scenario", HOSTILE_IR)
def test_the_splice_refuses_every_hostile_rewrite_of_every_function(scenario, module_ir):
    """The splice alone (no verifier, no latency filter): whatever the answer carries
    beyond a rewrite of the function is refused, with the reason."""
    tc = get_toolchain()
    refused = 0
    for name in defined_functions(parse_module(module_ir)):
        context = tc.extract_function(module_ir, name)
        text = SCENARIOS[scenario](context)[1]
        candidate = canonicalize(text.split("<answer>")[1].split("</answer>")[0])
        if candidate == canonicalize(optimized(context)):
            continue  # the scenario had nothing to plant in this function
        with pytest.raises(UnsafeCandidate) as e:
            splice_verified(module_ir, name, candidate, context)
        assert str(e.value).startswith("the candidate ")
        refused += 1
    assert refused >= 1


def test_the_splice_links_a_clean_rewrite_with_the_input_header(module_ir):
    tc = get_toolchain()
    context = tc.extract_function(module_ir, "bump")
    out = splice_verified(module_ir, "bump", optimized(context), context)
    assert "define dso_local i32 @bump" in out and "@counter = internal global i32 5" in out
    fn = only_function(parse_module(out), "bump")
    assert len(fn.blocks[0].instructions) < 6  # the rewrite, not the -O0 body
    v = check(tc.extract_function(module_ir, "bump"), tc.extract_function(out, "bump"))
    assert v.category == "correct"


@pytest.mark.parametrize("scenario", BROKEN)
def test_a_broken_server_keeps_every_input_function_and_says_why(scenario, module_ir):
    with HostileServer(SCENARIOS[scenario]) as url:
        out, decisions = _opt(url, module_ir)
    assert out == module_ir
    for d in decisions:
        assert d.chosen == "input"
        assert "model unavailable" in d.note or all(c["verdict"] != "correct"
                                                    for c in d.candidates), d


def test_a_hanging_server_costs_the_model_budget_not_the_run(module_ir):
    server = HostileServer(SCENARIOS["hangs"])
    with server as url:
        out, decisions = _opt(url, module_ir, model_budget=2.0)
    assert out == module_ir and len(decisions) == 2
    assert "no answer within the model budget" in decisions[0].note
    assert "a call past its budget still runs" in decisions[1].note
    assert server.requests == 1  # the model is not asked again while that call hangs


def test_the_cli_keeps_the_input_when_the_server_omits_choices(module_ir, tmp_path):
    src = tmp_path / "in.ll"
    src.write_text(module_ir)
    with HostileServer(SCENARIOS["omits_choices"]) as url:
        r = subprocess.run([sys.executable, "-m", "veriopt", "opt", str(src), "-o",
                            str(tmp_path / "out.ll"), "--backend", "openai", "--base-url", url,
                            "--model", "m", "--fallback", "none", "-j", "1"],
                           capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out.ll").read_text() == module_ir
    assert "model unavailable" in r.stderr


# ---- proof kinds: the bounded closed form --------------------------------------------

#: sum of 1..n by a loop, and a "closed form" that is wrong for n > 100,000: it verifies
#: only within the loop bound, so it is a bounded proof (a concrete run of 100,001
#: iterations is past the refutation's reach; one wrong past 1,000 is refuted there).
LOOP_SUM = """target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128"
target triple = "aarch64-unknown-linux-gnu"

define i32 @sum(i32 %n) {
entry:
  br label %head

head:
  %i = phi i32 [ 1, %entry ], [ %i.next, %body ]
  %s = phi i32 [ 0, %entry ], [ %s.next, %body ]
  %done = icmp ugt i32 %i, %n
  br i1 %done, label %exit, label %body

body:
  %s.next = add i32 %s, %i
  %i.next = add i32 %i, 1
  br label %head

exit:
  ret i32 %s
}
"""

CLOSED_FORM = """<answer>
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128"
target triple = "aarch64-unknown-linux-gnu"

define i32 @sum(i32 %n) {
entry:
  %big = icmp ugt i32 %n, 100000
  %n1 = add i32 %n, 1
  %m = mul i32 %n, %n1
  %h = lshr i32 %m, 1
  %r = select i1 %big, i32 0, i32 %h
  ret i32 %r
}
</answer>"""


def _closed_form(_ir: str):
    return ("answer", CLOSED_FORM)


def test_a_bounded_proof_is_not_linked_by_default_but_is_with_accept_bounded():
    v = check(LOOP_SUM, CLOSED_FORM.split("<answer>")[1].split("</answer>")[0])
    if v.category != "correct" or v.proof != "bounded":
        pytest.skip(f"the verifier gives {v.category}/{v.proof or v.reason} here")
    ir = canonicalize(LOOP_SUM)
    with HostileServer(_closed_form) as url:
        out, (d,) = _opt(url, ir)
        assert d.chosen == "input" and "bounded proof not accepted" in d.note
        assert d.candidates[0]["proof"] == "bounded" and not d.candidates[0]["accepted"]
        assert out == ir
        out, (d,) = _opt(url, ir, accept_bounded=True)
    assert d.chosen == "model" and "select" in out


@pytest.mark.parametrize("scenario", ("omits_choices", "answers_non_json", "choices_not_a_list"))
def test_eval_generation_from_a_broken_server_fails_in_one_clear_line(scenario, module_ir):
    from veriopt.evaluate.config import EvalConfig
    from veriopt.evaluate.predictions import EvalSample
    from veriopt.evaluate.run import model_generator
    from veriopt.model.backends import GenerationError

    with HostileServer(SCENARIOS[scenario]) as url:
        cfg = EvalConfig(backend=BackendConfig(kind="openai", base_url=url, model="m",
                                               retries=0, request_timeout=30))
        with pytest.raises(GenerationError) as e:
            model_generator(cfg)([EvalSample(id="a", source_ir=module_ir)])
    message = str(e.value)
    assert "\n" not in message and "model backend" in message, message
