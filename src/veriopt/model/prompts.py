"""The paper's prompts, verbatim, and the augmented (think/answer) sample format.

The generic prompt (paper Fig. 1) is rendered through the tokenizer's chat template
when it has one, and as ChatML otherwise (what Qwen2.5's template produces), so a
model sees exactly what it saw in the paper. The augmented prompt (Fig. 2) is the
artifact's raw Model-Correctness prompt, verbatim.
"""

from __future__ import annotations

from typing import Any

#: System text of the generic prompt, exactly as the paper's artifact (note the space
#: after "format:").
SYSTEM_PROMPT = (
    "You are a helpful AI Assistant that optimizes LLVM IR.\n"
    "This is a single-turn interaction.\n"
    "IMPORTANT: The primary objective is to MINIMIZE LATENCY while keeping the code complete, "
    "compilable, semantically equivalent to the input, and preserving all metadata.\n"
    "Respond in the following format: \n"
    "<answer>\n"
    "- complete optimized LLVM IR\n"
    "</answer>"
)

#: The artifact's Model-Correctness prompt, verbatim; ``{IR}`` is the -O0 module.
AUGMENTED_TEMPLATE = (
    "<SYS>Role:LLVM -instcombine Process:1.Optimize 2.Validate(syntax\u2192semantic) "
    "Output:XML tags with <think> and <answer></SYS>\nUser:\n{IR}\nAssistant:\n"
)

#: Lines of the <think> block of augmented completions (our format; see `think_block`).
ATTEMPT_HEADER = "First attempt:"
VERIFICATION_HEADER = "Verification:"
OK_LINE = "Transformation seems to be correct!"


def generic_messages(ir: str) -> list[dict[str, str]]:
    """The generic prompt as chat messages (system + the -O0 module as the user turn)."""
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": ir}]


def chatml(messages: list[dict[str, str]], *, add_generation_prompt: bool = True) -> str:
    """ChatML text (``<|im_start|>role\\n...<|im_end|>\\n``), Qwen2.5's format."""
    text = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
    return text + ("<|im_start|>assistant\n" if add_generation_prompt else "")


def render_generic(ir: str, tokenizer: Any = None) -> str:
    """The generic prompt text, through ``tokenizer``'s chat template if it has one."""
    messages = generic_messages(ir)
    if tokenizer is not None and getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template(messages, tokenize=False,
                                             add_generation_prompt=True)
    return chatml(messages)


def render_augmented(ir: str) -> str:
    """The augmented (Model-Correctness) prompt, verbatim from the artifact."""
    return AUGMENTED_TEMPLATE.replace("{IR}", ir.strip("\n"))


def render_prompt(ir: str, kind: str = "generic", tokenizer: Any = None) -> str:
    if kind == "generic":
        return render_generic(ir, tokenizer)
    if kind == "augmented":
        return render_augmented(ir)
    raise ValueError(f"unknown prompt kind {kind!r} (generic or augmented)")


def answer_block(ir: str) -> str:
    return f"<answer>\n{ir.strip()}\n</answer>"


def think_block(attempt_ir: str, diagnostic: str) -> str:
    """The <think> block of an augmented completion: the first attempt, then the
    verifier-style diagnostic (``Transformation seems to be correct!`` when right)."""
    return (f"<think>\n{ATTEMPT_HEADER}\n{attempt_ir.strip()}\n{VERIFICATION_HEADER}\n"
            f"{diagnostic.strip()}\n</think>")


def first_time_completion(reference_ir: str) -> str:
    """Augmented target for a first-time sample: right at once, then repeated."""
    return think_block(reference_ir, OK_LINE) + "\n" + answer_block(reference_ir)


def correction_completion(wrong_ir: str, diagnostic: str, reference_ir: str) -> str:
    """Augmented target for a correction sample: wrong attempt, diagnostic, fix."""
    return think_block(wrong_ir, diagnostic) + "\n" + answer_block(reference_ir)
