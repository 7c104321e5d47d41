"""`veriopt opt`: only verified rewrites reach the output; faults keep the input."""

from __future__ import annotations

import subprocess
import sys

import pytest

from veriopt.llvm.functions import defined_functions, only_function, same_modulo_names
from veriopt.llvm.parser import parse_module
from veriopt.llvm.toolchain import canonicalize, get_toolchain
from veriopt.model.backends import GenerationConfig, GenerationError
from veriopt.optimize import OptConfig, optimize_module
from veriopt.verify import check
from veriopt.verify.options import VerifyOptions
from veriopt.verify.verdict import is_timeout

C_SOURCE = """
static int helper(int x) { int y = x; return y * 2; }
int pub(int a) { return helper(a) + helper(a + 1); }
int clampz(int v) { int r = v; if (r < 0) r = 0; return r; }
const char *msg(void) { return "hi"; }
"""


def _module(tmp_path) -> str:
    c = tmp_path / "m.c"
    c.write_text(C_SOURCE)
    return canonicalize(get_toolchain().compile_c(c))


def _fn_module(ir: str, name: str) -> str:
    return get_toolchain().extract_function(ir, name)


def test_the_opt_configs_verify_budget_reaches_every_check(tmp_path):
    ir = _module(tmp_path)
    cfg = OptConfig(jobs=1, verify=VerifyOptions(total_timeout=1e-6))  # no check fits in it
    out, decisions = optimize_module(ir, cfg)
    assert out == ir or canonicalize(out) == canonicalize(ir)
    tried = [c for d in decisions for c in d.candidates]
    assert tried and {c["verdict"] for c in tried} == {"inconclusive"}
    assert all(is_timeout(c["reason"]) for c in tried)
    assert {d.chosen for d in decisions} == {"input"}


class ScriptedBackend:
    """A real `Backend` implementation whose answers are fixed strings (a model that
    always answers the same), used to exercise the selection logic."""

    def __init__(self, answers: dict[str, str], fail: bool = False) -> None:
        self.answers, self.fail = answers, fail

    def render(self, request):
        return str(request)

    def generate(self, requests, gen: GenerationConfig):
        if self.fail:
            raise GenerationError("backend down")
        out = []
        for r in requests:
            ir = r[-1]["content"]
            name = next(n for n in self.answers if f"@{n}(" in ir)
            out.append([self.answers[name]] * gen.n)
        return out


def test_verified_instcombine_without_a_model_refines_every_function(tmp_path):
    ir = _module(tmp_path)
    out, decisions = optimize_module(ir, OptConfig(jobs=1))
    assert canonicalize(out) == out  # LLVM accepts it
    assert defined_functions(parse_module(out)) == defined_functions(parse_module(ir))
    chosen = {d.function: d.chosen for d in decisions}
    for name in defined_functions(parse_module(ir)):
        if chosen[name] == "input":  # kept as is (e.g. the verifier could not decide)
            assert same_modulo_names(only_function(parse_module(ir), name),
                                     only_function(parse_module(out), name))
        else:
            v = check(_fn_module(ir, name), _fn_module(out, name))
            assert v.category == "correct", (name, v.reason)
    assert chosen["helper"] == "instcombine" and chosen["clampz"] == "instcombine"
    # linkage survives the round trip through llvm-extract/llvm-link
    assert "define internal i32 @helper" in out
    assert "@.str = private unnamed_addr constant" in out


def test_a_wrong_model_answer_is_never_emitted(tmp_path):
    ir = _module(tmp_path)
    wrong = ("<answer>\ndefine hidden i32 @helper(i32 noundef %0) {\n"
             "  %2 = shl nsw i32 %0, 2\n  ret i32 %2\n}\n</answer>")
    backend = ScriptedBackend({"helper": wrong, "pub": "no idea", "clampz": "", "msg": ""})
    out, decisions = optimize_module(ir, OptConfig(jobs=1, fallback="none"), backend=backend)
    helper = next(d for d in decisions if d.function == "helper")
    assert helper.chosen == "input"
    assert helper.candidates[0]["verdict"] == "semantic_error"
    assert same_modulo_names(only_function(parse_module(ir), "helper"),
                             only_function(parse_module(out), "helper"))


def test_a_correct_model_answer_is_chosen(tmp_path):
    ir = _module(tmp_path)
    good = ("<answer>\ndefine hidden i32 @helper(i32 noundef %0) {\n"
            "  %2 = shl nsw i32 %0, 1\n  ret i32 %2\n}\n</answer>")
    backend = ScriptedBackend({"helper": good, "pub": "", "clampz": "", "msg": ""})
    out, decisions = optimize_module(ir, OptConfig(jobs=1, fallback="none"), backend=backend)
    helper = next(d for d in decisions if d.function == "helper")
    assert helper.chosen == "model" and helper.latency_after < helper.latency_before
    assert "shl nsw i32 %0, 1" in out and "define internal i32 @helper" in out


def test_backend_failure_keeps_the_input_and_says_why(tmp_path):
    ir = _module(tmp_path)
    out, decisions = optimize_module(ir, OptConfig(jobs=1, fallback="none"),
                                     backend=ScriptedBackend({}, fail=True))
    assert all(d.chosen == "input" and "backend down" in d.note for d in decisions)
    assert out == ir


def test_cli_works_as_a_pipeline_filter(tmp_path):
    ir = _module(tmp_path)
    r = subprocess.run([sys.executable, "-m", "veriopt", "opt", "-", "-o", "-", "-j", "1"],
                       input=ir, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "define internal i32 @helper" in r.stdout
    assert "@helper: instcombine" in r.stderr


# slow tier (`make test-all`): a model over every module of the built-in corpus
@pytest.mark.slow
def test_tiny_model_on_builtin_corpus_gives_accepted_verified_modules(tiny_model):
    from veriopt.corpus import builtin_corpus_dir
    from veriopt.model.backends import BackendConfig, make_backend

    backend = make_backend(BackendConfig(kind="transformers", model=str(tiny_model),
                                         device="cpu"))
    cfg = OptConfig(jobs=2, max_new_tokens=24, samples=1)
    for name in ("clamp_minmax.c",):
        ir = canonicalize(get_toolchain().compile_c(builtin_corpus_dir() / name))
        out, decisions = optimize_module(ir, cfg, backend=backend)
        assert canonicalize(out) == out, name
        for d in decisions:
            assert {c["origin"] for c in d.candidates} >= {"instcombine"}
            if d.chosen == "input":
                assert same_modulo_names(only_function(parse_module(ir), d.function),
                                         only_function(parse_module(out), d.function))
            else:
                v = check(_fn_module(ir, d.function), _fn_module(out, d.function))
                assert v.category == "correct", (name, d.function, v.reason)
        assert any(d.chosen != "input" for d in decisions)
