"""The model at CPU scale, end to end: data, the four stages, held-out table, shipped model.

Why one script: the result (the per-stage held-out table of paper Fig. 7, the curves
and the checkpoint behind ``--model builtin``) must be reproducible with one command,
and each step is long on a 2-core machine, so each is resumable and can be run alone:

    nice -n 10 python3 benchmarks/train_cpu_scale.py STEP [STEP ...]

Steps, in order (``all`` runs them all; every one resumes or skips finished work):

* ``sources``  small C files (`veriopt.data.smallc`, 700 files of 8 functions, seed 0)
               and Csmith programs (40, seed 0) under ``runs/src``;
* ``build``    one `veriopt dataset build` per family (built-in corpus, small C,
               Csmith, LLVM test-suite from ../shared/corpus when present), ``-j 2``;
* ``merge``    one dataset (`veriopt.data.merge`): split by source file (10% test),
               IR tokenizer trained on the training files, functions with more than
               640 tokens (-O0 + instcombine) dropped -> ``runs/data/cpu-scale``;
* ``short``    the merged dataset cut to pairs of at most 320 tokens -> ``runs/data/cpu-short``;
* ``pretrain`` the first two steps of the pre-training curriculum (full weights, generic
               prompt -> instcombine answer): every pair from random weights
               (configs/cpu-scale-pretrain.yaml), then the short pairs
               (configs/cpu-scale-pretrain-short.yaml);
* ``train``    `veriopt train pipeline --config configs/cpu-scale.yaml --resume`: step 3
               of the pre-training (short pairs + renamed copies), Model-Zero, harvest,
               Warm-up, Model-Correctness, Model-Latency, greedy held-out evaluation
               of the base and after each;
* ``ablation`` the same stages on the step-2 base (configs/cpu-scale-norename.yaml);
* ``eval``     the held-out evaluation of every stage again (one command; e.g. after
               the verifier changed): `veriopt train heldout ... --set eval.redo=true`;
* ``figures``  training curves (raw and EMA 0.95) and the Fig. 7-style chart (PNG);
* ``ship``     the best generic-prompt stage merged into one folder in the package
               (``src/veriopt/model/builtin_model``) with its tokenizer and model card;
* ``record``   the "Model at CPU scale" section of benchmarks/RESULTS.md.

Without a step it prints what is done so far (so `make bench` stays cheap).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RUNS = REPO / "runs"
CONFIG = REPO / "configs" / "cpu-scale.yaml"
#: the pre-training curriculum before the pipeline's own step (each continues the last)
PRETRAIN_CONFIGS = (REPO / "configs" / "cpu-scale-pretrain.yaml",
                    REPO / "configs" / "cpu-scale-pretrain-short.yaml")
#: the same stages on the base of the second step (no renamed copies): the ablation
ABLATION_CONFIG = REPO / "configs" / "cpu-scale-norename.yaml"
ABLATION_DIR = RUNS / "cpu-scale"
RUN_DIR = RUNS / "cpu-scale-renamed"
DATASET = RUNS / "data" / "cpu-scale"
#: the stages' dataset: the merged one cut to short functions (see `step_short`)
SHORT = RUNS / "data" / "cpu-short"
SHORT_TOKENS = 320
FIGURES = REPO / "benchmarks" / "figures"
SHIPPED = REPO / "src" / "veriopt" / "model" / "builtin_model"
TIMES = RUNS / "cpu-scale-times.json"
SMALLC_FILES, CSMITH_PROGRAMS, SEED = 700, 40, 0
MAX_TOKENS = 640
#: family -> (sources, extra build arguments). Verifier timeouts: the builder's default
#: for the built-in corpus; shorter for the generated and test-suite code, whose slow
#: pairs are long functions the 640-token filter drops anyway.
FAMILIES: dict[str, tuple[Path, list[str]]] = {
    "builtin": (REPO / "src" / "veriopt" / "corpus" / "c", []),
    "smallc": (RUNS / "src" / "smallc", ["--verify-timeout", "5"]),
    "csmith": (RUNS / "src" / "csmith", ["--config", str(RUNS / "src" / "csmith" / "dataset.yaml"),
                                         "--verify-timeout", "3"]),
    "testsuite": (REPO.parent / "shared" / "corpus", ["--verify-timeout", "3"]),
}
STEPS = ("sources", "build", "merge", "short", "pretrain", "train", "ablation", "eval",
         "figures", "ship", "record")
HEADING = "## Model at CPU scale (`python3 benchmarks/train_cpu_scale.py all`)"


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO / "src"), "HF_HUB_OFFLINE": "1"}


def _run(cmd: list[str]) -> None:
    print("+ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=REPO, env=_env())


def _timed(step: str, fn: Any) -> None:
    """Run ``fn`` and add its wall and CPU seconds (this process + children) to TIMES."""
    wall, cpu = time.monotonic(), _cpu_seconds()
    fn()
    times = json.loads(TIMES.read_text()) if TIMES.is_file() else {}
    entry = times.setdefault(step, {"wall_seconds": 0.0, "cpu_seconds": 0.0, "runs": 0})
    entry["wall_seconds"] = round(entry["wall_seconds"] + time.monotonic() - wall, 1)
    entry["cpu_seconds"] = round(entry["cpu_seconds"] + _cpu_seconds() - cpu, 1)
    entry["runs"] += 1
    entry["load_average_at_end"] = os.getloadavg()[0]
    TIMES.parent.mkdir(parents=True, exist_ok=True)
    TIMES.write_text(json.dumps(times, indent=2) + "\n")


def _cpu_seconds() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


# ---- steps ----------------------------------------------------------------------------


def step_sources() -> None:
    from veriopt.data.csmith import generate_programs
    from veriopt.data.smallc import generate_smallc

    generate_smallc(FAMILIES["smallc"][0], SMALLC_FILES, seed=SEED)
    generate_programs(FAMILIES["csmith"][0], CSMITH_PROGRAMS, seed=SEED)


def step_build() -> None:
    for family, (sources, extra) in FAMILIES.items():
        if not sources.exists():
            print(f"{family}: {sources} not found, skipped", flush=True)
            continue
        _run([sys.executable, "-m", "veriopt", "dataset", "build", str(sources), "--out",
              str(RUNS / "data" / family), "-j", "2", "--no-progress", *extra])


def step_merge() -> None:
    from veriopt.data.config import DatasetConfig
    from veriopt.data.merge import merge_builds
    from veriopt.model.tiny import save_ir_tokenizer

    builds = {f: RUNS / "data" / f for f in FAMILIES if (RUNS / "data" / f / "work").is_dir()}
    summary = merge_builds(builds, DATASET, DatasetConfig(max_tokens=MAX_TOKENS,
                                                          test_fraction=0.1, seed=SEED),
                           train_tokenizer=save_ir_tokenizer)
    print(json.dumps({"stages": summary["stages"], "families": summary["families"]}, indent=1))


def step_short() -> None:
    """Cut the merged dataset to functions of at most SHORT_TOKENS tokens (-O0 +
    instcombine), both splits, same split by source file. Why: at this scale the
    length of a sequence is what the CPU pays for in every step and rollout, and a
    short function is where a model of a few million parameters can first get a whole
    answer right (measured: a base pre-trained on all pairs wrote no verified answer)."""
    import shutil

    from veriopt.train.data import latency_speedup_p80, read_jsonl

    SHORT.mkdir(parents=True, exist_ok=True)
    counts = {}
    for split in ("train", "test"):
        rows = [r for r in read_jsonl(DATASET / f"{split}.jsonl") if r["tokens"] <= SHORT_TOKENS]
        with open(SHORT / f"{split}.jsonl", "w") as f:
            f.writelines(json.dumps(r) + "\n" for r in rows)
        counts[split] = len(rows)
        if split == "train":
            u_max = round(latency_speedup_p80(rows), 4)
    shutil.copytree(DATASET / "tokenizer", SHORT / "tokenizer", dirs_exist_ok=True)
    build = json.loads((DATASET / "build.json").read_text())
    build["stages"] |= {f"at most {SHORT_TOKENS} tokens: train": counts["train"],
                        f"at most {SHORT_TOKENS} tokens: test": counts["test"]}
    build["u_max_latency_speedup_p80"] = u_max
    build["short_of"] = str(DATASET.relative_to(REPO))
    (SHORT / "build.json").write_text(json.dumps(build, indent=2) + "\n")
    print(f"{SHORT}: {counts}, U_max {u_max}")


def step_pretrain() -> None:
    """The pre-training curriculum before the pipeline's own step: every training pair
    (up to MAX_TOKENS) from random weights, then the short pairs (what `train` continues)."""
    from veriopt.train.config import load_train_config
    from veriopt.train.data import training_rows
    from veriopt.train.device import choose, set_torch_threads
    from veriopt.train.run_folder import RunFolder
    from veriopt.train.scratch import build_scratch_base

    for config in PRETRAIN_CONFIGS:
        cfg = load_train_config(config)
        run = RunFolder(REPO / cfg.run_dir)
        if (run.base_dir / "config.json").is_file():
            print(f"{run.base_dir}: already pre-trained, skipped")
            continue
        set_torch_threads(cfg.torch_threads)
        part = "pretrain" if cfg.data.stage_fraction > 0 else "all"
        build_scratch_base(run.base_dir, training_rows(cfg.data, part=part), cfg.scratch,
                           choose(cfg.device, bf16=False, gradient_checkpointing=False),
                           log_dir=run.root / "base_pretrain")


def step_train() -> None:
    _run([sys.executable, "-m", "veriopt", "train", "pipeline", "--config", str(CONFIG),
          "--run-dir", str(RUN_DIR), "--resume"])


def step_ablation() -> None:
    _run([sys.executable, "-m", "veriopt", "train", "pipeline", "--config",
          str(ABLATION_CONFIG), "--run-dir", str(ABLATION_DIR), "--resume"])


def step_eval() -> None:
    _run([sys.executable, "-m", "veriopt", "train", "heldout", "--config", str(CONFIG),
          "--run-dir", str(RUN_DIR), "--set", "eval.redo=true"])


def heldout_results(run_dir: Path = RUN_DIR) -> dict[str, dict[str, Any]]:
    from veriopt.train.run_folder import RunFolder, evaluated_stages

    run = RunFolder(run_dir)
    return {s: json.loads(run.heldout(s).read_text()) for s in evaluated_stages(run)}


def step_figures() -> None:
    from veriopt.evaluate.plots import plot_training

    FIGURES.mkdir(parents=True, exist_ok=True)
    logs = {"pretrain1": RUNS / "cpu-scale-pre" / "base_pretrain" / "train_log.csv",
            "pretrain2": RUNS / "cpu-scale-pre-short" / "base_pretrain" / "train_log.csv",
            "pretrain3": RUN_DIR / "base_pretrain" / "train_log.csv",
            **{s: RUN_DIR / s / "train_log.csv"
               for s in ("zero", "warmup", "correctness", "latency")}}
    for stage, csv_path in logs.items():
        if csv_path.is_file():
            plot_training(csv_path, FIGURES / f"cpu-scale-{stage}.png", max_panels=6,
                          title=f"{stage}: raw (dashed) and EMA 0.95 (solid)")
    results = heldout_results()
    if results:
        plot_stage_ablation(results, FIGURES / "cpu-scale-stages.png")


def plot_stage_ablation(results: dict[str, dict[str, Any]], path: Path) -> None:
    """Fig. 7 style: geomean latency speedup vs -O0 per stage (bars, left axis) and the
    verified / verified-not-copy rates (lines, right axis)."""
    from veriopt.evaluate.plots import _pyplot, _save

    plt = _pyplot()
    stages = list(results)
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    xs = range(len(stages))
    model = [results[s]["geomean_latency_speedup_vs_o0"] or 1.0 for s in stages]
    fallback = [results[s].get("geomean_latency_speedup_with_fallback") or 1.0 for s in stages]
    ax.bar([x - 0.2 for x in xs], model, width=0.4, label="latency speedup: model")
    ax.bar([x + 0.2 for x in xs], fallback, width=0.4, label="with fallback")
    ic = results[stages[0]]["instcombine_geomean_latency_speedup_vs_o0"]
    ax.axhline(ic, ls=":", color="grey", label=f"instcombine ({ic}x)")
    ax.set_xticks(list(xs), stages)
    ax.set_ylabel("geomean speedup vs -O0")
    ax2 = ax.twinx()
    ax2.plot(xs, [100 * results[s]["verified_rate"] for s in stages], "o-", color="black",
             label="verified %")
    ax2.plot(xs, [100 * results[s]["verified_not_copy_rate"] for s in stages], "s--",
             color="darkred", label="verified, not copy %")
    ax2.set_ylabel("% of held-out functions")
    ax2.set_ylim(0, 100)
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, fontsize=7, frameon=False, loc="upper left")
    ax.set_title(f"Held-out, per stage (n={results[stages[0]]['samples']}, greedy)")
    fig.tight_layout()
    _save(fig, path)


def best_generic_stage(results: dict[str, dict[str, Any]]) -> str:
    """The stage to ship: among the generic-prompt models (what `veriopt opt` and
    `veriopt eval` prompt with), the highest held-out verified-not-copy rate, then the
    higher latency speedup, then the higher format rate (later stages win ties)."""
    from veriopt.train.heldout import PROMPT_KIND

    generic = [s for s in results if PROMPT_KIND[s] == "generic"]
    return max(reversed(generic), key=lambda s: (results[s]["verified_not_copy_rate"],
                                                  results[s]["geomean_latency_speedup_vs_o0"]
                                                  or 0.0, results[s]["format_rate"]))


def step_ship() -> None:
    from veriopt.train.run_folder import RunFolder
    from veriopt.train.ship import save_shipped_model

    run = RunFolder(RUN_DIR)
    results = heldout_results()
    stage = best_generic_stage(results)
    adapter = None if stage == "base" else run.adapter(stage)
    card = render_model_card(stage, results, run)
    info = save_shipped_model(run.base_dir, adapter, SHIPPED, card=card)
    print(f"shipped {stage}: {info}")


def _facts(run: Any) -> dict[str, Any]:
    info = run.info()
    scratch = json.loads((run.base_dir / "scratch.json").read_text())
    build = json.loads((SHORT / "build.json").read_text())
    times = json.loads(TIMES.read_text()) if TIMES.is_file() else {}
    return {"info": info, "scratch": scratch, "build": build, "times": times}


def _stage_rows(results: dict[str, dict[str, Any]]) -> list[str]:
    from veriopt.train.heldout import render_heldout_table

    return render_heldout_table(results).splitlines()[4:4 + len(results)]


def _pretraining_lines(record: dict[str, Any]) -> list[str]:
    """One line per pre-training step of the curriculum, earliest first."""
    steps = []
    while record:
        steps.append(record)
        record = record.get("continued_from") or {}
    lines = []
    for n, r in enumerate(reversed(steps), 1):
        st = r["settings"]
        copies = st.get("rename_copies", 0)
        lines.append(f"- Pre-training step {n} (full weights, generic prompt -> instcombine "
                     f"answer): {st['pretrain_steps']} steps x batch "
                     f"{st['pretrain_batch_size']}, lr {st['pretrain_learning_rate']} cosine, "
                     f"max length {st['max_length']}, on {r['pretrain_rows']} pairs of "
                     f"{r['pretrain_source_files']} training files"
                     + (f" plus {copies} renamed copies of each" if copies else "")
                     + "; final loss "
                     f"{r['pretrain_final_loss']}; {r['seconds'] / 60:.0f} min wall.")
    return lines


def _training_lines(run: Any, facts: dict[str, Any]) -> list[str]:
    s, info = facts["scratch"], facts["info"]
    st = s["settings"]
    lines = [f"- Base: scratch Qwen2 architecture, hidden {st['hidden_size']}, {st['layers']} "
             f"layers, {st['heads']} heads ({st['kv_heads']} key/value), MLP "
             f"{st['intermediate_size']}, {s['parameters']:,} parameters; IR BPE tokenizer "
             f"(vocabulary {st['vocab_size']}); seed {st['seed']}.",
             *_pretraining_lines(s)]
    for stage in ("zero", "harvest", "warmup", "correctness", "latency"):
        x = info.get("stages", {}).get(stage, {})
        if x.get("status") != "done":
            continue
        if stage == "harvest":
            lines.append(f"- harvest: {x.get('first_time_samples')} first-time + "
                         f"{x.get('correction_samples')} correction samples from "
                         f"{x.get('rollouts_read')} Model-Zero rollouts.")
        else:
            inputs = x.get("train_inputs") or x.get("samples")
            lines.append(f"- {stage}: {x.get('steps')} steps on {inputs} "
                         f"{'samples' if stage == 'warmup' else 'inputs'}, "
                         f"{x.get('seconds', 0) / 60:.0f} min wall (LoRA r 16).")
    return lines


def _short(build: dict[str, Any], split: str) -> int:
    return build["stages"][f"at most {SHORT_TOKENS} tokens: {split}"]


def render_model_card(stage: str, results: dict[str, dict[str, Any]], run: Any) -> str:
    facts = _facts(run)
    b, r = facts["build"], results[stage]
    fam = b.get("families", {})
    lines = [
        "# veriopt builtin model (CPU scale)", "",
        f"The `{stage}` model of the four-stage pipeline (paper Sec. III) trained at CPU "
        "scale by `python3 benchmarks/train_cpu_scale.py all`"
        + (", its LoRA adapter merged into the base. " if stage != "base" else
           " (the pre-trained base: no stage did better on the held-out split). ") +
        "Use it wherever a model is accepted: `veriopt opt IN.ll --model builtin`, "
        "`veriopt eval --model builtin --dataset DIR`, `veriopt serve --model builtin`. "
        "Prompt: the paper's generic prompt (Fig. 1), greedy decoding.", "",
        "## Held-out results (greedy, verified by veriopt's verifier)", "",
        *render_heldout_head(), *_stage_rows({stage: r}), "",
        f"Held-out verified and not a copy of the input: **{r['verified_not_copy_rate']:.1%}** "
        f"of {r['samples']} functions.", "",
        *([] if r["verified_not_copy_rate"] > 0 else [
            "**This model does not optimize yet.** None of its held-out answers verified: it "
            "writes IR-shaped text that does not read its input (wrong names and types), "
            "which `veriopt opt` rejects, keeping the input (or instcombine's verified "
            "output). It ships so that the whole path from a trained model to verified "
            "rewrites runs here without downloads (`make demo`, `--model builtin`); why it "
            "does not optimize, with the evidence, is in benchmarks/RESULTS.md (\"Model at "
            "CPU scale\"); a larger run is `benchmarks/gpu_recipe.sh`.", ""]),
        "## Data", "",
        f"- {b['stages']['train']} training and {b['stages']['test']} held-out (O0, "
        "instcombine) pairs, verified by veriopt's verifier, split by source file; at most "
        f"{MAX_TOKENS} tokens (-O0 + instcombine) of the IR tokenizer. The stages and the "
        f"held-out numbers use the short ones, at most {SHORT_TOKENS} tokens: "
        f"{_short(b, 'train')} training and {_short(b, 'test')} held-out pairs.",
        "- Families (source files / train / test): " + ", ".join(
            f"{k} {v['files']}/{v['train']}/{v['test']}" for k, v in fam.items()) + ".", "",
        "## Training", "", *_training_lines(run, facts), "",
        "## Limits", "",
        "- A model of a few million parameters trained for about two CPU hours: it "
        "handles short, mostly single-function integer code like its training data, and "
        "often writes IR that does not parse or is wrong. Use it through `veriopt opt`, "
        "which keeps only verified rewrites and falls back to the input (or instcombine).",
        "- Its held-out numbers were measured on functions of at most "
        f"{SHORT_TOKENS} tokens (-O0 + instcombine); longer inputs are mostly beyond it.",
        "- The stage shipped was chosen on the held-out split among the generic-prompt "
        "stages (a mild selection effect on its own numbers).",
        "- Latency is the AArch64 cost model's estimate, not a measured run time.", ""]
    return "\n".join(lines)


def render_heldout_head() -> list[str]:
    from veriopt.train.heldout import render_heldout_table

    return render_heldout_table({}).splitlines()[2:4]


def names_read(run_dir: Path) -> dict[str, str]:
    """Per evaluated stage, how many held-out answers define the function the prompt
    asked about (its name copied from the input): the first thing a model must read."""
    import re

    from veriopt.train.data import read_jsonl
    from veriopt.train.run_folder import RunFolder, evaluated_stages

    run = RunFolder(run_dir)
    wanted = {r["id"]: r["function"] for r in read_jsonl(SHORT / "test.jsonl")}
    out = {}
    for stage in evaluated_stages(run):
        rows = read_jsonl(run.heldout(stage).with_suffix(".jsonl"))
        hits = sum(bool(re.search(r"define [^\n]*@" + re.escape(wanted[r["id"]]) + r"\(",
                                  r["completion"] or "")) for r in rows)
        out[stage] = f"{hits} of {len(rows)}"
    return out


def prompt_dependence(model_dir: Path, n: int = 10) -> tuple[float, float]:
    """(mean answer loss with its own prompt, with another function's prompt) over ``n``
    held-out pairs: how much the model's answer depends on reading its input at all."""
    import torch
    from transformers import AutoModelForCausalLM

    from veriopt.model.prompts import answer_block, generic_messages
    from veriopt.model.tiny import load_saved_tokenizer
    from veriopt.train.data import read_jsonl

    torch.set_num_threads(1)
    tok = load_saved_tokenizer(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir, local_files_only=True).eval()
    rows = read_jsonl(SHORT / "test.jsonl")[:4 * n:4]

    def loss(prompt_row: dict[str, Any], row: dict[str, Any]) -> float:
        prompt = tok.apply_chat_template(generic_messages(prompt_row["o0"]), tokenize=False,
                                         add_generation_prompt=True)
        p = tok(prompt, add_special_tokens=False)["input_ids"]
        a = tok(answer_block(row["instcombine"]) + tok.eos_token,
                add_special_tokens=False)["input_ids"]
        with torch.no_grad():
            return float(model(input_ids=torch.tensor([p + a]),
                               labels=torch.tensor([[-100] * len(p) + a])).loss)

    own = [loss(r, r) for r in rows]
    other = [loss(rows[(i + 1) % len(rows)], r) for i, r in enumerate(rows)]
    return round(sum(own) / len(own), 3), round(sum(other) / len(other), 3)


def _names_line(run_dir: Path) -> str:
    return ("Held-out answers that define the function the prompt asked about (name read "
            "from the input): " + ", ".join(f"{s} {v}" for s, v in names_read(run_dir).items())
            + ".")


def _ablation_lines() -> list[str]:
    """The same held-out table for the run on the step-2 base (no renamed copies)."""
    results = heldout_results(ABLATION_DIR) if ABLATION_DIR.is_dir() else {}
    if not results:
        return []
    return ["Ablation, the stages on the base of pre-training step 2 (no renamed copies; "
            "`python3 benchmarks/train_cpu_scale.py ablation`; stopped after Model-Zero to "
            "give its CPU to the main run):", "",
            *render_heldout_head(), *_stage_rows(results), "", _names_line(ABLATION_DIR), ""]


def _findings(results: dict[str, dict[str, Any]]) -> list[str]:
    """What the table shows, in words, from the numbers (no claim the data do not make)."""
    best = max(results.values(), key=lambda r: r["verified_not_copy_rate"])
    dependence = {name: prompt_dependence(RUNS / folder / "base") for name, folder in
                  (("step 1", "cpu-scale-pre"), ("step 2", "cpu-scale-pre-short"),
                   ("step 3", RUN_DIR.name))}
    lines = ["**What it shows.** Best held-out verified-and-not-copy rate of any stage: "
             f"**{best['verified_not_copy_rate']:.1%}** (`{best['stage']}`, n={best['samples']})."]
    if best["verified_not_copy_rate"] == 0:
        lines.append(
            "At this scale the model did not learn to optimize, and the stages could not "
            "change that: every held-out answer of every stage is IR-shaped text that does "
            "not parse or type-check (a syntax error; the warm-up and Model-Correctness "
            "models, given the augmented prompt, also leave out the `<think>` block its "
            "format asks for, hence their format rate of 0). The cause "
            "is visible before the stages: the base model does not read its input. Its "
            "answers name functions and source files from the training data (or, after "
            "the renamed copies, made-up ones), almost never the one in the prompt (counts "
            "below), and its answer loss on held-out pairs depends only weakly on the prompt "
            "(mean loss with the pair's own prompt vs another function's: " + ", ".join(
                f"{k} {v[0]} vs {v[1]}" for k, v in dependence.items()) + "). "
            "A verified rewrite needs the signature and the body copied from the prompt "
            "(an induction-style skill a transformer usually acquires after far more "
            "tokens than the ~4M tokens of pre-training here). With no rollout verified, "
            "the only signal left to Model-Zero and Model-Correctness is Eq. (1)'s format "
            "and BLEU-to-instcombine terms (Model-Zero: mean reward 1.7-1.95 of 4, group "
            "std 0.02-0.5): it pulls towards text that looks like the reference, which in "
            "16 steps did not become a verified answer; Model-Latency's reward counts only "
            "verified answers and is zero throughout. Harvest yields first-time samples "
            "(instcombine's answers) and correction samples whose diagnostics are parse "
            "errors. This is the paper's premise seen from "
            "below: the stages refine a model that already writes plausible IR for its "
            "input; they do not create that ability. The GPU recipe "
            "(`benchmarks/gpu_recipe.sh`: 7x the parameters and about 7x the pre-training "
            "tokens) is the next step; it has not run on a GPU yet.")
    return lines


def step_record() -> None:
    from veriopt.train.run_folder import RunFolder

    run = RunFolder(RUN_DIR)
    results = heldout_results()
    facts = _facts(run)
    b = facts["build"]
    shipped = json.loads((SHIPPED / "shipped.json").read_text()) \
        if (SHIPPED / "shipped.json").is_file() else {}
    times = facts["times"]
    lines = [HEADING, "",
             f"Machine: {os.cpu_count()} CPU cores ({platform.machine()}), shared with other "
             "jobs (load average 5-16 during the run), no GPU: none was lent to this task, "
             "so the GPU recipe (`benchmarks/gpu_recipe.sh`) was only run in its tiny CPU "
             "setting. Wall times below are inflated by that load.", "",
             *_findings(results), "",
             "### Data", "",
             f"`runs/data/cpu-scale`: {b['stages']['train']} train + {b['stages']['test']} "
             f"test pairs (split by source file, test fraction 0.1, seed {SEED}), at most "
             f"{MAX_TOKENS} tokens (-O0 + instcombine) of the IR tokenizer; the stages and the "
             f"held-out table use `runs/data/cpu-short`, the pairs of at most {SHORT_TOKENS} "
             f"tokens: {_short(b, 'train')} train + {_short(b, 'test')} test:", "",
             "| family | source files | train | test |", "|---|---:|---:|---:|"]
    lines += [f"| {k} | {v['files']} | {v['train']} | {v['test']} |"
              for k, v in b.get("families", {}).items()]
    lines += ["", "Counts at every stage of the merged build:", "",
              "| stage | count |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in b["stages"].items()]
    lines += ["", "### Model and training (seeds 0)", "", *_training_lines(run, facts), "",
              "### Held-out table per stage (paper Fig. 7)", "",
              *render_heldout_head(), *_stage_rows(results), "",
              _names_line(RUN_DIR), "",
              "![stages](figures/cpu-scale-stages.png)", "",
              *_ablation_lines(),
              "Training curves (raw dashed, EMA 0.95 solid): "
              + ", ".join(f"[{s}](figures/cpu-scale-{s}.png)"
                          for s in ("pretrain1", "pretrain2", "pretrain3", "zero",
                                    "warmup", "correctness", "latency")
                          if (FIGURES / f"cpu-scale-{s}.png").is_file()) + ".", ""]
    if shipped:
        lines += [f"Shipped (`--model builtin`): {shipped['parameters']:,} parameters, "
                  f"{shipped['dtype']}, {shipped['bytes'] / 1e6:.1f} MB.", ""]
    evals = sum(r["seconds"] for r in results.values())
    lines += [f"Held-out evaluations (greedy, {len(results)} models x "
              f"{results[next(iter(results))]['samples']} functions): {evals / 60:.0f} min wall "
              "in all. Wall time of the whole run: the three pre-training steps, the stages "
              "and the evaluations above (the lines of the training list add up)."]
    if times:
        lines += ["", "Wall and CPU time of this script's own steps, when run through it: "
                  + ", ".join(f"{k} {v['wall_seconds'] / 60:.0f} min wall / "
                              f"{v['cpu_seconds'] / 60:.0f} min CPU" for k, v in times.items())
                  + "."]
    lines += ["", "Reproduce: `nice -n 10 python3 benchmarks/train_cpu_scale.py all` (each step "
              "resumes); re-evaluate every stage with the verifier of the checkout: "
              "`python3 benchmarks/train_cpu_scale.py eval record`.", ""]
    _record_section(REPO / "benchmarks" / "RESULTS.md", "\n".join(lines))


def _record_section(results: Path, section: str) -> None:
    """Replace this script's section of RESULTS.md (or append it)."""
    text = results.read_text() if results.is_file() else "# Benchmark results\n"
    lines = text.splitlines()
    if HEADING in lines:
        start = lines.index(HEADING)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
                   len(lines))
        lines[start:end] = section.rstrip("\n").splitlines() + [""]
        text = "\n".join(lines).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    results.write_text(text)


def status() -> None:
    done = {"sources": (RUNS / "src" / "smallc").is_dir(),
            "merge": (DATASET / "train.jsonl").is_file(),
            "train": (RUN_DIR / "heldout.md").is_file(),
            "ship": (SHIPPED / "model.safetensors").is_file()}
    print(__doc__.split("\n\n")[0])
    for step, ok in done.items():
        print(f"  {step:8s} {'done' if ok else 'not yet'}")
    print("run: python3 benchmarks/train_cpu_scale.py all   (hours on 2 CPU cores)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("steps", nargs="*", choices=(*STEPS, "all"), metavar="STEP",
                   help=f"one or more of {', '.join(STEPS)}, or all")
    args = p.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if not args.steps:
        status()
        return 0
    # "all" evaluates inside "train" already; "eval" is the re-evaluation on its own
    steps = ([s for s in STEPS if s != "eval"] if "all" in args.steps
             else [s for s in STEPS if s in args.steps])
    for step in steps:
        print(f"== {step}", flush=True)
        _timed(step, globals()[f"step_{step}"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
