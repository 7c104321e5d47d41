"""Printer for the IR model: the exact inverse of `parser.parse_module`.

For canonical LLVM 19 text ``T`` (what ``llvm-dis``/``opt -S`` print),
``print_module(parse_module(T)) == T`` byte for byte. The layout rules below
restate LLVM's ``AsmWriter.cpp`` (blank lines between module sections, one
before each function and each non-entry block, block comments padded to
column 50, ``switch`` cases on their own lines, ``invoke`` destinations on a
continuation line, etc.), so models built or edited in Python print the way
LLVM would print them too.
"""

from __future__ import annotations

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
from veriopt.llvm.lexer import escape, escape_bytes, format_name

__all__ = ["print_module", "print_function", "print_block", "print_instruction", "print_type",
           "print_value", "print_typed_value"]

#: LLVM pads a block label to this column before its ``; preds`` comment.
_COMMENT_COLUMN = 50
_CONTINUATION = "\n          "  # invoke/callbr destinations, landingpad clauses

# --------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------

_SIMPLE_TYPE_TEXT = {VoidType: "void", LabelType: "label", MetadataType: "metadata",
                     TokenType: "token", X86AmxType: "x86_amx"}
_type_cache: dict[ir.Type, str] = {}


def print_type(t: ir.Type) -> str:
    text = _type_cache.get(t)
    if text is None:
        text = _type_text(t)
        if len(_type_cache) < 4096:
            _type_cache[t] = text
    return text


def _type_text(t: ir.Type) -> str:
    cls = t.__class__
    if cls is IntType:
        return f"i{t.bits}"
    if cls is PtrType:
        return f"ptr addrspace({t.addrspace})" if t.addrspace else "ptr"
    if cls is FloatType:
        return t.kind
    if cls is NamedType:
        return format_name("%", t.name)
    if cls is StructType:
        return _struct_body(t)
    if cls is ArrayType:
        return f"[{t.count} x {print_type(t.elem)}]"
    if cls is VectorType:
        scalable = "vscale x " if t.scalable else ""
        return f"<{scalable}{t.count} x {print_type(t.elem)}>"
    if cls is FunctionType:
        params = [print_type(p) for p in t.params]
        if t.varargs:
            params.append("...")
        return f"{print_type(t.ret)} ({', '.join(params)})"
    if cls is TargetExtType:
        params = [print_type(p) for p in t.type_params] + [str(n) for n in t.int_params]
        return "target(\"" + escape(t.name) + '"' + "".join(", " + p for p in params) + ")"
    text = _SIMPLE_TYPE_TEXT.get(cls)
    if text is None:
        raise TypeError(f"not an IR type: {t!r}")
    return text


def _struct_body(t: StructType) -> str:
    body = "{ " + ", ".join(print_type(f) for f in t.fields) + " }" if t.fields else "{}"
    return f"<{body}>" if t.packed else body


# --------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------

_KEYWORD_VALUES = {NullConst: "null", NoneConst: "none", UndefConst: "undef",
                   PoisonConst: "poison", ZeroInit: "zeroinitializer"}


def print_value(v: ir.Value, type: ir.Type | None = None) -> str:
    """A value without its type. ``type`` matters only for ``i1`` literals (``true``/``false``)."""
    cls = v.__class__
    if cls is Local:
        return format_name("%", v.name)
    if cls is IntConst:
        if type is not None and type.__class__ is IntType and type.bits == 1:
            return "true" if v.value else "false"
        return str(v.value)
    if cls is Global:
        return format_name("@", v.name)
    if cls is FloatConst:
        return v.text
    text = _KEYWORD_VALUES.get(cls)
    if text is not None:
        return text
    if cls is StringConst:
        return 'c"' + escape_bytes(v.data) + '"'
    if cls is ArrayConst:
        return "[" + ", ".join(map(print_typed_value, v.elements)) + "]"
    if cls is StructConst:
        body = "{ " + ", ".join(map(print_typed_value, v.elements)) + " }" if v.elements else "{}"
        return f"<{body}>" if v.packed else body
    if cls is VectorConst:
        return "<" + ", ".join(map(print_typed_value, v.elements)) + ">"
    if cls is ConstExpr:
        return _constant_expression(v)
    if cls is MetadataValue:
        return v.text
    if cls is BlockAddress:
        return f"blockaddress({format_name('@', v.function)}, {format_name('%', v.block)})"
    if cls is SpecialConst:
        return f"{v.keyword} {format_name('@', v.target)}"
    if cls is InlineAsm:
        return _inline_asm(v)
    raise TypeError(f"not an IR value: {v!r}")


def print_typed_value(tv: TypedValue) -> str:
    return print_type(tv.type) + " " + print_value(tv.value, tv.type)


def _constant_expression(c: ConstExpr) -> str:
    head = " ".join((c.opcode,) + c.flags)
    ops = ", ".join(map(print_typed_value, c.operands))
    if c.source_type is not None:
        ops = print_type(c.source_type) + ", " + ops
    if c.dest_type is not None:
        ops += " to " + print_type(c.dest_type)
    return f"{head} ({ops})"


def _inline_asm(a: InlineAsm) -> str:
    words = ["asm"]
    if a.sideeffect:
        words.append("sideeffect")
    if a.alignstack:
        words.append("alignstack")
    if a.inteldialect:
        words.append("inteldialect")
    if a.unwind:
        words.append("unwind")
    asm = escape(a.asm)
    constraints = escape(a.constraints)
    return " ".join(words) + f' "{asm}", "{constraints}"'


# --------------------------------------------------------------------------
# Instructions
# --------------------------------------------------------------------------


def _attachments(md: ir.MDAttachments) -> str:
    if not md:
        return ""
    return "".join(f", !{kind} {text}" for kind, text in md)


def _flags(flags: tuple[str, ...]) -> str:
    return "".join(" " + f for f in flags) if flags else ""


def _label(name: str) -> str:
    return "label " + format_name("%", name)


def _atomic(syncscope: str | None, ordering: str | None) -> str:
    if ordering is None:
        return ""
    scope = f' syncscope("{escape(syncscope)}")' if syncscope is not None else ""
    return f"{scope} {ordering}"


def _align(align: int | None) -> str:
    return f", align {align}" if align is not None else ""


def print_instruction(inst: ir.Instruction | DebugRecord, *, in_varargs_function: bool = False
                      ) -> str:
    """One instruction without indentation or newline (``%x = add i32 %a, 1``).

    ``in_varargs_function`` makes a ``musttail`` call print LLVM's ``...`` marker."""
    if inst.__class__ is DebugRecord:
        return inst.text
    printer = _INSTRUCTION_PRINTERS.get(inst.__class__)
    if printer is None:
        raise TypeError(f"not an IR instruction: {inst!r}")
    body = printer(inst, in_varargs_function)
    result = getattr(inst, "result", None)
    if result is not None:
        return format_name("%", result) + " = " + body
    return body


def _binary(i: BinaryOp, _va: bool) -> str:
    ty = i.type
    return (f"{i.opcode}{_flags(i.flags)} {print_type(ty)} {print_value(i.lhs, ty)}, "
            f"{print_value(i.rhs, ty)}{_attachments(i.metadata)}")


def _unary(i: UnaryOp, _va: bool) -> str:
    return (f"{i.opcode}{_flags(i.flags)} {print_type(i.type)} "
            f"{print_value(i.operand, i.type)}{_attachments(i.metadata)}")


def _compare(i: ICmp | FCmp, _va: bool) -> str:
    opcode = "icmp" if i.__class__ is ICmp else "fcmp"
    ty = i.type
    return (f"{opcode}{_flags(i.flags)} {i.predicate} {print_type(ty)} {print_value(i.lhs, ty)}, "
            f"{print_value(i.rhs, ty)}{_attachments(i.metadata)}")


def _cast(i: Cast, _va: bool) -> str:
    return (f"{i.opcode}{_flags(i.flags)} {print_typed_value(i.operand)} to "
            f"{print_type(i.dest_type)}{_attachments(i.metadata)}")


def _select(i: Select, _va: bool) -> str:
    return (f"select{_flags(i.flags)} {print_typed_value(i.cond)}, "
            f"{print_typed_value(i.true_value)}, {print_typed_value(i.false_value)}"
            f"{_attachments(i.metadata)}")


def _freeze(i: Freeze, _va: bool) -> str:
    return f"freeze {print_typed_value(i.operand)}{_attachments(i.metadata)}"


def _phi(i: Phi, _va: bool) -> str:
    ty = i.type
    incoming = ", ".join(f"[ {print_value(v, ty)}, {format_name('%', b)} ]" for v, b in i.incoming)
    return f"phi{_flags(i.flags)} {print_type(ty)} {incoming}{_attachments(i.metadata)}"


def _alloca(i: Alloca, _va: bool) -> str:
    words = "alloca "
    if i.inalloca:
        words += "inalloca "
    if i.swifterror:
        words += "swifterror "
    text = words + print_type(i.allocated_type)
    if i.count is not None:
        text += ", " + print_typed_value(i.count)
    text += _align(i.align)
    if i.addrspace is not None:
        text += f", addrspace({i.addrspace})"
    return text + _attachments(i.metadata)


def _load(i: Load, _va: bool) -> str:
    head = "load" + (" atomic" if i.atomic else "") + (" volatile" if i.volatile else "")
    return (f"{head} {print_type(i.type)}, {print_typed_value(i.pointer)}"
            f"{_atomic(i.syncscope, i.ordering)}{_align(i.align)}{_attachments(i.metadata)}")


def _store(i: Store, _va: bool) -> str:
    head = "store" + (" atomic" if i.atomic else "") + (" volatile" if i.volatile else "")
    return (f"{head} {print_typed_value(i.value)}, {print_typed_value(i.pointer)}"
            f"{_atomic(i.syncscope, i.ordering)}{_align(i.align)}{_attachments(i.metadata)}")


def _getelementptr(i: GetElementPtr, _va: bool) -> str:
    operands = ", ".join(map(print_typed_value, (i.pointer,) + i.indices))
    return (f"getelementptr{_flags(i.flags)} {print_type(i.source_type)}, {operands}"
            f"{_attachments(i.metadata)}")


def _call_core(i: Call | Invoke | CallBr, varargs_marker: bool) -> str:
    """From the calling convention through the operand bundles."""
    text = ""
    if i.cconv is not None:
        text += " " + i.cconv
    if i.ret_attrs:
        text += " " + " ".join(i.ret_attrs)
    if i.addrspace is not None:
        text += f" addrspace({i.addrspace})"
    shown_type = i.function_type if i.function_type is not None else i.return_type
    text += f" {print_type(shown_type)} {print_value(i.callee)}("
    args = []
    for a in i.args:
        attrs = " " + " ".join(a.attrs) if a.attrs else ""
        args.append(f"{print_type(a.type)}{attrs} {print_value(a.value, a.type)}")
    if varargs_marker:
        args.append("...")
    text += ", ".join(args) + ")"
    if i.fn_attrs:
        text += " " + " ".join(i.fn_attrs)
    if i.bundles:
        bundles = ", ".join(f'"{escape(b.tag)}"(' + ", ".join(map(print_typed_value, b.inputs)) + ")"
                            for b in i.bundles)
        text += f" [ {bundles} ]"
    return text


def _call(i: Call, in_varargs_function: bool) -> str:
    head = (i.tail + " call") if i.tail else "call"
    marker = i.tail == "musttail" and in_varargs_function
    return head + _flags(i.flags) + _call_core(i, marker) + _attachments(i.metadata)


def _invoke(i: Invoke, _va: bool) -> str:
    return (f"invoke{_call_core(i, False)}{_CONTINUATION}to {_label(i.normal_dest)} unwind "
            f"{_label(i.unwind_dest)}{_attachments(i.metadata)}")


def _callbr(i: CallBr, _va: bool) -> str:
    dests = ", ".join(map(_label, i.indirect_dests))
    return (f"callbr{_call_core(i, False)}{_CONTINUATION}to {_label(i.default_dest)} [{dests}]"
            f"{_attachments(i.metadata)}")


def _extractvalue(i: ExtractValue, _va: bool) -> str:
    idx = "".join(f", {n}" for n in i.indices)
    return f"extractvalue {print_typed_value(i.aggregate)}{idx}{_attachments(i.metadata)}"


def _insertvalue(i: InsertValue, _va: bool) -> str:
    idx = "".join(f", {n}" for n in i.indices)
    return (f"insertvalue {print_typed_value(i.aggregate)}, {print_typed_value(i.element)}{idx}"
            f"{_attachments(i.metadata)}")


def _extractelement(i: ExtractElement, _va: bool) -> str:
    return (f"extractelement {print_typed_value(i.vector)}, {print_typed_value(i.index)}"
            f"{_attachments(i.metadata)}")


def _insertelement(i: InsertElement, _va: bool) -> str:
    return (f"insertelement {print_typed_value(i.vector)}, {print_typed_value(i.element)}, "
            f"{print_typed_value(i.index)}{_attachments(i.metadata)}")


def _shufflevector(i: ShuffleVector, _va: bool) -> str:
    return (f"shufflevector {print_typed_value(i.v1)}, {print_typed_value(i.v2)}, "
            f"{print_typed_value(i.mask)}{_attachments(i.metadata)}")


def _va_arg(i: VAArg, _va: bool) -> str:
    return f"va_arg {print_typed_value(i.valist)}, {print_type(i.type)}{_attachments(i.metadata)}"


def _atomicrmw(i: AtomicRMW, _va: bool) -> str:
    head = "atomicrmw" + (" volatile" if i.volatile else "")
    return (f"{head} {i.operation} {print_typed_value(i.pointer)}, {print_typed_value(i.value)}"
            f"{_atomic(i.syncscope, i.ordering)}{_align(i.align)}{_attachments(i.metadata)}")


def _cmpxchg(i: CmpXchg, _va: bool) -> str:
    head = "cmpxchg" + (" weak" if i.weak else "") + (" volatile" if i.volatile else "")
    return (f"{head} {print_typed_value(i.pointer)}, {print_typed_value(i.expected)}, "
            f"{print_typed_value(i.new)}{_atomic(i.syncscope, i.success_ordering)} "
            f"{i.failure_ordering}{_align(i.align)}{_attachments(i.metadata)}")


def _fence(i: Fence, _va: bool) -> str:
    return f"fence{_atomic(i.syncscope, i.ordering)}{_attachments(i.metadata)}"


def _landingpad(i: LandingPad, _va: bool) -> str:
    text = "landingpad " + print_type(i.type)
    if i.cleanup:
        text += _CONTINUATION + "cleanup"
    for kind, tv in i.clauses:
        text += f"{_CONTINUATION}{kind} {print_typed_value(tv)}"
    return text + _attachments(i.metadata)


def _catchpad(i: CatchPad | CleanupPad, _va: bool) -> str:
    opcode = "catchpad" if i.__class__ is CatchPad else "cleanuppad"
    parent = i.catchswitch if i.__class__ is CatchPad else i.parent
    args = ", ".join(map(print_typed_value, i.args))
    return f"{opcode} within {print_value(parent)} [{args}]{_attachments(i.metadata)}"


def _unwind(dest: str | None) -> str:
    return "unwind " + (_label(dest) if dest is not None else "to caller")


def _ret(i: Ret, _va: bool) -> str:
    value = print_typed_value(i.value) if i.value is not None else "void"
    return f"ret {value}{_attachments(i.metadata)}"


def _br(i: Br, _va: bool) -> str:
    if i.cond is None:
        return f"br {_label(i.true_dest)}{_attachments(i.metadata)}"
    return (f"br i1 {print_value(i.cond, ir.I1)}, {_label(i.true_dest)}, "
            f"{_label(i.false_dest)}{_attachments(i.metadata)}")


def _switch(i: Switch, _va: bool) -> str:
    cases = "".join(f"\n    {print_typed_value(v)}, {_label(b)}" for v, b in i.cases)
    return (f"switch {print_type(i.type)} {print_value(i.value, i.type)}, {_label(i.default)} ["
            f"{cases}\n  ]{_attachments(i.metadata)}")


def _indirectbr(i: IndirectBr, _va: bool) -> str:
    dests = ", ".join(map(_label, i.dests))
    return f"indirectbr {print_typed_value(i.address)}, [{dests}]{_attachments(i.metadata)}"


def _resume(i: Resume, _va: bool) -> str:
    return f"resume {print_typed_value(i.value)}{_attachments(i.metadata)}"


def _unreachable(i: Unreachable, _va: bool) -> str:
    return "unreachable" + _attachments(i.metadata)


def _catchswitch(i: CatchSwitch, _va: bool) -> str:
    handlers = ", ".join(map(_label, i.handlers))
    return (f"catchswitch within {print_value(i.parent)} [{handlers}] {_unwind(i.unwind_dest)}"
            f"{_attachments(i.metadata)}")


def _catchret(i: CatchRet, _va: bool) -> str:
    return f"catchret from {print_value(i.pad)} to {_label(i.dest)}{_attachments(i.metadata)}"


def _cleanupret(i: CleanupRet, _va: bool) -> str:
    return f"cleanupret from {print_value(i.pad)} {_unwind(i.unwind_dest)}{_attachments(i.metadata)}"


_INSTRUCTION_PRINTERS = {
    BinaryOp: _binary, UnaryOp: _unary, ICmp: _compare, FCmp: _compare, Cast: _cast,
    Select: _select, Freeze: _freeze, Phi: _phi, Alloca: _alloca, Load: _load, Store: _store,
    GetElementPtr: _getelementptr, Call: _call, Invoke: _invoke, CallBr: _callbr,
    ExtractValue: _extractvalue, InsertValue: _insertvalue, ExtractElement: _extractelement,
    InsertElement: _insertelement, ShuffleVector: _shufflevector, VAArg: _va_arg,
    AtomicRMW: _atomicrmw, CmpXchg: _cmpxchg, Fence: _fence, LandingPad: _landingpad,
    CatchPad: _catchpad, CleanupPad: _catchpad, Ret: _ret, Br: _br, Switch: _switch,
    IndirectBr: _indirectbr, Resume: _resume, Unreachable: _unreachable,
    CatchSwitch: _catchswitch, CatchRet: _catchret, CleanupRet: _cleanupret,
}

# --------------------------------------------------------------------------
# Blocks, functions, module
# --------------------------------------------------------------------------


def print_block(b: Block, *, is_entry: bool = False, in_varargs_function: bool = False) -> str:
    """A block with its label line (unless it is an unlabelled entry block), newline-terminated."""
    lines = []
    if b.explicit_label or not is_entry:
        label = format_name("", b.name) + ":"
        if b.comment is not None:
            label += " " * max(_COMMENT_COLUMN - len(label), 1) + b.comment
        lines.append(label)
    for item in b.items:
        if item.__class__ is DebugRecord:
            lines.append("    " + item.text)
        else:
            lines.append("  " + print_instruction(item, in_varargs_function=in_varargs_function))
    return "\n".join(lines) + "\n"


def _function_header(f: Function) -> str:
    words = ["define" if f.blocks is not None else "declare"]
    if f.blocks is None and f.metadata:
        words.append(" ".join(f"!{k} {v}" for k, v in f.metadata))
    for word in (f.linkage, f.preemption, f.visibility, f.dll_storage, f.cconv):
        if word is not None:
            words.append(word)
    words.extend(f.ret_attrs)
    words.append(print_type(f.return_type))
    params = []
    for p in f.params:
        text = print_type(p.type)
        if p.attrs:
            text += " " + " ".join(p.attrs)
        if p.name is not None:
            text += " " + format_name("%", p.name)
        params.append(text)
    if f.varargs:
        params.append("...")
    words.append(format_name("@", f.name) + "(" + ", ".join(params) + ")")
    if f.unnamed_addr is not None:
        words.append(f.unnamed_addr)
    if f.addrspace is not None:
        words.append(f"addrspace({f.addrspace})")
    words.extend(f.fn_attrs)
    words.extend(f.trailer)
    if f.blocks is not None and f.metadata:
        words.append(" ".join(f"!{k} {v}" for k, v in f.metadata))
    return " ".join(words)


def print_function(f: Function) -> str:
    """A function (with its ``; Function Attrs:`` comment if any), newline-terminated."""
    text = f.comment + "\n" if f.comment is not None else ""
    text += _function_header(f)
    if f.blocks is None:
        return text + "\n"
    parts = [text + " {\n"]
    for n, block in enumerate(f.blocks):
        if n:
            parts.append("\n")
        parts.append(print_block(block, is_entry=(n == 0), in_varargs_function=f.varargs))
    if f.uselistorder:
        parts.append("\n; uselistorder directives\n")
        parts.extend(f"  {line}\n" for line in f.uselistorder)
    parts.append("}\n")
    return "".join(parts)


def _global_variable(g: GlobalVariable) -> str:
    words = [format_name("@", g.name), "="]
    for word in (g.linkage, g.preemption, g.visibility, g.dll_storage, g.thread_local,
                 g.unnamed_addr):
        if word is not None:
            words.append(word)
    if g.addrspace is not None:
        words.append(f"addrspace({g.addrspace})")
    if g.externally_initialized:
        words.append("externally_initialized")
    words.append("constant" if g.is_constant else "global")
    words.append(print_type(g.value_type))
    if g.initializer is not None:
        words.append(print_value(g.initializer, g.value_type))
    text = " ".join(words)
    late = []
    for clause in g.trailer:
        if clause[:1] in ("!", "#"):
            late.append(clause)
        else:
            text += ", " + clause
    text += _align(g.align)
    for clause in late:
        text += (" " if clause[0] == "#" else ", ") + clause
    return text


def _alias(a: Alias) -> str:
    words = [format_name("@", a.name), "="]
    for word in (a.linkage, a.preemption, a.visibility, a.dll_storage, a.thread_local,
                 a.unnamed_addr):
        if word is not None:
            words.append(word)
    words.append(a.kind)
    aliasee = (print_value(a.aliasee.value) if a.aliasee.value.__class__ is ConstExpr
               else print_typed_value(a.aliasee))
    text = " ".join(words) + f" {print_type(a.value_type)}, {aliasee}"
    return text + "".join(", " + clause for clause in a.trailer)


def _type_def(d: TypeDef) -> str:
    body = _struct_body(d.body) if d.body is not None else "opaque"
    return f"{format_name('%', d.name)} = type {body}"


def _attribute_group(g: AttributeGroup) -> str:
    return f"attributes #{g.id} = {{ {' '.join(g.attrs)} }}"


def _section(item: ir.TopLevel) -> str:
    """Which of LLVM's module sections an item prints in (they are separated by a blank line)."""
    cls = item.__class__
    if cls is Function:
        return "function"
    if cls is GlobalVariable:
        return "global"
    if cls is Alias:
        return item.kind
    if cls is TypeDef:
        return "type"
    if cls is AttributeGroup:
        return "attributes"
    text = item.text
    if text.startswith("module asm"):
        return "asm"
    if text[:1] == "$":
        return "comdat"
    if text.startswith("uselistorder"):
        return "uselistorder"
    if text[:1] == "!":
        return "metadata" if text[1:2].isdigit() else "named metadata"
    return "other"


def print_module(m: Module) -> str:
    out: list[str] = []
    if m.module_id is not None:
        out.append(f"; ModuleID = '{m.module_id}'\n")
    if m.source_filename is not None:
        out.append(f'source_filename = "{escape(m.source_filename)}"\n')
    if m.datalayout is not None:
        out.append(f'target datalayout = "{escape(m.datalayout)}"\n')
    if m.triple is not None:
        out.append(f'target triple = "{escape(m.triple)}"\n')
    previous = None
    for item in m.items:
        section = _section(item)
        if section == "function":
            out.append("\n")
            out.append(print_function(item))
        else:
            if section != previous or section == "comdat":
                out.append("\n; uselistorder directives\n" if section == "uselistorder" else "\n")
            out.append(_TOP_LEVEL_PRINTERS.get(item.__class__, _opaque)(item) + "\n")
        previous = section
    return "".join(out)


def _opaque(item: OpaqueLine) -> str:
    return item.text


_TOP_LEVEL_PRINTERS = {GlobalVariable: _global_variable, Alias: _alias, TypeDef: _type_def,
                       AttributeGroup: _attribute_group, OpaqueLine: _opaque}
