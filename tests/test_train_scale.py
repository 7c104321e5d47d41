"""Training at CPU scale: the pre-training / stages split of the training inputs, the
held-out table's columns, the IR tokenizer's pieces, and the shipped-model export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veriopt.errors import ConfigError
from veriopt.train.config import DataSettings, TrainConfig, load_train_config
from veriopt.train.data import training_rows
from veriopt.train.heldout import heldout_metrics, heldout_sample, render_heldout_table


def _dataset(tmp_path: Path, files: int = 20, per_file: int = 3) -> Path:
    rows = [{"id": f"f{i}.c::g{j}", "source_file": f"f{i}.c", "o0": f"o0 {i} {j}",
             "instcombine": f"ic {i} {j}"} for i in range(files) for j in range(per_file)]
    (tmp_path / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return tmp_path


def test_stage_fraction_splits_training_files_between_pretraining_and_stages(tmp_path):
    settings = DataSettings(dataset=str(_dataset(tmp_path)), stage_fraction=0.25)
    pre = training_rows(settings, part="pretrain")
    stages = training_rows(settings, part="stages")
    everything = training_rows(settings, part="all")
    pre_files = {r["source_file"] for r in pre}
    stage_files = {r["source_file"] for r in stages}
    assert not pre_files & stage_files
    assert len(pre) + len(stages) == len(everything) == 60
    assert len(stage_files) == 5  # a quarter of the 20 files, whole files only


def test_without_stage_fraction_both_parts_see_every_input(tmp_path):
    settings = DataSettings(dataset=str(_dataset(tmp_path)))
    assert training_rows(settings, part="pretrain") == training_rows(settings, part="stages")


def test_stage_fraction_needs_a_scratch_model_and_a_fraction_below_one():
    with pytest.raises(ConfigError, match="init: scratch"):
        TrainConfig(data=DataSettings(stage_fraction=0.2))
    with pytest.raises(ConfigError, match=r"\[0, 1\)"):
        TrainConfig(init="scratch", data=DataSettings(stage_fraction=1.0))


def test_cpu_scale_config_keeps_the_papers_grpo_settings():
    cfg = load_train_config(Path(__file__).resolve().parents[1] / "configs" / "cpu-scale.yaml")
    assert cfg.init == "scratch" and cfg.data.stage_fraction > 0
    for stage in ("zero", "correctness", "latency"):
        g = getattr(cfg, stage).grpo
        assert (g.beta, g.num_iterations, g.loss_type) == (0.0, 1, "dapo")


def _fact(category: str, *, copy: bool = False, speedup: float | None = None) -> dict:
    return {"format": category != "no_answer", "verified": category == "correct",
            "copy": copy, "exact": False, "category": category, "latency_speedup": speedup}


def test_heldout_metrics_count_error_kinds_and_the_fallback_takes_the_best_verified():
    rows = [{"o0_latency": 10.0, "ic_latency": 5.0}] * 4
    facts = [_fact("correct", speedup=4.0), _fact("correct", copy=True, speedup=1.0),
             _fact("syntax_error"), _fact("no_answer")]
    m = heldout_metrics(rows, facts)
    assert m["verified_rate"] == 0.5 and m["verified_not_copy_rate"] == 0.25
    assert m["syntax_error_rate"] == 0.5 and m["semantic_error_rate"] == 0.0
    # model alone: 4, 1, 1, 1 -> geomean 4 ** (1/4); fallback: max(model, instcombine 2)
    assert m["geomean_latency_speedup_vs_o0"] == pytest.approx(4 ** 0.25, abs=1e-3)
    assert m["geomean_latency_speedup_with_fallback"] == pytest.approx((4 * 8) ** 0.25,
                                                                       abs=1e-3)
    table = render_heldout_table({"zero": {**m, "samples": 4}})
    assert "| zero | 4 |" in table and "50.0%" in table


def test_heldout_sample_is_seeded_ordered_and_spans_the_split():
    rows = [{"id": i} for i in range(1000)]
    sample = heldout_sample(rows, 50)
    assert sample == heldout_sample(rows, 50)
    ids = [r["id"] for r in sample]
    assert ids == sorted(ids) and ids[-1] > 500 and len(set(ids)) == 50
    assert heldout_sample(rows, None) == rows


def test_ir_tokenizer_keeps_value_numbers_as_their_own_tokens():
    pytest.importorskip("tokenizers")
    from veriopt.model.tiny import train_ir_tokenizer

    ir = ("define i32 @f(i32 %0) {\n  %2 = add nsw i32 %0, 17\n  %3 = mul i32 %2, %2\n"
          "  ret i32 %3\n}\n")
    tok = train_ir_tokenizer([ir] * 50, vocab_size=400)
    pieces = [tok.decode([i]) for i in tok(ir, add_special_tokens=False)["input_ids"]]
    assert tok.decode(tok(ir, add_special_tokens=False)["input_ids"]) == ir
    for number in ("0", "2", "3", "17"):
        assert number in pieces
    assert any(len(p) > 8 for p in pieces)  # the text between numbers merges


def test_ir_tokenizer_spends_few_tokens_on_the_prompt_every_sequence_carries():
    pytest.importorskip("tokenizers")
    from veriopt.model.prompts import SYSTEM_PROMPT
    from veriopt.model.tiny import ir_tokenizer_corpus, train_ir_tokenizer

    ir = ["define i32 @f(i32 %0) {\n  %2 = add i32 %0, 1\n  ret i32 %2\n}\n"] * 40
    def cost(texts: list[str]) -> int:
        tok = train_ir_tokenizer(texts, vocab_size=600)
        return len(tok(SYSTEM_PROMPT, add_special_tokens=False)["input_ids"])

    assert cost(ir_tokenizer_corpus(ir)) < 60 < 150 < cost(ir)


def test_a_saved_qwen2_model_folder_tokenizes_as_its_tokenizer_was_trained(tmp_path):
    pytest.importorskip("transformers")
    from transformers import AutoTokenizer

    from veriopt.model.tiny import build_tiny_model, load_saved_tokenizer, train_ir_tokenizer

    ir = ["define i32 @f(i32 %0) {\n  %2 = add nsw i32 %0, 17\n  ret i32 %2\n}\n"] * 30
    trained = train_ir_tokenizer(ir, vocab_size=400)
    folder = build_tiny_model(tmp_path / "m", ir, vocab_size=400)
    ids = trained(ir[0], add_special_tokens=False)["input_ids"]
    assert load_saved_tokenizer(folder)(ir[0], add_special_tokens=False)["input_ids"] == ids
    # what this guards against: transformers 5 swaps in Qwen2Tokenizer's own splitting
    assert AutoTokenizer.from_pretrained(folder)(ir[0], add_special_tokens=False)[
        "input_ids"] != ids


def test_shipped_folder_loads_alone_and_matches_base_plus_adapter(tmp_path, tiny_model):
    pytest.importorskip("peft")
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from veriopt.train.ship import merged_model, save_shipped_model

    base = AutoModelForCausalLM.from_pretrained(tiny_model)
    peft = get_peft_model(base, LoraConfig(r=4, target_modules=["q_proj", "v_proj"],
                                           init_lora_weights=False))
    peft.save_pretrained(tmp_path / "adapter")
    info = save_shipped_model(tiny_model, tmp_path / "adapter", tmp_path / "out", card="# c\n")
    assert (tmp_path / "out" / "model.safetensors").is_file()
    assert (tmp_path / "out" / "MODEL_CARD.md").read_text() == "# c\n"
    assert info["dtype"] == "float32" and info["bytes"] < 25_000_000
    x = torch.tensor([[1, 2, 3, 4]])
    shipped = AutoModelForCausalLM.from_pretrained(tmp_path / "out")
    merged, _ = merged_model(tiny_model, tmp_path / "adapter")
    plain = AutoModelForCausalLM.from_pretrained(tiny_model)
    with torch.no_grad():
        assert torch.allclose(shipped(x).logits, merged(x).logits, atol=1e-5)
        assert not torch.allclose(shipped(x).logits, plain(x).logits, atol=1e-5)
    with pytest.raises(ConfigError, match="budget"):
        save_shipped_model(tiny_model, None, tmp_path / "small", max_bytes=1000)


def test_scratch_pretraining_continues_from_an_earlier_base_and_records_it(tmp_path):
    pytest.importorskip("transformers")
    from safetensors.torch import load_file

    from veriopt.train.config import ScratchSettings
    from veriopt.train.device import choose
    from veriopt.train.scratch import build_scratch_base

    rows = [{"source_file": f"f{i}.c", "o0": f"define i32 @f{i}() {{\n  ret i32 {i}\n}}\n",
             "instcombine": f"define i32 @f{i}() {{\n  ret i32 {i}\n}}\n"} for i in range(8)]
    settings = ScratchSettings(hidden_size=32, layers=1, heads=2, vocab_size=300,
                               pretrain_steps=0)
    cpu = choose("cpu", bf16=False, gradient_checkpointing=False)
    first = build_scratch_base(tmp_path / "first", rows, settings, cpu)
    second = build_scratch_base(tmp_path / "second", rows[:3], ScratchSettings(
        hidden_size=32, layers=1, heads=2, vocab_size=300, pretrain_steps=0,
        continue_from=str(first), seed=1), cpu)
    a, b = (load_file(str(d / "model.safetensors")) for d in (first, second))
    assert a.keys() == b.keys() and all(bool((a[k] == b[k]).all()) for k in a)
    record = json.loads((second / "scratch.json").read_text())
    assert record["continued_from"]["path"] == str(first)
    assert record["continued_from"]["pretrain_rows"] == 8 and record["pretrain_rows"] == 3
    with pytest.raises(ConfigError, match="continue_from"):
        build_scratch_base(tmp_path / "third", rows, ScratchSettings(
            continue_from=str(tmp_path)), cpu)


def test_renamed_copies_rename_function_calls_and_source_file_alike_on_both_sides():
    from veriopt.train.renaming import renamed_copies

    ir = ('source_filename = "a.c"\n\ndefine i32 @f1_2(i32 %0) {\n  %2 = call i32 @f1_2(i32 %0)\n'
          '  %3 = call i32 @f1_20(i32 %2)\n  ret i32 %3\n}\n\ndeclare i32 @f1_20(i32)\n')
    row = {"id": "a.c::f1_2", "function": "f1_2", "o0": ir, "instcombine": ir + "; ic\n"}
    out = renamed_copies([row], 3, seed=0)
    assert out[0] == row and len(out) == 4
    for copy in out[1:]:
        name = copy["function"]
        assert name != "f1_2" and copy["o0"].count(f"@{name}(") == 2
        assert "@f1_20(" in copy["o0"]  # a different symbol sharing the prefix is kept
        assert copy["instcombine"] == copy["o0"] + "; ic\n"
        assert 'source_filename = "a.c"' not in copy["o0"]
    assert renamed_copies([row], 3, seed=0) == out and renamed_copies([row], 3, seed=1) != out
