"""`veriopt eval`: verdicts, copies, metrics with fallback, artifact-style inputs, a
real (tiny) model end to end, and resuming without redoing samples."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from veriopt.cli import main
from veriopt.config import load_config
from veriopt.errors import ConfigError
from veriopt.evaluate.config import EvalConfig
from veriopt.evaluate.predictions import EvalSample, read_predictions, source_ir_from_prompt
from veriopt.evaluate.results import Journal
from veriopt.evaluate.run import evaluate, load_samples
from veriopt.model.prompts import chatml, render_augmented, render_generic
from veriopt.verify.options import VerifyOptions
from veriopt.verify.verdict import is_timeout

SOURCES = {
    "arith.c": "int twice(int x) { return x * 2; }\n"
               "int add3(int a, int b, int c) { int t = a + b; return t + c; }\n"
               "int is_neg(int x) { return x < 0 ? 1 : 0; }\n",
    "bits.c": "unsigned low_byte(unsigned x) { unsigned m = 255; return x & m; }\n"
              "int square(int x) { int y = x; return y * y; }\n"
              "int clamp0(int x) { if (x < 0) return 0; return x; }\n",
}

#: A real sample of the paper's artifact (LLVM 14 typed pointers), with its model output.
ARTIFACT_SRC = """; ModuleID = '<stdin>'
source_filename = "-"
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128"
target triple = "aarch64-unknown-linux-gnu"

; Function Attrs: noinline nounwind uwtable
define dso_local i64 @fll(i64 noundef %0, i64 noundef %1) #0 {
  %3 = alloca i64, align 8
  %4 = alloca i64, align 8
  store i64 %0, i64* %3, align 8
  store i64 %1, i64* %4, align 8
  %5 = load i64, i64* %3, align 8
  %6 = and i64 %5, -1048576
  %7 = load i64, i64* %4, align 8
  %8 = shl i64 %7, 0
  %9 = and i64 %8, 1048575
  %10 = or i64 %6, %9
  store i64 %10, i64* %3, align 8
  %11 = load i64, i64* %3, align 8
  ret i64 %11
}

attributes #0 = { noinline nounwind uwtable "frame-pointer"="non-leaf" }
"""
ARTIFACT_OUT = """; ModuleID = '<stdin>'
source_filename = "-"
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128"
target triple = "aarch64-unknown-linux-gnu"

; Function Attrs: noinline nounwind uwtable
define dso_local i64 @fll(i64 noundef %0, i64 noundef %1) #0 {
  %3 = and i64 %0, -1048576
  %4 = shl i64 %1, 0
  %5 = and i64 %4, 1048575
  %6 = or i64 %3, %5
  ret i64 %6
}

attributes #0 = { noinline nounwind uwtable "frame-pointer"="non-leaf" }
"""


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    """A small verified dataset built by the real builder (one source file in test)."""
    from veriopt.data.builder import build_dataset
    from veriopt.data.config import DatasetConfig

    root = tmp_path_factory.mktemp("evalds")
    src = root / "src"
    src.mkdir()
    for name, text in SOURCES.items():
        (src / name).write_text(text)
    build_dataset([src], root / "ds", DatasetConfig(jobs=2, test_fraction=0.5), progress=False)
    assert (root / "ds" / "test.jsonl").read_text().strip(), "the test split is empty"
    return root / "ds"


def _rows(dataset: Path) -> list[dict]:
    return [json.loads(line) for line in (dataset / "test.jsonl").read_text().splitlines()]


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_instcombine_references_as_predictions_are_correct_with_instcombines_geomean(
        dataset, tmp_path):
    rows = _rows(dataset)
    preds = _write_jsonl(tmp_path / "p.jsonl",
                         [{"id": r["id"], "output": f"<answer>\n{r['instcombine']}</answer>"}
                          for r in rows])
    out = tmp_path / "run"
    assert main(["eval", "--dataset", str(dataset), "--predictions", str(preds),
                 "--out", str(out), "--no-progress"]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["categories"]["correct"] == len(rows) == summary["samples"]
    assert summary["exact_matches"] == len(rows) and summary["copies"] == 0
    lat = summary["metrics"]["latency"]
    assert lat["improvement_vs_o0"] == pytest.approx(lat["reference_vs_o0"])
    assert lat["improvement_vs_reference"] == pytest.approx(1.0)
    assert lat["reference_vs_o0"] > 1.0
    entries = json.loads((out / "metrics.json").read_text())
    assert list(entries) == [str(k) for k in range(len(rows))]  # the artifact's keys
    for k, r in enumerate(rows):
        e = entries[str(k)]
        assert list(e)[:8] == ["status", "alive_summary", "src_latency", "tgt_latency",
                               "src_size", "tgt_size", "src_inst", "tgt_inst"]
        assert e["id"] == r["id"] and e["proof"] == "full"
        assert e["status"] == "correct" and "Summary:\n  1 correct" in e["alive_summary"]
        assert (e["src_latency"], e["src_inst"], e["src_size"]) == (
            r["o0_latency"], r["o0_instructions"], r["o0_size"])
        assert (e["tgt_latency"], e["tgt_inst"], e["tgt_size"]) == (
            r["ic_latency"], r["ic_instructions"], r["ic_size"])
    with open(out / "results.csv", newline="") as f:
        table = list(csv.DictReader(f))
    assert [t["id"] for t in table] == [r["id"] for r in rows]
    assert list(table[0])[-2:] == ["prompt", "output"]  # itself an artifact-style file


def test_baseline_instcombine_reuses_the_datasets_proofs_instead_of_verifying_again(
        dataset, tmp_path):
    out = tmp_path / "ic"
    assert main(["eval", "--dataset", str(dataset), "--baseline", "instcombine",
                 "--out", str(out), "--no-progress"]) == 0
    rows = {r["id"]: r for r in _rows(dataset)}
    records = Journal(out).records
    assert set(records) == set(rows)
    for rec in records.values():
        assert rec["category"] == "correct" and rec["exact_match"]
        assert "proven when the dataset was built; not verified again" in rec["report"]
        assert rec["report"].rstrip().endswith("0 Alive2 errors")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["categories"]["correct"] == len(rows) and summary["copies"] == 0


def test_copies_of_the_input_are_reported_as_copies_and_gain_nothing(dataset, tmp_path):
    rows = _rows(dataset)
    preds = _write_jsonl(tmp_path / "p.jsonl", [{"id": r["id"], "output": r["o0"]} for r in rows])
    cfg = EvalConfig(dataset=str(dataset), predictions=str(preds))
    outcome = evaluate(load_samples(cfg), tmp_path / "run", cfg, progress=False)
    assert all(r.verified and r.is_copy for r in outcome.results)
    assert outcome.summary["copies"] == len(rows)
    assert outcome.summary["metrics"]["latency"]["improvement_vs_o0"] == pytest.approx(1.0)
    assert not any(r.format_ok for r in outcome.results)  # raw IR, no <answer> block


def test_unverified_outputs_fall_back_to_the_input(dataset, tmp_path):
    rows = _rows(dataset)
    wrong = rows[0]["instcombine"].replace("ret i32 %", "ret i32 7 ; %", 1)
    preds = _write_jsonl(tmp_path / "p.jsonl", [
        {"id": rows[0]["id"], "output": f"<answer>\n{wrong}</answer>"},
        {"id": rows[1]["id"], "output": "<answer>\ndefine i32 @f( {\n</answer>"}])
    cfg = EvalConfig(dataset=str(dataset), predictions=str(preds))
    outcome = evaluate(load_samples(cfg), tmp_path / "run", cfg, progress=False)
    by_id = {r.id: r for r in outcome.results}
    bad, broken = by_id[rows[0]["id"]], by_id[rows[1]["id"]]
    assert bad.category == "semantic_error" and bad.status == "semantic error"
    assert broken.category == "syntax_error" and broken.status == "syntactic error"
    for r in (bad, broken):
        assert r.candidate is None and r.target == r.source  # tgt falls back to the input


def test_the_eval_configs_verify_budget_reaches_every_check(dataset, tmp_path):
    # A wrong rewrite (not the reference, whose proof the dataset already holds): a
    # semantic error under the default budget, a timeout under one no check fits in.
    row = _rows(dataset)[0]
    wrong = row["instcombine"].replace("ret i32 %", "ret i32 7 ; %", 1)
    preds = _write_jsonl(tmp_path / "p.jsonl",
                         [{"id": row["id"], "output": f"<answer>\n{wrong}</answer>"}])
    for verify, expected in (({}, "semantic_error"), ({"total_timeout": 1e-6}, "inconclusive")):
        cfg = load_config(EvalConfig, overrides={
            "dataset": str(dataset), "predictions": str(preds), "verify": verify})
        assert cfg.verify == VerifyOptions(**verify)
        outcome = evaluate(load_samples(cfg), tmp_path / expected, cfg, progress=False)
        assert [r.category for r in outcome.results] == [expected]
    assert is_timeout(outcome.results[0].reason)


def test_source_ir_is_recovered_from_each_prompt_format():
    src = ARTIFACT_SRC.strip("\n") + "\n"
    assert source_ir_from_prompt(render_generic(src)) == src
    assert source_ir_from_prompt(render_augmented(src)) == src
    assert source_ir_from_prompt(src) == src
    llama = ("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n" + src +
             "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n")
    assert source_ir_from_prompt(llama) == src
    one_shot = render_generic("Example:\n; ModuleID = 'ex'\ndefine void @g() {\n  ret void\n}\n"
                              "Answer: ...\n" + src)
    assert source_ir_from_prompt(one_shot) == src
    few_shot = chatml([{"role": "user", "content": "define void @g() {\n  ret void\n}\n"},
                       {"role": "assistant", "content": "<answer>...</answer>"},
                       {"role": "user", "content": src}])
    assert source_ir_from_prompt(few_shot) == src
    with pytest.raises(ConfigError):
        source_ir_from_prompt("<|im_start|>user\nplease optimise<|im_end|>")


def test_artifact_results_csv_is_scored_without_a_dataset(tmp_path):
    path = tmp_path / "results.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["prompt", "output"])
        w.writerow([render_augmented(ARTIFACT_SRC), ARTIFACT_OUT])
        w.writerow([render_generic(ARTIFACT_SRC), '<?xml version="1.0"?>\n<llvm>nonsense</llvm>'])
        w.writerow([render_generic("define i32 @broken( {\n"), ARTIFACT_OUT])
    out = tmp_path / "run"
    assert main(["eval", "--predictions", str(path), "--out", str(out), "--no-progress"]) == 0
    entries = json.loads((out / "metrics.json").read_text())
    assert {k: e["status"] for k, e in entries.items()} == {"0": "correct",
                                                            "1": "syntactic error"}
    good = entries["0"]
    assert good["id"] == "00000:fll"
    assert good["is_copy"] is False and good["ic_verified"] is True
    assert good["src_inst"] == 13 and good["tgt_inst"] == 5 and good["tgt_latency"] > 0
    assert good["src_latency"] > good["tgt_latency"] >= good["ic_latency"]
    summary = json.loads((out / "summary.json").read_text())
    assert list(summary["skipped_inputs"]) == ["00002:broken"]  # the input itself is broken


def test_predictions_with_unknown_ids_are_refused(dataset, tmp_path):
    from veriopt.evaluate.predictions import dataset_samples

    preds = _write_jsonl(tmp_path / "p.jsonl", [{"id": "nope", "output": "x"}])
    with pytest.raises(ConfigError, match="not in the dataset"):
        read_predictions(preds, dataset_samples(dataset))


def test_eval_with_a_tiny_local_model_runs_end_to_end(dataset, tiny_model, tmp_path):
    out = tmp_path / "run"
    assert main(["eval", "--dataset", str(dataset), "--model", str(tiny_model), "--limit", "2",
                 "--max-new-tokens", "16", "--out", str(out), "--no-progress"]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["samples"] == 2 and summary["complete"]
    completions = [json.loads(x) for x in (out / "completions.jsonl").read_text().splitlines()]
    assert len(completions) == 2
    assert completions[0]["prompt"].startswith("<|im_start|>system\nYou are a helpful AI")
    run = json.loads((out / "run.json").read_text())
    assert run["signature"]["outputs"].startswith("model: transformers:")


def test_resume_after_interruption_does_not_redo_samples(dataset, tmp_path):
    rows = {r["id"]: r for r in _rows(dataset)}
    cfg = EvalConfig(dataset=str(dataset), backend=EvalConfig().backend, chunk_size=1)
    cfg.backend.model = "fake"  # a model run; the generator below stands in for it
    asked: list[str] = []

    def generator(samples: list[EvalSample]) -> list[tuple[str, str]]:
        asked.extend(s.id for s in samples)
        return [("prompt", f"<answer>\n{rows[s.id]['instcombine']}</answer>") for s in samples]

    def stop(scored: int) -> None:
        raise KeyboardInterrupt

    samples = load_samples(cfg)
    with pytest.raises(KeyboardInterrupt):
        evaluate(samples, tmp_path / "run", cfg, generator=generator, progress=False,
                 on_chunk=stop)
    assert asked == [samples[0].id]
    partial = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert partial["samples"] == 1 and not partial["complete"]
    outcome = evaluate(samples, tmp_path / "run", cfg, generator=generator, progress=False)
    assert outcome.resumed == 1 and outcome.scored == len(samples) - 1
    assert asked == [s.id for s in samples]  # each sample generated exactly once
    assert [r.id for r in outcome.results] == [s.id for s in samples]
    assert all(r.verified for r in outcome.results)


def test_resuming_another_run_in_the_same_folder_is_refused(dataset, tmp_path):
    cfg = EvalConfig(dataset=str(dataset), baseline="input", limit=1)
    evaluate(load_samples(cfg), tmp_path / "run", cfg, progress=False)
    other = EvalConfig(dataset=str(dataset), baseline="instcombine", limit=1)
    with pytest.raises(ConfigError, match="another run"):
        evaluate(load_samples(other), tmp_path / "run", other, progress=False)
    outcome = evaluate(load_samples(other), tmp_path / "run", other, progress=False,
                       restart=True)
    assert outcome.resumed == 0 and outcome.results[0].exact_match


def test_a_journal_line_cut_short_is_redone_and_never_rewritten(tmp_path):
    torn = '{"id": "a", "skipped": "x"}\n{"id": "b", "categ'
    (tmp_path / "results.jsonl").write_text(torn)
    j = Journal(tmp_path)
    assert j.done("a") and not j.done("b")
    assert (tmp_path / "results.jsonl").read_text() == torn  # reading changes nothing
    j.append({"id": "b", "skipped": "y"})
    j.close()
    again = Journal(tmp_path)
    assert again.done("a") and again.skipped() == {"a": "x", "b": "y"}
    assert (tmp_path / "results.jsonl").read_text().startswith(torn + "\n")


def test_exactly_one_source_of_outputs_is_required():
    with pytest.raises(ConfigError, match="exactly one"):
        EvalConfig(dataset="d").source_of_outputs()
    with pytest.raises(ConfigError, match="exactly one"):
        EvalConfig(dataset="d", baseline="input", predictions="p").source_of_outputs()
    with pytest.raises(ConfigError, match="needs --dataset"):
        EvalConfig(baseline="input").source_of_outputs()


def _artifact_row(w, output: str, src: str = ARTIFACT_SRC) -> None:
    w.writerow([render_generic(src), output])


_LAYOUT = ('target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128"\n'
           'target triple = "aarch64-unknown-linux-gnu"\n\n')
CALLER_SRC = _LAYOUT + ("declare i64 @h(i64)\n\ndefine i64 @k(i64 %x) {\n"
                        "  %r = call i64 @h(i64 %x)\n  %a = add i64 %r, 0\n  ret i64 %a\n}\n")
CALLER_OUT = _LAYOUT + "define i64 @k(i64 %x) {\n  %r = call i64 @h(i64 %x)\n  ret i64 %r\n}\n"


def test_the_paper_mode_verifies_the_module_as_written_and_splice_is_explicit(tmp_path,
                                                                               capsys):
    """Default (standalone, the paper's Alive2 run): an answer that leaves out the
    triple, or a declaration it uses, is a syntactic error; the lenient splice accepts
    both, and run.json, summary.json and the report say which mode ran."""
    body = ARTIFACT_OUT[ARTIFACT_OUT.index("; Function Attrs"):]
    no_triple = body  # just the define and attributes: no target triple
    path = tmp_path / "results.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["prompt", "output"])
        _artifact_row(w, ARTIFACT_OUT)
        _artifact_row(w, no_triple)
        _artifact_row(w, CALLER_OUT, CALLER_SRC)  # leaves out `declare i64 @h(i64)`
    statuses = {}
    for mode in ("standalone", "splice"):
        out = tmp_path / mode
        args = ["eval", "--predictions", str(path), "--out", str(out), "--no-progress"]
        assert main(args + ([] if mode == "standalone" else ["--assembly", "splice"])) == 0
        entries = json.loads((out / "metrics.json").read_text())
        statuses[mode] = [entries[k]["status"] for k in ("0", "1", "2")]
        assert json.loads((out / "run.json").read_text())["assembly"] == mode
        assert json.loads((out / "summary.json").read_text())["assembly"] == mode
    assert statuses["standalone"] == ["correct", "syntactic error", "syntactic error"]
    assert statuses["splice"] == ["correct", "correct", "correct"]
    from veriopt.evaluate.report import load_runs, write_report

    page = write_report(load_runs([str(tmp_path / "splice")]), tmp_path / "rep")
    assert "spliced into the source module (lenient" in (page.parent / "REPORT.md").read_text()
    capsys.readouterr()
    assert main(["eval", "--predictions", str(path), "--out", str(tmp_path / "splice"),
                 "--no-progress"]) == 1  # resuming a splice run in paper mode is refused
    assert "holds another run" in capsys.readouterr().err
