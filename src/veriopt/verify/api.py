"""`check`: does tgt refine src? The one entry point of the symbolic verifier.

Flow: size limits, canonicalisation and parsing (LLVM is the judge of syntax),
module facts and the function pair (`loading.py`) -> copy test -> feature gate
(unsupported -> inconclusive, never correct) -> signature and parameter-attribute
pre-checks -> symbolic execution of src then tgt -> fast refutation candidates
confirmed by the solver -> the staged queries -> verdict and Alive2-format report.
`check_functions` does the same for every function pair of the inputs (alive-tv's
two-file mode).

`check` never raises for bad IR and never hangs: anything unexpected becomes
``inconclusive`` (``internal_error:<Type>``, ``solver_error``, ``toolchain:<tool>``)
with the traceback logged at debug level.

Time: ``timeout`` bounds each SMT query (Alive2's ``-smt-to``), spent as z3 resource
units (deterministic: solving.Budget); the check's total (``VerifyOptions.total_timeout``,
default ``3 * timeout``) too. A query past it is ``inconclusive`` (``timeout:rlimit``),
the same on a busy machine; so is one past ``WALL_SLACK`` times its seconds of CPU time
(``timeout:cpu``, cpu_net.py: z3 counts some FP work slowly). The wall clock (``VerifyOptions.wall_seconds``) is only the
safety net: ``opt`` gets at most what is left of it, the encoder stops at it, a timer
stops the rest (`deadline.py`) except one native z3 call in progress, and whatever
it stops makes the verdict ``inconclusive`` (``timeout:wall``), never another answer. Inputs over the size
limits of `VerifyOptions` are ``inconclusive`` (``too_large``) at once.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import z3

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir, walk
from veriopt.llvm.layout import DataLayout
from veriopt.verify import report as rep
from veriopt.verify.deadline import DeadlineExceeded, hard_deadline
from veriopt.verify.encoder import FunctionEncoder, make_inputs
from veriopt.verify.fp_instructions import dynamic_rounding_with_calls, unmodelled_exceptions
from veriopt.verify.loading import (
    Early,
    Source,
    function_pairs,
    load_modules,
    make_pair,
    missing,
    pair_all,
    pick_names,
    timed_out,
)
from veriopt.verify.loading import Pair as _Pair
from veriopt.verify.nocapture import first_capture
from veriopt.verify.nonlocal_memory import plan_memory
from veriopt.verify.options import VerifyOptions
from veriopt.verify.refinement import (
    STAGE_MESSAGES,
    Outcome,
    RefinementCheck,
    Stage,
    pin_inputs,
)
from veriopt.verify.solving import Budget, solve
from veriopt.verify.state import mk_and, mk_not
from veriopt.verify.summary import FunctionSummary, InputVar
from veriopt.verify.support import find_unsupported
from veriopt.verify.unroll import (
    DEFAULT_UNROLL,
    ENCODE_STEPS_PER_SECOND,
    LOOP_REFUTE_SAMPLES,
    MAX_RAISED_INSTRUCTIONS,
    EncodingDeadline,
    fitting_unroll,
    lower_unroll,
    next_unroll,
)
from veriopt.verify.unroll import unroll as unroll_loops
from veriopt.verify.verdict import (
    LOAD_INDEPENDENT_TIMEOUTS,
    MESSAGES,
    TIMEOUT_RLIMIT,
    TIMEOUT_WALL,
    FunctionVerdict,
    FunctionVerdicts,
    Verdict,
    is_timeout,
)

log = logging.getLogger(__name__)

__all__ = ["check", "check_functions", "function_pairs", "same_copy_context"]

_Z3_LOCK = threading.Lock()


def check(src: Source, tgt: Source | None = None, *, options: VerifyOptions | None = None,
          fn_name: str | None = None, **overrides: Any) -> Verdict:
    """Is ``tgt`` a refinement of ``src``? See the module docstring.

    ``options`` (`VerifyOptions`) sets the budget, loop bound, limits and inputs;
    keyword ``overrides`` name single fields of it (``check(s, t, timeout=2)``).

    ``src``/``tgt``: IR text or parsed modules; with ``tgt=None`` the one module
    holds ``@src`` and ``@tgt``. With two modules, ``fn_name`` names the function
    to compare (default: the only definition of each, or the only common name;
    `check_functions` checks every common one); in single-module mode it names a
    pair other than ``@src``/``@tgt`` (``src3`` -> ``tgt3``, ``src_x`` -> ``tgt_x``).
    Two modules must have the same target triple and datalayout (else
    ``syntax_error``, reason ``module_facts:triple`` / ``module_facts:datalayout``).

    ``unroll`` bounds loops (VERIFIER.md §7, `unroll.py`): each loop of both
    functions is unrolled that many times (None: the default, 8; 0: Alive2's
    default, a loop body runs at most once) and longer executions are cut, so a
    ``correct`` on a function whose loops may run longer is a bounded proof
    (``proof='bounded'``, ``unroll`` and a line in the report). When no execution of
    src (or tgt) returns within the bound (an -O0 loop with a constant trip count
    above it), the bound is raised (x4) up to ``max_unroll`` (None: at least 128; pass
    ``max_unroll=unroll`` for Alive2's fixed bound) before giving up. With
    ``max_unroll=None``, a bound whose unrolled code is too large (`unroll.
    MAX_UNROLLED_INSTRUCTIONS`) or too costly to encode or solve in time is lowered
    instead (/4, down to 0); the report names the bound the proof used. A ``correct``
    because src is UB on every input is ``proof='vacuous'`` (docs/proofs.md)."""
    opts = dataclasses.replace(options or VerifyOptions(), **overrides)
    budget = _budget(opts, time.monotonic())
    try:
        with hard_deadline(budget.deadline):
            try:
                mods = load_modules(src, tgt, opts, budget.deadline)
                pair = make_pair(mods, *pick_names(mods, fn_name))
            except Early as e:
                return e.verdict
            except Exception as e:  # noqa: BLE001 - check never raises
                log.debug("loading failed", exc_info=True)
                return Verdict("inconclusive", f"internal_error:{type(e).__name__}", str(e))
            return _check_loaded(pair, opts, budget)
    except DeadlineExceeded:
        return timed_out().verdict


def check_functions(src: Source, tgt: Source | None = None, *,
                    options: VerifyOptions | None = None,
                    **overrides: Any) -> FunctionVerdicts:
    """Every function pair of the inputs, checked as `check` checks one (alive-tv).

    Two modules: each function defined in both is paired by name (the only definition
    of each when both define exactly one); definitions in one module only are listed
    in ``src_only``/``tgt_only`` and not checked. One module: every ``@src``/``@tgt``,
    ``@srcN``/``@tgtN``, ``@src_X``/``@tgt_X`` pair. A failure to load the inputs (a
    syntax error, different module facts, too large, a toolchain fault) or no pair at
    all is one verdict with ``name=None``. Each function gets its own deadline; the
    first one's also covers loading."""
    opts = dataclasses.replace(options or VerifyOptions(), **overrides)
    start = time.monotonic()
    try:
        with hard_deadline(start + opts.wall_seconds()):
            mods = load_modules(src, tgt, opts, start + opts.wall_seconds())
    except Early as e:
        return FunctionVerdicts((FunctionVerdict(None, e.verdict),))
    except DeadlineExceeded:
        return FunctionVerdicts((FunctionVerdict(None, timed_out().verdict),))
    except Exception as e:  # noqa: BLE001 - never raises
        log.debug("loading failed", exc_info=True)
        return FunctionVerdicts((FunctionVerdict(None, Verdict(
            "inconclusive", f"internal_error:{type(e).__name__}", str(e))),))
    pairing = pair_all(mods)
    if not pairing.pairs:
        what = "no function is defined in both modules" if not mods.single else \
            "expected functions @src and @tgt in the module"
        return FunctionVerdicts((FunctionVerdict(None, missing(what).verdict),),
                                pairing.src_only, pairing.tgt_only)
    out = []
    for k, (s_name, t_name) in enumerate(pairing.pairs):
        budget = _budget(opts, start if k == 0 else time.monotonic())
        try:
            with hard_deadline(budget.deadline):
                verdict = _check_loaded(make_pair(mods, s_name, t_name), opts, budget)
        except Early as e:
            verdict = e.verdict
        except DeadlineExceeded:
            verdict = timed_out().verdict
        out.append(FunctionVerdict(s_name, verdict))
    return FunctionVerdicts(tuple(out), pairing.src_only, pairing.tgt_only)


def _budget(opts: VerifyOptions, start: float) -> Budget:
    """Deterministic budgets from ``opts`` (resource units), the wall clock as the net."""
    return Budget(per_query=opts.timeout, total=opts.deadline_seconds(),
                  deadline=start + opts.wall_seconds(),
                  units_per_second=opts.query_rlimit() / opts.timeout if opts.timeout > 0
                  else 1.0)


def _check_loaded(pair: _Pair, opts: VerifyOptions, budget: Budget) -> Verdict:
    """`_check_pair` under the z3 lock, with every failure turned into a verdict."""
    try:
        # z3's Python API shares one global context: concurrent checks in threads of one
        # process crash it (seen as segfaults). Serialise; use processes for parallelism.
        with _Z3_LOCK:
            verdict = _check_pair(pair, budget, opts)
        if budget.wall_stopped and verdict.reason != TIMEOUT_WALL:
            # The wall clock stopped something on the way (a query, the encoder): the
            # answer may differ from an idle machine's, so it is no answer.
            return _failed(pair, TIMEOUT_WALL, "Timeout", budget, is_copy=verdict.is_copy)
        return verdict
    except EncodingDeadline:
        return _failed(pair, TIMEOUT_WALL, "Timeout", budget)
    except UnsupportedIR as e:
        return _unsupported(pair, e.feature, str(e), budget)
    except z3.Z3Exception as e:
        log.debug("z3 failed", exc_info=True)
        if "out of memory" in str(e):
            # z3 ran into the process's address-space cap (a worker's RLIMIT_AS): a
            # resource limit like a timeout, not a fault of the solver.
            return _failed(pair, "resource:memory", "Out of memory; skipping function.",
                           budget)
        return _failed(pair, "solver_error", f"SMT Error: {e}", budget)
    except RecursionError:
        log.debug("recursion limit", exc_info=True)
        return _failed(pair, "internal_error:RecursionError", "Out of memory; skipping function.",
                       budget)
    except Exception as e:  # noqa: BLE001 - check never raises
        log.debug("verifier failed", exc_info=True)
        return _failed(pair, f"internal_error:{type(e).__name__}", f"Internal error: {e}", budget)


# ---- verdict builders ------------------------------------------------------------------------


def _unsupported(pair: _Pair, feature: str, message: str, budget: Budget | None = None,
                 is_copy: bool = False) -> Verdict:
    report = rep.failed_report(pair.src_text, pair.tgt_text, [message], alive_error=True)
    return Verdict("inconclusive", f"unsupported:{feature}", message, is_copy=is_copy,
                   solver_seconds=budget.solver_seconds if budget else 0.0, report=report)


def _failed(pair: _Pair, reason: str, message: str, budget: Budget, is_copy: bool = False) -> Verdict:
    report = rep.failed_report(pair.src_text, pair.tgt_text, [message])
    return Verdict("inconclusive", reason, message, is_copy=is_copy,
                   solver_seconds=budget.solver_seconds, report=report)


def _lower_volatile(pair: _Pair) -> _Pair:
    """Volatile accesses as calls with side effects (volatile.py); the report keeps
    the original text."""
    from veriopt.verify.volatile import lower_volatile

    src_mod, src_fn = lower_volatile(pair.src_mod, pair.src_fn)
    tgt_mod, tgt_fn = lower_volatile(pair.tgt_mod, pair.tgt_fn)
    if src_fn is pair.src_fn and tgt_fn is pair.tgt_fn:
        return pair
    return dataclasses.replace(pair, src_mod=src_mod, src_fn=src_fn, tgt_mod=tgt_mod,
                               tgt_fn=tgt_fn)


def _drop_unused_inttoptr(pair: _Pair) -> _Pair:
    """An ``inttoptr`` whose result nothing uses has no effect (it is neither UB nor a
    write), and is the only kind of ``inttoptr`` we take: dropped before the gate."""
    src_fn, tgt_fn = _without_unused_inttoptr(pair.src_fn), _without_unused_inttoptr(pair.tgt_fn)
    if src_fn is pair.src_fn and tgt_fn is pair.tgt_fn:
        return pair
    return dataclasses.replace(pair, src_fn=src_fn, tgt_fn=tgt_fn)


def _without_unused_inttoptr(fn: ir.Function) -> ir.Function:
    dead = {i.result for i in walk.instructions(fn)
            if isinstance(i, ir.Cast) and i.opcode == "inttoptr"}
    if not dead:
        return fn
    for inst in walk.instructions(fn):
        dead -= {v.name for v in walk.values(inst) if isinstance(v, ir.Local)}
    if not dead:
        return fn
    blocks = tuple(dataclasses.replace(b, items=tuple(
        i for i in b.items
        if not (isinstance(i, ir.Cast) and i.opcode == "inttoptr" and i.result in dead)))
        for b in fn.blocks or ())
    return dataclasses.replace(fn, blocks=blocks)


def _lower_noreturn(pair: _Pair) -> _Pair:
    """A ``noreturn`` function's ``ret`` is ``unreachable`` (fn_attrs.py)."""
    from veriopt.verify.fn_attrs import lower_noreturn

    src_fn = lower_noreturn(pair.src_mod, pair.src_fn)
    tgt_fn = lower_noreturn(pair.tgt_mod, pair.tgt_fn)
    if src_fn is pair.src_fn and tgt_fn is pair.tgt_fn:
        return pair
    return dataclasses.replace(pair, src_fn=src_fn, tgt_fn=tgt_fn)


def _lower_tgt_captures(pair: _Pair) -> _Pair:
    """tgt held to its ``nocapture`` parameters (nocapture.py)."""
    from veriopt.verify.nocapture import lower_tgt_captures

    tgt_fn = lower_tgt_captures(pair.tgt_mod, pair.tgt_fn)
    return pair if tgt_fn is pair.tgt_fn else dataclasses.replace(pair, tgt_fn=tgt_fn)


# ---- the check ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Attempt:
    """One encoding and check of the pair at one loop unroll bound."""

    bound: int
    #: nothing returns within the bound: a larger bound may be tried (`_NothingReturns`)
    may_raise: bool = True
    #: adaptive bounds: a bound too costly to encode or solve may be lowered (`_OutOfTime`)
    may_lower: bool = True


@dataclass(frozen=True)
class _OutOfTime:
    """The attempt ran out of time encoding or solving. Its answer is ``fallback()``
    unless a lower bound answers instead (``lowerable``), or, for the first attempt,
    the bound-0 proof (`_prefer_shallow`)."""

    fallback: Callable[[], Verdict]
    lowerable: bool


@dataclass(frozen=True)
class _NothingReturns:
    """No execution returns within the bound, so it proves nothing: the answer is the
    next larger bound's (``bigger``) if that one is definite, else ``fallback()``."""

    fallback: Callable[[], Verdict]
    bigger: int


_Step = Verdict | _OutOfTime | _NothingReturns


def _settled(step: _Step) -> Verdict:
    return step if isinstance(step, Verdict) else step.fallback()


def _check_pair(pair: _Pair, budget: Budget, opts: VerifyOptions) -> Verdict:
    """The check strategy: the pair's preparation, then attempts at unroll bounds.

    With loops and adaptive bounds (``max_unroll`` None), the first bound is one whose
    unrolled code is not hopeless to encode, and before it a cheap attempt at bound 0
    (Alive2's default) is kept as the answer when every deeper bound runs out of time
    (`_shallow_first`; its counterexample is a real execution, returned at once). Then:
    a bound that runs out of time is lowered (/4, down to 0) and the last answer wins
    (`_lowered`); a bound within which nothing returns is raised while it fits and time
    is left, and the first definite answer wins (`_raised`). The proof says which bound
    held."""
    prepared = _prepare(pair, budget)
    if isinstance(prepared, Verdict):
        return prepared
    pair, is_copy = prepared
    bound = DEFAULT_UNROLL if opts.unroll is None else opts.unroll
    if opts.max_unroll is None:
        bound = fitting_unroll((pair.src_fn, pair.tgt_fn), bound)
    first = _setup(pair, budget, opts, _Attempt(bound), is_copy)
    if isinstance(first, Verdict):
        return first
    shallow = None
    if first.adaptive:
        shallow = _shallow_first(budget, lambda: _try(
            pair, budget, opts, _Attempt(0, may_raise=False, may_lower=False), is_copy))
        if shallow is not None and shallow.category == "semantic_error":
            return shallow  # a real execution (no back edge taken) disagrees
    step = _run(pair, budget, opts, first)
    if isinstance(step, _NothingReturns):
        return _raised(pair, budget, opts, step, is_copy)
    if isinstance(step, _OutOfTime):
        return _prefer_shallow(_lowered(pair, budget, opts, bound, step, is_copy), shallow)
    return step


def _try(pair: _Pair, budget: Budget, opts: VerifyOptions, attempt: _Attempt, is_copy: bool
         ) -> Verdict | None:
    """A further attempt's answer; None when less than a second is left for it."""
    if budget.remaining() <= 1.0:
        return None
    return _settled(_attempt(pair, budget, opts, attempt, is_copy))


def _lowered(pair: _Pair, budget: Budget, opts: VerifyOptions, bound: int, step: _OutOfTime,
             is_copy: bool) -> Verdict:
    """Lower the bound while each one runs out of time; the last attempt's answer wins."""
    while step.lowerable:
        lower = lower_unroll(bound)
        if lower is None or budget.remaining() <= 1.0:
            break
        bound = lower
        next_step = _attempt(pair, budget, opts, _Attempt(bound, may_raise=False), is_copy)
        if not isinstance(next_step, _OutOfTime):
            return _settled(next_step)
        step = next_step
    return step.fallback()


def _raised(pair: _Pair, budget: Budget, opts: VerifyOptions, first: _NothingReturns,
            is_copy: bool) -> Verdict:
    """Raise the bound while nothing returns within it; the first definite answer wins,
    else the first bound's (a bound too large to unroll keeps it too)."""
    step: _Step = first
    while isinstance(step, _NothingReturns) and budget.remaining() > 1.0:
        try:
            step = _attempt(pair, budget, opts, _Attempt(step.bigger, may_lower=False), is_copy)
        except UnsupportedIR:  # too large to unroll: keep the first bound's answer
            log.debug("unrolling %d times failed", step.bigger, exc_info=True)
            break
    if isinstance(step, Verdict) and step.category != "inconclusive":
        return step
    return first.fallback()


def _prepare(pair: _Pair, budget: Budget) -> tuple[_Pair, bool] | Verdict:
    """Everything before the first bound: the copy shortcut, the lowerings, the feature
    gate, known gaps, the datalayout and the pre-checks. The pair as checked and
    whether it is a copy, or the verdict already."""
    from veriopt.llvm.functions import same_modulo_names

    is_copy = same_modulo_names(pair.src_fn, pair.tgt_fn)
    if is_copy and same_copy_context(pair.src_mod, pair.src_fn, pair.tgt_mod, pair.tgt_fn):
        # Alive2's syntactic-equality shortcut, before any translation: refinement is
        # reflexive, and everything the function depends on is the same too.
        return Verdict("correct", "", "", is_copy=True, proof="full",
                       report=rep.correct_report(pair.src_text, pair.tgt_text, is_copy=True))
    # The passes before encoding are linear but not free (seconds at the size limits):
    # the deadline is checked between them.
    if budget.remaining() <= 0:
        return _failed(pair, budget.timeout_reason(), "Timeout", budget, is_copy=is_copy)
    pair = _lower_tgt_captures(_drop_unused_inttoptr(_lower_noreturn(_lower_volatile(pair))))
    for mod, fn in ((pair.src_mod, pair.src_fn), (pair.tgt_mod, pair.tgt_fn)):
        gate = find_unsupported(mod, fn)
        if gate is not None:
            return _unsupported(pair, gate.feature, gate.message, is_copy=is_copy)
    if any(dynamic_rounding_with_calls(fn) for fn in (pair.src_fn, pair.tgt_fn)):
        return _unsupported(pair, "fp-dynamic-rounding",
                            "Unsupported: constrained FP in a function that calls others "
                            "(a callee may change the rounding mode)", is_copy=is_copy)
    capture = first_capture(pair.tgt_mod, pair.tgt_fn, "tgt")
    if capture is not None:  # ignoring nocapture would make tgt too defined (nocapture.py)
        return _unsupported(pair, "attribute:nocapture",
                            f"Unsupported: nocapture parameter {capture} in tgt",
                            is_copy=is_copy)
    from veriopt.verify.known_gaps import known_gap

    gap = known_gap(pair.src_mod, pair.src_fn, pair.tgt_mod, pair.tgt_fn)
    if gap is not None:  # the model is known to be unsound here (known_gaps.py)
        return _unsupported(pair, gap, f"Unsupported: {gap} (known gap of the model)",
                            is_copy=is_copy)
    for mod in (pair.src_mod, pair.tgt_mod):
        try:
            layout = DataLayout.parse(mod.datalayout)
        except ValueError:
            return _unsupported(pair, "datalayout", "Unsupported datalayout", is_copy=is_copy)
        if layout.index_width() != 64 or layout.pointer_bits() != 64:
            return _unsupported(pair, "datalayout:pointer-size",
                                "Unsupported datalayout: pointers other than 64 bits",
                                is_copy=is_copy)
    pre = _pre_checks(pair, budget)
    if pre is not None:
        return pre
    if budget.remaining() <= 0:
        return _failed(pair, budget.timeout_reason(), "Timeout", budget, is_copy=is_copy)
    return pair, is_copy


@dataclass(frozen=True)
class _Setup:
    """An attempt's functions unrolled at its bound, their memory plan and inputs."""

    attempt: _Attempt
    src_fn: ir.Function
    tgt_fn: ir.Function
    looped: bool  # a loop was unrolled (the proof is bounded if a cut path is reachable)
    plan: Any  # nonlocal_memory.MemoryPlan
    inputs: tuple[InputVar, ...]
    #: adaptive bounds apply (loops, max_unroll None, a bound to lower)
    adaptive: bool


def _attempt(pair: _Pair, budget: Budget, opts: VerifyOptions, attempt: _Attempt,
             is_copy: bool) -> _Step:
    setup = _setup(pair, budget, opts, attempt, is_copy)
    return setup if isinstance(setup, Verdict) else _run(pair, budget, opts, setup)


def _setup(pair: _Pair, budget: Budget, opts: VerifyOptions, attempt: _Attempt,
           is_copy: bool) -> _Setup | Verdict:
    unroll = attempt.bound
    src_u, tgt_u = unroll_loops(pair.src_fn, unroll), unroll_loops(pair.tgt_fn, unroll)
    looped = src_u.bounded or tgt_u.bounded
    if looped:
        log.debug("@%s: loops unrolled %d times (%.1f s left)", pair.src_fn.name, unroll,
                  budget.remaining())
    # Block ids shared by both sides: globals, pointer arguments, ... (nonlocal_memory.py)
    plan = plan_memory(pair.src_mod, src_u.function, pair.tgt_mod, tgt_u.function)
    layout = plan.layout
    inputs = make_inputs(pair.src_fn, disable_undef=opts.disable_undef_input,
                         disable_poison=opts.disable_poison_input, ptr_layout=layout)
    if budget.remaining() <= 0:
        return _failed(pair, budget.timeout_reason(), "Timeout", budget, is_copy=is_copy)
    # With loops, adaptive bounds (max_unroll None): a bound too costly to encode or
    # solve in time is lowered and the proof says which bound held.
    adaptive = looped and opts.max_unroll is None and attempt.may_lower and unroll > 0
    return _Setup(attempt, src_u.function, tgt_u.function, looped, plan, inputs, adaptive)


def _run(pair: _Pair, budget: Budget, opts: VerifyOptions, setup: _Setup) -> _Step:
    """Encode both sides, run fast refutation and the queries."""
    unroll, looped, adaptive = setup.attempt.bound, setup.looped, setup.adaptive
    plan, inputs, layout = setup.plan, setup.inputs, setup.plan.layout
    # Encoding is part of the check's budget, counted in encoded instructions and the
    # terms they built (`FunctionEncoder.work`: deterministic, ENCODE_STEPS_PER_SECOND
    # per idle-machine second); the wall clock
    # only backs it up. An adaptive attempt gets half a query's time to encode: a bound
    # that needs more is lowered early, leaving time for the smaller one.
    deadline = budget.deadline
    steps = int(max(0.0, budget.remaining()) * ENCODE_STEPS_PER_SECOND)
    if adaptive:
        steps = min(steps, int(budget.per_query / 2 * ENCODE_STEPS_PER_SECOND))
    encoders: list[FunctionEncoder] = []
    try:
        encoders.append(FunctionEncoder(pair.src_mod, setup.src_fn, "src", inputs, layout,
                                        plan))
        src = _encode(encoders[0], deadline, steps)
        encoders.append(FunctionEncoder(pair.tgt_mod, setup.tgt_fn, "tgt", inputs, layout,
                                        plan))
        tgt = _encode(encoders[1], deadline, steps - encoders[0].work)
    except EncodingDeadline:
        if time.monotonic() > deadline:
            budget.wall_stopped = True
            return _failed(pair, TIMEOUT_WALL, "Timeout", budget)
        budget.charge(sum(e.work for e in encoders) / ENCODE_STEPS_PER_SECOND)
        return _OutOfTime(lambda: _failed(pair, TIMEOUT_RLIMIT, "Timeout", budget), adaptive)
    budget.charge(sum(e.work for e in encoders) / ENCODE_STEPS_PER_SECOND)
    rc = RefinementCheck(src, tgt, inputs, budget)

    approx = rc.approximation_reachable()
    if approx is not None:
        return _from_unknown(pair, approx, budget)
    no_return = rc.no_return() if looped else None
    if no_return is not None:
        def nothing_returns() -> Verdict:
            return _failed(pair, no_return, MESSAGES[no_return], budget)

        bigger = next_unroll(unroll, opts.max_unroll) if setup.attempt.may_raise else None
        if bigger is not None and opts.max_unroll is None and \
                fitting_unroll((pair.src_fn, pair.tgt_fn), bigger, MAX_RAISED_INSTRUCTIONS) < bigger:
            bigger = None  # too large to encode in time: keep this bound's answer
        if bigger is not None and budget.remaining() > budget.per_query:
            return _NothingReturns(nothing_returns, bigger)
        return nothing_returns()
    always_ub = _source_always_ub(rc)
    if always_ub.answer:
        return _vacuous(pair, budget, opts.seed, poison_inputs=not opts.disable_poison_input)

    unconfirmed: list[dict[str, int | None]] = []
    # Loops make each concrete run long (up to the interpreter's step limit), and a
    # concrete counterexample past the bound cannot be confirmed anyway: fewer samples.
    samples = min(opts.refute_samples, LOOP_REFUTE_SAMPLES) if looped else opts.refute_samples
    # The interpreter cannot be stopped midway: keep its work within the deadline's scale.
    samples = min(samples, REFUTE_STEPS // max(1, _instructions(pair.src_fn, pair.tgt_fn)))
    if budget.remaining() <= 0:
        samples = 0
    outcome = _refute_first(pair, rc, inputs, samples, opts.seed, unconfirmed)
    if outcome is None:
        outcome = rc.run()
    if outcome.status == "incorrect":
        approximated = src.approximated_calls + tgt.approximated_calls
        if first_capture(pair.src_mod, pair.src_fn, "src") is not None:
            approximated += ("nocapture",)  # src was made more defined (nocapture.py)
        if approximated:  # the counterexample may be an artefact of a model (calls.py)
            return _approximated(pair, approximated, budget)
        return _incorrect(pair, outcome, src, tgt, inputs, budget)
    if outcome.status == "unknown":
        unknown = outcome
        return _OutOfTime(lambda: _from_unknown(pair, unknown, budget),
                          adaptive and outcome.reason in LOAD_INDEPENDENT_TIMEOUTS)
    if not always_ub.witnessed:
        # Every stage is unsat, also when src is UB on every input *in the stages'
        # sense* (under the input facts, each input excused by some src choice) while
        # the cheap query above said no: then this proof is vacuous, not full.
        defined = _defined_somewhere(rc, always_ub)
        if defined is None:
            # The kind of this proof is unknown: claim nothing at this bound. Out of
            # time like any other query, so an adaptive check falls back on a lower
            # bound or the bound-0 proof (the stages at a deep bound may use the whole
            # budget and leave none for this last question).
            reason = budget.timeout_reason()
            return _OutOfTime(lambda: _failed(pair, reason, "Timeout", budget),
                              adaptive and reason in LOAD_INDEPENDENT_TIMEOUTS)
        if not defined:
            return _vacuous(pair, budget, opts.seed, poison_inputs=not opts.disable_poison_input)
    bounded = looped and rc.cut_reachable()
    if bounded and unconfirmed:
        # A concrete run disagrees, but not within the bound: a bug in a longer
        # execution is likely, so a bounded "correct" would mislead.
        return _failed(pair, "unconfirmed_counterexample",
                       "A concrete run disagrees beyond the unroll bound "
                       f"({unroll}); consider increasing the unroll factor", budget)
    if unmodelled_exceptions(pair.src_fn) or unmodelled_exceptions(pair.tgt_fn):
        # the values refine, but fpexcept.strict/maytrap make the FP exceptions part
        # of the behaviour, and they are not modelled (fp_instructions.py)
        return _unsupported(pair, "fp-exceptions",
                            "Unsupported: the FP exceptions of fpexcept.strict or "
                            "fpexcept.maytrap (the values refine)", budget)
    return Verdict("correct", "", "", solver_seconds=budget.solver_seconds,
                   proof="bounded" if bounded else "full", unroll=unroll if bounded else None,
                   report=rep.correct_report(pair.src_text, pair.tgt_text,
                                             unroll=unroll if bounded else None))


#: Instructions the concrete refutation may execute in all (samples x runs x path),
#: estimated as samples x instructions: about a second of interpretation.
REFUTE_STEPS = 500_000


def _instructions(*fns: ir.Function) -> int:
    return sum(len(b.instructions) for fn in fns for b in fn.blocks or ())


def _shallow_first(budget: Budget, attempt: Callable[[], Verdict | None]) -> Verdict | None:
    """Run ``attempt`` (a check at unroll bound 0) within one query's time at most and a
    third of what is left, then give the budget back for the deeper bounds.

    Why: deeper bounds cost much more (loop nests multiply) and often run out of time
    on -O0 code, while bound 0 (each loop body at most once, Alive2's default) mostly
    answers in well under a second. Its ``correct`` is a bounded proof (the verdict
    and report say so), used only when no deeper bound gives a definite answer; its
    counterexample is a real execution, returned at once."""
    total = budget.total
    share = min(budget.per_query, budget.remaining() / 3)
    budget.total = min(total, total - budget.remaining() + share)
    try:
        return attempt()
    except UnsupportedIR:
        return None
    finally:
        budget.total = total


def _prefer_shallow(verdict: Verdict, shallow: Verdict | None) -> Verdict:
    """A deeper bound that gave no answer (timeout) yields to the bound-0 proof."""
    if verdict.category == "inconclusive" and shallow is not None \
            and shallow.category == "correct":
        return dataclasses.replace(shallow, solver_seconds=verdict.solver_seconds)
    return verdict


def _encode(encoder: FunctionEncoder, deadline: float | None,
            steps: float | None = None) -> FunctionSummary:
    encoder.deadline, encoder.step_limit = deadline, steps
    return encoder.run()


@dataclass
class _AlwaysUb:
    """Alive2's question, "is src UB for every input and choice?" (``answer``; None:
    unknown), and what it leaves open for the stages' sense of "defined somewhere"
    (`_defined_somewhere`): ``witnessed`` when its model satisfies the input facts and
    needs no src choice, else the solver that found the model (to add the facts to)."""

    answer: bool | None
    witnessed: bool
    solver: z3.Solver | None = None


def _source_always_ub(rc: RefinementCheck) -> _AlwaysUb:
    """Why not ask with the input facts at once: with them (memory axioms) the query
    costs seconds where this one costs milliseconds, and it matters only for a proof."""
    if z3.is_false(rc.src.ub):
        return _AlwaysUb(False, True)
    ans, solver = solve(mk_not(rc.src.ub), [], rc.budget)
    if ans.status != "sat":
        return _AlwaysUb({"unsat": True}.get(ans.status), ans.status == "unsat")
    assert ans.model is not None
    pre = mk_and(rc.src.assumptions, rc.tgt.assumptions)
    return _AlwaysUb(False, not rc.src_vars and z3.is_true(ans.model.eval(
        pre, model_completion=True)), solver)


def _defined_somewhere(rc: RefinementCheck, cheap: _AlwaysUb) -> bool | None:
    """Is there an input (with the input facts) on which src is defined whatever its
    undef/freeze choices? Asked as the stages are asked (src's choices quantified), so
    False means every stage holds vacuously. None: unknown. Without src choices, the
    facts are added to the solver of the cheap query (incremental: about 3x faster
    than a fresh query on -O0 memory code)."""
    pre = mk_and(rc.src.assumptions, rc.tgt.assumptions)
    if not rc.src_vars and cheap.solver is not None:
        limit = rc.budget.query_limit()
        if limit <= 0:
            return None
        cheap.solver.add(pre)
        answer = rc.budget.check(cheap.solver, limit).status
        return True if answer == "sat" else False if answer == "unsat" else None
    outcome = rc.run_stage(Stage("source_defined", mk_and(pre, mk_not(rc.src.ub))))
    return {"incorrect": True, "correct": False}.get(outcome.status)


def _vacuous(pair: _Pair, budget: Budget, seed: int, *, poison_inputs: bool) -> Verdict:
    """The solver found src UB on every input: a vacuous proof, if the interpreter
    agrees (`vacuity.py`); an input on which src returns is an internal inconsistency."""
    from veriopt.verify.vacuity import cross_check

    backing = cross_check(pair.src_mod, pair.src_fn, seed=seed, poison_inputs=poison_inputs)
    if backing.status == "refuted":
        message = ("Internal inconsistency: the solver found the source UB on every input, "
                   f"but the interpreter ran it to a return on {backing.detail}")
        log.info("@%s: %s", pair.src_fn.name, message)
        return _failed(pair, "internal_inconsistency:vacuous", message, budget)
    warnings: tuple[str, ...] = (rep.ALWAYS_UB_WARNING,)
    if backing.status == "unchecked":
        warnings += (f"The interpreter could not cross-check that the source is always UB "
                     f"({backing.detail}).",)
    return Verdict("correct", "source_always_ub", "Source function is always UB",
                   proof="vacuous", solver_seconds=budget.solver_seconds, warnings=warnings,
                   report=rep.correct_report(pair.src_text, pair.tgt_text, always_ub=True))


def _pre_checks(pair: _Pair, budget: Budget) -> Verdict | None:
    from veriopt.verify.fn_attrs import function_attributes_refined

    s, t = pair.src_fn, pair.tgt_fn
    if not function_attributes_refined(pair.src_mod, s, pair.tgt_mod, t):
        msg = MESSAGES["function_attributes"]
        report = rep.incorrect_report(pair.src_text, pair.tgt_text, msg, None)
        return Verdict("semantic_error", "function_attributes", msg, report=report)
    if [p.type for p in s.params] != [p.type for p in t.params] or s.return_type != t.return_type:
        return _failed(pair, "signature_mismatch", MESSAGES["signature_mismatch"], budget)
    from veriopt.verify.nonlocal_memory import global_refinement_error

    glob = global_refinement_error(pair.src_mod, s, pair.tgt_mod, t)
    if glob is not None:
        reason, msg = glob
        report = rep.incorrect_report(pair.src_text, pair.tgt_text, msg, None)
        return Verdict("semantic_error", reason, msg, report=report)
    ext = {"signext", "zeroext", "inreg"}
    if {a for a in s.ret_attrs if a in ext} != {a for a in t.ret_attrs if a in ext}:
        return _failed(pair, "signature_mismatch", MESSAGES["signature_mismatch"], budget)
    for ps, pt in zip(s.params, t.params, strict=True):
        adds_noundef = "noundef" in pt.attrs and "noundef" not in ps.attrs
        if adds_noundef or {a for a in ps.attrs if a in ext} != {a for a in pt.attrs if a in ext}:
            msg = MESSAGES["parameter_attributes"]
            report = rep.incorrect_report(pair.src_text, pair.tgt_text, msg, None)
            return Verdict("semantic_error", "parameter_attributes", msg, report=report)
    return None


def _refute_first(pair: _Pair, rc: RefinementCheck, inputs: tuple[InputVar, ...],
                  samples: int, seed: int,
                  unconfirmed: list[dict[str, int | None]] | None = None) -> Outcome | None:
    """Concrete refutation candidates, each confirmed by the solver with pinned
    inputs. A confirmed stage k is reported only after stages before k are proven
    not to fail (for Alive2's message order). Candidates the solver proves wrong
    (with loops: possibly past the unroll bound) go to ``unconfirmed``."""
    if samples <= 0 or not inputs:
        return None
    try:
        from veriopt.verify.refute import find_counterexample_candidates
    except ImportError:
        return None
    try:
        candidates = find_counterexample_candidates(pair.src_mod, pair.src_fn, pair.tgt_mod,
                                                    pair.tgt_fn, samples, seed)
    except Exception:  # noqa: BLE001 - refutation is only a speed-up
        log.debug("refutation failed", exc_info=True)
        return None
    for cand in candidates:
        pins = pin_inputs(inputs, cand)
        if pins is None:
            continue
        pinned = rc.run(pins=pins)
        if pinned.status == "correct" and unconfirmed is not None:
            unconfirmed.append(cand)
        if pinned.status != "incorrect":
            continue
        k = next(i for i, s in enumerate(rc.stages) if s.reason == pinned.reason)
        if k == 0:
            return pinned
        earlier = rc.run(last_stage=k - 1)
        return earlier if earlier.status == "incorrect" else pinned
    return None


def _incorrect(pair: _Pair, outcome: Outcome, src: FunctionSummary, tgt: FunctionSummary,
               inputs: tuple[InputVar, ...], budget: Budget) -> Verdict:
    msg = STAGE_MESSAGES[outcome.reason]
    assert outcome.model is not None
    with_values = outcome.reason not in ("source_more_defined", "return_domain_mismatch",
                                         "memory_mismatch")
    cex = rep.build_counterexample(outcome.model, src, tgt, inputs, outcome.undef_inputs,
                                   with_values=with_values)
    if outcome.reason == "memory_mismatch":  # the differing byte (nonlocal_memory.py)
        cex = rep.describe_memory_mismatch(outcome.model, src, tgt, cex)
    report = rep.incorrect_report(pair.src_text, pair.tgt_text, msg, cex)
    return Verdict("semantic_error", outcome.reason, msg, counterexample=cex,
                   solver_seconds=budget.solver_seconds, report=report)


def _from_unknown(pair: _Pair, outcome: Outcome, budget: Budget) -> Verdict:
    if outcome.reason.startswith("unsupported:"):
        feature = outcome.reason.split(":", 1)[1]
        return _unsupported(pair, feature, f"Unsupported feature: {feature}", budget)
    if is_timeout(outcome.reason):
        return _failed(pair, outcome.reason, "Timeout", budget)
    return _failed(pair, outcome.reason or "solver_error", "SMT Error: unknown", budget)


def _approximated(pair: _Pair, names: tuple[str, ...], budget: Budget) -> Verdict:
    """A counterexample in a function with a call we only approximate (calls.py):
    Alive2's "Couldn't prove the correctness of the transformation"."""
    names = tuple(sorted(set(names)))
    lines = "".join(f"\n - {_approximation_text(n)}" for n in names)
    message = ("Couldn't prove the correctness of the transformation\n"
               "Alive2 approximated the semantics of the programs and therefore we\n"
               "cannot conclude whether the bug found is valid or not.\n\n"
               "Approximations done:" + lines)
    return _failed(pair, f"approximated:{names[0]}", message, budget)


def _approximation_text(name: str) -> str:
    if name.startswith("local-arguments:"):
        return f"Stack objects passed to @{name.split(':', 1)[1]} paired heuristically"
    if name.startswith("attributes:"):
        return f"Unknown call-site attributes on @{name.split(':', 1)[1]}"
    if name in ("malloc", "calloc"):
        return f"Allocation by @{name} not matched in source"
    return f"Unknown libcall: @{name}"


# ---- the copy shortcut ---------------------------------------------------------------------------


def same_copy_context(src_mod: ir.Module, src_fn: ir.Function, tgt_mod: ir.Module,
                      tgt_fn: ir.Function) -> bool:
    """For a tgt that is src modulo names: is everything the function depends on the
    same in both modules, so that refinement holds by reflexivity? That is the
    datalayout, triple and struct types, the function's own attributes (attribute
    groups resolved), every call site's attributes, and each global variable,
    alias and function (declaration: signature and attributes) the body names."""
    from veriopt.llvm import attrs as A

    if (src_mod.datalayout, src_mod.triple) != (tgt_mod.datalayout, tgt_mod.triple):
        return False
    if src_mod.type_defs != tgt_mod.type_defs:
        return False
    if A.fn_attrs_resolved(src_fn, src_mod) != A.fn_attrs_resolved(tgt_fn, tgt_mod):
        return False
    s_insts = [i for b in src_fn.blocks or () for i in b.instructions]
    t_insts = [i for b in tgt_fn.blocks or () for i in b.instructions]
    if len(s_insts) != len(t_insts):
        return False
    for si, ti in zip(s_insts, t_insts, strict=True):
        # `same_modulo_names` ignores metadata; !range, !noundef, !nonnull ... add
        # poison or UB, so they must be the same too (Alive2 compares them as assumes).
        if _semantic_metadata(si, src_mod) != _semantic_metadata(ti, tgt_mod):
            return False
        if isinstance(si, (ir.Call, ir.Invoke, ir.CallBr)):
            if not isinstance(ti, type(si)):
                return False
            if A.resolve(si.fn_attrs, src_mod.attribute_groups) != \
                    A.resolve(ti.fn_attrs, tgt_mod.attribute_groups):
                return False
    for name in _named_globals(src_fn) | _named_globals(tgt_fn):
        if not _same_definition(src_mod, tgt_mod, name):
            return False
    return True


def _semantic_metadata(inst: ir.Instruction, mod: ir.Module) -> tuple[tuple[str, str], ...]:
    """The instruction's metadata attachments that are not pure hints (support.METADATA
    lists the hints), each with the text of its node."""
    from veriopt.verify.support import METADATA

    out = []
    for kind, ref in getattr(inst, "metadata", ()):
        if kind in METADATA:
            continue
        node = next((i.text.split("=", 1)[1].strip() for i in mod.items
                     if isinstance(i, ir.OpaqueLine) and i.text.startswith(ref.strip() + " = ")),
                    ref)
        out.append((kind, node))
    return tuple(out)


def _named_globals(fn: ir.Function) -> set[str]:
    out: set[str] = set()
    for inst in walk.instructions(fn):
        for v in walk.values(inst):
            if isinstance(v, ir.Global):
                out.add(v.name)
        callee = getattr(inst, "callee", None)
        if isinstance(callee, ir.Global):
            out.add(callee.name)
    return out


def _same_definition(src_mod: ir.Module, tgt_mod: ir.Module, name: str) -> bool:
    from veriopt.llvm import attrs as A

    def find(mod: ir.Module) -> object:
        for item in mod.items:
            if isinstance(item, (ir.GlobalVariable, ir.Alias, ir.Function)) and item.name == name:
                return item
        return None

    s, t = find(src_mod), find(tgt_mod)
    if s is None or t is None or type(s) is not type(t):
        return False
    if isinstance(s, ir.Function):
        assert isinstance(t, ir.Function)
        sig = (s.return_type, s.params, s.varargs, s.cconv, s.ret_attrs, s.linkage, s.addrspace)
        if sig != (t.return_type, t.params, t.varargs, t.cconv, t.ret_attrs, t.linkage,
                   t.addrspace):
            return False
        return A.fn_attrs_resolved(s, src_mod) == A.fn_attrs_resolved(t, tgt_mod)
    return s == t
