"""Parser for LLVM 19's canonical textual IR into the frozen model of `ir.py`.

Why hand-written recursive descent over one token list: it is the fastest shape
in pure Python (the dataset builder parses tens of thousands of functions) and
it gives precise ``line:col`` errors. The grammar is LLVM's own
(``LLParser.cpp``); the parser is exact for what ``llvm-dis``/``opt -S`` print
and tolerant of common hand-written variations (implicit value numbers, inline
attributes, ``splat``), but LLVM stays the judge of validity: always
canonicalise untrusted text first (`toolchain.canonicalize`).

Anything malformed raises `IRSyntaxError` with a position; nesting is bounded
so hostile input cannot exhaust the stack.
"""

from __future__ import annotations

import gc
import re

from veriopt.errors import IRSyntaxError
from veriopt.llvm import ir
from veriopt.llvm.ir import (
    Alias,
    Alloca,
    ArrayConst,
    ArrayType,
    AtomicRMW,
    AttributeGroup,
    BinaryOp,
    Block,
    BlockAddress,
    Br,
    Call,
    CallArg,
    CallBr,
    Cast,
    CatchPad,
    CatchRet,
    CatchSwitch,
    CleanupPad,
    CleanupRet,
    CmpXchg,
    ConstExpr,
    DebugRecord,
    ExtractElement,
    ExtractValue,
    FCmp,
    Fence,
    FloatConst,
    FloatType,
    Freeze,
    Function,
    FunctionType,
    GetElementPtr,
    Global,
    GlobalVariable,
    ICmp,
    IndirectBr,
    InlineAsm,
    InsertElement,
    InsertValue,
    IntConst,
    IntType,
    Invoke,
    LabelType,
    LandingPad,
    Load,
    Local,
    MetadataType,
    MetadataValue,
    Module,
    NamedType,
    NoneConst,
    NullConst,
    OpaqueLine,
    OperandBundle,
    Param,
    Phi,
    PoisonConst,
    PtrType,
    Resume,
    Ret,
    Select,
    ShuffleVector,
    SpecialConst,
    Store,
    StringConst,
    StructConst,
    StructType,
    Switch,
    TargetExtType,
    TokenType,
    TypeDef,
    TypedValue,
    UnaryOp,
    UndefConst,
    Unreachable,
    VAArg,
    VectorConst,
    VectorType,
    VoidType,
    X86AmxType,
    ZeroInit,
)
from veriopt.llvm.lexer import EOF, Tokens, token_name, unescape, unescape_bytes

__all__ = ["parse_module", "parse_type", "MAX_NESTING"]

#: Deepest type/constant nesting accepted; real IR stays far below (LLVM has no limit,
#: but a Python parser must not recurse without bound on hostile input).
MAX_NESTING = 100

# --------------------------------------------------------------------------
# Keyword tables (LLVM 19's LLToken.h / Attributes.td)
# --------------------------------------------------------------------------

_SIMPLE_TYPES: dict[str, ir.Type] = {
    "void": VoidType(), "ptr": PtrType(), "label": LabelType(), "metadata": MetadataType(),
    "token": TokenType(), "x86_amx": X86AmxType(),
    **{kind: FloatType(kind) for kind in ir.FP_FORMATS},
    **{f"i{n}": IntType(n) for n in (1, 2, 4, 8, 16, 24, 32, 48, 64, 96, 128, 256)},
}
_INT_TYPE = re.compile(r"i([1-9][0-9]{0,6})")
_MAX_INT_BITS = (1 << 23) - 1

LINKAGES = frozenset({"private", "internal", "available_externally", "linkonce", "weak", "common",
                      "appending", "extern_weak", "linkonce_odr", "weak_odr", "external"})
PREEMPTION = frozenset({"dso_local", "dso_preemptable"})
VISIBILITY = frozenset({"default", "hidden", "protected"})
DLL_STORAGE = frozenset({"dllimport", "dllexport"})
UNNAMED_ADDR = frozenset({"unnamed_addr", "local_unnamed_addr"})
CALLING_CONVENTIONS = frozenset("""
ccc fastcc coldcc intel_ocl_bicc cfguard_checkcc x86_stdcallcc x86_fastcallcc x86_thiscallcc
x86_vectorcallcc x86_regcallcc arm_apcscc arm_aapcscc arm_aapcs_vfpcc aarch64_vector_pcs
aarch64_sve_vector_pcs aarch64_sme_preservemost_from_x0 aarch64_sme_preservemost_from_x1
aarch64_sme_preservemost_from_x2 msp430_intrcc avr_intrcc avr_signalcc ptx_kernel ptx_device
spir_kernel spir_func x86_64_sysvcc win64cc anyregcc swiftcc swifttailcc preserve_mostcc
preserve_allcc preserve_nonecc ghccc x86_intrcc hhvmcc hhvm_ccc cxx_fast_tlscc amdgpu_vs
amdgpu_ls amdgpu_hs amdgpu_es amdgpu_gs amdgpu_ps amdgpu_cs amdgpu_cs_chain
amdgpu_cs_chain_preserve amdgpu_kernel amdgpu_gfx tailcc m68k_rtdcc graalcc riscv_vector_cc
""".split())
_NUMBERED_CC = re.compile(r"cc[0-9]+")

ATTRIBUTES = frozenset("""
align alignstack allocalign allockind allocptr allocsize alwaysinline builtin byref byval cold
convergent coro_only_destroy_when_complete coro_elide_safe dead_on_unwind dereferenceable
dereferenceable_or_null disable_sanitizer_instrumentation elementtype fn_ret_thunk_extern hot
hybrid_patchable immarg inalloca initializes inlinehint inreg jumptable memory minsize
mustprogress naked nest noalias nobuiltin nocallback nocapture nocf_check noduplicate nofpclass
nofree noimplicitfloat noinline nomerge nonlazybind nonnull noprofile norecurse noredzone
noreturn nosanitize_bounds nosanitize_coverage nosync noundef nounwind null_pointer_is_valid
optdebug optforfuzzing optnone optsize preallocated presplitcoroutine range readnone readonly
returned returns_twice safestack sanitize_address sanitize_hwaddress sanitize_memory
sanitize_memtag sanitize_numerical_stability sanitize_thread shadowcallstack signext
skipprofile speculatable speculative_load_hardening sret ssp sspreq sspstrong strictfp
swiftasync swifterror swiftself uwtable vscale_range willreturn writable writeonly zeroext
argmemonly inaccessiblememonly inaccessiblemem_or_argmemonly captures nodivergencesource noext
sanitize_realtime sanitize_realtime_blocking sanitize_type dead_on_return
""".split())

FAST_MATH_FLAGS = frozenset({"fast", "nnan", "ninf", "nsz", "arcp", "contract", "reassoc", "afn"})
_INSTRUCTION_FLAGS = FAST_MATH_FLAGS | {"nuw", "nsw", "exact", "disjoint", "nneg", "samesign",
                                        "inbounds", "nusw"}
ICMP_PREDICATES = frozenset({"eq", "ne", "ugt", "uge", "ult", "ule", "sgt", "sge", "slt", "sle"})
FCMP_PREDICATES = frozenset({"false", "oeq", "ogt", "oge", "olt", "ole", "one", "ord", "ueq",
                             "ugt", "uge", "ult", "ule", "une", "uno", "true"})
ORDERINGS = frozenset({"unordered", "monotonic", "acquire", "release", "acq_rel", "seq_cst"})

_CONSTANT_KEYWORDS: dict[str, ir.Value] = {
    "null": NullConst(), "none": NoneConst(), "undef": UndefConst(), "poison": PoisonConst(),
    "zeroinitializer": ZeroInit(), "true": IntConst(1), "false": IntConst(0),
}
_CONSTEXPR_OPCODES = frozenset(ir.INT_BINARY_OPS + ir.FP_BINARY_OPS + ir.CAST_OPS + (
    "getelementptr", "extractelement", "insertelement", "shufflevector", "icmp", "fcmp",
    "select", "extractvalue", "insertvalue", "fneg", "ptrauth"))

_INT_LITERAL = re.compile(r"-?[0-9]+")
_FP_LITERAL = re.compile(r"[-+]?[0-9]+\.[0-9]*(?:[eE][-+]?[0-9]+)?|0x[KLMHR]?[0-9A-Fa-f]+")
_LABEL_START = re.compile(r'[-a-zA-Z$._0-9]|"')


def parse_module(text: str, *, filename: str = "<input>") -> Module:
    """Parse a whole module. Raises `IRSyntaxError` (with ``line:col``) on any malformed input."""
    if not isinstance(text, str):
        raise IRSyntaxError(f"{filename}: error: IR text must be str, not {type(text).__name__}")
    parser = _Parser(text, filename)
    return _without_gc(parser.run, parser.module)


def parse_type(text: str) -> ir.Type:
    """Parse one type written alone (``{ i32, ptr }``, ``<4 x float>``)."""
    parser = _Parser(text, "<type>")

    def whole() -> ir.Type:
        ty = parser.type()
        parser.expect(EOF)
        return ty

    return parser.run(whole)


def _without_gc(fn, *args):
    """Run ``fn`` with the cyclic GC paused: parsing allocates many small acyclic objects,
    and generational collections triggered by them doubled the parse time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return fn(*args)
    finally:
        if enabled:
            gc.enable()


class _Parser:
    def __init__(self, text: str, filename: str) -> None:
        self.tk = Tokens(text, filename)
        self.t = self.tk.toks
        self.i = 0
        self.depth = 0
        self.slot = 0  # next implicit local number in the current function
        self._fn_uselistorder: tuple[str, ...] = ()
        self.type_aliases: dict[str, ir.Type] = {}  # non-struct named types, resolved away
        self.named_refs: set[str] = set()

    # ---- driver and errors -------------------------------------------------

    def run(self, entry):
        try:
            return entry()
        except IRSyntaxError:
            raise
        except IndexError:
            raise self.tk.error(len(self.t) - 1, "unexpected end of input") from None
        except RecursionError:
            raise self.tk.error(self.i, "nesting too deep") from None
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as e:
            raise self.tk.error(self.i, f"malformed IR ({type(e).__name__}: {e})") from None

    def error(self, message: str, index: int | None = None) -> IRSyntaxError:
        return self.tk.error(self.i if index is None else index, message)

    def expect(self, tok: str) -> None:
        if self.t[self.i] != tok:
            raise self.error(f"expected '{tok}'" if tok else "expected end of input")
        self.i += 1

    def accept(self, tok: str) -> bool:
        if self.t[self.i] == tok:
            self.i += 1
            return True
        return False

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(f"nesting deeper than {MAX_NESTING} levels")

    # ---- small token helpers ----------------------------------------------

    def int_token(self) -> int:
        tok = self.t[self.i]
        if not (tok.isdigit() and tok.isascii()) and not _INT_LITERAL.fullmatch(tok):
            raise self.error("expected an integer")
        self.i += 1
        return int(tok)

    def string_token(self) -> str:
        """A ``"..."`` token, unescaped."""
        tok = self.t[self.i]
        if tok[:1] != '"' or len(tok) < 2:
            raise self.error("expected a string")
        self.i += 1
        return unescape(tok[1:-1])

    def local_name(self) -> str:
        tok = self.t[self.i]
        if tok[:1] != "%" or len(tok) < 2:
            raise self.error("expected a local name (%...)")
        self.i += 1
        return token_name(tok)

    def global_name(self) -> str:
        tok = self.t[self.i]
        if tok[:1] != "@" or len(tok) < 2:
            raise self.error("expected a global name (@...)")
        self.i += 1
        return token_name(tok)

    def label(self) -> str:
        """``label %bb`` -> ``"bb"``."""
        self.expect("label")
        return self.local_name()

    def balanced(self, start: int) -> int:
        """Skip a bracketed group whose opener is token ``start``; return the index of its closer."""
        pairs = {"(": ")", "[": "]", "{": "}", "<": ">"}
        t = self.t
        stack = [pairs[t[start]]]
        j = start + 1
        while True:
            tok = t[j]
            if tok in pairs:
                stack.append(pairs[tok])
                if len(stack) > 10 * MAX_NESTING:
                    raise self.error("brackets nested too deep", j)
            elif tok in (")", "]", "}", ">"):
                if tok != stack.pop():
                    raise self.error("mismatched bracket", j)
                if not stack:
                    return j
            elif tok == EOF:
                raise self.error("unterminated bracket", start)
            j += 1

    # ---- module --------------------------------------------------------------

    def module(self) -> Module:
        t = self.t
        items: list = []
        header: dict[str, str | None] = {"source_filename": None, "datalayout": None,
                                         "triple": None, "module_id": None}
        pending_comment: str | None = None
        while True:
            tok = t[self.i]
            if tok == EOF:
                break
            c = tok[0]
            if c == ";":
                self.i += 1
                if tok.startswith("; ModuleID = ") and not items and header["module_id"] is None:
                    header["module_id"] = tok[13:].strip()[1:-1]
                elif tok.startswith("; Function Attrs: ") and t[self.i] in ("define", "declare"):
                    pending_comment = tok
                continue
            if tok == "define" or tok == "declare":
                items.append(self.function(pending_comment))
                pending_comment = None
                continue
            pending_comment = None
            if c == "@":
                items.append(self.global_entity())
            elif c == "%":
                typedef = self.type_def()
                if typedef is not None:
                    items.append(typedef)
            elif c == "!":
                items.append(self.metadata_line())
            elif tok == "attributes":
                items.append(self.attribute_group())
            elif tok == "source_filename":
                self.i += 1
                self.expect("=")
                header["source_filename"] = self.string_token()
            elif tok == "target":
                self.i += 1
                which = t[self.i]
                if which not in ("datalayout", "triple"):
                    raise self.error("expected 'datalayout' or 'triple'")
                self.i += 1
                self.expect("=")
                header[which] = self.string_token()
            elif c == "$":
                items.append(self.comdat())
            elif tok == "module":
                start = self.i
                self.i += 1
                self.expect("asm")
                self.string_token()
                items.append(OpaqueLine(self.tk.span(start, self.i - 1)))
            elif tok in ("uselistorder", "uselistorder_bb"):
                items.append(OpaqueLine(self.uselistorder()))
            elif c == "^":
                items.append(self.summary_entry())
            else:
                raise self.error("expected a top-level entity")
        return Module(items=tuple(items), **header)

    def type_def(self) -> TypeDef | None:
        """``%T = type { ... }``. A non-struct body (``%A = type [2 x i32]``, accepted by
        LLVM's reader) is an alias LLVM resolves away, and so do we: None, no item."""
        name = self.local_name()
        self.expect("=")
        self.expect("type")
        if self.accept("opaque"):
            return TypeDef(name, None)
        body = self.type()
        if isinstance(body, StructType):
            return TypeDef(name, body)
        if name in self.type_aliases and self.type_aliases[name] != body:
            raise self.error(f"redefinition of type %{name}")
        if name in self.named_refs:
            raise self.error("forward references to non-struct type", self.i - 1)
        self.type_aliases[name] = body
        return None

    def comdat(self) -> OpaqueLine:
        start = self.i
        self.i += 1
        self.expect("=")
        self.expect("comdat")
        if self.t[self.i] not in ("any", "exactmatch", "largest", "nodeduplicate", "samesize"):
            raise self.error("expected a comdat selection kind")
        self.i += 1
        return OpaqueLine(self.tk.span(start, self.i - 1))

    def metadata_line(self) -> OpaqueLine:
        """``!0 = !{...}``, ``!0 = distinct !DI...(...)``, ``!name = !{!0, !1}``: opaque."""
        start = self.i
        self.i += 1
        self.expect("=")
        self.accept("distinct")
        self.metadata_node()
        return OpaqueLine(self.tk.span(start, self.i - 1))

    def summary_entry(self) -> OpaqueLine:
        start = self.i
        self.i += 1
        self.expect("=")
        while self.t[self.i] not in ("(", EOF):
            self.i += 1
        if self.t[self.i] != "(":
            raise self.error("expected '(' in a summary entry")
        self.i = self.balanced(self.i) + 1
        return OpaqueLine(self.tk.span(start, self.i - 1))

    def uselistorder(self) -> str:
        start = self.i
        self.i += 1
        while self.t[self.i] != "{":
            if self.t[self.i] in (EOF, "}", "define", "declare"):
                raise self.error("expected '{' in uselistorder")
            if self.t[self.i] in ("(", "[", "<"):
                self.i = self.balanced(self.i)
            self.i += 1
        self.i = self.balanced(self.i) + 1
        return self.tk.span(start, self.i - 1)

    def attribute_group(self) -> AttributeGroup:
        self.i += 1
        tok = self.t[self.i]
        if tok[:1] != "#" or not tok[1:].isdigit():
            raise self.error("expected an attribute group id (#N)")
        self.i += 1
        self.expect("=")
        self.expect("{")
        attrs = []
        while self.t[self.i] != "}":
            attr = self.attribute(in_group=True)
            if attr is None:
                raise self.error("expected an attribute")
            attrs.append(attr)
        self.i += 1
        return AttributeGroup(int(tok[1:]), tuple(attrs))

    # ---- attributes ----------------------------------------------------------

    def attribute(self, in_group: bool = False) -> str | None:
        """One attribute as its printed token(s), or None if the next token is not one."""
        t = self.t
        i = self.i
        tok = t[i]
        c = tok[:1]
        if c == "#":
            if tok[1:].isdigit():
                self.i += 1
                return tok
            return None
        if c == '"':
            if t[i + 1] == "=" and t[i + 2][:1] == '"':
                self.i += 3
                return tok + "=" + t[i + 2]
            self.i += 1
            return tok
        if tok not in ATTRIBUTES:
            return None
        nxt = t[i + 1]
        if nxt == "(":
            end = self.balanced(i + 1)
            self.i = end + 1
            return self.tk.span(i, end)
        if nxt == "=" and in_group:
            value = t[i + 2]
            self.i += 3
            return f"{tok}={value}"
        if tok == "align" and _INT_LITERAL.fullmatch(nxt):
            self.i += 2
            return f"align {nxt}"
        self.i += 1
        return tok

    def attributes(self) -> tuple[str, ...]:
        out = []
        while True:
            attr = self.attribute()
            if attr is None:
                return tuple(out)
            out.append(attr)

    # ---- types ---------------------------------------------------------------

    def type(self) -> ir.Type:
        t = self.t
        tok = t[self.i]
        ty = _SIMPLE_TYPES.get(tok)
        if ty is not None:
            self.i += 1
            if tok == "ptr" and t[self.i] == "addrspace":
                ty = PtrType(self.addrspace())
        else:
            ty = self.compound_type(tok)
        nxt = t[self.i]
        if nxt == "(" or nxt == "*" or (nxt == "addrspace" and tok != "ptr"):
            ty = self.type_suffix(ty)
        return ty

    def type_suffix(self, ty: ir.Type) -> ir.Type:
        """Function types ``ret (params)`` and LLVM<=16 typed pointers ``T*``/``T addrspace(N)*``."""
        t = self.t
        while True:
            nxt = t[self.i]
            if nxt == "(":
                ty = self.function_type(ty)
            elif nxt == "*":
                self.i += 1
                ty = PtrType()
            elif nxt == "addrspace" and t[self.i + 4] == "*":
                space = self.addrspace()
                self.i += 1
                ty = PtrType(space)
            else:
                return ty

    def function_type(self, ret: ir.Type) -> FunctionType:
        self.enter()
        self.expect("(")
        params: list[ir.Type] = []
        varargs = False
        while self.t[self.i] != ")":
            if params:
                self.expect(",")
            if self.accept("..."):
                varargs = True
                break
            params.append(self.type())
        self.expect(")")
        self.depth -= 1
        return FunctionType(ret, tuple(params), varargs)

    def addrspace(self) -> int:
        self.expect("addrspace")
        self.expect("(")
        n = self.int_token()
        self.expect(")")
        return n

    def compound_type(self, tok: str) -> ir.Type:
        t = self.t
        m = _INT_TYPE.fullmatch(tok) if tok[:1] == "i" else None
        if m:
            bits = int(m.group(1))
            if bits > _MAX_INT_BITS:
                raise self.error("integer type too wide")
            self.i += 1
            return IntType(bits)
        c = tok[:1]
        if c == "%":
            self.i += 1
            name = token_name(tok)
            alias = self.type_aliases.get(name)
            if alias is not None:
                return alias
            self.named_refs.add(name)
            return NamedType(name)
        self.enter()
        if tok == "{":
            ty = self.struct_body(packed=False)
        elif tok == "<":
            if t[self.i + 1] == "{":
                self.i += 1
                ty = self.struct_body(packed=True)
                self.expect(">")
            else:
                self.i += 1
                scalable = self.accept("vscale")
                if scalable:
                    self.expect("x")
                count = self.int_token()
                self.expect("x")
                elem = self.type()
                self.expect(">")
                ty = VectorType(count, elem, scalable)
        elif tok == "[":
            self.i += 1
            count = self.int_token()
            self.expect("x")
            elem = self.type()
            self.expect("]")
            ty = ArrayType(count, elem)
        elif tok == "target":
            ty = self.target_ext_type()
        else:
            raise self.error("expected a type")
        self.depth -= 1
        return ty

    def struct_body(self, packed: bool) -> StructType:
        self.expect("{")
        fields: list[ir.Type] = []
        while self.t[self.i] != "}":
            if fields:
                self.expect(",")
            fields.append(self.type())
        self.i += 1
        return StructType(tuple(fields), packed)

    def target_ext_type(self) -> TargetExtType:
        self.expect("target")
        self.expect("(")
        name = self.string_token()
        types: list[ir.Type] = []
        ints: list[int] = []
        while self.accept(","):
            if _INT_LITERAL.fullmatch(self.t[self.i]):
                ints.append(self.int_token())
            elif ints:
                raise self.error("target extension type parameters must precede integers")
            else:
                types.append(self.type())
        self.expect(")")
        return TargetExtType(name, tuple(types), tuple(ints))

    # ---- values and constants -----------------------------------------------

    def typed_value(self) -> TypedValue:
        ty = self.type()
        return TypedValue(ty, self.value(ty))

    def value(self, ty: ir.Type) -> ir.Value:
        t = self.t
        tok = t[self.i]
        c = tok[:1]
        if c == "%":
            self.i += 1
            return Local(token_name(tok))
        if c == "@":
            self.i += 1
            return Global(token_name(tok))
        if c.isdigit() or c == "-" or c == "+":
            self.i += 1
            if (tok.isdigit() and tok.isascii()) or _INT_LITERAL.fullmatch(tok):
                return IntConst(int(tok))
            if _FP_LITERAL.fullmatch(tok):
                return FloatConst(tok)
            raise self.error("malformed number", self.i - 1)
        const = _CONSTANT_KEYWORDS.get(tok)
        if const is not None:
            self.i += 1
            return const
        if ty.__class__ is MetadataType:
            return self.metadata_operand()
        self.enter()
        value = self.compound_value(tok, ty)
        self.depth -= 1
        return value

    def compound_value(self, tok: str, ty: ir.Type) -> ir.Value:
        t = self.t
        if tok == "[":
            self.i += 1
            elems = self.typed_list("]")
            return ArrayConst(elems)
        if tok == "{":
            self.i += 1
            return StructConst(self.typed_list("}"), packed=False)
        if tok == "<":
            self.i += 1
            if self.accept("{"):
                elems = self.typed_list("}")
                self.expect(">")
                return StructConst(elems, packed=True)
            return VectorConst(self.typed_list(">"))
        if tok[:2] == 'c"' and len(tok) >= 3:
            self.i += 1
            return StringConst(unescape_bytes(tok[2:-1]))
        if tok in _CONSTEXPR_OPCODES:
            return self.constant_expression(tok)
        if tok == "blockaddress":
            self.i += 1
            self.expect("(")
            fn = self.global_name()
            self.expect(",")
            block = self.local_name()
            self.expect(")")
            return BlockAddress(fn, block)
        if tok in ("dso_local_equivalent", "no_cfi"):
            self.i += 1
            return SpecialConst(tok, self.global_name())
        if tok == "asm":
            return self.inline_asm()
        if tok == "splat":
            return self.splat(ty)
        if tok[:1] == "0" and tok[1:2] == "x":
            self.i += 1
            return FloatConst(tok)
        if tok[:3] in ("s0x", "u0x"):
            self.i += 1
            value = int(tok[3:], 16)
            if tok[0] == "s" and value >> (4 * len(tok[3:]) - 1):
                value -= 1 << (4 * len(tok[3:]))
            return IntConst(value)
        if t[self.i] == EOF:
            raise self.error("unexpected end of input, expected a value")
        raise self.error("expected a value")

    def typed_list(self, closer: str) -> tuple[TypedValue, ...]:
        elems: list[TypedValue] = []
        t = self.t
        while t[self.i] != closer:
            if elems:
                self.expect(",")
            elems.append(self.typed_value())
        self.i += 1
        return tuple(elems)

    def constant_expression(self, opcode: str) -> ConstExpr:
        t = self.t
        self.i += 1
        flags: list[str] = []
        while t[self.i] != "(":
            tok = t[self.i]
            if tok == "inrange":
                start = self.i
                self.i = self.balanced(self.i + 1) + 1
                flags.append(self.tk.span(start, self.i - 1))
            elif tok in _INSTRUCTION_FLAGS or tok in ICMP_PREDICATES or tok in FCMP_PREDICATES:
                flags.append(tok)
                self.i += 1
            else:
                raise self.error(f"expected '(' in a '{opcode}' constant expression")
        self.i += 1
        source_type = None
        if opcode == "getelementptr":
            source_type = self.type()
            self.expect(",")
        operands: list[TypedValue] = [self.typed_value()]
        while self.accept(","):
            operands.append(self.typed_value())
        dest_type = None
        if self.accept("to"):
            dest_type = self.type()
        self.expect(")")
        return ConstExpr(opcode, tuple(operands), tuple(flags), source_type, dest_type)

    def splat(self, ty: ir.Type) -> ir.Value:
        """``splat (i32 1)`` (an input-only shorthand) becomes what LLVM 19 prints for it:
        an element list for fixed vectors, a constant ``shufflevector`` for scalable ones."""
        self.i += 1
        self.expect("(")
        elem = self.typed_value()
        self.expect(")")
        if not isinstance(ty, VectorType):
            raise self.error("splat of a non-vector type", self.i - 1)
        if not ty.scalable:
            return VectorConst((elem,) * ty.count)
        mask_type = VectorType(ty.count, IntType(32), True)
        inserted = ConstExpr("insertelement", (TypedValue(ty, PoisonConst()), elem,
                                               TypedValue(IntType(64), IntConst(0))))
        return ConstExpr("shufflevector", (TypedValue(ty, inserted), TypedValue(ty, PoisonConst()),
                                           TypedValue(mask_type, ZeroInit())))

    def inline_asm(self) -> InlineAsm:
        self.expect("asm")
        flags = set()
        while self.t[self.i] in ("sideeffect", "alignstack", "inteldialect", "unwind"):
            flags.add(self.t[self.i])
            self.i += 1
        asm = self.string_token()
        self.expect(",")
        constraints = self.string_token()
        return InlineAsm(asm, constraints, "sideeffect" in flags, "alignstack" in flags,
                         "inteldialect" in flags, "unwind" in flags)

    # ---- metadata (opaque) ------------------------------------------------------

    def metadata_node(self) -> None:
        """Skip one metadata value: ``!N``, ``!"s"``, ``!{...}``, ``!DIX(...)``, ``distinct ...``."""
        t = self.t
        self.accept("distinct")
        tok = t[self.i]
        if tok == "!":
            if t[self.i + 1] != "{":
                raise self.error("expected '{' after '!'")
            self.i = self.balanced(self.i + 1) + 1
        elif tok[:1] == "!":
            self.i += 1
            if t[self.i] == "(" and not tok[1:2].isdigit() and tok[1:2] != '"':
                self.i = self.balanced(self.i) + 1
        else:
            raise self.error("expected metadata")

    def metadata_operand(self) -> MetadataValue:
        """After the ``metadata`` type: a metadata node or a typed value, kept as text."""
        start = self.i
        if self.t[self.i][:1] == "!" or self.t[self.i] == "distinct":
            self.metadata_node()
        else:
            self.typed_value()
        return MetadataValue(self.tk.span(start, self.i - 1))

    def attachments(self) -> ir.MDAttachments:
        """Trailing ``, !kind !N`` pairs."""
        t = self.t
        if t[self.i] != ",":
            return ()
        out = []
        while t[self.i] == "," and t[self.i + 1][:1] == "!":
            self.i += 1
            out.append(self.attachment())
        return tuple(out)

    def attachment(self) -> tuple[str, str]:
        tok = self.t[self.i]
        if len(tok) < 2 or tok[1:2].isdigit() or tok[1:2] == '"':
            raise self.error("expected a metadata kind (!name)")
        self.i += 1
        start = self.i
        self.metadata_node()
        return token_name(tok), self.tk.span(start, self.i - 1)

    # ---- globals -------------------------------------------------------------

    def global_entity(self) -> GlobalVariable | Alias:
        name = self.global_name()
        self.expect("=")
        t = self.t
        mods = self.linkage_and_friends()
        tok = t[self.i]
        if tok == "alias" or tok == "ifunc":
            return self.alias(name, tok, mods)
        addrspace = None
        if tok == "addrspace":
            addrspace = self.addrspace()
        externally_initialized = self.accept("externally_initialized")
        kind = t[self.i]
        if kind not in ("global", "constant"):
            raise self.error("expected 'global' or 'constant'")
        self.i += 1
        value_type = self.type()
        initializer = None
        if mods["linkage"] not in ("external", "extern_weak"):
            initializer = self.value(value_type)
        align = None
        trailer: list[str] = []
        while t[self.i] == ",":
            self.i += 1
            tok = t[self.i]
            start = self.i
            if tok == "align":
                self.i += 1
                align = self.int_token()
                continue
            if tok in ("section", "partition", "code_model"):
                self.i += 1
                self.string_token()
            elif tok == "comdat":
                self.comdat_reference()
            elif tok[:1] == "!":
                self.attachment()
            elif tok in ("no_sanitize_address", "no_sanitize_hwaddress", "sanitize_memtag",
                         "sanitize_address_dyninit"):
                self.i += 1
            else:
                raise self.error("unexpected global variable clause")
            trailer.append(self.tk.span(start, self.i - 1))
        tok = t[self.i]
        if tok[:1] == "#" and tok[1:].isdigit():
            self.i += 1
            trailer.append(tok)
        return GlobalVariable(name=name, value_type=value_type, initializer=initializer,
                              is_constant=kind == "constant",
                              addrspace=addrspace, externally_initialized=externally_initialized,
                              align=align, trailer=tuple(trailer), **mods)

    def linkage_and_friends(self) -> dict:
        """linkage, preemption, visibility, DLL storage, thread_local, unnamed_addr (in LLVM's order)."""
        t = self.t
        mods: dict = {"linkage": None, "preemption": None, "visibility": None,
                      "dll_storage": None, "thread_local": None, "unnamed_addr": None}
        tok = t[self.i]
        if tok in LINKAGES:
            mods["linkage"] = tok
            self.i += 1
            tok = t[self.i]
        if tok in PREEMPTION:
            mods["preemption"] = tok
            self.i += 1
            tok = t[self.i]
        if tok in VISIBILITY:
            mods["visibility"] = tok
            self.i += 1
            tok = t[self.i]
        if tok in DLL_STORAGE:
            mods["dll_storage"] = tok
            self.i += 1
            tok = t[self.i]
        if tok == "thread_local":
            start = self.i
            self.i += 1
            if t[self.i] == "(":
                self.i += 3
                if t[self.i - 1] != ")":
                    raise self.error("expected ')' after thread_local model")
            mods["thread_local"] = self.tk.span(start, self.i - 1)
            tok = t[self.i]
        if tok in UNNAMED_ADDR:
            mods["unnamed_addr"] = tok
            self.i += 1
        return mods

    def comdat_reference(self) -> None:
        self.expect("comdat")
        if self.t[self.i] == "(":
            self.i += 1
            if self.t[self.i][:1] != "$":
                raise self.error("expected a comdat name ($...)")
            self.i += 1
            self.expect(")")

    def alias(self, name: str, kind: str, mods: dict) -> Alias:
        self.i += 1
        value_type = self.type()
        self.expect(",")
        tok = self.t[self.i]
        if tok in _CONSTEXPR_OPCODES:
            const = self.constant_expression(tok)
            aliasee = TypedValue(const.dest_type or PtrType(), const)
        else:
            aliasee = self.typed_value()
        trailer: list[str] = []
        while self.t[self.i] == ",":
            self.i += 1
            start = self.i
            tok = self.t[self.i]
            if tok == "partition":
                self.i += 1
                self.string_token()
            elif tok[:1] == "!":
                self.attachment()
            else:
                raise self.error(f"unexpected {kind} clause")
            trailer.append(self.tk.span(start, self.i - 1))
        return Alias(name=name, value_type=value_type, aliasee=aliasee, kind=kind,
                     trailer=tuple(trailer), **mods)

    # ---- functions -------------------------------------------------------------

    def function(self, comment: str | None) -> Function:
        t = self.t
        is_definition = t[self.i] == "define"
        self.i += 1
        metadata: list[tuple[str, str]] = []
        if not is_definition:
            while t[self.i][:1] == "!":
                metadata.append(self.attachment())
        self._fn_uselistorder = ()
        mods = self.linkage_and_friends()
        del mods["thread_local"]
        unnamed_addr_before = mods.pop("unnamed_addr")
        cconv = self.calling_convention()
        ret_attrs = self.attributes()
        return_type = self.type()
        name = self.global_name()
        params, varargs = self.parameters()
        unnamed_addr = unnamed_addr_before
        if t[self.i] in UNNAMED_ADDR:
            unnamed_addr = t[self.i]
            self.i += 1
        addrspace = self.addrspace() if t[self.i] == "addrspace" else None
        fn_attrs: list[str] = []
        trailer: list[str] = []
        while True:
            tok = t[self.i]
            start = self.i
            if tok in ("section", "partition", "gc"):
                self.i += 1
                self.string_token()
            elif tok == "comdat":
                self.comdat_reference()
            elif tok == "align" and _INT_LITERAL.fullmatch(t[self.i + 1]):
                self.i += 2
            elif tok in ("prefix", "prologue", "personality"):
                self.i += 1
                self.typed_value()
            elif not trailer and (attr := self.attribute()) is not None:
                fn_attrs.append(attr)
                continue
            else:
                break
            trailer.append(self.tk.span(start, self.i - 1))
        if is_definition:
            while t[self.i][:1] == "!":
                metadata.append(self.attachment())
        blocks = None
        if is_definition:
            params = _number_unnamed(params)
            blocks = self.body(params)
        return Function(name=name, return_type=return_type, params=params, varargs=varargs,
                        blocks=blocks, cconv=cconv, ret_attrs=ret_attrs, unnamed_addr=unnamed_addr,
                        addrspace=addrspace, fn_attrs=tuple(fn_attrs), trailer=tuple(trailer),
                        metadata=tuple(metadata), comment=comment,
                        uselistorder=self._fn_uselistorder, **mods)

    def calling_convention(self) -> str | None:
        tok = self.t[self.i]
        if tok in CALLING_CONVENTIONS or _NUMBERED_CC.fullmatch(tok):
            self.i += 1
            return tok
        if tok == "cc":
            self.i += 1
            return f"cc{self.int_token()}"
        return None

    def parameters(self) -> tuple[tuple[Param, ...], bool]:
        t = self.t
        self.expect("(")
        params: list[Param] = []
        varargs = False
        while t[self.i] != ")":
            if params:
                self.expect(",")
            if self.accept("..."):
                varargs = True
                break
            ty = self.type()
            attrs = self.attributes()
            pname = None
            if t[self.i][:1] == "%":
                pname = self.local_name()
            params.append(Param(ty, attrs, pname))
        self.i += 1
        return tuple(params), varargs

    def body(self, params: tuple[Param, ...]) -> tuple[Block, ...]:
        t = self.t
        self.expect("{")
        self.slot = sum(1 for p in params if p.name.isdigit())
        self._fn_uselistorder = ()
        blocks: list[Block] = []
        while True:
            blocks.append(self.block(first=not blocks))
            tok = t[self.i]
            if tok == "}":
                self.i += 1
                break
            if tok == "uselistorder" or tok == "uselistorder_bb":
                lines = []
                while t[self.i] in ("uselistorder", "uselistorder_bb"):
                    lines.append(self.uselistorder())
                self._fn_uselistorder = tuple(lines)
                self.expect("}")
                break
            if tok == EOF:
                raise self.error("expected '}' at end of function body")
        return tuple(blocks)

    def block(self, first: bool) -> Block:
        t = self.t
        tok = t[self.i]
        explicit = False
        comment = None
        if t[self.i + 1] == ":" and _LABEL_START.match(tok):
            name = token_name(tok) if tok[0] == '"' else tok
            if name.isdigit():
                self.slot = int(name) + 1
            self.i += 2
            explicit = True
            tok = t[self.i]
            if tok[:1] == ";":
                comment = tok
                self.i += 1
        else:
            name = str(self.slot)
            self.slot += 1
        items: list = []
        parse_instruction = self.instruction
        while True:
            tok = t[self.i]
            if tok[:5] == "#dbg_":
                items.append(self.debug_record())
                continue
            if tok[:1] == ";":
                self.i += 1
                continue
            if tok == "}" or tok == EOF:
                raise self.error("expected an instruction (block has no terminator)")
            inst = parse_instruction()
            items.append(inst)
            if inst.__class__ in _TERMINATOR_CLASSES:
                break
        return Block(name, tuple(items), explicit, comment=comment)

    def debug_record(self) -> DebugRecord:
        start = self.i
        self.i += 1
        if self.t[self.i] != "(":
            raise self.error("expected '(' after a debug record")
        self.i = self.balanced(self.i) + 1
        return DebugRecord(self.tk.span(start, self.i - 1))

    # ---- instructions ------------------------------------------------------------

    def instruction(self) -> ir.Instruction:
        t = self.t
        tok = t[self.i]
        result = None
        if tok[:1] == "%":
            result = token_name(tok)
            if result.isdigit():
                self.slot = int(result) + 1
            if t[self.i + 1] != "=":
                raise self.error("expected '=' after an instruction result", self.i + 1)
            self.i += 2
            tok = t[self.i]
        handler = _HANDLERS.get(tok)
        if handler is None:
            raise self.error("expected an instruction opcode")
        self.i += 1
        return handler(self, result, tok)

    def result_name(self, result: str | None) -> str:
        if result is None:
            result = str(self.slot)
            self.slot += 1
        return result

    def flags(self) -> tuple[str, ...]:
        t = self.t
        if t[self.i] not in _INSTRUCTION_FLAGS:
            return ()
        out = []
        while t[self.i] in _INSTRUCTION_FLAGS:
            out.append(t[self.i])
            self.i += 1
        return tuple(out)

    def binary(self, result, opcode):
        flags = self.flags()
        ty = self.type()
        lhs = self.value(ty)
        self.expect(",")
        rhs = self.value(ty)
        return BinaryOp(self.result_name(result), opcode, ty, lhs, rhs, flags, self.attachments())

    def unary(self, result, opcode):
        flags = self.flags()
        ty = self.type()
        operand = self.value(ty)
        return UnaryOp(self.result_name(result), opcode, ty, operand, flags, self.attachments())

    def compare(self, result, opcode):
        flags = self.flags()
        pred = self.t[self.i]
        if pred not in (ICMP_PREDICATES if opcode == "icmp" else FCMP_PREDICATES):
            raise self.error(f"expected an {opcode} predicate")
        self.i += 1
        ty = self.type()
        lhs = self.value(ty)
        self.expect(",")
        rhs = self.value(ty)
        cls = ICmp if opcode == "icmp" else FCmp
        return cls(self.result_name(result), pred, ty, lhs, rhs, flags, self.attachments())

    def cast(self, result, opcode):
        flags = self.flags()
        operand = self.typed_value()
        self.expect("to")
        dest = self.type()
        return Cast(self.result_name(result), opcode, operand, dest, flags, self.attachments())

    def select(self, result, opcode):
        flags = self.flags()
        cond = self.typed_value()
        self.expect(",")
        a = self.typed_value()
        self.expect(",")
        b = self.typed_value()
        return Select(self.result_name(result), cond, a, b, flags, self.attachments())

    def freeze(self, result, opcode):
        operand = self.typed_value()
        return Freeze(self.result_name(result), operand, self.attachments())

    def phi(self, result, opcode):
        flags = self.flags()
        ty = self.type()
        incoming = []
        t = self.t
        while True:
            self.expect("[")
            value = self.value(ty)
            self.expect(",")
            block = self.local_name()
            self.expect("]")
            incoming.append((value, block))
            if t[self.i] == "," and t[self.i + 1] == "[":
                self.i += 1
            else:
                break
        return Phi(self.result_name(result), ty, tuple(incoming), flags, self.attachments())

    def alloca(self, result, opcode):
        t = self.t
        inalloca = self.accept("inalloca")
        swifterror = self.accept("swifterror")
        ty = self.type()
        count = align = addrspace = None
        while t[self.i] == ",":
            nxt = t[self.i + 1]
            if nxt == "align":
                self.i += 2
                align = self.int_token()
            elif nxt == "addrspace":
                self.i += 1
                addrspace = self.addrspace()
            elif nxt[:1] == "!":
                break
            elif count is None and align is None and addrspace is None:
                self.i += 1
                count = self.typed_value()
            else:
                raise self.error("unexpected alloca clause", self.i + 1)
        return Alloca(self.result_name(result), ty, count, align, addrspace, inalloca, swifterror,
                      self.attachments())

    def atomic_tail(self) -> tuple[str | None, str | None]:
        """``[syncscope("x")] ordering`` -> (syncscope, ordering)."""
        syncscope = None
        if self.t[self.i] == "syncscope":
            self.i += 1
            self.expect("(")
            syncscope = self.string_token()
            self.expect(")")
        ordering = self.t[self.i]
        if ordering not in ORDERINGS:
            raise self.error("expected an atomic ordering")
        self.i += 1
        return syncscope, ordering

    def align_clause(self) -> int | None:
        if self.t[self.i] == "," and self.t[self.i + 1] == "align":
            self.i += 2
            return self.int_token()
        return None

    def load(self, result, opcode):
        atomic = self.accept("atomic")
        volatile = self.accept("volatile")
        ty = self.type()
        self.expect(",")
        pointer = self.typed_value()
        syncscope = ordering = None
        if atomic:
            syncscope, ordering = self.atomic_tail()
        align = self.align_clause()
        return Load(self.result_name(result), ty, pointer, align, volatile, atomic, ordering,
                    syncscope, self.attachments())

    def store(self, result, opcode):
        if result is not None:
            raise self.error("instructions returning void cannot have a name", self.i - 3)
        atomic = self.accept("atomic")
        volatile = self.accept("volatile")
        value = self.typed_value()
        self.expect(",")
        pointer = self.typed_value()
        syncscope = ordering = None
        if atomic:
            syncscope, ordering = self.atomic_tail()
        align = self.align_clause()
        return Store(value, pointer, align, volatile, atomic, ordering, syncscope,
                     self.attachments())

    def getelementptr(self, result, opcode):
        t = self.t
        flags: list[str] = []
        while True:
            tok = t[self.i]
            if tok in ("inbounds", "nusw", "nuw"):
                flags.append(tok)
                self.i += 1
            elif tok == "inrange":
                start = self.i
                self.i = self.balanced(self.i + 1) + 1
                flags.append(self.tk.span(start, self.i - 1))
            else:
                break
        source = self.type()
        self.expect(",")
        pointer = self.typed_value()
        indices = []
        while t[self.i] == "," and t[self.i + 1][:1] != "!":
            self.i += 1
            indices.append(self.typed_value())
        return GetElementPtr(self.result_name(result), source, pointer, tuple(indices), tuple(flags),
                             self.attachments())

    def call_common(self) -> dict:
        """Shared by call/invoke/callbr: from the calling convention through the bundles."""
        t = self.t
        cconv = self.calling_convention()
        ret_attrs = self.attributes()
        addrspace = self.addrspace() if t[self.i] == "addrspace" else None
        ty = self.type()
        function_type = ty if isinstance(ty, FunctionType) else None
        return_type = function_type.ret if function_type else ty
        callee = self.value(PtrType())
        self.expect("(")
        args: list[CallArg] = []
        while t[self.i] != ")":
            if args:
                self.expect(",")
            if t[self.i] == "...":
                self.i += 1
                break
            aty = self.type()
            attrs = self.attributes()
            args.append(CallArg(aty, self.value(aty), attrs))
        self.expect(")")
        fn_attrs = []
        while (attr := self.attribute()) is not None:
            fn_attrs.append(attr)
        bundles: list[OperandBundle] = []
        if t[self.i] == "[":
            self.i += 1
            while t[self.i] != "]":
                if bundles:
                    self.expect(",")
                tag = self.string_token()
                self.expect("(")
                bundles.append(OperandBundle(tag, self.typed_list(")")))
            self.i += 1
        return {"return_type": return_type, "callee": callee, "args": tuple(args),
                "function_type": function_type, "cconv": cconv, "ret_attrs": ret_attrs,
                "addrspace": addrspace, "fn_attrs": tuple(fn_attrs), "bundles": tuple(bundles)}

    def call(self, result, opcode):
        tail = None
        if opcode != "call":
            tail = opcode
            self.expect("call")
        flags = self.flags()
        parts = self.call_common()
        if result is None and parts["return_type"].__class__ is not VoidType:
            result = self.result_name(None)
        return Call(result=result, tail=tail, flags=flags, metadata=self.attachments(), **parts)

    def invoke(self, result, opcode):
        parts = self.call_common()
        if result is None and parts["return_type"].__class__ is not VoidType:
            result = self.result_name(None)
        self.expect("to")
        normal = self.label()
        self.expect("unwind")
        unwind = self.label()
        return Invoke(result=result, normal_dest=normal, unwind_dest=unwind,
                      metadata=self.attachments(), **parts)

    def callbr(self, result, opcode):
        parts = self.call_common()
        if result is None and parts["return_type"].__class__ is not VoidType:
            result = self.result_name(None)
        self.expect("to")
        default = self.label()
        self.expect("[")
        dests = []
        while self.t[self.i] != "]":
            if dests:
                self.expect(",")
            dests.append(self.label())
        self.i += 1
        return CallBr(result=result, default_dest=default, indirect_dests=tuple(dests),
                      metadata=self.attachments(), **parts)

    def indices(self) -> tuple[int, ...]:
        out = []
        t = self.t
        while t[self.i] == "," and t[self.i + 1][:1] != "!":
            self.i += 1
            out.append(self.int_token())
        return tuple(out)

    def extractvalue(self, result, opcode):
        agg = self.typed_value()
        idx = self.indices()
        if not idx:
            raise self.error("expected an index")
        return ExtractValue(self.result_name(result), agg, idx, self.attachments())

    def insertvalue(self, result, opcode):
        agg = self.typed_value()
        self.expect(",")
        elem = self.typed_value()
        idx = self.indices()
        if not idx:
            raise self.error("expected an index")
        return InsertValue(self.result_name(result), agg, elem, idx, self.attachments())

    def extractelement(self, result, opcode):
        vec = self.typed_value()
        self.expect(",")
        idx = self.typed_value()
        return ExtractElement(self.result_name(result), vec, idx, self.attachments())

    def insertelement(self, result, opcode):
        vec = self.typed_value()
        self.expect(",")
        elem = self.typed_value()
        self.expect(",")
        idx = self.typed_value()
        return InsertElement(self.result_name(result), vec, elem, idx, self.attachments())

    def shufflevector(self, result, opcode):
        a = self.typed_value()
        self.expect(",")
        b = self.typed_value()
        self.expect(",")
        mask = self.typed_value()
        return ShuffleVector(self.result_name(result), a, b, mask, self.attachments())

    def va_arg(self, result, opcode):
        valist = self.typed_value()
        self.expect(",")
        ty = self.type()
        return VAArg(self.result_name(result), valist, ty, self.attachments())

    def atomicrmw(self, result, opcode):
        volatile = self.accept("volatile")
        operation = self.t[self.i]
        if not operation[:1].isalpha():
            raise self.error("expected an atomicrmw operation")
        self.i += 1
        pointer = self.typed_value()
        self.expect(",")
        value = self.typed_value()
        syncscope, ordering = self.atomic_tail()
        align = self.align_clause()
        return AtomicRMW(self.result_name(result), operation, pointer, value, ordering, volatile,
                         syncscope, align, self.attachments())

    def cmpxchg(self, result, opcode):
        weak = self.accept("weak")
        volatile = self.accept("volatile")
        pointer = self.typed_value()
        self.expect(",")
        expected = self.typed_value()
        self.expect(",")
        new = self.typed_value()
        syncscope, success = self.atomic_tail()
        failure = self.t[self.i]
        if failure not in ORDERINGS:
            raise self.error("expected a failure ordering")
        self.i += 1
        align = self.align_clause()
        return CmpXchg(self.result_name(result), pointer, expected, new, success, failure, weak,
                       volatile, syncscope, align, self.attachments())

    def fence(self, result, opcode):
        syncscope, ordering = self.atomic_tail()
        return Fence(ordering, syncscope, self.attachments())

    def landingpad(self, result, opcode):
        ty = self.type()
        cleanup = self.accept("cleanup")
        clauses = []
        while self.t[self.i] in ("catch", "filter"):
            kind = self.t[self.i]
            self.i += 1
            clauses.append((kind, self.typed_value()))
        return LandingPad(self.result_name(result), ty, cleanup, tuple(clauses), self.attachments())

    def pad_parent(self) -> ir.Value:
        self.expect("within")
        if self.accept("none"):
            return NoneConst()
        return Local(self.local_name())

    def catchpad(self, result, opcode):
        parent = self.pad_parent()
        self.expect("[")
        args = self.typed_list("]")
        cls = CatchPad if opcode == "catchpad" else CleanupPad
        return cls(self.result_name(result), parent, args, self.attachments())

    def unwind_target(self) -> str | None:
        self.expect("unwind")
        if self.accept("to"):
            self.expect("caller")
            return None
        return self.label()

    def ret(self, result, opcode):
        if self.accept("void"):
            return Ret(None, self.attachments())
        return Ret(self.typed_value(), self.attachments())

    def br(self, result, opcode):
        if self.t[self.i] == "label":
            return Br(self.label(), metadata=self.attachments())
        ty = self.type()
        cond = self.value(ty)
        self.expect(",")
        true_dest = self.label()
        self.expect(",")
        false_dest = self.label()
        return Br(true_dest, cond, false_dest, self.attachments())

    def switch(self, result, opcode):
        ty = self.type()
        value = self.value(ty)
        self.expect(",")
        default = self.label()
        self.expect("[")
        cases = []
        while self.t[self.i] != "]":
            case = self.typed_value()
            self.expect(",")
            cases.append((case, self.label()))
        self.i += 1
        return Switch(ty, value, default, tuple(cases), self.attachments())

    def indirectbr(self, result, opcode):
        address = self.typed_value()
        self.expect(",")
        self.expect("[")
        dests = []
        while self.t[self.i] != "]":
            if dests:
                self.expect(",")
            dests.append(self.label())
        self.i += 1
        return IndirectBr(address, tuple(dests), self.attachments())

    def resume(self, result, opcode):
        return Resume(self.typed_value(), self.attachments())

    def unreachable(self, result, opcode):
        return Unreachable(self.attachments())

    def catchswitch(self, result, opcode):
        parent = self.pad_parent()
        self.expect("[")
        handlers = []
        while self.t[self.i] != "]":
            if handlers:
                self.expect(",")
            handlers.append(self.label())
        self.i += 1
        unwind = self.unwind_target()
        return CatchSwitch(self.result_name(result), parent, tuple(handlers), unwind,
                           self.attachments())

    def catchret(self, result, opcode):
        self.expect("from")
        pad = Local(self.local_name())
        self.expect("to")
        return CatchRet(pad, self.label(), self.attachments())

    def cleanupret(self, result, opcode):
        self.expect("from")
        pad = Local(self.local_name())
        return CleanupRet(pad, self.unwind_target(), self.attachments())


def _number_unnamed(params: tuple[Param, ...]) -> tuple[Param, ...]:
    """Give unnamed parameters of a definition LLVM's implicit numbers (``%0``, ``%1``)."""
    if all(p.name is not None for p in params):
        return params
    out = []
    slot = 0
    for p in params:
        if p.name is None:
            p = Param(p.type, p.attrs, str(slot))
        if p.name.isdigit():
            slot = int(p.name) + 1
        out.append(p)
    return tuple(out)


_TERMINATOR_CLASSES = frozenset(ir.TERMINATORS)

_HANDLERS = {
    **{op: _Parser.binary for op in ir.INT_BINARY_OPS + ir.FP_BINARY_OPS},
    **{op: _Parser.cast for op in ir.CAST_OPS},
    "fneg": _Parser.unary, "icmp": _Parser.compare, "fcmp": _Parser.compare,
    "select": _Parser.select, "freeze": _Parser.freeze, "phi": _Parser.phi,
    "alloca": _Parser.alloca, "load": _Parser.load, "store": _Parser.store,
    "getelementptr": _Parser.getelementptr, "call": _Parser.call, "tail": _Parser.call,
    "musttail": _Parser.call, "notail": _Parser.call, "invoke": _Parser.invoke,
    "callbr": _Parser.callbr, "extractvalue": _Parser.extractvalue,
    "insertvalue": _Parser.insertvalue, "extractelement": _Parser.extractelement,
    "insertelement": _Parser.insertelement, "shufflevector": _Parser.shufflevector,
    "va_arg": _Parser.va_arg, "atomicrmw": _Parser.atomicrmw, "cmpxchg": _Parser.cmpxchg,
    "fence": _Parser.fence, "landingpad": _Parser.landingpad, "catchpad": _Parser.catchpad,
    "cleanuppad": _Parser.catchpad, "ret": _Parser.ret, "br": _Parser.br,
    "switch": _Parser.switch, "indirectbr": _Parser.indirectbr, "resume": _Parser.resume,
    "unreachable": _Parser.unreachable, "catchswitch": _Parser.catchswitch,
    "catchret": _Parser.catchret, "cleanupret": _Parser.cleanupret,
}
