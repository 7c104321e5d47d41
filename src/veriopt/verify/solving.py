"""Solver calls: budgets, quantifier-free queries, and ∃∀ queries.

Budgets are deterministic: each query gets z3's resource limit (``rlimit``, counted
in z3's own work units, the same on an idle and a busy machine) worth its share of
idle-machine seconds (`Budget`), so a query that ends at its limit ends there under
any load. z3 counts some work (FP circuits) far slower than its calibrated rate, so
under the resource limit each query also has ``WALL_SLACK`` times its seconds of the
checking thread's CPU time (cpu_net.py, ``timeout:cpu``): a limit that does not move
with the load either. Wall-clock time is only the outer safety net of the whole check:
when it stops anything, the check says so (``timeout:wall``) and never turns that
stop into a different definite verdict (api.py).

Every refinement stage asks "∃ inputs, tgt choices . ∀ src choices . φ". Without
src nondeterminism that is a plain bit-vector query. With it, z3's MBQI alone
often gives up on small bit-vector problems (``u1 + u2 != w1 + w2`` style), so we
first run a counterexample-guided loop of our own (CEGIS), seeded with guesses
for the src choices (Alive2-like: "src picks what tgt picked"):

1. Solve ``φ[src := t]`` for every instance ``t`` found so far, conjoined. If that
   is unsatisfiable, so is the ∃∀ query: for every assignment of the free
   variables some instance falsifies φ.
2. Otherwise take its model ``M`` and ask for src choices with ``¬φ[free := M]``.
   None: ``M`` is a genuine witness (φ holds for *every* src choice). Some: add
   them as a new (constant) instance and repeat.

When the loop runs out of rounds it falls back to z3's quantified solver.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import z3

from veriopt.verify import fp_proof
from veriopt.verify.cpu_net import CPU_NET
from veriopt.verify.options import RLIMIT_PER_SECOND, WALL_SLACK
from veriopt.verify.state import collect_vars
from veriopt.verify.terms import uninterpreted
from veriopt.verify.verdict import TIMEOUT_CPU, TIMEOUT_RLIMIT, TIMEOUT_WALL

Z3_SEED = 0
CONGRUENCE_S = 2.0  # time limit of the FP-abstracted pre-check of a query
CEGIS_ROUNDS = 24
#: `query_logic` of FP with uninterpreted functions or arrays (memory): solved by the
#: QF_FPBV tactic after a short try of z3's general solver (`solve`).
FP_WITH_FUNCTIONS = "QF_FPBV+functions"
#: Idle-machine seconds of the general solver's try on such a query: it answers those
#: where FP values are only moved (init_array: 0.2 s, the tactic not in 10 s) and
#: counts FP arithmetic ten times slower than the tactic (horner), so the try is short.
GENERAL_FIRST_S = 2.0

Substitution = list[tuple[z3.ExprRef, z3.ExprRef]]


@dataclass
class Budget:
    """What a check may spend on solving, and what it has spent.

    ``per_query`` and ``total`` are idle-machine seconds, spent as z3 resource units
    (``units_per_second`` each): deterministic. ``cpu_stopped`` records that a query
    ran out of CPU time before its units (``timeout:cpu``, load-independent).
    ``deadline`` (``time.monotonic()``) is the wall-clock safety net; ``wall_stopped``
    records that it stopped something, so the verdict must be ``timeout:wall``."""

    per_query: float
    deadline: float
    total: float = float("inf")
    units_per_second: float = RLIMIT_PER_SECOND
    units_spent: int = 0
    solver_seconds: float = 0.0
    wall_stopped: bool = False
    cpu_stopped: bool = False

    def remaining(self) -> float:
        """Idle-machine seconds of solving left (deterministic)."""
        return self.total - self.units_spent / self.units_per_second

    def wall_left(self) -> float:
        """Wall-clock seconds left before the safety net."""
        return self.deadline - time.monotonic()

    def query_limit(self) -> float:
        return max(0.0, min(self.per_query, self.remaining()))

    def charge(self, seconds: float) -> None:
        """Count ``seconds`` of idle-machine work other than solving (encoding)."""
        self.units_spent += int(seconds * self.units_per_second)

    def timeout_reason(self) -> str:
        """The limit that ended the check: the wall clock if it stopped anything, else
        a query's CPU time if that did, else the resource units."""
        if self.wall_stopped:
            return TIMEOUT_WALL
        return TIMEOUT_CPU if self.cpu_stopped else TIMEOUT_RLIMIT

    def limit(self, s: z3.Solver, seconds: float) -> int:
        """Give ``s``'s next ``check`` ``seconds`` of idle-machine solving: that many
        resource units (z3 counts them per check, also on an incremental solver), and
        z3's wall-clock limit at the check's deadline. Returns the units."""
        units = max(1, int(seconds * self.units_per_second))
        s.set("rlimit", units)
        s.set("timeout", max(1, int(max(0.001, self.wall_left()) * 1000)))
        return units

    def check(self, s: z3.Solver, seconds: float) -> Answer:
        """``s.check()`` within ``seconds`` (`limit`, and ``WALL_SLACK`` times as many
        seconds of this thread's CPU time), charged to this budget; an unknown answer
        says which limit ended it (``timeout:rlimit``/``timeout:cpu``/``timeout:wall``)."""
        if self.wall_left() <= 0:
            self.wall_stopped = True
            return Answer("unknown", why=TIMEOUT_WALL)
        units = self.limit(s, seconds)
        before = resource_count(s)
        t0 = time.monotonic()
        with CPU_NET.guard(s.ctx, seconds * WALL_SLACK) as net:
            try:
                r = s.check()
            except z3.Z3Exception:
                r = None
        self.solver_seconds += time.monotonic() - t0
        spent = resource_count(s) - before
        if net is not None and net.fired and r not in (z3.sat, z3.unsat):
            # Charged in full: where in its work the interrupt landed varies a little,
            # the budget left for the next query must not.
            self.units_spent += max(spent, units)
            self.cpu_stopped = True
            return Answer("unknown", why=TIMEOUT_CPU)
        self.units_spent += spent
        if r is None:
            return Answer("unknown", why="solver_error")
        if r == z3.sat:
            return Answer("sat", s.model())
        if r == z3.unsat:
            return Answer("unsat")
        if spent >= units:
            return Answer("unknown", why=TIMEOUT_RLIMIT)
        reason = s.reason_unknown()
        if "timeout" in reason or "canceled" in reason:
            self.wall_stopped = True
            return Answer("unknown", why=TIMEOUT_WALL)
        return Answer("unknown", why="solver_error")


def resource_count(s: z3.Solver) -> int:
    """z3's resource counter (``rlimit count``): one per context, so any solver reads it;
    it grows with every check and rewrite, and a check's cost is its difference."""
    stats = s.statistics()
    for k in stats.keys():
        if k == "rlimit count":
            return int(stats.get_key_value(k))
    return 0


@dataclass(frozen=True)
class Answer:
    status: str  # "sat" | "unsat" | "unknown"
    model: z3.ModelRef | None = None
    why: str = ""  # for unknown: "timeout:rlimit" | "timeout:wall" | "solver_error"


def query_logic(*formulas: z3.BoolRef) -> str:
    """``QF_BV`` for pure bit-vector queries, ``QF_FPBV`` for FP and bit-vectors only,
    `FP_WITH_FUNCTIONS` for FP with uninterpreted functions or arrays (memory), ""
    (z3's general solver) otherwise. A QF_BV solver must never see FP terms: it treats
    them as uninterpreted and answers "sat" where FP semantics says unsat.

    FP with functions once went to the general solver alone. Neither it nor the QF_FPBV
    tactic (``fpa2bv``, Ackermann's reduction, z3's SMT core for what is left) counts
    resource units at the calibrated rate on every such query: the general solver spent
    113 s on the 28M units of a built-in ``horner`` query that the tactic proves in
    18 s, and answers init_array's queries in 0.2 s where the tactic cannot in 10 s. So
    `solve` gives these queries a short try of the general solver, then the tactic
    (benchmarks/RESULTS.md, "FP queries and the rlimit")."""
    goal = z3.Goal()
    goal.add(*formulas)
    if z3.Probe("is-qfbv")(goal) == 1.0:
        return "QF_BV"
    if z3.Probe("is-qffpbv")(goal) == 1.0:
        return "QF_FPBV"
    if z3.Probe("is-qfaufbv")(goal) == 1.0 or z3.Probe("has-quantifiers")(goal) == 1.0:
        return ""
    return FP_WITH_FUNCTIONS


def make_solver(quantified: bool, logic: str = "QF_BV") -> z3.Solver:
    """A fresh solver per query with a fixed seed (reports must be reproducible); its
    limits come from `Budget.check`. Quantifier-free queries use z3's tactic stack for
    their ``logic`` (bit-blasting)."""
    if logic == FP_WITH_FUNCTIONS:
        logic = "QF_FPBV"
    s = z3.SolverFor(logic) if logic and not quantified else z3.Solver()
    s.set("random_seed", Z3_SEED)
    if quantified:
        s.set("smt.ematching", False)
        s.set("smt.mbqi.max_iterations", 1000000)
    return s


def solve(formula: z3.BoolRef, forall_vars: list[z3.ExprRef], budget: Budget,
          extra: tuple[z3.BoolRef, ...] = ()) -> tuple[Answer, z3.Solver | None]:
    """Is ``∃ free . ∀ forall_vars . formula`` (plus ``extra`` constraints on free
    variables) satisfiable, asked to z3 directly? Returns the solver too, for
    counterexample minimisation."""
    if z3.is_false(formula):
        return Answer("unsat"), None
    limit = budget.query_limit()
    if limit <= 0.0:
        return Answer("unknown", why=TIMEOUT_RLIMIT), None
    logic = query_logic(formula, *extra)
    if logic != "QF_BV" and not forall_vars:
        # FP operations as uninterpreted functions first (fp_proof.py): a cheap congruence
        # proof when src and tgt apply the same FP operations to equal operands.
        abstracted = fp_proof.congruence_solver([formula, *extra])
        if abstracted is not None and \
                budget.check(abstracted, min(limit, CONGRUENCE_S)).status == "unsat":
            return Answer("unsat"), None
        limit = budget.query_limit()
    if logic == FP_WITH_FUNCTIONS and not forall_vars and limit > GENERAL_FIRST_S:
        general = make_solver(False, "")
        general.add(formula, *extra)
        ans = budget.check(general, GENERAL_FIRST_S)
        if ans.status != "unknown" or budget.wall_stopped:
            return ans, (general if ans.status == "sat" else None)
        limit = budget.query_limit()
    s = make_solver(bool(forall_vars), logic)
    s.add(z3.ForAll(forall_vars, formula) if forall_vars else formula)
    for e in extra:
        s.add(e)
    ans = budget.check(s, limit)
    return ans, (s if ans.status == "sat" else None)


@dataclass
class ExistsForall:
    """``∃ free . ∀ qvars . phi`` solved by CEGIS (see the module docstring), with z3's
    quantified solver as the fallback. Instances persist across calls, so the
    counterexample minimisation (more calls with extra constraints) is cheap."""

    phi: z3.BoolRef
    qvars: list[z3.ExprRef]
    budget: Budget
    instances: list[Substitution] = field(default_factory=list)
    _instantiated: dict[int, z3.BoolRef] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        names = {str(v) for v in self.qvars}
        self.free = [v for n, v in sorted(collect_vars(self.phi).items()) if n not in names]
        self.functions = _uninterpreted_functions(self.phi)
        self.not_phi = z3.Not(self.phi)

    def solve(self, extra: tuple[z3.BoolRef, ...] = (), rounds: int = CEGIS_ROUNDS,
              fallback: bool = True) -> Answer:
        for _ in range(rounds):
            conj = [self._instance(i) for i in range(len(self.instances))] or [z3.BoolVal(True)]
            if any(z3.is_false(c) for c in conj):
                return Answer("unsat")  # one instance falsifies φ for every free assignment
            candidate, _ = solve(z3.And(*conj, *extra), [], self.budget)
            if candidate.status != "sat":
                return candidate
            model = candidate.model
            assert model is not None
            fixed = [(v, model.eval(v, model_completion=True)) for v in self.free]
            claim = z3.substitute(self.not_phi, *fixed) if fixed else self.not_phi
            if self.functions:
                # The free functions too (call contents, skolemised offsets): a refuter
                # may only pick src choices, not reinterpret what the witness fixed.
                claim = z3.substitute_funs(claim, *((f, _interpretation(model, f))
                                                    for f in self.functions))
            refuter, _ = solve(claim, [], self.budget)
            if refuter.status == "unsat":
                return Answer("sat", model)  # φ holds for every src choice
            if refuter.status == "unknown":
                break
            m2 = refuter.model
            assert m2 is not None
            self.instances.append([(q, m2.eval(q, model_completion=True)) for q in self.qvars])
        if not fallback:
            return Answer("unknown", why=TIMEOUT_RLIMIT)
        ans, _ = solve(self.phi, self.qvars, self.budget, extra)
        return ans

    def _instance(self, i: int) -> z3.BoolRef:
        """φ under instance ``i``, simplified: z3 re-sorts operands after the renaming,
        so a src choice mapped onto tgt's often folds φ to false outright (fp_proof.py)."""
        if i not in self._instantiated:
            inst = self.instances[i]
            self._instantiated[i] = z3.simplify(z3.substitute(self.phi, *inst)) if inst \
                else self.phi
        return self._instantiated[i]


def _uninterpreted_functions(e: z3.ExprRef) -> list[z3.FuncDeclRef]:
    """The uninterpreted functions of arity >= 1 applied in ``e``."""
    out = {x.decl().name(): x.decl() for x in uninterpreted(e, arity="function")}
    return [out[n] for n in sorted(out)]


def _interpretation(model: z3.ModelRef, f: z3.FuncDeclRef) -> z3.ExprRef:
    """``f``'s interpretation in ``model`` as a term over ``z3.Var(0..n-1)`` (for
    ``z3.substitute_funs``): its finite table, then its default."""
    args = [z3.Var(i, f.domain(i)) for i in range(f.arity())]
    interp = model[f] if f in model else None
    if interp is None:
        return _default(f.range())
    body = interp.else_value()
    if body is None:
        body = _default(f.range())
    for k in range(interp.num_entries() - 1, -1, -1):
        entry = interp.entry(k)
        cond = z3.And(*(a == entry.arg_value(i) for i, a in enumerate(args)))
        body = z3.If(cond, entry.value(), body)
    return body


def _default(sort: z3.SortRef) -> z3.ExprRef:
    if sort.kind() == z3.Z3_BOOL_SORT:
        return z3.BoolVal(False)
    if sort.kind() == z3.Z3_BV_SORT:
        return z3.BitVecVal(0, sort.size())
    return z3.FreshConst(sort)
