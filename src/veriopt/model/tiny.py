"""A small Qwen2-architecture model and a BPE tokenizer trained on IR, built locally.

Why: tests, `make demo` and `--init scratch` training must run the *same* code path
a 3B model uses (tokenizer with a ChatML template, left padding, generate, LoRA,
GRPO) on machines that cannot download weights. The model has random weights; the
tokenizer is trained on the given texts on the spot.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: Qwen2.5's chat template in its simplest form: ChatML turns, generation prompt.
CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)
SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
#: The prompt's tags are single tokens but *not* special: decoding with
#: ``skip_special_tokens=True`` (TRL, our backends) must keep them, as with Qwen2.5.
TAG_TOKENS = ["<think>", "</think>", "<answer>", "</answer>"]
#: Pieces of IR text no BPE token may span: value, attribute-group and metadata numbers
#: (``%12``, ``#0``, ``!5``), constant operands after ``, ``, block labels at a line start,
#: and quoted strings. Why: everything between them (`` = load i32, ptr %``, ``, align 4\n``)
#: repeats across functions and merges into a few tokens, while every number a model
#: must count or copy (SSA numbering, operands) stays a token of its own. On IR this
#: takes about 40% fewer tokens than GPT-2's word-level splitting.
IR_PIECES = r'(?<=[%#!])\d+|(?<=, )-?\d+|(?<=\n)\d+|"[^"\n]*"'


def train_ir_tokenizer(texts: Iterable[str], vocab_size: int = 2000, *,
                       max_token_length: int = 32):
    """A byte-level BPE tokenizer trained on ``texts`` (IR and prompts), wrapped as a
    `transformers` fast tokenizer with the ChatML template and left padding."""
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(IR_PIECES), behavior="isolated"),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  max_token_length=max_token_length, show_progress=False)
    tok.train_from_iterator(list(texts), trainer=trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|im_end|>",
                                   pad_token="<|endoftext|>", bos_token=None,
                                   padding_side="left")
    fast.add_tokens(TAG_TOKENS)  # plain added tokens (special=False)
    fast.chat_template = CHATML_TEMPLATE
    return fast


def ir_tokenizer_corpus(ir_texts: list[str]) -> list[str]:
    """What an IR tokenizer is trained on: the IR texts, plus the prompt scaffolding
    (the generic prompt's system text, the augmented prompt, the think/answer frame)
    repeated once per (input, answer) pair. Why repeated: every training sequence
    carries that text, and BPE merges what is frequent; seen once, the system text
    would cost ~300 tokens per sequence instead of ~15."""
    from veriopt.model.prompts import (
        AUGMENTED_TEMPLATE,
        SYSTEM_PROMPT,
        correction_completion,
        first_time_completion,
    )

    scaffold = [SYSTEM_PROMPT, AUGMENTED_TEMPLATE.replace("{IR}", ""),
                first_time_completion(""), correction_completion("", "", "")]
    return list(ir_texts) + scaffold * max(1, len(ir_texts) // 2)


def save_ir_tokenizer(ir_texts: list[str], out: str | Path, *, vocab_size: int = 2048) -> Path:
    """Train an IR tokenizer on ``ir_texts`` (+ the prompt scaffolding) and save it."""
    train_ir_tokenizer(ir_tokenizer_corpus(ir_texts), vocab_size=vocab_size
                       ).save_pretrained(str(out))
    return Path(out)


def load_saved_tokenizer(name_or_path: str | Path) -> Any:
    """The tokenizer saved with a model, tokenizing exactly as it was trained to.

    Why not plain ``AutoTokenizer``: for a folder whose config says ``qwen2``,
    transformers 5 swaps in ``Qwen2Tokenizer``, which rebuilds Qwen's own
    pre-tokenizer (regex + NFC) around the saved vocabulary. For a real Qwen model
    that is the same pipeline; for a tokenizer trained here on IR it is not, and every
    text would be split into 3-5x more tokens than in training. When the loaded
    pipeline differs from the saved ``tokenizer.json``, the file's own pipeline is
    loaded instead (``PreTrainedTokenizerFast``)."""
    from transformers import AutoTokenizer, PreTrainedTokenizerFast

    tok = AutoTokenizer.from_pretrained(str(name_or_path), local_files_only=True)
    saved = Path(name_or_path) / "tokenizer.json"
    if saved.is_file():
        want = json.loads(saved.read_text())
        got = json.loads(tok.backend_tokenizer.to_str())
        if any(want.get(k) != got.get(k) for k in ("pre_tokenizer", "normalizer")):
            tok = PreTrainedTokenizerFast.from_pretrained(str(name_or_path),
                                                          local_files_only=True)
    return tok


def build_tiny_model(out_dir: str | Path, texts: Iterable[str], *, hidden_size: int = 64,
                     layers: int = 2, heads: int = 4, vocab_size: int = 2000,
                     max_positions: int = 4096, seed: int = 0, kv_heads: int | None = None,
                     intermediate_size: int | None = None,
                     tokenizer: str | Path | None = None) -> Path:
    """Save a random-weight Qwen2 model + IR tokenizer to ``out_dir``; return it.

    ``tokenizer``: an existing tokenizer folder to use instead of training one on
    ``texts`` (e.g. the tokenizer a dataset's token filter counted with)."""
    import torch
    from transformers import Qwen2Config, Qwen2ForCausalLM

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if tokenizer is not None:
        tok = load_saved_tokenizer(tokenizer)
    else:
        tok = train_ir_tokenizer(texts, vocab_size=vocab_size)
    torch.manual_seed(seed)
    config = Qwen2Config(vocab_size=len(tok), hidden_size=hidden_size,
                         intermediate_size=intermediate_size or hidden_size * 2,
                         num_hidden_layers=layers, num_attention_heads=heads,
                         num_key_value_heads=kv_heads or max(1, heads // 2),
                         max_position_embeddings=max_positions, tie_word_embeddings=True,
                         eos_token_id=tok.eos_token_id,
                         pad_token_id=tok.pad_token_id, bos_token_id=None)
    model = Qwen2ForCausalLM(config)
    model.generation_config.eos_token_id = tok.eos_token_id
    model.generation_config.pad_token_id = tok.pad_token_id
    model.save_pretrained(out)
    tok.save_pretrained(out)
    return out


def parameter_count(model_dir: str | Path) -> int:
    """Parameters of the model saved in ``model_dir`` (tied embeddings counted once)."""
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(model_dir), local_files_only=True)
    return sum(p.numel() for p in model.parameters())
