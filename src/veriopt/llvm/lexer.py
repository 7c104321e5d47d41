"""Tokenizer for LLVM 19's textual IR, and LLVM's name/string escaping.

Why one compiled regex and ``re.split``: the dataset builder parses tens of
thousands of functions, and a single C-level pass over the text is several
times faster than a per-token Python loop. ``split`` with a capturing group
keeps the whitespace *between* tokens too, so the parser can recover the exact
source text of any token span (opaque metadata, attribute tokens, debug
records) by joining the pieces, without tracking offsets per token.

A token is a plain ``str``; its first character tells its kind (``%`` local,
``@`` global, ``!`` metadata, ``#`` attribute group or debug record, ``"``
string, digit/``-`` number, letter word, punctuation). Comments are dropped,
except the three kinds LLVM itself prints and the model keeps (``; ModuleID``,
``; Function Attrs:``, the block ``; preds =``/``; No predecessors!``).
"""

from __future__ import annotations

import re

from veriopt.errors import IRSyntaxError

_NAME = r"[-a-zA-Z$._][-a-zA-Z$._0-9]*"

_TOKEN = re.compile(
    r"""
    (                                                   # group 1: a token
      ;\ (?:preds\ =|No\ predecessors!|Function\ Attrs:|ModuleID\ =)[^\n]*
    | [%@!$]?"[^"]*"                                    # quoted string or quoted name
    | c"[^"]*"                                          # c"..." byte string
    | [%@]""" + _NAME + r"""                            # named value
    | [%@^][0-9]+                                       # numbered value / summary id
    | ![-a-zA-Z$._][-a-zA-Z$._0-9\\]*                   # metadata name / specialised node
    | ![0-9]+                                           # metadata slot
    | \#[0-9]+ | \#dbg_[a-z_]+                          # attribute group / debug record
    | 0x[KLMHR]?[0-9A-Fa-f]+ | [su]0x[0-9A-Fa-f]+       # hex FP / hex int
    | [-+]?[0-9]+\.[0-9]*(?:[eE][-+]?[0-9]+)?           # decimal FP
    | -?[0-9]+                                          # integer
    | [a-zA-Z_.$-][-a-zA-Z$._0-9]*                      # keyword, type, bare label, ...
    | [^\s;]                                            # punctuation or a stray byte
    )
    | (;[^\n]*)                                         # group 2: any other comment
    """,
    re.VERBOSE,
)

#: The token list ends with this sentinel so the parser can always look one ahead.
EOF = ""


class Tokens:
    """The token list of one text plus the whitespace between tokens.

    ``parts`` alternates ``[sep, tok, sep, tok, ..., sep, EOF, ""]``;
    ``toks = parts[1::2]``.
    """

    __slots__ = ("text", "filename", "parts", "toks")

    def __init__(self, text: str, filename: str = "<input>") -> None:
        self.text = text
        self.filename = filename
        parts: list = _TOKEN.split(text)
        if any(parts[2::3]):
            parts = _drop_comments(parts)
        else:
            del parts[2::3]
        parts.append(EOF)
        parts.append("")
        self.parts: list[str] = parts
        self.toks: list[str] = parts[1::2]

    def span(self, first: int, last: int) -> str:
        """The exact source text from token ``first`` through token ``last``."""
        return "".join(self.parts[2 * first + 1: 2 * last + 2])

    def position(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of token ``index``."""
        index = max(0, min(index, len(self.toks) - 1))
        offset = sum(map(len, self.parts[: 2 * index + 1]))
        offset = min(offset, len(self.text))
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, col

    def error(self, index: int, message: str) -> IRSyntaxError:
        line, col = self.position(index)
        tok = self.toks[index] if 0 <= index < len(self.toks) else EOF
        shown = "end of input" if tok == EOF else repr(tok[:40])
        full = f"{self.filename}:{line}:{col}: error: {message} (at {shown})"
        return IRSyntaxError(full, line=line, column=col)


def _drop_comments(parts: list) -> list:
    """Rebuild ``[sep, tok, ...]`` from the 3-way split, folding comments into separators."""
    out: list = [parts[0]]
    for k in range(1, len(parts) - 1, 3):
        tok, comment, sep = parts[k], parts[k + 1], parts[k + 2]
        if tok is None:
            out[-1] = out[-1] + comment + sep
        else:
            out.append(tok)
            out.append(sep)
    return out


# --------------------------------------------------------------------------
# LLVM's escaping (printEscapedString / PrintLLVMName / LLLexer::UnEscapeLexed)
# --------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\\\|\\[0-9A-Fa-f]{2}")
_BARE_NAME = re.compile(r"[-a-zA-Z$._][-a-zA-Z$._0-9]*|[0-9]+")
_NEEDS_NO_QUOTES = re.compile(r"[-a-zA-Z._][-a-zA-Z._0-9]*|[0-9]+")
_PRINTABLE = re.compile(r'[ !#-\[\]-~]*')  # printable ASCII except '"' and '\\'


def unescape_bytes(body: str) -> bytes:
    """Decode the inside of an LLVM string literal (``\\XX`` and ``\\\\``) to bytes."""
    if "\\" not in body:
        return body.encode("utf-8", "surrogateescape")
    out = bytearray()
    pos = 0
    for m in _ESCAPE.finditer(body):
        out += body[pos:m.start()].encode("utf-8", "surrogateescape")
        esc = m.group()
        out.append(0x5C if esc == "\\\\" else int(esc[1:], 16))
        pos = m.end()
    out += body[pos:].encode("utf-8", "surrogateescape")
    return bytes(out)


def unescape(body: str) -> str:
    """Decode the inside of a quoted LLVM name; non-UTF-8 bytes survive as surrogates."""
    if "\\" not in body:
        return body
    return unescape_bytes(body).decode("utf-8", "surrogateescape")


def escape_bytes(data: bytes) -> str:
    """LLVM's ``printEscapedString``: printable ASCII kept, ``\\`` doubled, rest ``\\XX``."""
    text = data.decode("latin-1")
    if _PRINTABLE.fullmatch(text):
        return text
    out = []
    for byte in data:
        if byte == 0x5C:
            out.append("\\\\")
        elif 0x20 <= byte <= 0x7E and byte != 0x22:
            out.append(chr(byte))
        else:
            out.append(f"\\{byte:02X}")
    return "".join(out)


def escape(name: str) -> str:
    return escape_bytes(name.encode("utf-8", "surrogateescape"))


def format_name(sigil: str, name: str) -> str:
    """``%x``, ``%0``, ``%"a b"``, ``@"\\01foo"``: LLVM's ``PrintLLVMName``.

    All-digit names print bare: in the model they are LLVM's numbered slots."""
    if _NEEDS_NO_QUOTES.fullmatch(name):
        return sigil + name
    return f'{sigil}"{escape(name)}"'


def token_name(tok: str) -> str:
    """The unescaped name of a ``%x``/``@"a b"``/``$c``/``"label"`` token (sigil dropped)."""
    if tok[0] == '"':
        return unescape(tok[1:-1])
    if tok[1:2] == '"':
        return unescape(tok[2:-1])
    return tok[1:]
