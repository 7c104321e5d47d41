"""The exported dataset follows the field's conventions: a Hugging Face dataset card with
YAML metadata that `datasets.load_dataset(folder)` reads, and TRL's chat columns
(`prompt`, `completion`, `messages`) that SFTTrainer and GRPOTrainer take as they are,
next to the paper's fields."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from veriopt.data.builder import build_dataset
from veriopt.data.config import DatasetConfig
from veriopt.data.export import PAPER_COLUMNS
from veriopt.model.prompts import SYSTEM_PROMPT

SOURCES = {
    "arith.c": "int twice(int x) { return x * 2; }\n"
               "int add3(int a, int b, int c) { int t = a + b; return t + c; }\n",
    "bits.c": "unsigned low_byte(unsigned x) { unsigned m = 255; return x & m; }\n"
              "int is_neg(int x) { return x < 0 ? 1 : 0; }\n",
}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("convsrc")
    for name, text in SOURCES.items():
        (src / name).write_text(text)
    out = tmp_path_factory.mktemp("convds") / "ds"
    build_dataset([src], out, DatasetConfig(jobs=2, test_fraction=0.5, seed=0), progress=False)
    return out


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_rows_keep_the_papers_fields_and_add_trl_chat_columns(dataset):
    rows = _rows(dataset / "train.jsonl") + _rows(dataset / "test.jsonl")
    assert rows
    for r in rows:
        assert set(PAPER_COLUMNS) <= set(r)
        assert r["prompt"] == [{"role": "system", "content": SYSTEM_PROMPT},
                               {"role": "user", "content": r["o0"]}]
        assert r["completion"] == [{"role": "assistant",
                                    "content": f"<answer>\n{r['instcombine'].strip()}\n</answer>"}]
        assert r["messages"] == r["prompt"] + r["completion"]


def test_records_name_their_source_relative_to_the_corpus_not_the_checkout(dataset):
    for r in _rows(dataset / "train.jsonl") + _rows(dataset / "test.jsonl"):
        assert f'source_filename = "{r["source_file"]}"' in r["o0"]
        assert str(dataset.parent) not in r["o0"] + r["instcombine"]


def test_readme_card_has_hub_metadata_naming_the_split_files(dataset):
    text = (dataset / "README.md").read_text()
    assert text.startswith("---\n")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["configs"][0]["data_files"] == [{"split": "train", "path": "train.jsonl"},
                                                {"split": "test", "path": "test.jsonl"}]
    assert "text-generation" in meta["task_categories"]
    names = [f["name"] for f in meta["dataset_info"]["features"]]
    assert names[:4] == ["id", "source_file", "function", "o0"] and names[-1] == "messages"
    assert "# Dataset card" in text  # the human-readable card follows the metadata


def test_load_dataset_reads_the_folder_by_its_card(dataset):
    datasets = pytest.importorskip("datasets")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    dd = datasets.load_dataset(str(dataset))
    assert set(dd) == {"train", "test"}
    assert dd["train"].num_rows == len(_rows(dataset / "train.jsonl"))
    assert dd["train"][0]["prompt"][1]["role"] == "user"
    on_disk = datasets.load_from_disk(str(dataset / "hf"))
    assert on_disk["train"][0]["messages"] == dd["train"][0]["messages"]


def test_sft_trainer_trains_a_step_on_the_exported_dataset_as_it_is(dataset, tiny_model,
                                                                     tmp_path):
    datasets = pytest.importorskip("datasets")
    trl = pytest.importorskip("trl")
    from transformers import AutoModelForCausalLM, AutoTokenizer

    train = datasets.load_dataset(str(dataset), split="train")
    tok = AutoTokenizer.from_pretrained(tiny_model, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(tiny_model, local_files_only=True)
    args = trl.SFTConfig(output_dir=str(tmp_path / "sft"), max_steps=1,
                         per_device_train_batch_size=2, max_length=4096, logging_steps=1,
                         save_strategy="no", report_to="none", use_cpu=True, bf16=False,
                         disable_tqdm=True)
    trainer = trl.SFTTrainer(model=model, args=args, processing_class=tok, train_dataset=train)
    result = trainer.train()
    assert trainer.state.global_step == 1
    losses = [h["loss"] for h in trainer.state.log_history if "loss" in h]
    assert losses and all(loss == loss and loss > 0 for loss in losses)  # finite, positive
    assert result.training_loss > 0
    # prompt-completion format: the loss covers the completion only (prompt labels -100)
    first = trainer.train_dataset[0]
    learned = [label != -100 for label in first["labels"]]
    assert 0 < sum(learned) < len(first["input_ids"]) and not learned[0]
