"""`veriopt verify` and `check_functions`: alive-tv's modes, and the proof kind shown
wherever a verdict is shown (report, text output, ``--json``, batch JSONL).

Two files: every function defined in both is paired by name and checked; one defined
in src only is named (not checked), one in tgt only is ignored (named too). One file:
every ``@srcN``/``@tgtN`` pair. The exit code is that of the worst verdict.
"""

from __future__ import annotations

import json

import pytest

from test_verify_proofs import sum_loop_vs_closed_form
from veriopt.cli import main
from veriopt.verify import FunctionVerdicts, check, check_functions
from veriopt.verify.verdict import is_timeout

SRC = """define i8 @f(i8 %x) {
  %a = add i8 %x, 0
  ret i8 %a
}

define i8 @g(i8 %x) {
  %a = add i8 %x, 1
  ret i8 %a
}

define i8 @h(i8 %x) {
  ret i8 %x
}
"""
TGT = """define i8 @f(i8 %x) {
  ret i8 %x
}

define i8 @g(i8 %x) {
  ret i8 %x
}

define i8 @k(i8 %x) {
  ret i8 %x
}
"""

#: a loop whose tgt is right only within the unroll bound
LOOP = sum_loop_vs_closed_form(100_000)  # wrong past any bound the refuter reaches


@pytest.fixture
def files(tmp_path):
    def write(**texts: str) -> dict[str, str]:
        out = {}
        for name, text in texts.items():
            p = tmp_path / f"{name}.ll"
            p.write_text(text)
            out[name] = str(p)
        return out
    return write


def test_check_functions_pairs_every_common_function_by_name():
    results = check_functions(SRC, TGT)
    assert isinstance(results, FunctionVerdicts)
    assert [(fv.name, fv.verdict.category) for fv in results] == [
        ("f", "correct"), ("g", "semantic_error")]
    assert (results.src_only, results.tgt_only) == (("h",), ("k",))
    assert results.category == "semantic_error"
    assert [row["function"] for row in results.to_json()] == ["f", "g"]


def test_check_keeps_answering_one_verdict_and_asks_for_a_name_when_ambiguous():
    v = check(SRC, TGT)
    assert v.category == "syntax_error" and "cannot pair functions" in v.message
    assert check(SRC, TGT, fn_name="g").reason == "value_mismatch"


def test_two_files_print_each_report_like_alive_tv_and_exit_with_the_worst(files, capsys):
    f = files(src=SRC, tgt=TGT)
    assert main(["verify", f["src"], f["tgt"]]) == 1
    out, err = capsys.readouterr()
    assert out.count("----------------------------------------\n") == 2
    assert "define i8 @f(i8 %x) {\n  ret i8 %x\n}\nTransformation seems to be correct!\n\n\n" \
        in out  # alive-tv: a blank line, then the next function's dashes
    assert out.count("Summary:") == 1
    assert out.endswith("Summary:\n  1 correct transformations\n  1 incorrect transformations\n"
                        "  0 failed-to-prove transformations\n  0 Alive2 errors\n"
                        "Proofs: 1 full, 0 bounded, 0 vacuous\n")
    assert f"@h is defined in {f['src']} only: not checked" in err
    assert f"@k is defined in {f['tgt']} only: ignored" in err


def test_two_files_json_is_a_list_with_the_function_and_its_proof(files, capsys):
    f = files(src=SRC, tgt=TGT)
    assert main(["verify", "--json", f["src"], f["tgt"]]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [(r["function"], r["category"], r["proof"]) for r in rows] == [
        ("f", "correct", "full"), ("g", "semantic_error", "")]


def test_one_file_checks_every_src_tgt_pair(files, capsys):
    text = ("define i8 @src(i8 %x) {\n  ret i8 %x\n}\n\ndefine i8 @tgt(i8 %x) {\n"
            "  %y = or i8 %x, 0\n  ret i8 %y\n}\n\ndefine i8 @src2(i8 %x) {\n  ret i8 %x\n}\n\n"
            "define i8 @tgt2(i8 %x, i8 %y) {\n  ret i8 %x\n}\n")
    f = files(one=text)
    assert main(["verify", "--json", f["one"]]) == 3  # correct + inconclusive (signature)
    rows = json.loads(capsys.readouterr().out)
    assert [(r["function"], r["category"]) for r in rows] == [("src", "correct"),
                                                             ("src2", "inconclusive")]


def test_bounded_proof_is_named_in_the_text_and_the_json(files, capsys):
    f = files(loop=LOOP)
    assert main(["verify", f["loop"]]) == 0
    out = capsys.readouterr().out
    assert "Transformation seems to be correct!\n(bounded: loops unrolled 8 times)\n" in out
    assert out.endswith("Proofs: 0 full, 1 bounded, 0 vacuous\n")
    assert main(["verify", "--json", f["loop"]]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["proof"], row["unroll"], row["bounded"]) == ("bounded", 8, True)


def test_no_common_function_is_a_syntax_error(files, capsys):
    f = files(a="define void @a() {\n  ret void\n}\n", b="define void @b() {\n  ret void\n}\n"
              "define void @c() {\n  ret void\n}\n")
    assert main(["verify", f["a"], f["b"]]) == 2
    assert "no function is defined in both modules" in capsys.readouterr().out


def test_batch_jsonl_records_the_proof_kind(tmp_path):
    from veriopt.verify.batch import verify_batch

    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"id": "loop", "src": LOOP}) + "\n")
    out = tmp_path / "out.jsonl"
    verify_batch(pairs, out, jobs=1, cache_dir=None, progress=False)
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert (row["id"], row["category"], row["proof"], row["unroll"]) == ("loop", "correct",
                                                                         "bounded", 8)


def test_the_verify_section_of_a_config_sets_the_budget_and_flags_override_it(files, capsys,
                                                                              tmp_path):
    f = files(src=SRC.split("\n\n")[0] + "\n", tgt=TGT.split("\n\n")[0] + "\n")  # @f only
    assert main(["verify", "--json", f["src"], f["tgt"]]) == 0  # the default budget proves it
    capsys.readouterr()
    cfg = tmp_path / "stage.yaml"
    cfg.write_text("jobs: 2\nverify:\n  timeout: 2.0\n  total_timeout: 1.0e-6\n")
    assert main(["verify", "--json", "--config", str(cfg), f["src"], f["tgt"]]) == 3
    rows = json.loads(capsys.readouterr().out)
    assert {r["category"] for r in rows} == {"inconclusive"}
    assert all(is_timeout(r["reason"]) for r in rows)
    assert main(["verify", "--config", str(cfg), "--total-timeout", "30", f["src"], f["tgt"]]) == 0
