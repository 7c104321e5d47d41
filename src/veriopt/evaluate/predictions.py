"""What an evaluation scores: samples (an input function, its instcombine reference,
the output to judge) read from a dataset and/or a predictions file.

Why standalone files matter: outputs produced elsewhere (the paper's artifact
writes ``results.csv`` with ``prompt,output`` columns) carry no dataset id, only
the prompt. The source IR is recovered from the prompt in whichever of the
paper's formats it is written (ChatML generic prompt, the augmented
``<SYS>...User:\\n{IR}\\nAssistant:`` prompt, or raw IR), so such files are
scored without the dataset they came from.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from veriopt.errors import ConfigError

#: Column names accepted for the model's output, the source IR and the prompt.
OUTPUT_COLUMNS = ("output", "completion", "prediction", "response", "candidate", "tgt")
SOURCE_COLUMNS = ("o0", "src", "source", "input", "source_ir")
PROMPT_COLUMNS = ("prompt", "query")


@dataclass(frozen=True)
class Measures:
    """Latency, instruction count and binary size of one module (README.md, "Metrics")."""

    latency: float
    instructions: int
    size: int


@dataclass(frozen=True)
class EvalSample:
    """One function to evaluate.

    ``output`` is the raw text to judge (None until a model has generated it).
    ``reference_ir`` is instcombine's output for ``source_ir``; dataset pairs are
    verified by construction (``reference_verified`` True), standalone samples get
    their reference computed and verified during the run (None until then).
    """

    id: str
    source_ir: str
    output: str | None = None
    prompt: str | None = None
    reference_ir: str | None = None
    source_measures: Measures | None = None
    reference_measures: Measures | None = None
    reference_verified: bool | None = None
    #: the kind of proof the dataset builder got for the reference ("" when unknown).
    reference_proof: str = ""
    source_file: str = ""
    function: str = ""

    def with_output(self, output: str, prompt: str | None = None) -> EvalSample:
        return replace(self, output=output, prompt=prompt if prompt is not None else self.prompt)


# ---- the source IR inside a prompt ---------------------------------------------------

_CHATML_USER = re.compile(r"<\|im_start\|>\s*user\s*\n(.*?)(?:<\|im_end\|>|\Z)", re.S)
_LLAMA3_USER = re.compile(r"<\|start_header_id\|>user<\|end_header_id\|>\s*\n(.*?)"
                          r"(?:<\|eot_id\|>|\Z)", re.S)
_INST_USER = re.compile(r"\[INST\](.*?)\[/INST\]", re.S)
_AUGMENTED_USER = re.compile(r"</SYS>\s*\n?User:\s*\n(.*?)\n\s*Assistant:\s*$", re.S)
_IR_LINE = re.compile(r"^(?:; ModuleID|source_filename|target (?:datalayout|triple)|"
                      r"%[\w.$\"-]+ = type|@[\w.$\"-]+ = |declare |define )", re.M)
_DEFINE_NAME = re.compile(r"^define [^\n]*?@(\"[^\"]+\"|[-\w.$]+)\(", re.M)


def is_augmented_prompt(prompt: str | None) -> bool:
    """Whether ``prompt`` is the artifact's augmented (think/answer) prompt."""
    return bool(prompt) and prompt.lstrip().startswith("<SYS>")


def source_ir_from_prompt(prompt: str) -> str:
    """The -O0 module inside ``prompt``; raises ConfigError when there is none.

    The user turn is found by the markers of each format; when there are several
    turns, or a turn holds several modules (a one-shot prompt shows an example
    first), the last one is the input.
    """
    for pattern in (_AUGMENTED_USER, _CHATML_USER, _LLAMA3_USER, _INST_USER):
        turns = [m.group(1) for m in pattern.finditer(prompt) if _IR_LINE.search(m.group(1))]
        if turns:  # few-shot prompts show examples in earlier turns: the last one is the input
            return _last_module(turns[-1])
    m = _IR_LINE.search(prompt)
    if m is None:
        raise ConfigError("no LLVM IR found in the prompt")
    return _last_module(prompt[m.start():])


def _last_module(text: str) -> str:
    lines = text.strip("\n").splitlines()
    starts = [i for i, ln in enumerate(lines) if ln.startswith("; ModuleID")
              or ln.startswith("source_filename") and not (i and lines[i - 1].startswith(
                  "; ModuleID"))]
    if len(starts) > 1:
        lines = lines[starts[-1]:]
    return "\n".join(lines) + "\n"


def function_name(ir_text: str) -> str:
    """Name of the first defined function (for readable sample ids)."""
    m = _DEFINE_NAME.search(ir_text)
    return m.group(1).strip('"') if m else ""


# ---- datasets -------------------------------------------------------------------------


def dataset_split_path(dataset: str | Path, split: str = "test") -> Path:
    """``DIR/<split>.jsonl`` of a built dataset, or the .jsonl file given."""
    p = Path(dataset)
    if p.is_file():
        return p
    f = p / f"{split}.jsonl"
    if not f.is_file():
        raise ConfigError(f"{f}: not found (is {p} a dataset built by `veriopt dataset "
                          "build`?)")
    return f


def dataset_samples(dataset: str | Path, split: str = "test") -> list[EvalSample]:
    """The samples of one split, with their instcombine reference and its metrics."""
    path = dataset_split_path(dataset, split)
    samples = []
    for n, row in enumerate(_read_jsonl(path), 1):
        try:
            samples.append(EvalSample(
                id=str(row["id"]), source_ir=row["o0"], reference_ir=row["instcombine"],
                source_measures=Measures(float(row["o0_latency"]), int(row["o0_instructions"]),
                                         int(row["o0_size"])),
                reference_measures=Measures(float(row["ic_latency"]),
                                            int(row["ic_instructions"]), int(row["ic_size"])),
                reference_verified=True,
                reference_proof=row.get("proof") or ("bounded" if row.get("bounded") else "full"),
                source_file=row.get("source_file", ""), function=row.get("function", "")))
        except KeyError as e:
            raise ConfigError(f"{path}:{n}: missing column {e} (not a veriopt dataset?)") \
                from None
    return samples


def baseline_samples(samples: Iterable[EvalSample], baseline: str) -> list[EvalSample]:
    """The dataset's own instcombine reference (or the input) as each sample's output,
    written the way a perfectly formatted model answer would be."""
    from veriopt.model.prompts import answer_block

    if baseline == "instcombine":
        return [s.with_output(answer_block(s.reference_ir or "")) for s in samples]
    if baseline == "input":
        return [s.with_output(answer_block(s.source_ir)) for s in samples]
    raise ConfigError(f"unknown baseline {baseline!r} (instcombine or input)")


# ---- predictions files ----------------------------------------------------------------


def read_rows(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a .jsonl, .json (list of objects) or .csv file."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"{p}: predictions file not found")
    suffix = p.suffix.lower()
    if suffix == ".csv":
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        with open(p, newline="", encoding="utf-8-sig") as f:
            return list(csv.DictReader(f))
    if suffix == ".json":
        data = json.loads(p.read_text())
        if isinstance(data, dict):  # {id: row}
            return [{"id": k, **v} for k, v in data.items()]
        return list(data)
    return list(_read_jsonl(p))


def read_predictions(path: str | Path, dataset: list[EvalSample] | None = None
                     ) -> list[EvalSample]:
    """Samples with outputs from a predictions file.

    A row with an ``id`` of the dataset gets that sample's input and reference;
    otherwise the source IR comes from a source column or from the prompt, and the
    row's number (plus the function's name) becomes its id.
    """
    rows = read_rows(path)
    by_id = {s.id: s for s in dataset or []}
    samples: list[EvalSample] = []
    for n, row in enumerate(rows):
        where = f"{path}: row {n + 1}"
        output = _first(row, OUTPUT_COLUMNS)
        if output is None:
            raise ConfigError(f"{where}: no output column (one of {', '.join(OUTPUT_COLUMNS)})")
        prompt = _first(row, PROMPT_COLUMNS)
        rid = row.get("id")
        if by_id and rid is not None and str(rid) in by_id:
            samples.append(by_id[str(rid)].with_output(output, prompt))
            continue
        if by_id and rid is not None:
            raise ConfigError(f"{where}: id {rid!r} is not in the dataset's split")
        source = _first(row, SOURCE_COLUMNS)
        if source is None:
            if prompt is None:
                raise ConfigError(f"{where}: neither a dataset id, a source column "
                                  f"({', '.join(SOURCE_COLUMNS)}) nor a prompt")
            try:
                source = source_ir_from_prompt(prompt)
            except ConfigError as e:
                raise ConfigError(f"{where}: {e}") from None
        name = function_name(source)
        sid = str(rid) if rid not in (None, "") else f"{n:05d}" + (f":{name}" if name else "")
        samples.append(EvalSample(id=sid, source_ir=source, output=output, prompt=prompt,
                                  function=name))
    ids = [s.id for s in samples]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise ConfigError(f"{path}: id {dup!r} appears more than once")
    return samples


def _first(row: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        v = row.get(name)
        if isinstance(v, str):
            return v
    return None


def _read_jsonl(path: Path) -> Iterable[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as e:
                raise ConfigError(f"{path}:{n}: not JSON ({e.msg})") from None
