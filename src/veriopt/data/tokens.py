"""Token lengths for the paper's 2048-token filter.

With the configured model's tokenizer available locally we count exactly; without
it (no `transformers`, or no local copy: veriopt never downloads at run time) we
approximate, and the dataset card says so.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

log = logging.getLogger(__name__)

# BPE tokenizers of code models split IR roughly into words, short digit runs, single
# punctuation marks and newlines; counting those gives an estimate of the same order
# (not calibrated against a real tokenizer: the card marks such counts approximate).
_APPROX = re.compile(r"[A-Za-z_]+|\d{1,3}|\s+|[^\sA-Za-z_\d]")


def approximate_tokens(text: str) -> int:
    """A tokenizer-free estimate of the token count of IR text."""
    return sum(1 for m in _APPROX.finditer(text) if not m.group().isspace() or "\n" in m.group())


def token_counter(tokenizer: str | None) -> tuple[Callable[[str], int], bool]:
    """(count function, exact?) for ``tokenizer`` (a local path or a hub id already in
    the local cache), falling back to `approximate_tokens`."""
    if tokenizer:
        try:
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained(tokenizer, local_files_only=True)
            return (lambda text: len(tok(text, add_special_tokens=False)["input_ids"])), True
        except Exception as e:  # noqa: BLE001 - any failure means "not available here"
            log.warning("tokenizer %s not available locally (%s); approximating token "
                        "counts", tokenizer, type(e).__name__)
    return approximate_tokens, False
