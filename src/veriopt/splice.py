"""Link a verified function into its module, and nothing else.

Why this is the trust boundary of `veriopt opt`: the verifier proves one thing,
that the candidate's function refines the input's function in the context the
verifier saw (the input function extracted with its declarations and globals). A
model's answer is a whole module, and whatever else it carries - another
definition (a body for libc's ``@puts``), a renamed function, a new
``@llvm.global_ctors`` entry whose constructor calls ``system``, a changed global
initializer, ``module asm`` - was never proven and must never reach the user's
program. So the output is built from the *input* module, item by item, with only:

* the function's body replaced by the verified function's body. The header -
  name, linkage, visibility, calling convention, section, comdat, attributes - stays
  the input's; the signature must be the input's, or the candidate is refused. The
  input's attributes on the verified body are sound: they hold for every execution
  on which the input is defined (else the input is UB there), and the verified body
  refines the input on exactly those executions. (The verifier refuses a candidate
  whose own parameter attributes are stronger than the input's.)
* declarations the body needs that the input lacks, added as declarations.

Metadata attachments and debug records of the new body are dropped: they refer
to the candidate's numbering, and dropping a ``!range``/``!nonnull``/``!tbaa``
only removes assumptions, so the linked body still refines the verified one.

Everything else refuses the candidate with `UnsafeCandidate` (the caller keeps
the input function and logs the reason), and a final check compares the module
written against the input: only the function and added declarations may differ.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from veriopt.errors import IRSyntaxError, VeriOptError
from veriopt.llvm import ir

_NUMBERED_METADATA = re.compile(r"![0-9]")
_DEBUG_INTRINSICS = ("llvm.dbg.",)


class UnsafeCandidate(VeriOptError):
    """A verified candidate that carries more than a rewrite of the function (or
    differs from the input in a way the verifier did not check): it is not linked."""


def splice_verified(module_ir: str, name: str, verified_ir: str, context_ir: str) -> str:
    """``module_ir`` (canonical) with ``@name``'s body taken from ``verified_ir`` (the
    module the verifier proved against ``context_ir``, the extracted input function).
    Raises UnsafeCandidate when the candidate adds or changes anything else."""
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.printer import print_module
    from veriopt.llvm.toolchain import canonicalize

    module, cand, context = (parse_module(t) for t in (module_ir, verified_ir, context_ir))
    _check_module_level(module, cand, context, name)
    body_fn = _checked_function(module, cand, context, name)
    decls = _new_declarations(module, cand, context, body_fn)
    groups = _GroupMap(module, cand)
    body_fn = groups.remap_calls(body_fn)
    decls = [groups.remap_declaration(d) for d in decls]
    items = [body_fn if isinstance(i, ir.Function) and i.name == name else i
             for i in module.items]
    insert_at = _after_last_function(items)
    items[insert_at:insert_at] = decls
    items += groups.new_groups()
    try:
        out = canonicalize(print_module(dataclasses.replace(module, items=tuple(items))),
                           filename="<spliced>")
    except IRSyntaxError as e:
        raise UnsafeCandidate(f"the spliced module does not verify: {e}") from None
    check_only_function_changed(module_ir, out, name, body_fn,
                                {**module.attribute_groups, **groups.added})
    return out


# ---- what the candidate may contain -------------------------------------------------


def _check_module_level(module: ir.Module, cand: ir.Module, context: ir.Module,
                        name: str) -> None:
    others = [f"@{f.name}" for f in cand.definitions if f.name != name]
    if others:
        raise UnsafeCandidate(f"the candidate defines {', '.join(others[:3])} besides @{name}")
    if not any(f.name == name for f in cand.definitions):
        raise UnsafeCandidate(f"the candidate does not define @{name}")
    if (cand.triple, cand.datalayout) != (context.triple, context.datalayout):
        raise UnsafeCandidate("the candidate changes the target triple or datalayout")
    ctx_items = {(type(i).__name__, getattr(i, "name", None)): i for i in context.items
                 if isinstance(i, (ir.GlobalVariable, ir.Alias, ir.TypeDef))}
    for item in cand.items:
        if isinstance(item, (ir.GlobalVariable, ir.Alias)):
            if ctx_items.get((type(item).__name__, item.name)) != item:
                what = "adds" if (type(item).__name__, item.name) not in ctx_items else "changes"
                raise UnsafeCandidate(f"the candidate {what} the global @{item.name}")
        elif isinstance(item, ir.TypeDef):
            if module.type_defs.get(item.name, _MISSING) != item.body:
                raise UnsafeCandidate(f"the candidate adds or changes the type %{item.name}")
        elif isinstance(item, ir.OpaqueLine) and not _harmless_line(item.text):
            if item not in context.items:
                raise UnsafeCandidate(f"the candidate adds module-level "
                                      f"`{item.text.strip()[:60]}`")


_MISSING = object()


def _harmless_line(text: str) -> bool:
    """Metadata definitions and comments (never linked: the body's attachments are
    dropped); comdats, ``module asm`` and the rest must already be in the context."""
    t = text.strip()
    return not t or t.startswith((";", "!"))


def _checked_function(module: ir.Module, cand: ir.Module, context: ir.Module,
                      name: str) -> ir.Function:
    """The function to link: the input's header (parameter names aside), the verified
    body without metadata."""
    verified = cand.function(name)
    seen = context.function(name)  # what the verifier compared against
    original = module.function(name)
    if verified.type != original.type or verified.type != seen.type:
        raise UnsafeCandidate(f"the candidate changes the signature of @{name}")
    blocks = tuple(_without_metadata(b) for b in verified.blocks or ())
    if _NUMBERED_METADATA.search(repr(blocks)):
        raise UnsafeCandidate(f"the candidate's @{name} uses module metadata as an operand")
    params = tuple(dataclasses.replace(p, name=v.name)
                   for p, v in zip(original.params, verified.params, strict=True))
    return dataclasses.replace(original, params=params, blocks=blocks, metadata=(),
                               uselistorder=())


def _without_metadata(block: ir.Block) -> ir.Block:
    items = tuple(_strip_attachments(i) for i in block.items
                  if not isinstance(i, ir.DebugRecord) and not _is_debug_call(i))
    return dataclasses.replace(block, items=items)


def _is_debug_call(inst: Any) -> bool:
    return (isinstance(inst, ir.Call) and isinstance(inst.callee, ir.Global)
            and inst.callee.name.startswith(_DEBUG_INTRINSICS))


def _strip_attachments(inst: Any) -> Any:
    if dataclasses.is_dataclass(inst) and hasattr(inst, "metadata"):
        return dataclasses.replace(inst, metadata=())
    return inst


def _new_declarations(module: ir.Module, cand: ir.Module, context: ir.Module,
                      body_fn: ir.Function) -> list[ir.Function]:
    """Declarations of ``cand`` that the input lacks; each declaration of a symbol the
    input has must agree with the input's (type and attributes), since the input's
    is the one the linked body will call."""
    in_module = {getattr(i, "name", None): i for i in module.items
                 if isinstance(i, (ir.Function, ir.GlobalVariable, ir.Alias))}
    ctx_fns = {f.name: f for f in context.functions}
    new: list[ir.Function] = []
    for decl in cand.functions:
        if not decl.is_declaration or decl.name == body_fn.name:
            continue
        old = in_module.get(decl.name)
        if old is None:
            new.append(dataclasses.replace(decl, comment=None))
            continue
        if not isinstance(old, ir.Function) or old.type != decl.type:
            raise UnsafeCandidate(f"the candidate declares @{decl.name} unlike the input")
        reference, ref_mod = (ctx_fns[decl.name], context) if decl.name in ctx_fns \
            else (old, module)
        if (_attr_view(decl, cand) != _attr_view(reference, ref_mod)):
            raise UnsafeCandidate(f"the candidate declares @{decl.name} with other "
                                  "attributes than the input")
    return new


def _attr_view(fn: ir.Function, mod: ir.Module) -> tuple[Any, ...]:
    return (resolved_fn_attrs(fn, mod), fn.ret_attrs, tuple(p.attrs for p in fn.params),
            fn.cconv)


def resolved_fn_attrs(fn: ir.Function, mod: ir.Module) -> frozenset[str]:
    """``fn``'s function attributes with ``#N`` groups replaced by their contents."""
    return _resolve(fn.fn_attrs, mod.attribute_groups)


def _resolve(tokens: tuple[str, ...], groups: dict[int, tuple[str, ...]]) -> frozenset[str]:
    out: set[str] = set()
    for t in tokens:
        if t.startswith("#") and t[1:].isdigit():
            out.update(groups.get(int(t[1:]), (t,)))
        else:
            out.add(t)
    return frozenset(out)


def _after_last_function(items: list[Any]) -> int:
    last = max((k for k, i in enumerate(items) if isinstance(i, ir.Function)), default=-1)
    return last + 1


# ---- attribute groups -----------------------------------------------------------------


class _GroupMap:
    """Maps the candidate's ``#N`` attribute groups onto the input's (a new group where
    the input has none with the same attributes)."""

    def __init__(self, module: ir.Module, cand: ir.Module) -> None:
        self.cand_groups = cand.attribute_groups
        self.by_attrs = {attrs: gid for gid, attrs in module.attribute_groups.items()}
        self.next_id = max(module.attribute_groups, default=-1) + 1
        self.added: dict[int, tuple[str, ...]] = {}

    def _token(self, token: str) -> str:
        if not (token.startswith("#") and token[1:].isdigit()):
            return token
        attrs = self.cand_groups.get(int(token[1:]))
        if attrs is None:
            raise UnsafeCandidate(f"the candidate refers to an undefined attribute group {token}")
        gid = self.by_attrs.get(attrs)
        if gid is None:
            gid = self.by_attrs[attrs] = self.next_id
            self.added[gid] = attrs
            self.next_id += 1
        return f"#{gid}"

    def remap_calls(self, fn: ir.Function) -> ir.Function:
        blocks = tuple(dataclasses.replace(b, items=tuple(self._remap_inst(i) for i in b.items))
                       for b in fn.blocks or ())
        return dataclasses.replace(fn, blocks=blocks)

    def _remap_inst(self, inst: Any) -> Any:
        if isinstance(inst, (ir.Call, ir.Invoke, ir.CallBr)) and inst.fn_attrs:
            return dataclasses.replace(inst, fn_attrs=tuple(self._token(t)
                                                            for t in inst.fn_attrs))
        return inst

    def remap_declaration(self, decl: ir.Function) -> ir.Function:
        return dataclasses.replace(decl, fn_attrs=tuple(self._token(t) for t in decl.fn_attrs))

    def new_groups(self) -> list[ir.AttributeGroup]:
        return [ir.AttributeGroup(gid, attrs) for gid, attrs in self.added.items()]


# ---- the final check ---------------------------------------------------------------


def check_only_function_changed(before_ir: str, after_ir: str, name: str,
                                linked: ir.Function,
                                linked_groups: dict[int, tuple[str, ...]]) -> None:
    """Refuse (UnsafeCandidate) unless ``after_ir`` differs from ``before_ir`` only in
    ``@name``'s body (which must be ``linked``, whose ``#N`` refer to ``linked_groups``)
    and in added declarations. Compared with attribute groups resolved and metadata
    attachments dropped, since LLVM renumbers both when it prints a module."""
    from veriopt.llvm.parser import parse_module

    before, after = parse_module(before_ir), parse_module(after_ir)
    if (before.triple, before.datalayout) != (after.triple, after.datalayout):
        raise UnsafeCandidate("splicing changed the target triple or datalayout")
    old, new = _view(before), _view(after)
    for key, value in old.items():
        if key == ("fn", name):
            continue
        if new.get(key) != value:
            raise UnsafeCandidate(f"splicing changed {key[1]!r}: refused")
    for key in new.keys() - old.keys():
        kind, sym = key
        fn = next((f for f in after.functions if f.name == sym), None)
        if kind != "fn" or fn is None or not fn.is_declaration:
            raise UnsafeCandidate(f"splicing added {sym!r} beyond declarations: refused")
    written = _normal_function(after.function(name), after.attribute_groups)
    if written != _normal_function(linked, linked_groups):
        raise UnsafeCandidate(f"the linked @{name} is not the verified function: refused")


def _view(mod: ir.Module) -> dict[tuple[str, str], Any]:
    groups = mod.attribute_groups
    out: dict[tuple[str, str], Any] = {}
    for item in mod.items:
        if isinstance(item, ir.Function):
            out[("fn", item.name)] = _normal_function(item, groups)
        elif isinstance(item, ir.GlobalVariable | ir.Alias):
            out[("global", item.name)] = dataclasses.replace(
                item, trailer=tuple(t for t in item.trailer if not t.startswith("!")))
        elif isinstance(item, ir.TypeDef):
            out[("type", item.name)] = item.body
        elif isinstance(item, ir.OpaqueLine) and not _harmless_line(item.text):
            out[("line", item.text.strip())] = True
    return out


def _normal_function(fn: ir.Function, groups: dict[int, tuple[str, ...]]) -> Any:
    """``fn`` as compared across printings: attribute groups resolved, names,
    metadata and debug records normalised away."""
    from veriopt.llvm.functions import normalized

    def res(tokens: tuple[str, ...]) -> frozenset[str]:
        return _resolve(tokens, groups)

    blocks = None
    if fn.blocks is not None:
        blocks = tuple(dataclasses.replace(b, items=tuple(
            dataclasses.replace(i, fn_attrs=tuple(sorted(res(i.fn_attrs))))
            if isinstance(i, (ir.Call, ir.Invoke, ir.CallBr)) else i
            for i in b.items if not _is_debug_call(i))) for b in fn.blocks)
    fn = dataclasses.replace(fn, blocks=blocks, fn_attrs=tuple(sorted(res(fn.fn_attrs))),
                             comment=None)
    return normalized(fn)
