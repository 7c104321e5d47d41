"""Looking into z3 terms through z3's C API, without a Python wrapper per subterm.

Why: the smart constructors (state.mk_and, ...) and the variable collection walk
terms on every encoded instruction and every query. Through z3's Python API each
look (``is_app_of``, ``children``, ``decl().kind()``) builds wrapper objects, takes
and drops references and checks z3's error state: that made up most of the symbolic
execution's time on simple pairs (benchmarks/RESULTS.md, "verify_speed"). The
functions here ask the same questions of z3's own pointers and wrap only what they
return. They must answer exactly what the Python API answers: the same terms, in the
same order, so the formulas (and the verdicts) do not change.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import z3
from z3.z3types import Ast


def _unchecked(name: str) -> Any:
    """z3's C function ``name`` without the error check its Python wrapper adds after
    every call (these getters cannot fail on a live term); the wrapper itself when
    this z3 build does not expose the function that way."""
    wrapper = getattr(z3.z3core, name)
    return getattr((wrapper.__defaults__ or (None,))[-1], "f", wrapper)


class _C:
    ast_kind = staticmethod(_unchecked("Z3_get_ast_kind"))
    app_decl = staticmethod(_unchecked("Z3_get_app_decl"))
    decl_kind = staticmethod(_unchecked("Z3_get_decl_kind"))
    num_args = staticmethod(_unchecked("Z3_get_app_num_args"))
    arg = staticmethod(_unchecked("Z3_get_app_arg"))
    quantifier_body = staticmethod(_unchecked("Z3_get_quantifier_body"))
    sort = staticmethod(_unchecked("Z3_get_sort"))
    sort_kind = staticmethod(_unchecked("Z3_get_sort_kind"))


def same(a: z3.AstRef, b: z3.AstRef) -> bool:
    """Is ``a`` the very term ``b`` (z3 shares equal terms, so pointers decide)?"""
    return bool(a.as_ast().value == b.as_ast().value)


def decl_kind(e: z3.ExprRef) -> int:
    """``e``'s operator (a ``z3.Z3_OP_*``), or -1 when ``e`` is no application."""
    c, a = e.ctx.ref(), e.as_ast()
    if _C.ast_kind(c, a) not in (z3.Z3_APP_AST, z3.Z3_NUMERAL_AST):
        return -1
    return int(_C.decl_kind(c, _C.app_decl(c, a)))


def negates_one_of(args: list[z3.BoolRef], seen: set[int], kind: int) -> bool:
    """Is one of ``args`` the negation of a term in ``seen`` (term pointers), or of a
    ``kind`` (and/or) whose arguments are all in ``seen``? Asked of z3's pointers
    only: `state.mk_and`/`mk_or` ask it for every connective they build."""
    if not args:
        return False
    c = args[0].ctx.ref()
    for x in args:
        a = x.as_ast()
        if _C.ast_kind(c, a) != z3.Z3_APP_AST or \
                _C.decl_kind(c, _C.app_decl(c, a)) != z3.Z3_OP_NOT:
            continue
        y = _C.arg(c, a, 0)
        if y.value in seen:
            return True
        if _C.ast_kind(c, y) == z3.Z3_APP_AST and \
                _C.decl_kind(c, _C.app_decl(c, y)) == kind and \
                all(_C.arg(c, y, i).value in seen for i in range(_C.num_args(c, y))):
            return True
    return False


def bool_args(e: z3.BoolRef) -> list[z3.BoolRef]:
    """The arguments of a Boolean connective (``e.children()`` for and/or/not)."""
    c, a, ctx = e.ctx.ref(), e.as_ast(), e.ctx
    return [z3.BoolRef(_C.arg(c, a, i), ctx)
            for i in range(_C.num_args(c, a))]


def uninterpreted(e: z3.ExprRef, *, arity: str = "any", prefix: str = ""
                  ) -> Iterator[z3.ExprRef]:
    """Each distinct application of an uninterpreted symbol in ``e`` once, in the
    order of `state.subterms` (a memoised DAG walk). ``arity``: "any", "constant"
    (no arguments) or "function" (one or more); ``prefix``: only symbols whose name
    starts with it. The filters are applied before a Python wrapper is built: a
    formula over memory can hold hundreds of thousands of function applications
    (300,000 in one real pair's query) where its constants are a few hundred."""
    c, ctx = e.ctx.ref(), e.ctx
    seen: set[int] = set()
    names: dict[int, bool] = {}  # declaration -> its name has the prefix
    stack = [e.as_ast()]
    while stack:
        a = stack.pop()
        if a.value in seen:
            continue
        seen.add(a.value)
        kind = _C.ast_kind(c, a)
        if kind == z3.Z3_APP_AST:
            n = _C.num_args(c, a)
            decl = _C.app_decl(c, a)
            wanted = _C.decl_kind(c, decl) == z3.Z3_OP_UNINTERPRETED and (
                arity == "any" or (n == 0) == (arity == "constant"))
            if wanted and prefix:
                if decl.value not in names:
                    names[decl.value] = z3.FuncDeclRef(decl, ctx).name().startswith(prefix)
                wanted = names[decl.value]
            if wanted:
                yield z3.z3._to_expr_ref(a, ctx)
            stack.extend(_C.arg(c, a, i) for i in range(n))
        elif kind == z3.Z3_QUANTIFIER_AST:
            stack.append(_C.quantifier_body(c, a))


def literal_offset(e: z3.BitVecRef) -> tuple[int, int]:
    """``e`` read as ``x + c`` (nested additions of literals summed): ``x``'s identity
    (its pointer, compare with ``==``) and ``c``. Memory accesses compare such offsets
    tens of thousands of times per unrolled loop."""
    c, a, total = e.ctx.ref(), e.as_ast(), 0
    while _C.ast_kind(c, a) == z3.Z3_APP_AST and _C.num_args(c, a) == 2 and \
            _C.decl_kind(c, _C.app_decl(c, a)) == z3.Z3_OP_BADD:
        k = _C.arg(c, a, 1)
        if _C.ast_kind(c, k) != z3.Z3_NUMERAL_AST or \
                _C.decl_kind(c, _C.app_decl(c, k)) != z3.Z3_OP_BNUM:
            break
        total += int(z3.z3core.Z3_get_numeral_string(c, k))
        a = _C.arg(c, a, 0)
    return a.value, total


def conjunction(args: list[z3.BoolRef]) -> z3.BoolRef:
    """``z3.And(*args)`` for two or more Boolean terms, without its per-argument sort
    checks and coercions (the same term: z3 shares it)."""
    return _connective(z3.z3core.Z3_mk_and, args)


def disjunction(args: list[z3.BoolRef]) -> z3.BoolRef:
    """``z3.Or(*args)``, likewise."""
    return _connective(z3.z3core.Z3_mk_or, args)


def _connective(make: Any, args: list[z3.BoolRef]) -> z3.BoolRef:
    ctx = args[0].ctx
    array = (Ast * len(args))(*(a.as_ast() for a in args))
    return z3.BoolRef(make(ctx.ref(), len(args), array), ctx)


def applications_reaching(e: z3.ExprRef, sort_kinds: frozenset[int]) -> set[int]:
    """The applications in ``e`` (as ``a.as_ast().value``) that are of a sort in
    ``sort_kinds`` (``z3.Z3_*_SORT``) or have such an application below them. Quantifiers
    and bound variables are not looked into (callers keep them whole)."""
    c = e.ctx.ref()
    found: set[int] = set()
    done: set[int] = set()
    stack = [(e.as_ast(), False)]
    while stack:
        a, expanded = stack.pop()
        if a.value in done:
            continue
        if _C.ast_kind(c, a) not in (z3.Z3_APP_AST, z3.Z3_NUMERAL_AST):
            done.add(a.value)
            continue
        args = [_C.arg(c, a, i) for i in range(_C.num_args(c, a))]
        if args and not expanded:
            stack.append((a, True))
            stack.extend((x, False) for x in args)
            continue
        done.add(a.value)
        if _C.sort_kind(c, _C.sort(c, a)) in sort_kinds or any(x.value in found for x in args):
            found.add(a.value)
    return found


__all__ = ["applications_reaching", "bool_args", "conjunction", "decl_kind", "disjunction", "literal_offset",
           "same",
           "uninterpreted"]
