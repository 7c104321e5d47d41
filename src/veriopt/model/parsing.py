"""Reading what models really write: answers, think blocks, format compliance.

Models drop the closing tag when they run out of tokens, double tags, wrap IR in
markdown fences, or chat around it. Two separate questions get two separate
answers here: *is there IR to verify* (extraction is lenient, so a good answer in
a sloppy wrapper still gets verified) and *did the model follow the format* (``t``
of Eq. (1), strict and honest: exactly one well-formed block, nothing else).

Linear time, always: a completion is untrusted input parsed in the trainer's own
process, and a lazy regex such as ``<answer>(.*?)</answer>`` is quadratic on
unclosed tags (each opening scans to the end: 128 KB of ``<answer>`` took minutes).
Tags and fences are found with ``str.find`` moving forward only; the one regex
left (`_IR_START`, anchored at line starts, and two without backtracking) are
linear by construction. `METER`
tallies the characters examined, which is what the tests assert on (never time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from veriopt.model.prompts import ATTEMPT_HEADER, OK_LINE, VERIFICATION_HEADER

_IR_START = re.compile(r"^(?:; ModuleID|source_filename|target (?:datalayout|triple)|%[\w.$\"-]+ "
                       r"= type|@[\w.$\"-]+ = |declare |define )", re.M)
_MODULE_ID = re.compile(r";\s*ModuleID\s*=.*", re.I)
_FENCE_INFO = re.compile(r"[A-Za-z0-9_+-]*[ \t]*")  # the ```lang info string (no backtracking)
FENCE = "```"


class ScanMeter:
    """Characters examined by this module's scans (a deterministic work measure:
    each ``find`` counts the span it looked through, each regex search the text it
    was given)."""

    def __init__(self) -> None:
        self.chars = 0

    def find(self, text: str, sub: str, start: int = 0) -> int:
        i = text.find(sub, start)
        self.chars += (i if i >= 0 else len(text)) - start + len(sub)
        return i

    def rfind(self, text: str, sub: str) -> int:
        i = text.rfind(sub)
        self.chars += len(text) - max(i, 0)
        return i

    def search(self, pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
        self.chars += len(text)
        return pattern.search(text)

    def whole(self, text: str) -> None:
        """A linear pass over ``text`` (count, strip, split, ...)."""
        self.chars += len(text)


METER = ScanMeter()


@dataclass(frozen=True)
class ParsedCompletion:
    """What a completion contains.

    ``answer``: the IR to verify (None when none could be found); ``format_ok``: the
    strict format flag ``t``; ``think``: the <think> block text (augmented format);
    ``attempt``/``diagnosis``: its parts; ``issues``: what was wrong with the format.
    """

    answer: str | None
    format_ok: bool
    think: str | None = None
    attempt: str | None = None
    diagnosis: str | None = None
    issues: tuple[str, ...] = field(default_factory=tuple)

    @property
    def diagnosis_says_ok(self) -> bool | None:
        """The model's own verdict on its attempt: True (OK), False (ERR), None (none)."""
        if self.diagnosis is None:
            return None
        return OK_LINE.lower() in self.diagnosis.lower()


# ---- linear scans -------------------------------------------------------------------


def tag_blocks(text: str, open_tag: str, close_tag: str) -> list[tuple[int, int]]:
    """Content spans of ``open ... close`` blocks: leftmost, shortest, non-overlapping
    (what ``re.findall(open(.*?)close, re.S)`` returns), in one forward pass. When no
    closing tag follows an opening, none follows any later opening either: stop."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        i = METER.find(text, open_tag, pos)
        if i < 0:
            return spans
        j = METER.find(text, close_tag, i + len(open_tag))
        if j < 0:
            return spans
        spans.append((i + len(open_tag), j))
        pos = j + len(close_tag)


def _without(text: str, spans: list[tuple[int, int]], open_len: int, close_len: int) -> str:
    """``text`` with each block (tags included) cut out."""
    parts, pos = [], 0
    for a, b in spans:
        parts.append(text[pos:a - open_len])
        pos = b + close_len
    parts.append(text[pos:])
    METER.whole(text)
    return "".join(parts)


def _fence_content(text: str) -> str | None:
    """Content of the first markdown fence (```lang\\n ... ``` or to the end)."""
    pos = 0
    while True:
        i = METER.find(text, FENCE, pos)
        if i < 0:
            return None
        k = _FENCE_INFO.match(text, i + len(FENCE)).end()  # type: ignore[union-attr]
        METER.chars += k - i
        if k < len(text) and text[k] == "\n":
            end = METER.find(text, FENCE, k + 1)
            return text[k + 1:] if end < 0 else text[k + 1:end]
        pos = i + 1


def strip_fences(text: str) -> str:
    """The content of the first markdown code fence, or the text itself."""
    content = _fence_content(text)
    return text if content is None else content


def _ir_from_prose(text: str) -> str | None:
    """IR embedded in prose: from the first line that starts IR to the last ``}``
    or the end, whichever is later for declarations-only modules."""
    text = strip_fences(text)
    m = METER.search(_IR_START, text)
    if not m:
        return None
    body = text[m.start():]
    last = METER.rfind(body, "}")
    if last >= 0 and "define " in body:
        tail = body[last + 1:]
        METER.whole(tail)
        # keep trailing attribute groups / metadata lines, drop trailing prose
        keep = [ln for ln in tail.splitlines() if ln.startswith(("attributes ", "!", "declare "))]
        body = body[:last + 1] + ("\n" + "\n".join(keep) if keep else "")
    METER.whole(body)
    return body.strip() + "\n"


def _clean(ir: str) -> str:
    ir = strip_fences(ir).strip()
    METER.whole(ir)
    if ir.startswith("- "):  # the prompt's "- complete optimized LLVM IR" bullet copied
        ir = ir[2:]
    return ir + "\n" if ir else ""


# ---- the completion -----------------------------------------------------------------


def parse_completion(text: str, *, expect_think: bool = False) -> ParsedCompletion:
    """Extract the answer IR (leniently) and judge the format (strictly).

    ``format_ok`` (the ``t`` of Eq. (1)) holds when the completion is exactly one
    ``<answer>...</answer>`` block containing IR (preceded by exactly one ``<think>``
    block when ``expect_think``), with nothing but whitespace outside the tags.
    """
    issues: list[str] = []
    METER.whole(text)
    n_open, n_close = text.count("<answer>"), text.count("</answer>")
    spans = tag_blocks(text, "<answer>", "</answer>")
    last_block = text[spans[-1][0]:spans[-1][1]] if spans else None
    answer: str | None = None
    if last_block is not None:
        answer = _clean(last_block) or None
        if len(spans) > 1:
            issues.append("several <answer> blocks (the last one is used)")
    elif n_open:
        answer = _clean(text[METER.rfind(text, "<answer>") + len("<answer>"):]) or None
        issues.append("unclosed <answer> (truncated output?)")
    else:
        answer = _ir_from_prose(text.replace("</answer>", ""))
        issues.append("no <answer> block")
    if n_open != n_close and spans:
        issues.append("unbalanced <answer> tags")
    if answer is not None and FENCE in (last_block if last_block is not None else text):
        issues.append("markdown fence inside the answer")

    think = attempt = diagnosis = None
    think_spans = tag_blocks(text, "<think>", "</think>")
    if think_spans:
        think = text[think_spans[0][0]:think_spans[0][1]].strip()
        attempt, diagnosis = split_think(think)
    if expect_think:
        if not think_spans:
            issues.append("no <think> block")
        elif diagnosis is None:
            issues.append("<think> block without a verification part")
        if text.count("<think>") != 1 or text.count("</think>") != 1:
            issues.append("not exactly one <think> block")

    rest = _without(text, think_spans, len("<think>"), len("</think>"))
    outside = _without(rest, tag_blocks(rest, "<answer>", "</answer>"), len("<answer>"),
                       len("</answer>")).strip()
    if outside and spans:
        issues.append("text outside the tags")
    if spans and expect_think and think_spans and text.find("<think>") > text.find("<answer>"):
        issues.append("<answer> before <think>")
    if answer is None:
        issues.append("no IR found")
    # Strict: one balanced <answer> block holding IR, nothing outside the tags, and for
    # the augmented format one <think> block first. A fence inside the answer is noted
    # but tolerated (the IR is still exactly delimited).
    format_ok = not [i for i in issues if i != "markdown fence inside the answer"]
    return ParsedCompletion(answer=answer, format_ok=format_ok, think=think, attempt=attempt,
                            diagnosis=diagnosis, issues=tuple(issues))


def split_think(think: str) -> tuple[str | None, str | None]:
    """(attempt IR, diagnosis) of a <think> block in our augmented format; lenient about
    the headers: without them, IR lines form the attempt and the rest the diagnosis."""
    METER.whole(think)
    if VERIFICATION_HEADER in think:
        head, _, diag = think.partition(VERIFICATION_HEADER)
        attempt = head.replace(ATTEMPT_HEADER, "", 1).strip()
        return (_clean(attempt) or None), diag.strip() or None
    ir = _ir_from_prose(think)
    if ir is None:
        return None, think.strip() or None
    last_line = ir.strip().splitlines()[-1]
    rest = think[METER.find(think, last_line) + len(last_line):]
    return ir, rest.strip() or None


def paper_answer(output: str) -> str:
    """The module the paper's artifact verifies for a model output: the text between
    the first ``<answer>`` and the first ``</answer>`` when both occur (any case; what
    its inference script keeps), stripped, without a trailing ``</answer>``, from
    the first ``; ModuleID`` on (its verify script's cleaning)."""
    METER.whole(output)
    lower = output.lower()
    if "<answer>" in lower and "</answer>" in lower and len(lower) == len(output):
        start = lower.index("<answer>") + len("<answer>")
        output = output[start:lower.index("</answer>")].strip()
    text = output.strip()
    if text.lower().endswith("</answer>"):
        text = text[:-len("</answer>")].rstrip()
    m = METER.search(_MODULE_ID, text)
    return text[m.start():].strip() if m else text
