"""Reading what models really write: answers, think blocks, format compliance.

Models drop the closing tag when they run out of tokens, double tags, wrap IR in
markdown fences, or chat around it. Two separate questions get two separate
answers here: *is there IR to verify* (extraction is lenient, so a good answer in
a sloppy wrapper still gets verified) and *did the model follow the format* (``t``
of Eq. (1), strict and honest: exactly one well-formed block, nothing else).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from veriopt.model.prompts import ATTEMPT_HEADER, OK_LINE, VERIFICATION_HEADER

_ANSWER = re.compile(r"<answer>(.*?)</answer>", re.S)
_THINK = re.compile(r"<think>(.*?)</think>", re.S)
_FENCE = re.compile(r"```[A-Za-z0-9_+-]*[ \t]*\n(.*?)(?:```|\Z)", re.S)
_IR_START = re.compile(r"^(?:; ModuleID|source_filename|target (?:datalayout|triple)|%[\w.$\"-]+ "
                       r"= type|@[\w.$\"-]+ = |declare |define )", re.M)


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


def strip_fences(text: str) -> str:
    """The content of the first markdown code fence, or the text itself."""
    m = _FENCE.search(text)
    return m.group(1) if m else text


def _ir_from_prose(text: str) -> str | None:
    """IR embedded in prose: from the first line that starts IR to the last ``}``
    or the end, whichever is later for declarations-only modules."""
    text = strip_fences(text)
    m = _IR_START.search(text)
    if not m:
        return None
    body = text[m.start():]
    last = body.rfind("}")
    if last >= 0 and "define " in body:
        tail = body[last + 1:]
        # keep trailing attribute groups / metadata lines, drop trailing prose
        keep = [ln for ln in tail.splitlines() if ln.startswith(("attributes ", "!", "declare "))]
        body = body[:last + 1] + ("\n" + "\n".join(keep) if keep else "")
    return body.strip() + "\n"


def _clean(ir: str) -> str:
    ir = strip_fences(ir).strip()
    if ir.startswith("- "):  # the prompt's "- complete optimized LLVM IR" bullet copied
        ir = ir[2:]
    return ir + "\n" if ir else ""


def parse_completion(text: str, *, expect_think: bool = False) -> ParsedCompletion:
    """Extract the answer IR (leniently) and judge the format (strictly).

    ``format_ok`` (the ``t`` of Eq. (1)) holds when the completion is exactly one
    ``<answer>...</answer>`` block containing IR (preceded by exactly one ``<think>``
    block when ``expect_think``), with nothing but whitespace outside the tags.
    """
    issues: list[str] = []
    n_open, n_close = text.count("<answer>"), text.count("</answer>")
    blocks = _ANSWER.findall(text)
    answer: str | None = None
    if blocks:
        answer = _clean(blocks[-1]) or None
        if len(blocks) > 1:
            issues.append("several <answer> blocks (the last one is used)")
    elif n_open:
        answer = _clean(text[text.rfind("<answer>") + len("<answer>"):]) or None
        issues.append("unclosed <answer> (truncated output?)")
    else:
        answer = _ir_from_prose(text.replace("</answer>", ""))
        issues.append("no <answer> block")
    if n_open != n_close and blocks:
        issues.append("unbalanced <answer> tags")
    if answer is not None and "```" in (blocks[-1] if blocks else text):
        issues.append("markdown fence inside the answer")

    think = attempt = diagnosis = None
    thinks = _THINK.findall(text)
    if thinks:
        think = thinks[0].strip()
        attempt, diagnosis = split_think(think)
    if expect_think:
        if not thinks:
            issues.append("no <think> block")
        elif diagnosis is None:
            issues.append("<think> block without a verification part")
        if text.count("<think>") != 1 or text.count("</think>") != 1:
            issues.append("not exactly one <think> block")

    outside = _ANSWER.sub("", _THINK.sub("", text)).strip()
    if outside and blocks:
        issues.append("text outside the tags")
    if blocks and expect_think and thinks and text.find("<think>") > text.find("<answer>"):
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
    if VERIFICATION_HEADER in think:
        head, _, diag = think.partition(VERIFICATION_HEADER)
        attempt = head.replace(ATTEMPT_HEADER, "", 1).strip()
        return (_clean(attempt) or None), diag.strip() or None
    ir = _ir_from_prose(think)
    if ir is None:
        return None, think.strip() or None
    rest = think[think.find(ir.strip().splitlines()[-1]) + len(ir.strip().splitlines()[-1]):]
    return ir, rest.strip() or None
