"""Renamed copies of training pairs: the scratch pre-training's data augmentation.

Why: a scratch model of a few million parameters trained on a few thousand pairs
learns to *recall* training functions before it learns to *read* its input: measured
on the CPU-scale run, its held-out answers named functions and source files from the
training set, never the ones in the prompt. A pair whose function and source file are
renamed the same way on both sides is still the same verified pair, but its names can
only be copied from the prompt, so every renamed copy rewards reading the input.
"""

from __future__ import annotations

import random
import re
import string
from typing import Any

from veriopt.train.data import REFERENCE, SOURCE

_SOURCE_FILENAME = re.compile(r'^source_filename = "[^"]*"', re.M)


def fresh_name(rng: random.Random) -> str:
    """A C identifier in one of the shapes the corpus uses (``f12_3``, ``snake_case``)."""
    if rng.random() < 0.5:
        return f"f{rng.randrange(1000)}_{rng.randrange(10)}"
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 7)))
             for _ in range(rng.randint(1, 3))]
    return "_".join(words)


def rename_pair(row: dict[str, Any], function: str, source_file: str) -> dict[str, Any]:
    """``row`` with its function (``row["function"]``, calls included) and its
    ``source_filename`` renamed identically in the -O0 and the instcombine IR."""
    symbol = re.compile(r"@" + re.escape(row["function"]) + r"(?![\w.$-])")

    def rename(ir: str) -> str:
        ir = symbol.sub(lambda _: "@" + function, ir)
        return _SOURCE_FILENAME.sub(lambda _: f'source_filename = "{source_file}"', ir)

    return {**row, SOURCE: rename(row[SOURCE]), REFERENCE: rename(row[REFERENCE]),
            "function": function}


def renamed_copies(rows: list[dict[str, Any]], copies: int, seed: int = 0
                   ) -> list[dict[str, Any]]:
    """``rows`` followed by ``copies`` renamed copies of each (seeded, fresh names that
    collide with no other global of the module)."""
    rng = random.Random(seed)
    out = list(rows)
    for _ in range(copies):
        for row in rows:
            while True:
                name = fresh_name(rng)
                if f"@{name}" not in row[SOURCE] and f"@{name}" not in row[REFERENCE]:
                    break
            folder = rng.choice(("src", "lib", "gen", "tests", "runs/src/smallc"))
            out.append(rename_pair(row, name, f"{folder}/{fresh_name(rng)}.c"))
    return out
