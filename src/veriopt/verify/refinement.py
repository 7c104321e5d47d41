"""The staged refinement queries (VERIFIER.md §2-3, Alive2's ``check_refinement``).

Each stage asks z3 for a witness of one way refinement can fail, in Alive2's
order, and the first satisfiable stage is the verdict:

1. ``Source is more defined than target``: src has no UB, tgt has UB.
3. ``Target is more poisonous than source``: src returns non-poison, tgt poison.
4. ``Target's return value is more undefined``: src returns one value, tgt's
   value changes with its undef choices.
5. ``Value mismatch``: both non-poison, different bits.
(2, the return domain, needs calls that may not return; 6, memory, needs non-local
blocks: neither exists in wave I.)

Every stage has the shape ``∃ inputs, tgt-choices . ∀ src-choices . φ``. Only
src nondeterminism that occurs in φ is quantified; one-bit choices are expanded
(``φ[b:=0] ∧ φ[b:=1]``); and each argument's "is undef" flag is case-split, so
the common cases (no undef anywhere, e.g. all ``noundef`` O0 code) are
quantifier-free bit-vector problems that z3 bit-blasts quickly.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import z3

from veriopt.verify import aggregates as agg
from veriopt.verify import fp, fp_proof
from veriopt.verify.nonlocal_memory import SKOLEM_OFFSET
from veriopt.verify.solving import Budget, ExistsForall, solve
from veriopt.verify.state import (
    FALSE,
    collect_vars,
    mk_and,
    mk_eq,
    mk_not,
    mk_or,
)
from veriopt.verify.summary import FunctionSummary, InputVar
from veriopt.verify.terms import uninterpreted

MAX_UNDEF_SPLIT = 7  # case-split at most 2**7 "is undef" combinations (Alive2: 128)
#: Idle-machine seconds of solving for counterexample minimisation in all, and for each
#: of its queries.
MINIMISE_S = 2.0
RETRY_S = 0.5
MAX_BOOL_EXPANSION = 6  # expand at most this many quantified one-bit choices


# ---- quantifier handling ---------------------------------------------------------------


def _prepare(formula: z3.BoolRef, src_vars: dict[str, z3.ExprRef]
             ) -> tuple[z3.BoolRef, list[z3.ExprRef]]:
    """Simplify, expand quantified one-bit choices, and list the src choices that
    still occur (those go under ∀)."""
    if z3.is_false(formula) or z3.is_true(formula):
        return formula, []
    formula = _prune_skolems(z3.simplify(formula))
    occurring = collect_vars(formula)
    qvars = [src_vars[n] for n in sorted(occurring) if n in src_vars]
    expanded = 0
    rest = []
    for v in qvars:
        if expanded < MAX_BOOL_EXPANSION and _is_one_bit(v):
            zero, one = (z3.BoolVal(False), z3.BoolVal(True)) if z3.is_bool(v) \
                else (z3.BitVecVal(0, 1), z3.BitVecVal(1, 1))
            formula = z3.simplify(z3.And(z3.substitute(formula, (v, zero)),
                                         z3.substitute(formula, (v, one))))
            expanded += 1
        else:
            rest.append(v)
    if expanded:
        formula = _ground_skolems(formula)
    if rest:
        still = collect_vars(formula)
        rest = [v for v in rest if str(v) in still]
    return formula, rest


def _ground_skolems(formula: z3.BoolRef) -> z3.BoolRef:
    """A skolemised offset applied to literals only (after the one-bit choices are
    expanded) is one constant per argument tuple: distinct tuples constrain nothing,
    and constants keep the query pure bit-vectors (bit-blasted, not UF)."""
    ground = [(x, z3.Const(x.decl().name() + "@" + ",".join(str(a) for a in x.children()),
                           x.sort()))
              for x in uninterpreted(formula, arity="function", prefix=SKOLEM_OFFSET)
              if all(z3.is_true(a) or z3.is_false(a) or z3.is_bv_value(a)
                      for a in x.children())]
    return z3.substitute(formula, *ground) if ground else formula


def _prune_skolems(formula: z3.BoolRef) -> z3.BoolRef:
    """The final-memory offsets are functions of src's choices (nonlocal_memory's
    ``SKOLEM_OFFSET``); a choice the formula no longer depends on otherwise (after
    the "is undef" case split, say) is dropped from their arguments, so that it is
    not quantified for nothing, and an offset of no choice is a plain constant."""
    apps = {x.get_id(): x for x in uninterpreted(formula, arity="function",
                                                  prefix=SKOLEM_OFFSET)}
    if not apps:
        return formula
    holes = [(a, z3.FreshConst(a.sort(), "hole")) for a in apps.values()]
    occurring = collect_vars(z3.substitute(formula, *holes))
    pruned = []
    for a in apps.values():
        keep = [k for k, x in enumerate(a.children())
                if not z3.is_const(x) or x.decl().kind() != z3.Z3_OP_UNINTERPRETED
                or x.decl().name() in occurring]
        if len(keep) == a.num_args():
            continue
        name = a.decl().name() + "".join(f"#{k}" for k in keep)
        args = [a.arg(k) for k in keep]
        f = z3.Function(name, *(x.sort() for x in args), a.sort()) if args else None
        pruned.append((a, f(*args) if f is not None else z3.Const(a.decl().name(), a.sort())))
    return z3.substitute(formula, *pruned) if pruned else formula


def _is_one_bit(v: z3.ExprRef) -> bool:
    return z3.is_bool(v) or (z3.is_bv(v) and v.size() == 1)


# ---- stages -------------------------------------------------------------------------------


STAGE_MESSAGES = {
    "source_more_defined": "Source is more defined than target",
    "target_more_poisonous": "Target is more poisonous than source",
    "target_more_undefined": "Target's return value is more undefined",
    "value_mismatch": "Value mismatch",
    "return_domain_mismatch": "Source and target don't have the same return domain",
    "memory_mismatch": "Mismatch in memory",
}


@dataclass(frozen=True)
class Stage:
    reason: str
    formula: z3.BoolRef


def build_stages(src: FunctionSummary, tgt: FunctionSummary) -> list[Stage]:
    """The violation formulas φ of each stage, in Alive2's order.

    Executions cut by loop unrolling (``sink``) are dropped: a cut src execution
    claims nothing (as if it were UB), a cut tgt execution is excluded from every
    stage (Alive2's ``pre_tgt &= !sink``; a tgt UB before the cut still counts)."""
    # Facts about the inputs (where pointer arguments point, address axioms) hold
    # in every execution (nonlocal_memory.py). They are conjuncts under src's ∀, so
    # none may constrain src's choices alone: a src choice breaking one would excuse
    # any tgt (undef pointer arguments are built inside their blocks instead, a
    # malloc of a src-chosen size defines its block's size, calls.py's "equal calls
    # give equal results" only restricts the callee's outputs, which are inputs).
    pre = mk_and(src.assumptions, tgt.assumptions)
    src_ok = mk_and(pre, mk_not(mk_or(src.ub, src.sink)))
    tgt_ok = mk_not(mk_or(tgt.ub, tgt.sink))
    # A tgt call that matches no src call (calls.py) violates every stage: were it
    # only tgt UB, src's undef/freeze choices (quantified per stage) could excuse it
    # in one stage and the real difference in another.
    unmatched = tgt.call_mismatch

    def violation(phi: z3.BoolRef) -> z3.BoolRef:
        return mk_or(unmatched, phi)

    stages = [Stage("source_more_defined", mk_and(src_ok, violation(tgt.ub)))]
    # Calls that may not return (calls.py): defined executions that do not return.
    if not (z3.is_false(src.no_return) and z3.is_false(tgt.no_return)):
        stages.append(Stage("return_domain_mismatch", mk_and(
            src_ok, tgt_ok, violation(mk_not(mk_eq(src.no_return, tgt.no_return))))))
    both_ok = mk_and(src_ok, tgt_ok, mk_not(src.no_return), mk_not(tgt.no_return))
    # What tgt returns (poison and value): in the memory stage and the combined one.
    returned = FALSE
    if src.ret is not None and tgt.ret is not None:
        returned = mk_or(agg.poison_violation(src.ret, tgt.ret),
                         agg.value_violation(src.ret, tgt.ret))
    mem_violation = _memory_violation(src, tgt)
    memory = []
    if not z3.is_false(mem_violation):
        # Stage 6 with the returned value: one src execution must match tgt's memory
        # *and* its return value (Alive2 checks ``value ∧ memory`` here); apart,
        # src's choices could match the value on one path, the memory on another.
        # (Without src choices the value stage already decided the value.)
        phi = mk_and(both_ok, violation(mk_or(mem_violation, returned)))
        if not set(collect_vars(phi)) & set(src.nondet.vars):
            phi = mk_and(both_ok, violation(mem_violation))
        memory = [Stage("memory_mismatch", phi)]
    memory += _whole_behaviour_stage(src, tgt, src_ok, tgt_ok, violation,
                                     mk_or(returned, mem_violation))
    if src.ret is None or tgt.ret is None:
        return stages + memory
    s, t = src.ret, tgt.ret
    # The violations are element-wise for aggregate values (aggregates.py); for a
    # scalar they are the plain formulas.
    stages.append(Stage("target_more_poisonous",
                        mk_and(both_ok, violation(agg.poison_violation(s, t)))))
    if t.undef_vars:
        # Alive2's encode_undef_refinement: src single-valued (its value does not
        # move when its undef variables are fixed), tgt's does.
        stages.append(Stage("target_more_undefined", mk_and(both_ok, violation(
            agg.undef_violation(s, t, lambda sv: _fix_undef(sv.value, sv.undef_vars, src),
                                lambda sv: _fix_undef(sv.value, sv.undef_vars, tgt))))))
    stages.append(Stage("value_mismatch", mk_and(both_ok, violation(agg.value_violation(s, t)))))
    return stages + memory


def _whole_behaviour_stage(src: FunctionSummary, tgt: FunctionSummary, src_ok: z3.BoolRef,
                           tgt_ok: z3.BoolRef, violation: Callable[[z3.BoolRef], z3.BoolRef],
                           returned: z3.BoolRef) -> list[Stage]:
    """Every behaviour of tgt must be one behaviour of src: whether it returns (a call
    that may not return), and then what it returns and leaves in memory. The stages
    above each let src pick its own nondeterministic choices, so with a call that
    may not return, src could match tgt's return domain on a path without the call
    and its value or memory on a path with it (whose call then never returns). This
    last stage asks for one src choice matching all of it; it is only added when
    src has choices it could differ in (else the stages above already decide it).
    ``returned``: tgt's return value or memory differ from src's."""
    if z3.is_false(src.no_return) and z3.is_false(tgt.no_return):
        return []
    if not set(collect_vars(src.no_return)) & set(src.nondet.vars):
        # src's choices do not decide whether it returns: stage 2 settles that for
        # every choice alike, and stage 6 (or 3-5) the rest for one choice.
        return []
    phi = mk_and(src_ok, tgt_ok, violation(mk_or(
        mk_not(mk_eq(src.no_return, tgt.no_return)),
        mk_and(mk_not(src.no_return), mk_not(tgt.no_return), returned))))
    if z3.is_false(phi) or not set(collect_vars(phi)) & set(src.nondet.vars):
        return []
    return [Stage("return_domain_mismatch", phi)]


def _memory_violation(src: FunctionSummary, tgt: FunctionSummary) -> z3.BoolRef:
    """Stage 6's violation: non-local memory differs at return
    (nonlocal_memory.memory_mismatch)."""
    from veriopt.verify.nonlocal_memory import memory_mismatch

    if src.final_memory is None or tgt.final_memory is None:
        return FALSE
    return memory_mismatch(src.final_memory, tgt.final_memory,  # type: ignore[arg-type]
                           tuple(src.nondet.vars.values())).violation


def _fix_undef(e: z3.ExprRef, names: frozenset[str], side: FunctionSummary) -> z3.ExprRef:
    if not names:
        return e
    pairs = [(side.nondet.vars[n], z3.BitVecVal(0, side.nondet.vars[n].size()))
             for n in sorted(names)]
    return z3.substitute(e, *pairs)


# ---- the driver ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the staged check concluded.

    ``status``: "correct", "always_ub" (src is UB for every input: correct with a
    warning), "incorrect" (``reason`` names the stage; ``model`` and
    ``undef_inputs`` give the counterexample), or "unknown" (``reason`` is
    ``timeout``, ``solver_error`` or ``unsupported:<feature>``)."""

    status: str
    reason: str = ""
    model: z3.ModelRef | None = None
    undef_inputs: tuple[int, ...] = ()
    stage_formula: z3.BoolRef | None = None


@dataclass
class RefinementCheck:
    src: FunctionSummary
    tgt: FunctionSummary
    inputs: tuple[InputVar, ...]
    budget: Budget
    stages: list[Stage] = field(init=False)

    def __post_init__(self) -> None:
        self.stages = build_stages(self.src, self.tgt)
        self.src_vars = dict(self.src.nondet.vars)
        self.split_vars = [i for i in self.inputs if not z3.is_false(i.is_undef)]

    # -- pre-checks ----------------------------------------------------------------------

    def approximation_reachable(self) -> Outcome | None:
        """Inconclusive when an execution our byte model does not capture exactly
        (see memory.py) is possible at all."""
        for side in (self.src, self.tgt):
            for feature, cond in side.approximations:
                if z3.is_false(cond):
                    continue
                ans, _ = solve(cond, [], self.budget)
                if ans.status == "sat":
                    return Outcome("unknown", f"unsupported:{feature}")
                if ans.status == "unknown":
                    return Outcome("unknown", ans.why)
        return None

    def no_return(self) -> str | None:
        """Alive2's "doesn't reach a return" failure: ``source_no_return`` (then
        ``target_no_return``) when no execution of that side ends within the unroll
        bound without UB: each one runs past the bound or is UB first. (Counting the UB
        ones as ending made a source that is UB or cut on every input pass, and its
        bounded `correct` was vacuous: nothing within the bound constrains tgt.)
        Unknown answers claim nothing (the stages still run)."""
        for side, reason in ((self.src, "source_no_return"), (self.tgt, "target_no_return")):
            if z3.is_false(side.sink):
                continue
            ans, _ = solve(mk_and(mk_not(side.sink), mk_not(side.ub)), [], self.budget)
            if ans.status == "unsat":
                return reason
        return None

    def cut_reachable(self) -> bool:
        """May some execution of src or tgt run past the unroll bound (without UB
        first)? Then a proof covers only the executions within the bound."""
        for side in (self.src, self.tgt):
            if z3.is_false(side.sink):
                continue
            ans, _ = solve(mk_and(side.sink, mk_not(side.ub)), [], self.budget)
            if ans.status != "unsat":
                return True
        return False

    def source_always_ub(self) -> bool | None:
        """True when no input and choice lets src avoid UB; None if unknown."""
        if z3.is_false(self.src.ub):
            return False
        ans, _ = solve(mk_not(self.src.ub), [], self.budget)
        return {"unsat": True, "sat": False}.get(ans.status)

    # -- the stages -----------------------------------------------------------------------

    def run(self, pins: tuple[z3.BoolRef, ...] = (), first_stage: int = 0,
            last_stage: int | None = None) -> Outcome:
        """Run the stages in order; the first satisfiable one is the verdict."""
        unknown: str | None = None
        for k, stage in enumerate(self.stages):
            if k < first_stage or (last_stage is not None and k > last_stage):
                continue
            if unknown and stage.reason == "target_more_undefined":
                # Stage 4 is only a witness once stages 1 and 3 are proven.
                continue
            out = self.run_stage(stage, pins)
            if out.status == "incorrect":
                return out
            if out.status == "unknown":
                # A later stage may still find a real bug; remember, keep going.
                unknown = unknown or out.reason
        if unknown:
            return Outcome("unknown", unknown)
        return Outcome("correct")

    def run_stage(self, stage: Stage, pins: tuple[z3.BoolRef, ...] = ()) -> Outcome:
        unknown: str | None = None
        cases = self._undef_cases()[:1] if pins else self._undef_cases()
        for assignment in cases:
            if self.budget.remaining() <= 0:  # preparing a case costs seconds on big formulas
                return Outcome("unknown", self.budget.timeout_reason())
            phi = stage.formula
            if assignment:
                phi = z3.substitute(phi, *[(i.is_undef, z3.BoolVal(b)) for i, b in assignment])
            if self._falsified_by_matching_choices(phi):
                continue
            phi, qvars = _prepare(phi, self.src_vars)
            if z3.is_false(phi):
                continue
            if qvars:
                instances = self._instances(qvars)
                if assignment:  # instance terms may mention the "is undef" flags too
                    fixed = [(i.is_undef, z3.BoolVal(b)) for i, b in assignment]
                    instances = [[(v, z3.substitute(e, *fixed)) for v, e in inst]
                                 for inst in instances]
                ef = ExistsForall(phi, qvars, self.budget, instances)
                ans = ef.solve(pins)
                retry = _cegis_retry(ef, pins)
            else:
                ans, solver = solve(phi, [], self.budget, pins)
                retry = _incremental(solver, self.budget)
            if ans.status == "sat":
                assert ans.model is not None
                model = self._minimise(retry, ans.model)
                undef_inputs = tuple(i.index for i, b in assignment if b)
                return Outcome("incorrect", stage.reason, model, undef_inputs, phi)
            if ans.status == "unknown":
                unknown = unknown or ans.why
        if unknown:
            return Outcome("unknown", unknown)
        return Outcome("correct")

    def _falsified_by_matching_choices(self, phi: z3.BoolRef) -> bool:
        """φ is false once each src choice is renamed to tgt's choice of the same kind and
        position (the first instance below): src can then do what tgt does, so this
        case holds. Substituting before simplifying matters: simplifying first orders
        operands by src's own variables, and the renamed terms may no longer match."""
        if not self.src_vars or z3.is_false(phi):
            return False
        renaming = [(v, t) for v, t in self._instances(list(self.src_vars.values()))[0]
                    if not z3.is_bv_value(t)]
        return bool(renaming) and z3.is_false(z3.simplify(z3.substitute(phi, *renaming)))

    def _instances(self, qvars: list[z3.ExprRef]) -> list[list[tuple[z3.ExprRef, z3.ExprRef]]]:
        """Seed guesses for src's choices (see solving.ExistsForall): the k-th src
        variable of a kind (an undef argument's copies, undef constants, freeze
        picks) takes tgt's k-th variable of the same kind, or tgt's original
        variable for that argument; then all-zero and all-ones."""
        def by_kind(vars_: dict[str, z3.ExprRef]) -> dict[str, tuple[str, int]]:
            count: dict[str, int] = {}
            out = {}
            for name in vars_:
                kind = name.split("!", 1)[0]
                out[name] = (kind, count.get(kind, 0))
                count[kind] = count.get(kind, 0) + 1
            return out

        src_pos = by_kind(self.src.nondet.vars)
        tgt_at: dict[tuple[str, int], z3.ExprRef] = {
            pos: self.tgt.nondet.vars[name] for name, pos in by_kind(self.tgt.nondet.vars).items()}
        positional, original, zeros, ones = [], [], [], []
        for v in qvars:
            kind, k = src_pos.get(str(v), (str(v).split("!", 1)[0], 0))
            zero = z3.BitVecVal(0, v.size()) if z3.is_bv(v) else z3.BoolVal(False)
            one = z3.BitVecVal(-1, v.size()) if z3.is_bv(v) else z3.BoolVal(True)
            same = tgt_at.get((kind, k))
            first = tgt_at.get((kind, 0))
            positional.append((v, same if same is not None and same.sort() == v.sort() else zero))
            original.append((v, first if first is not None and first.sort() == v.sort() else zero))
            zeros.append((v, zero))
            ones.append((v, one))
        out: list[list[tuple[z3.ExprRef, z3.ExprRef]]] = []
        for inst in (positional, original, zeros, ones):
            key = [(str(a), str(b)) for a, b in inst]
            if all(key != [(str(a), str(b)) for a, b in o] for o in out):
                out.append(inst)
        # FP choices (NaN payloads, fmuladd fusion) set to reproduce tgt's result.
        out += fp_proof.witness_instances(self.src.nondet, qvars, self.src.ret, self.tgt.ret, positional)
        return out

    def _undef_cases(self) -> list[list[tuple[InputVar, bool]]]:
        """Assignments of the "is undef" flags to try, all-defined first. Past the
        split limit the flags stay free variables (correct, just slower)."""
        vs = self.split_vars
        if not vs or len(vs) > MAX_UNDEF_SPLIT:
            return [[]]
        combos = sorted(itertools.product([False, True], repeat=len(vs)),
                        key=lambda c: (sum(c), c))
        return [list(zip(vs, c, strict=True)) for c in combos]

    # -- counterexample minimisation -------------------------------------------------------

    def _minimise(self, retry: Callable[[tuple[z3.BoolRef, ...]], z3.ModelRef | None],
                  model: z3.ModelRef) -> z3.ModelRef:
        """Alive2's minimisation: prefer non-poison inputs, then try 0, <= 0xF and
        <= 0xFF for each argument, so counterexamples are stable and readable. It gets
        two idle-machine seconds of solving (deterministic, like every budget)."""
        budget = self.budget
        stop = budget.units_spent + int(min(MINIMISE_S, max(0.0, budget.remaining()))
                                        * budget.units_per_second)
        kept: tuple[z3.BoolRef, ...] = ()

        def attempt(c: z3.BoolRef) -> bool:
            nonlocal model, kept
            if budget.units_spent >= stop:
                return False
            m = retry(kept + (c,))
            if m is None:
                return False
            model, kept = m, kept + (c,)
            return True

        for inp in self.inputs:
            if not z3.is_true(inp.non_poison) and not z3.is_false(inp.non_poison):
                attempt(inp.non_poison)
        for inp in self.inputs:
            v = inp.value
            w = v.size()
            if fp.is_float(inp.type):  # Alive2: 0.0, else not NaN, not Inf, |x| <= 3
                zero, *readable = fp.readable_value_constraints(v, inp.type)
                if not attempt(zero):
                    for c in readable:
                        attempt(c)
                continue
            for bound in (0, 0xF, 0xFF):
                if bound >= (1 << w) - 1:
                    break
                c = v == 0 if bound == 0 else z3.ULE(v, z3.BitVecVal(bound, w))
                if attempt(c):
                    break
        return model


def _cegis_retry(ef: ExistsForall, pins: tuple[z3.BoolRef, ...]
                 ) -> Callable[[tuple[z3.BoolRef, ...]], z3.ModelRef | None]:
    """Minimisation retries through the CEGIS loop (reusing its instances)."""
    def retry(cs: tuple[z3.BoolRef, ...]) -> z3.ModelRef | None:
        # Like `_incremental`, each retry query gets 500 ms (FP queries can be slow).
        saved, ef.budget.per_query = ef.budget.per_query, min(ef.budget.per_query, RETRY_S)
        try:
            ans = ef.solve(pins + cs, rounds=8, fallback=False)
        finally:
            ef.budget.per_query = saved
        return ans.model if ans.status == "sat" else None
    return retry


def _incremental(solver: z3.Solver | None, budget: Budget
                 ) -> Callable[[tuple[z3.BoolRef, ...]], z3.ModelRef | None]:
    """Minimisation retries on the quantifier-free solver that found the model."""
    def retry(cs: tuple[z3.BoolRef, ...]) -> z3.ModelRef | None:
        if solver is None:
            return None
        solver.push()
        for c in cs:
            solver.add(c)
        ans = budget.check(solver, min(RETRY_S, budget.query_limit()))
        solver.pop()
        return ans.model
    return retry


def pin_inputs(inputs: tuple[InputVar, ...], values: dict[str, int | None]
               ) -> tuple[z3.BoolRef, ...] | None:
    """Equalities fixing the arguments to a concrete candidate (None = poison).
    Returns None when the candidate does not name every argument."""
    pins: list[z3.BoolRef] = []
    for inp in inputs:
        if inp.name not in values and inp.name.lstrip("%") not in values:
            return None
        v = values.get(inp.name, values.get(inp.name.lstrip("%")))
        if not z3.is_false(inp.is_undef):
            pins.append(mk_not(inp.is_undef))
        if v is None:
            if z3.is_true(inp.non_poison):
                return None  # poison is impossible for this argument
            pins.append(mk_not(inp.non_poison))
        else:
            if not z3.is_true(inp.non_poison):
                pins.append(inp.non_poison)
            pins.append(inp.value == z3.BitVecVal(v % (1 << inp.value.size()), inp.value.size()))
    return tuple(p for p in pins if not z3.is_true(p))


__all__ = ["Budget", "Outcome", "RefinementCheck", "STAGE_MESSAGES", "build_stages",
           "pin_inputs"]
