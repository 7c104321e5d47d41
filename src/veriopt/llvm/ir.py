"""The IR model: LLVM 19's printed IR as frozen dataclasses.

Why our own model: the verifier needs typed, immutable access to every
instruction (opcode, flags, operand types), and the dataset/metrics code needs
to list, extract and compare functions without round-tripping through C++.
The parser (`parser.py`) and printer (`printer.py`) are exact inverses over
LLVM 19's canonical output (what `opt -S` / `llvm-dis` print).

Conventions
-----------
* Names are stored *unescaped and without sigil*: ``%x`` -> ``Local("x")``,
  ``%"a b"`` -> ``Local("a b")``, ``%0`` -> ``Local("0")``. The printer adds the
  sigil and quotes/escapes where LLVM would.
* Attributes are kept as their printed tokens (``"noundef"``, ``"align 4"``,
  ``"dereferenceable(8)"``, ``"memory(argmem: readwrite)"``, ``"#0"``,
  ``'"frame-pointer"="non-leaf"'``). `attrs.py` gives typed queries over them.
  Keeping tokens makes printing exact and unknown attributes harmless.
* Metadata, debug records, comdats, summaries and other things the verifier does
  not interpret are kept as opaque text that prints back unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

# --------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class IntType:
    bits: int


@dataclass(frozen=True)
class PtrType:
    addrspace: int = 0


#: FP kinds in LLVM's spelling, with (exponent bits, significand bits incl. hidden bit).
FP_FORMATS: dict[str, tuple[int, int]] = {
    "half": (5, 11),
    "bfloat": (8, 8),
    "float": (8, 24),
    "double": (11, 53),
    "fp128": (15, 113),
    "x86_fp80": (15, 64),
    "ppc_fp128": (11, 106),
}


@dataclass(frozen=True)
class FloatType:
    kind: str  # one of FP_FORMATS

    @property
    def bits(self) -> int:
        return {"half": 16, "bfloat": 16, "float": 32, "double": 64, "fp128": 128,
                "x86_fp80": 80, "ppc_fp128": 128}[self.kind]


@dataclass(frozen=True)
class VoidType:
    pass


@dataclass(frozen=True)
class LabelType:
    pass


@dataclass(frozen=True)
class MetadataType:
    pass


@dataclass(frozen=True)
class TokenType:
    pass


@dataclass(frozen=True)
class X86AmxType:
    pass


@dataclass(frozen=True)
class VectorType:
    count: int
    elem: Type
    scalable: bool = False


@dataclass(frozen=True)
class ArrayType:
    count: int
    elem: Type


@dataclass(frozen=True)
class StructType:
    """A literal struct type ``{ i32, ptr }`` or packed ``<{ i8, i32 }>``."""

    fields: tuple[Type, ...]
    packed: bool = False


@dataclass(frozen=True)
class NamedType:
    """A reference to an identified struct ``%struct.S``; resolve via `Module.type_defs`."""

    name: str


@dataclass(frozen=True)
class FunctionType:
    ret: Type
    params: tuple[Type, ...]
    varargs: bool = False


@dataclass(frozen=True)
class TargetExtType:
    """``target("name", types..., ints...)`` kept structurally."""

    name: str
    type_params: tuple[Type, ...] = ()
    int_params: tuple[int, ...] = ()


Type = Union[IntType, PtrType, FloatType, VoidType, LabelType, MetadataType, TokenType,
             X86AmxType, VectorType, ArrayType, StructType, NamedType, FunctionType,
             TargetExtType]

I1 = IntType(1)
I8 = IntType(8)
I32 = IntType(32)
I64 = IntType(64)
PTR = PtrType()
VOID = VoidType()

# --------------------------------------------------------------------------
# Values (operands)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Local:
    """``%name``: an argument, instruction result, or (in label position) a block."""

    name: str


@dataclass(frozen=True)
class Global:
    """``@name``: a global variable, function, alias or ifunc."""

    name: str


@dataclass(frozen=True)
class IntConst:
    """An integer literal. ``i1`` literals print as ``true``/``false``."""

    value: int


@dataclass(frozen=True)
class FloatConst:
    """An FP literal, kept as LLVM printed it (``2.500000e-01``, ``0x7FF8000000000000``,
    ``0xK...``, ``0xH...``, ``0xR...``, ``0xL...``, ``0xM...``). `constants.float_bits`
    turns it into the IEEE bit pattern for a given `FloatType`."""

    text: str


@dataclass(frozen=True)
class NullConst:
    pass


@dataclass(frozen=True)
class NoneConst:
    """``none`` (token type)."""


@dataclass(frozen=True)
class UndefConst:
    pass


@dataclass(frozen=True)
class PoisonConst:
    pass


@dataclass(frozen=True)
class ZeroInit:
    """``zeroinitializer``."""


@dataclass(frozen=True)
class TypedValue:
    """An operand printed with its type, e.g. ``i32 %x`` or ``ptr @g``."""

    type: Type
    value: Value


@dataclass(frozen=True)
class ArrayConst:
    """``[i32 1, i32 2]``."""

    elements: tuple[TypedValue, ...]


@dataclass(frozen=True)
class StructConst:
    """``{ i32 1, ptr null }`` or packed ``<{ ... }>``."""

    elements: tuple[TypedValue, ...]
    packed: bool = False


@dataclass(frozen=True)
class VectorConst:
    """``<i32 1, i32 2>``."""

    elements: tuple[TypedValue, ...]


@dataclass(frozen=True)
class StringConst:
    """``c"abc\\00"``: the raw bytes."""

    data: bytes


@dataclass(frozen=True)
class ConstExpr:
    """A constant expression.

    ``opcode`` is the instruction name (``getelementptr``, ``ptrtoint``, ``add``,
    ``icmp``, ...). ``flags`` are its keyword flags (``inbounds``, ``nuw``,
    ``inrange(-8, 8)``, a compare predicate). ``operands`` are the typed operands;
    ``source_type`` is the GEP source element type; ``dest_type`` is the cast
    destination type.
    """

    opcode: str
    operands: tuple[TypedValue, ...]
    flags: tuple[str, ...] = ()
    source_type: Type | None = None
    dest_type: Type | None = None


@dataclass(frozen=True)
class BlockAddress:
    function: str
    block: str


@dataclass(frozen=True)
class SpecialConst:
    """``dso_local_equivalent @f`` / ``no_cfi @f``."""

    keyword: str
    target: str


@dataclass(frozen=True)
class MetadataValue:
    """A metadata operand (``metadata !5``, ``metadata i32 0``, ``!{...}``), opaque text
    without the leading ``metadata`` keyword."""

    text: str


@dataclass(frozen=True)
class InlineAsm:
    asm: str
    constraints: str
    sideeffect: bool = False
    alignstack: bool = False
    inteldialect: bool = False
    unwind: bool = False


Value = Union[Local, Global, IntConst, FloatConst, NullConst, NoneConst, UndefConst,
              PoisonConst, ZeroInit, ArrayConst, StructConst, VectorConst, StringConst,
              ConstExpr, BlockAddress, SpecialConst, MetadataValue, InlineAsm]

# --------------------------------------------------------------------------
# Instructions
# --------------------------------------------------------------------------

#: Metadata attachments ``!name !N`` / ``!name !{...}``, kept as (kind, opaque text).
MDAttachments = tuple[tuple[str, str], ...]

INT_BINARY_OPS = ("add", "sub", "mul", "udiv", "sdiv", "urem", "srem", "shl", "lshr",
                  "ashr", "and", "or", "xor")
FP_BINARY_OPS = ("fadd", "fsub", "fmul", "fdiv", "frem")
CAST_OPS = ("trunc", "zext", "sext", "fptrunc", "fpext", "fptoui", "fptosi", "uitofp",
            "sitofp", "ptrtoint", "inttoptr", "bitcast", "addrspacecast")


@dataclass(frozen=True)
class BinaryOp:
    """``%r = add nuw nsw i32 %a, %b``; ``flags`` in printed order (also fast-math flags)."""

    result: str
    opcode: str
    type: Type
    lhs: Value
    rhs: Value
    flags: tuple[str, ...] = ()
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class UnaryOp:
    """``%r = fneg nnan float %x``."""

    result: str
    opcode: str
    type: Type
    operand: Value
    flags: tuple[str, ...] = ()
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class ICmp:
    """``%r = icmp samesign ult i32 %a, %b`` (``samesign`` lives in ``flags``)."""

    result: str
    predicate: str
    type: Type
    lhs: Value
    rhs: Value
    flags: tuple[str, ...] = ()
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class FCmp:
    result: str
    predicate: str
    type: Type
    lhs: Value
    rhs: Value
    flags: tuple[str, ...] = ()
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class Cast:
    """``%r = zext nneg i8 %x to i32``."""

    result: str
    opcode: str
    operand: TypedValue
    dest_type: Type
    flags: tuple[str, ...] = ()
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class Select:
    result: str
    cond: TypedValue
    true_value: TypedValue
    false_value: TypedValue
    flags: tuple[str, ...] = ()
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class Freeze:
    result: str
    operand: TypedValue
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class Phi:
    """``%r = phi i32 [ 1, %bb1 ], [ %x, %bb2 ]``: incoming is (value, block name)."""

    result: str
    type: Type
    incoming: tuple[tuple[Value, str], ...]
    flags: tuple[str, ...] = ()
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class Alloca:
    """``%p = alloca [4 x i32], i32 2, align 16, addrspace(5)``."""

    result: str
    allocated_type: Type
    count: TypedValue | None = None
    align: int | None = None
    addrspace: int | None = None
    inalloca: bool = False
    swifterror: bool = False
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class Load:
    """``%v = load volatile i32, ptr %p, align 4`` or an atomic load
    (``load atomic i32, ptr %p syncscope("x") acquire, align 4``)."""

    result: str
    type: Type
    pointer: TypedValue
    align: int | None = None
    volatile: bool = False
    atomic: bool = False
    ordering: str | None = None
    syncscope: str | None = None
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class Store:
    value: TypedValue
    pointer: TypedValue
    align: int | None = None
    volatile: bool = False
    atomic: bool = False
    ordering: str | None = None
    syncscope: str | None = None
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class GetElementPtr:
    """``%q = getelementptr inbounds nuw %struct.S, ptr %p, i64 0, i32 1``.

    ``flags`` holds ``inbounds``/``nusw``/``nuw`` and ``inrange(a, b)`` tokens.
    """

    result: str
    source_type: Type
    pointer: TypedValue
    indices: tuple[TypedValue, ...]
    flags: tuple[str, ...] = ()
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class CallArg:
    """One call argument: ``ptr noundef nonnull %p`` (attrs are printed tokens)."""

    type: Type
    value: Value
    attrs: tuple[str, ...] = ()


@dataclass(frozen=True)
class OperandBundle:
    """``"deopt"(i32 1, ptr %p)``."""

    tag: str
    inputs: tuple[TypedValue, ...] = ()


@dataclass(frozen=True)
class Call:
    """A call. ``result`` is None for void calls.

    ``function_type`` is set when LLVM prints the full function type (varargs
    callees, e.g. ``call i32 (ptr, ...) @printf(...)``); otherwise only
    ``return_type`` was printed. ``fn_attrs`` holds ``#N`` references and inline
    attributes after the argument list.
    """

    result: str | None
    return_type: Type
    callee: Value
    args: tuple[CallArg, ...]
    function_type: FunctionType | None = None
    tail: str | None = None  # "tail" | "musttail" | "notail"
    flags: tuple[str, ...] = ()  # fast-math flags
    cconv: str | None = None
    ret_attrs: tuple[str, ...] = ()
    addrspace: int | None = None
    fn_attrs: tuple[str, ...] = ()
    bundles: tuple[OperandBundle, ...] = ()
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class Invoke:
    result: str | None
    return_type: Type
    callee: Value
    args: tuple[CallArg, ...]
    normal_dest: str
    unwind_dest: str
    function_type: FunctionType | None = None
    cconv: str | None = None
    ret_attrs: tuple[str, ...] = ()
    addrspace: int | None = None
    fn_attrs: tuple[str, ...] = ()
    bundles: tuple[OperandBundle, ...] = ()
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class CallBr:
    result: str | None
    return_type: Type
    callee: Value
    args: tuple[CallArg, ...]
    default_dest: str
    indirect_dests: tuple[str, ...]
    function_type: FunctionType | None = None
    cconv: str | None = None
    ret_attrs: tuple[str, ...] = ()
    addrspace: int | None = None
    fn_attrs: tuple[str, ...] = ()
    bundles: tuple[OperandBundle, ...] = ()
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class ExtractValue:
    result: str
    aggregate: TypedValue
    indices: tuple[int, ...]
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class InsertValue:
    result: str
    aggregate: TypedValue
    element: TypedValue
    indices: tuple[int, ...]
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class ExtractElement:
    result: str
    vector: TypedValue
    index: TypedValue
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class InsertElement:
    result: str
    vector: TypedValue
    element: TypedValue
    index: TypedValue
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class ShuffleVector:
    result: str
    v1: TypedValue
    v2: TypedValue
    mask: TypedValue
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class VAArg:
    result: str
    valist: TypedValue
    type: Type
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class AtomicRMW:
    result: str
    operation: str
    pointer: TypedValue
    value: TypedValue
    ordering: str
    volatile: bool = False
    syncscope: str | None = None
    align: int | None = None
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class CmpXchg:
    result: str
    pointer: TypedValue
    expected: TypedValue
    new: TypedValue
    success_ordering: str
    failure_ordering: str
    weak: bool = False
    volatile: bool = False
    syncscope: str | None = None
    align: int | None = None
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class Fence:
    ordering: str
    syncscope: str | None = None
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class LandingPad:
    """``%lp = landingpad { ptr, i32 } cleanup catch ptr @x``; clauses kept as
    (``"catch"``/``"filter"``, typed value)."""

    result: str
    type: Type
    cleanup: bool
    clauses: tuple[tuple[str, TypedValue], ...] = ()
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class CatchPad:
    result: str
    catchswitch: Value
    args: tuple[TypedValue, ...]
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class CleanupPad:
    result: str
    parent: Value  # a Local or NoneConst
    args: tuple[TypedValue, ...]
    metadata: MDAttachments = ()


# ---- terminators ----------------------------------------------------------


@dataclass(frozen=True)
class Ret:
    value: TypedValue | None = None
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class Br:
    """Unconditional when ``cond`` is None (then ``true_dest`` is the target)."""

    true_dest: str
    cond: Value | None = None
    false_dest: str | None = None
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class Switch:
    type: Type
    value: Value
    default: str
    cases: tuple[tuple[TypedValue, str], ...]
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class IndirectBr:
    address: TypedValue
    dests: tuple[str, ...]
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class Resume:
    value: TypedValue
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class Unreachable:
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class CatchSwitch:
    result: str
    parent: Value
    handlers: tuple[str, ...]
    unwind_dest: str | None  # None = "unwind to caller"
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class CatchRet:
    pad: Value
    dest: str
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class CleanupRet:
    pad: Value
    unwind_dest: str | None
    metadata: MDAttachments = ()


@dataclass(frozen=True)
class DebugRecord:
    """A debug record line (``#dbg_value(...)``, ``#dbg_declare(...)``), opaque."""

    text: str


Instruction = Union[BinaryOp, UnaryOp, ICmp, FCmp, Cast, Select, Freeze, Phi, Alloca, Load,
                    Store, GetElementPtr, Call, Invoke, CallBr, ExtractValue, InsertValue,
                    ExtractElement, InsertElement, ShuffleVector, VAArg, AtomicRMW, CmpXchg,
                    Fence, LandingPad, CatchPad, CleanupPad, Ret, Br, Switch, IndirectBr,
                    Resume, Unreachable, CatchSwitch, CatchRet, CleanupRet]

TERMINATORS = (Ret, Br, Switch, IndirectBr, Resume, Unreachable, CatchSwitch, CatchRet,
               CleanupRet, Invoke, CallBr)

# --------------------------------------------------------------------------
# Functions and modules
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A basic block. ``name`` is the label (``"16"``, ``"entry"``); the entry block
    of a function printed without a label has its implicit numeric name.
    ``debug_records`` are kept beside the instructions they precede:
    ``items`` holds both, in order. ``comment`` is LLVM's label comment verbatim
    (``"; preds = %4, %2"``, ``"; No predecessors!"``): its predecessor order
    follows LLVM's use lists, which cannot be derived from the text, so it is kept."""

    name: str
    items: tuple[Instruction | DebugRecord, ...]
    explicit_label: bool = True
    comment: str | None = None

    @property
    def instructions(self) -> tuple[Instruction, ...]:
        return tuple(i for i in self.items if not isinstance(i, DebugRecord))

    @property
    def terminator(self) -> Instruction:
        return self.instructions[-1]


@dataclass(frozen=True)
class Param:
    type: Type
    attrs: tuple[str, ...] = ()
    name: str | None = None


@dataclass(frozen=True)
class Function:
    """A definition (``blocks`` is a tuple) or a declaration (``blocks`` is None).

    ``linkage`` etc. hold LLVM's keywords verbatim (``"internal"``, ``"dso_local"``,
    ``"hidden"``). ``fn_attrs`` are the tokens after the parameter list (``#0``,
    inline attributes). ``trailer`` holds opaque trailing clauses in printed order
    (``section "x"``, ``comdat``, ``align 16``, ``gc "x"``, ``prefix ...``,
    ``prologue ...``, ``personality ...``) that the verifier does not interpret.
    """

    name: str
    return_type: Type
    params: tuple[Param, ...]
    varargs: bool = False
    blocks: tuple[Block, ...] | None = None
    linkage: str | None = None
    preemption: str | None = None
    visibility: str | None = None
    dll_storage: str | None = None
    cconv: str | None = None
    ret_attrs: tuple[str, ...] = ()
    unnamed_addr: str | None = None
    addrspace: int | None = None
    fn_attrs: tuple[str, ...] = ()
    trailer: tuple[str, ...] = ()
    metadata: MDAttachments = ()
    comment: str | None = None  # e.g. "; Function Attrs: nounwind" printed before it
    uselistorder: tuple[str, ...] = ()  # ``uselistorder`` directives at the end of the body, verbatim

    @property
    def is_declaration(self) -> bool:
        return self.blocks is None

    @property
    def type(self) -> FunctionType:
        return FunctionType(self.return_type, tuple(p.type for p in self.params), self.varargs)


@dataclass(frozen=True)
class GlobalVariable:
    """``@g = dso_local global i32 0, align 4``; ``initializer`` is None for
    external declarations. ``trailer`` keeps ``section``/``comdat``/``partition``/
    attribute and metadata clauses verbatim, in order, except ``align``."""

    name: str
    value_type: Type
    initializer: Value | None
    is_constant: bool
    linkage: str | None = None
    preemption: str | None = None
    visibility: str | None = None
    dll_storage: str | None = None
    thread_local: str | None = None
    unnamed_addr: str | None = None
    addrspace: int | None = None
    externally_initialized: bool = False
    align: int | None = None
    trailer: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alias:
    """``@a = [linkage] alias i32, ptr @g`` (or ``ifunc`` when ``kind == "ifunc"``)."""

    name: str
    value_type: Type
    aliasee: TypedValue
    kind: str = "alias"
    linkage: str | None = None
    preemption: str | None = None
    visibility: str | None = None
    dll_storage: str | None = None
    thread_local: str | None = None
    unnamed_addr: str | None = None
    trailer: tuple[str, ...] = ()


@dataclass(frozen=True)
class TypeDef:
    """``%struct.S = type { i32, ptr }``; ``body`` None means ``opaque``."""

    name: str
    body: StructType | None


@dataclass(frozen=True)
class AttributeGroup:
    """``attributes #0 = { noinline nounwind "frame-pointer"="non-leaf" }``."""

    id: int
    attrs: tuple[str, ...]


@dataclass(frozen=True)
class OpaqueLine:
    """A top-level line kept verbatim: metadata (``!0 = !{...}``), named metadata,
    ``module asm``, comdats, ``uselistorder``, summary entries, comments."""

    text: str


@dataclass(frozen=True)
class Module:
    """A module as an ordered list of top-level entities (order is kept so the
    printer reproduces the input exactly), with typed views for convenience."""

    items: tuple[TopLevel, ...]
    source_filename: str | None = None
    datalayout: str | None = None
    triple: str | None = None
    module_id: str | None = None  # the "; ModuleID = '...'" comment

    @property
    def functions(self) -> tuple[Function, ...]:
        return tuple(i for i in self.items if isinstance(i, Function))

    @property
    def definitions(self) -> tuple[Function, ...]:
        return tuple(f for f in self.functions if not f.is_declaration)

    @property
    def globals(self) -> tuple[GlobalVariable, ...]:
        return tuple(i for i in self.items if isinstance(i, GlobalVariable))

    @property
    def type_defs(self) -> dict[str, StructType | None]:
        return {i.name: i.body for i in self.items if isinstance(i, TypeDef)}

    @property
    def attribute_groups(self) -> dict[int, tuple[str, ...]]:
        return {i.id: i.attrs for i in self.items if isinstance(i, AttributeGroup)}

    def function(self, name: str) -> Function:
        for f in self.functions:
            if f.name == name:
                return f
        raise KeyError(name)

    def global_variable(self, name: str) -> GlobalVariable:
        for g in self.globals:
            if g.name == name:
                return g
        raise KeyError(name)


TopLevel = Union[Function, GlobalVariable, Alias, TypeDef, AttributeGroup, OpaqueLine]

__all__ = [name for name in dir() if not name.startswith("_") and name not in {
    "annotations", "dataclass", "field", "Union"}]
_ = field  # re-exported for model extensions
