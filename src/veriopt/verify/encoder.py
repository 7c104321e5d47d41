"""Symbolic execution of one function into a `FunctionSummary`.

Blocks run in topological order (the CFG must be acyclic; unreachable blocks are
dropped). Each block has a path condition, the OR of its incoming edges; every
UB condition is recorded under the path condition of the instruction that raises
it, so the function's UB is one disjunction. Return values are merged into one
ite-chain over the returning blocks (Alive2 does not split per return).

Undef follows Alive2: an ``undef`` constant is a fresh variable per use, a value
whose bits contain undef variables gets fresh copies at every use after the first,
``freeze`` pins them, and "branch on undef" / "divide by undef" is UB when the
value can change with its undef choices (tested by renaming them).

The gate (`support.py`) has refused everything this file does not handle before
we get here; anything surprising still raises `UnsupportedIR`.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

import z3

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir
from veriopt.llvm.layout import DataLayout
from veriopt.llvm.walk import successors
from veriopt.verify import aggregates as agg
from veriopt.verify import families, fp, stack
from veriopt.verify import semantics as sem
from veriopt.verify.call_routing import execute_call
from veriopt.verify.libfacts import is_no_op_call
from veriopt.verify.memory import (
    OFFSET_BITS,
    BlockInfo,
    Byte,
    Memory,
    PointerLayout,
    Write,
    access_ub,
    bytes_to_value,
    gep_in_bounds,
    ite_byte,
    poison_byte,
    value_to_bytes,
)
from veriopt.verify.nonlocal_memory import MemoryPlan, NonLocalEncoding
from veriopt.verify.ranges import range_attribute
from veriopt.verify.state import (
    FALSE,
    TRUE,
    Nondeterminism,
    StateValue,
    bv,
    bv_add,
    bv_mul,
    fold,
    mk_and,
    mk_eq,
    mk_ite,
    mk_not,
    mk_or,
    terms_built,
)
from veriopt.verify.summary import FunctionSummary, InputVar, TraceBlock, TraceEntry
from veriopt.verify.unroll import (
    ENCODE_STEPS_PER_SECOND,
    ENCODE_TERMS_PER_SECOND,
    SINK,
    EncodingDeadline,
)

# ---- inputs shared by src and tgt ------------------------------------------------------


def make_inputs(fn: ir.Function, *, disable_undef: bool, disable_poison: bool,
                ptr_layout: PointerLayout | None = None) -> tuple[InputVar, ...]:
    out = []
    for i, p in enumerate(fn.params):
        name = "%" + (p.name if p.name is not None else str(i))
        defined = "noundef" in p.attrs
        if agg.is_composite(p.type):
            out.append(agg.aggregate_input(i, name, p.type, defined=defined,
                                           disable_undef=disable_undef,
                                           disable_poison=disable_poison, input_var=InputVar))
            continue
        if isinstance(p.type, ir.PtrType):  # bid ‖ offset (nonlocal_memory.py)
            value = z3.BitVec(f"in!{i}", (ptr_layout or PointerLayout(1)).bits)
        else:
            assert isinstance(p.type, ir.IntType) or fp.is_float(p.type)  # FP: its bits
            value = z3.BitVec(f"in!{i}", p.type.bits)  # type: ignore[union-attr]
        np = TRUE if (defined or disable_poison) else z3.Bool(f"np!{i}")
        undef = FALSE if (defined or disable_undef) else z3.Bool(f"isundef!{i}")
        out.append(InputVar(i, name, p.type, value, np, undef))
    return tuple(out)


# ---- the summary ------------------------------------------------------------------------


# ---- CFG helpers ---------------------------------------------------------------------------


def topological_blocks(fn: ir.Function) -> list[ir.Block]:
    """Reachable blocks in topological order; raises UnsupportedIR("loop") on a cycle."""
    assert fn.blocks
    by_name = {b.name: b for b in fn.blocks}
    state: dict[str, int] = {}
    post: list[str] = []
    stack: list[tuple[str, int]] = [(fn.blocks[0].name, 0)]
    state[fn.blocks[0].name] = 1
    while stack:
        name, i = stack.pop()
        succs = successors(by_name[name].terminator)
        if i < len(succs):
            stack.append((name, i + 1))
            s = succs[i]
            if s not in by_name:
                raise UnsupportedIR("cfg", f"unknown block %{s}")
            st = state.get(s, 0)
            if st == 1:
                raise UnsupportedIR("loop", f"back edge %{name} -> %{s}")
            if st == 0:
                state[s] = 1
                stack.append((s, 0))
        else:
            state[name] = 2
            post.append(name)
    return [by_name[n] for n in reversed(post)]


def count_allocas(fn: ir.Function) -> int:
    return sum(isinstance(i, ir.Alloca) for b in fn.blocks or () for i in b.instructions)


# ---- the encoder ----------------------------------------------------------------------------


class FunctionEncoder(NonLocalEncoding):
    def __init__(self, module: ir.Module, fn: ir.Function, side: str,
                 inputs: tuple[InputVar, ...], ptr_layout: PointerLayout,
                 plan: MemoryPlan | None = None) -> None:
        self.terms_at_start = terms_built()  # this encoder's work is measured from here
        self.module = module
        self.fn = fn
        self.side = side
        self.inputs = inputs
        self.dl = DataLayout.parse(module.datalayout)
        self.types = module.type_defs
        self.nd = Nondeterminism(side)
        self.mem = Memory(ptr_layout)
        self.ptr = ptr_layout
        self.values: dict[str, StateValue] = {}
        self.alias: dict[str, frozenset[int]] = {}
        self.used: set[str] = set()
        self.ub_terms: list[z3.BoolRef] = []
        self.approx: list[tuple[str, z3.BoolRef]] = []
        self.edges: dict[tuple[str, str], z3.BoolRef] = {}
        self.pc: dict[str, z3.BoolRef] = {}
        self.rets: list[tuple[z3.BoolRef, StateValue | None]] = []
        self.trace: list[TraceBlock] = []
        # per current block
        self.block = ""
        self.cur_pc: z3.BoolRef = TRUE
        self.entries: list[TraceEntry] = []
        self.next_bid = 1
        self.inst_index = 0  # position of the instruction being executed in its block
        self.alloca_points: dict[int, tuple[str, int]] = {}  # local bid -> (block, index)
        self.stored_blocks: set[int] = set()  # blocks that stored pointers may point to
        self.sink: z3.BoolRef = FALSE  # path condition of the executions cut by unrolling
        self.deadline: float | None = None  # monotonic time; unrolled code can be huge
        self.temp_ids = itertools.count()  # internal temporaries (aggregates.temp_name)
        self.family_state: dict[str, Any] = {}  # each family's bookkeeping (context.py)
        self.step_limit: float | None = None  # `work` to do at most (deterministic)
        self.steps = 0  # instructions encoded
        self.init_nonlocal(plan)  # globals, pointer parameters, calls (nonlocal_memory.py)

    # ---- driver -----------------------------------------------------------------------

    @property
    def work(self) -> float:
        """Encoding work so far, in instruction steps: one per instruction plus the
        terms built (also by the constructor: nonlocal memory), at the measured rate of
        terms to instructions. Deterministic, unlike the time it took."""
        terms = terms_built() - self.terms_at_start
        return self.steps + terms * (ENCODE_STEPS_PER_SECOND / ENCODE_TERMS_PER_SECOND)

    def run(self) -> FunctionSummary:
        order = topological_blocks(self.fn)
        names = [b.name for b in order]
        self.preds: dict[str, list[str]] = {n: [] for n in names}
        for b in order:
            for s in dict.fromkeys(successors(b.terminator)):
                self.preds[s].append(b.name)
        self._compute_dominators(names)
        for i, p in enumerate(self.fn.params):
            self._define_input(i, p)
        for b in order:
            self._run_block(b)
        return self._summary()

    def _compute_dominators(self, names: list[str]) -> None:
        self.dom: dict[str, set[str]] = {}
        self.anc: dict[str, set[str]] = {}
        for n in names:
            ps = self.preds[n]
            if not ps:
                self.dom[n] = {n}
                self.anc[n] = {n}
                continue
            common = set.intersection(*(self.dom[p] for p in ps))
            self.dom[n] = common | {n}
            self.anc[n] = set().union(*(self.anc[p] for p in ps)) | {n}

    def _define_input(self, i: int, p: ir.Param) -> None:
        inp = self.inputs[i]
        name = p.name if p.name is not None else str(i)
        if agg.is_composite(inp.type):  # an aggregate argument
            value = agg.input_value(self.nd, inp)
            self.values[name] = range_attribute(  # type: ignore[assignment]
                self, p.attrs, value, as_ub="noundef" in p.attrs)
            return
        if z3.is_false(inp.is_undef):
            sv = StateValue(inp.value, inp.non_poison)
        else:
            u = self.nd.fresh_undef(inp.value.size(), f"undef_arg{i}")
            pick = self.undef_pointer_input(i, p, u) if isinstance(p.type, ir.PtrType) else u
            sv = StateValue(mk_ite(inp.is_undef, pick, inp.value), inp.non_poison,
                            frozenset({str(u)}))
        if isinstance(p.type, ir.PtrType):
            sv = self.define_pointer_input(i, p, sv)
        else:  # a range(...) attribute: poison outside, UB with noundef (intrinsics.py)
            sv = range_attribute(self, p.attrs, sv, as_ub="noundef" in p.attrs)  # type: ignore[assignment]
        self.values[name] = sv

    def _run_block(self, block: ir.Block) -> None:
        name = block.name
        if self.preds[name]:
            pc = mk_or(*(self.edges.get((p, name), FALSE) for p in self.preds[name]))
        else:
            pc = TRUE
        self.pc[name] = pc
        if name == SINK:  # an execution cut by loop unrolling: record, never run
            self.sink = pc
            return
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise EncodingDeadline(f"encoding @{self.fn.name} ran out of time at %{name}")
        self.block, self.cur_pc, self.entries = name, pc, []
        for k, inst in enumerate(block.instructions):
            if self.deadline is not None and time.monotonic() > self.deadline:  # calls cost 0.5 s
                raise EncodingDeadline(f"encoding @{self.fn.name} ran out of time in %{name}")
            self.steps += 1
            if self.step_limit is not None and self.work > self.step_limit:
                raise EncodingDeadline(f"encoding @{self.fn.name} ran out of steps in %{name}")
            self.inst_index = k
            self.execute_instruction(inst)
        self.trace.append(TraceBlock(name, pc, tuple(self.entries)))

    def _summary(self) -> FunctionSummary:
        stack.check_summary(self)  # stackrestore'd blocks whose addresses are observed
        ret: StateValue | None = None
        if agg.is_composite(self.fn.return_type):  # element-wise merge
            ret = agg.merge_returns(self)  # type: ignore[assignment]
        elif not isinstance(self.fn.return_type, ir.VoidType) and self.rets:
            # When no ret is reached the path is UB, so the last ret is the default.
            *others, (_, last) = self.rets
            assert last is not None
            value, np, uvars = last.value, last.non_poison, last.undef_vars
            for pc, sv in reversed(others):
                assert sv is not None
                value = mk_ite(pc, sv.value, value)
                np = mk_ite(pc, sv.non_poison, np)
                uvars |= sv.undef_vars
            ret = StateValue(value, np, uvars)
        elif not isinstance(self.fn.return_type, ir.VoidType):
            w = self.bit_width(self.fn.return_type)
            ret = StateValue(bv(0, w), FALSE)
        return FunctionSummary(self.side, mk_or(*self.ub_terms), ret, self.fn.return_type,
                               self.nd, tuple(self.trace), tuple(self.approx), self.ptr,
                               dict(self.mem.blocks), sink=self.sink,
                               no_return=mk_or(*self.no_return_terms),
                               call_mismatch=mk_or(*self.mismatch_terms),
                               assumptions=self.nonlocal_assumptions(),
                               final_memory=self.final_memory(),
                               approximated_calls=tuple(sorted(self.approximated_calls)))

    # ---- helpers ------------------------------------------------------------------------

    def add_ub(self, cond: z3.BoolRef) -> z3.BoolRef:
        if not z3.is_false(cond):
            self.ub_terms.append(mk_and(self.cur_pc, cond))
        return cond

    def ub_if_undef(self, sv: StateValue) -> z3.BoolRef:
        """UB when ``sv`` may be undef: it can change with its undef choices."""
        if not sv.undef_vars:
            return FALSE
        other = self.nd.renamed(sv.value, sv.undef_vars)
        return mk_not(mk_eq(sv.value, other))

    def ub_unless_defined(self, sv: StateValue) -> z3.BoolRef:
        """UB unless ``sv`` is neither poison nor undef (branch conditions, divisors,
        dereferenced pointers, noundef returns)."""
        return mk_or(mk_not(sv.non_poison), self.ub_if_undef(sv))

    def record(self, kind: str, label: str, t: ir.Type | None, sv: StateValue | None,
                ub: z3.BoolRef = FALSE) -> None:
        self.entries.append(TraceEntry(kind, label, t, sv, ub))

    def define(self, name: str, t: ir.Type, sv: StateValue, ub: z3.BoolRef = FALSE) -> None:
        self.values[name] = sv
        self.record("value", "%" + name, t, sv, ub)

    def bit_width(self, t: ir.Type) -> int:
        if isinstance(t, ir.IntType):
            return t.bits
        if isinstance(t, ir.PtrType):
            return self.ptr.bits
        if fp.is_float(t):  # FP values are their IEEE bits
            return t.bits  # type: ignore[union-attr]
        raise UnsupportedIR("type", str(t))

    def all_blocks(self) -> frozenset[int]:
        return frozenset(self.mem.blocks)

    def operand(self, v: ir.Value, t: ir.Type) -> StateValue:
        """The value of an operand at this use (fresh undef copies after the first use)."""
        if isinstance(v, ir.TypedValue):
            return self.operand(v.value, v.type)
        if agg.is_composite(t):  # vectors, arrays, structs: one value per element
            return agg.operand(self, v, t)  # type: ignore[return-value]
        if isinstance(v, ir.Local):
            if v.name not in self.values:
                raise UnsupportedIR("ssa", f"use of %{v.name} before its definition")
            sv = self.values[v.name]
            if sv.undef_vars:
                if v.name in self.used:
                    sv = self.nd.refresh(sv)
                else:
                    self.used.add(v.name)
            return sv
        if isinstance(v, ir.IntConst):
            return StateValue(bv(v.value, self.bit_width(t)), TRUE)
        if isinstance(v, ir.FloatConst):
            return StateValue(fp.constant_bits(v, t), TRUE)
        if isinstance(v, ir.ZeroInit):
            return StateValue(bv(0, self.bit_width(t)), TRUE)
        if isinstance(v, ir.NullConst):
            return StateValue(self.ptr.null(), TRUE)
        if isinstance(v, ir.UndefConst):
            u = self.nd.fresh_undef(self.bit_width(t))
            return StateValue(u, TRUE, frozenset({str(u)}))
        if isinstance(v, ir.PoisonConst):
            return StateValue(bv(0, self.bit_width(t)), FALSE)
        if isinstance(v, (ir.Global, ir.ConstExpr)):  # addresses (nonlocal_memory.py)
            return self.constant_operand(v, t)
        raise UnsupportedIR("operand", type(v).__name__)

    def alias_of(self, v: ir.Value) -> frozenset[int]:
        if isinstance(v, ir.TypedValue):
            return self.alias_of(v.value)
        if isinstance(v, ir.Local):
            return self.alias.get(v.name, self.all_blocks())
        if isinstance(v, ir.NullConst):
            return frozenset({0})
        if isinstance(v, (ir.Global, ir.ConstExpr)):
            return self.constant_pointer(v)[1]
        return self.all_blocks()

    # ---- instructions ---------------------------------------------------------------------

    def execute_instruction(self, inst: ir.Instruction) -> None:
        # Intrinsics, vectors, aggregates, the stack and FP: their families (families.py).
        if families.encode(self, inst):
            return
        handler = getattr(self, "_exec_" + type(inst).__name__, None)
        if handler is None:
            raise UnsupportedIR(type(inst).__name__.lower())
        handler(inst)

    # ---- memory ---------------------------------------------------------------------------

    def _exec_Alloca(self, inst: ir.Alloca) -> None:
        # sizeof(T) * count bytes; a count that is not a literal makes a block of
        # symbolic size, and poison counts or huge sizes are UB (stack.py).
        elem = self.dl.alloc_size_of(inst.allocated_type, self.types)
        size, ub = stack.alloca_size(self, inst, elem)
        self.add_ub(ub)
        align = inst.align or self.dl.abi_align(inst.allocated_type, self.types)
        bid = self.local_bid(inst.result)
        if bid >= (1 << self.ptr.bid_bits):
            raise UnsupportedIR("too-many-blocks")
        if isinstance(size, int):
            info = BlockInfo(bid, size, align, "stack", "%" + inst.result)
        else:
            info = BlockInfo(bid, -1, align, "stack", "%" + inst.result, size_expr=size)
        self.mem.add_block(info)
        self.alloca_points[bid] = (self.block, self.inst_index)
        self.on_alloca(bid)
        self.alias[inst.result] = frozenset({bid})
        self.define(inst.result, ir.PTR, StateValue(self.ptr.make(bid, 0), TRUE), ub)

    def write_visible(self, w: Write) -> z3.BoolRef | None:
        if w.origin == self.block or w.origin in self.dom[self.block]:
            return TRUE
        if w.origin in self.anc[self.block]:
            return self.pc[w.origin]
        return None

    def access(self, pointer: ir.TypedValue, nbytes: int, align: int, write: bool = False
                ) -> tuple[StateValue, z3.BitVecRef, z3.BitVecRef, frozenset[int], z3.BoolRef]:
        p = self.operand(pointer, ir.PTR)
        alias = self.alias_of(pointer)
        bid, off = self.ptr.split(p.value)
        ub = mk_or(self.ub_unless_defined(p), access_ub(self.mem, bid, off, alias, nbytes, align,
                                                  write=write, alive=self.alive_now),
                   self.access_restriction_ub(pointer, bid, alias, write))  # fn_attrs.py
        self.add_ub(ub)
        return p, bid, off, alias, ub

    def _exec_Store(self, inst: ir.Store) -> None:
        t = inst.value.type
        n = self.dl.store_size(t, self.types)
        align = inst.align or self.dl.abi_align(t, self.types)
        val = self.operand(inst.value, t)
        _, bid, off, alias, ub = self.access(inst.pointer, n, align, write=True)
        if isinstance(t, ir.PtrType):
            self.stored_blocks |= self.alias_of(inst.value)
            self.record_store(alias, self.alias_of(inst.value))
        bs = value_to_bytes(self.ptr, val, n, isinstance(t, ir.PtrType), self.dl.little_endian)
        for b, _, hit in self.mem.hits(bid, alias):
            for i, byte in enumerate(bs):
                self.mem.write(b, bv_add(off, bv(i, OFFSET_BITS)), byte, hit, self.block)
        self.record("effect", "store", None, None, ub)

    def _exec_Load(self, inst: ir.Load) -> None:
        t = inst.type
        n = self.dl.store_size(t, self.types)
        align = inst.align or self.dl.abi_align(t, self.types)
        _, bid, off, alias, ub = self.access(inst.pointer, n, align)
        bs = []
        hits = self.mem.hits(bid, alias)
        for i in range(n):
            def at(base: z3.BitVecRef, i: int = i) -> Byte:
                o = bv_add(base, bv(i, OFFSET_BITS))
                byte = poison_byte(self.ptr)
                for b, _, hit in hits:
                    byte = ite_byte(hit, self.mem.read(b, o, self.write_visible), byte)
                return byte
            bs.append(_per_offset_arm(off, at))
        loaded = bytes_to_value(self.ptr, bs, self.bit_width(t), isinstance(t, ir.PtrType),
                                self.dl.little_endian, int_to_pointer=self.plan.int_to_pointer,
                                padding_is_poison=self.side == "tgt")
        if not z3.is_false(loaded.approximation):
            self.approx.append(("ptr-load-of-int-bytes",
                                mk_and(self.cur_pc, mk_not(ub), loaded.approximation)))
        if not z3.is_false(loaded.unspecified):  # bytes of sub-byte stores (memory.py)
            # (reached without UB on the way: the UB so far includes this load's)
            self.approx.append(("load-of-unspecified-bytes",
                                mk_and(self.cur_pc, mk_not(mk_or(*self.ub_terms)),
                                       loaded.unspecified)))
        sv = self.nd.refresh(loaded.value)  # a load gives stored undef fresh names
        if isinstance(t, ir.PtrType):
            # A defined loaded pointer is one that was stored (locals only exist
            # from their alloca on); anything else is poison and UB to use.
            self.alias[inst.result] = self.loaded_alias(alias)
        self.define(inst.result, t, sv, ub)

    def _exec_GetElementPtr(self, inst: ir.GetElementPtr) -> None:
        base = self.operand(inst.pointer, ir.PTR)
        alias = self.alias_of(inst.pointer)
        flags = set(inst.flags)
        inbounds = "inbounds" in flags
        nusw = inbounds or "nusw" in flags
        nuw = "nuw" in flags
        bid, base_off = self.ptr.split(base.value)
        off = base_off
        acc = bv(0, OFFSET_BITS)  # offsets without the base (LangRef's nowrap rules)
        np_terms = [base.non_poison]
        bad: list[z3.BoolRef] = []  # nowrap violations
        steps: list[z3.BitVecRef] = [base_off]
        zero_terms: list[z3.BoolRef] = []
        t: ir.Type = inst.source_type
        uvars = base.undef_vars
        for k, idx_tv in enumerate(inst.indices):
            idx = self.operand(idx_tv, idx_tv.type)
            np_terms.append(idx.non_poison)
            uvars |= idx.undef_vars
            if k == 0:
                stride = self.dl.alloc_size_of(t, self.types)
                term, extra = self._scaled_index(idx.value, stride, nusw, nuw)
                bad += extra
            else:
                while isinstance(t, ir.NamedType):
                    t = self.types[t.name]  # type: ignore[assignment]
                if isinstance(t, ir.ArrayType):
                    t = t.elem
                    term, extra = self._scaled_index(idx.value, self.dl.alloc_size_of(t, self.types),
                                                     nusw, nuw)
                    bad += extra
                elif isinstance(t, ir.StructType):
                    field_no = idx_tv.value.value if isinstance(idx_tv.value, ir.IntConst) else 0
                    term = bv(self.dl.struct_layout(t, self.types).offsets[field_no], OFFSET_BITS)
                    t = t.fields[field_no]
                elif isinstance(t, ir.VectorType) and not t.scalable:
                    # lanes are packed: lane i at i times the element's size (the gate
                    # admits elements whose size is whole bytes without padding)
                    t = t.elem
                    term, extra = self._scaled_index(idx.value, self.dl.store_size(t, self.types),
                                                     nusw, nuw)
                    bad += extra
                else:
                    raise UnsupportedIR("gep-index")
            zero_terms.append(mk_eq(idx.value, bv(0, idx.value.size())))
            # LangRef (nusw/nuw): the sum of the offsets (without the base) does not
            # wrap, nor does adding each offset to the current address (unsigned
            # address plus signed/unsigned offset). Alive2 does the same.
            if nusw and not _lit_zero(term):
                bad.append(fold(sem.add_overflows_signed(acc, term)))
            if nuw and not _lit_zero(term):
                bad.append(fold(sem.add_overflows_unsigned(acc, term)))
            if inbounds and nuw and not _lit_zero(term):
                # In bounds at every step of a block that does not wrap, the address
                # only wraps for a negative offset (read as unsigned).
                bad.append(fold(term < 0))
            elif not inbounds and (nusw or nuw) and not _lit_zero(term):
                addr = self.address_of(self.ptr.make(bid, off), alias)
                if nusw:
                    bad.append(_unsigned_plus_signed_wraps(addr, term))
                if nuw:
                    bad.append(fold(sem.add_overflows_unsigned(addr, term)))
            acc = fold(bv_add(acc, term))
            off = fold(bv_add(off, term))
            steps.append(off)
        if inbounds:
            all_zero = mk_and(*zero_terms)
            in_bounds = mk_and(*(gep_in_bounds(self.mem, bid, s, alias) for s in steps))
            np_terms.append(mk_or(all_zero, in_bounds))
        np_terms += [mk_not(c) for c in bad]
        self.alias[inst.result] = alias
        value = self.ptr.make(bid, off)
        self.define(inst.result, ir.PTR, StateValue(value, mk_and(*np_terms), uvars))

    def _scaled_index(self, idx: z3.BitVecRef, stride: int, nusw: bool, nuw: bool
                      ) -> tuple[z3.BitVecRef, list[z3.BoolRef]]:
        """``sext/trunc(idx) * stride`` in the index width, with the nowrap conditions
        LangRef attaches to ``nusw``/``nuw`` (truncation preserving the value,
        multiplication not wrapping)."""
        bad: list[z3.BoolRef] = []
        w = idx.size()
        if w < OFFSET_BITS:
            idx64 = fold(z3.SignExt(OFFSET_BITS - w, idx))
        elif w > OFFSET_BITS:
            idx64 = fold(z3.Extract(OFFSET_BITS - 1, 0, idx))
            if nusw:
                bad.append(fold(z3.SignExt(w - OFFSET_BITS, idx64) != idx))
            if nuw:
                bad.append(fold(z3.ZeroExt(w - OFFSET_BITS, idx64) != idx))
        else:
            idx64 = idx
        s = bv(stride, OFFSET_BITS)
        if stride != 1 and not _lit_zero(idx64):
            if nusw:
                bad.append(fold(sem.mul_overflows_signed(idx64, s)))
            if nuw:
                bad.append(fold(sem.mul_overflows_unsigned(idx64, s)))
        return fold(bv_mul(idx64, s)), bad

    # ---- terminators -------------------------------------------------------------------------

    def _edge(self, dest: str, cond: z3.BoolRef) -> None:
        key = (self.block, dest)
        self.edges[key] = mk_or(self.edges.get(key, FALSE), mk_and(self.cur_pc, cond))

    def _exec_Br(self, inst: ir.Br) -> None:
        if inst.cond is None:
            self._edge(inst.true_dest, TRUE)
            self.record("jump", "%" + inst.true_dest, None, None)
            return
        c = self.operand(inst.cond, ir.I1)
        ub = self.add_ub(self.ub_unless_defined(c))
        is_true = mk_eq(c.value, bv(1, 1))
        self._edge(inst.true_dest, is_true)
        self._edge(inst.false_dest or "", mk_not(is_true))
        self.record("jump", "br", None, c, ub)

    def _exec_Switch(self, inst: ir.Switch) -> None:
        v = self.operand(inst.value, inst.type)
        ub = self.add_ub(self.ub_unless_defined(v))
        taken = []
        for case, dest in inst.cases:
            c = self.operand(case, case.type)
            hit = mk_and(mk_eq(v.value, c.value), *(mk_not(t) for t in taken))
            taken.append(mk_eq(v.value, c.value))
            self._edge(dest, hit)
        self._edge(inst.default, mk_and(*(mk_not(t) for t in taken)))
        self.record("jump", "switch", None, v, ub)

    def _exec_Ret(self, inst: ir.Ret) -> None:
        if inst.value is None:
            self.rets.append((self.cur_pc, None))
            self.record("effect", "ret", None, None)
            return
        sv = self.operand(inst.value, inst.value.type)
        sv = range_attribute(self, self.fn.ret_attrs, sv, as_ub=False)  # type: ignore[assignment]
        ub = FALSE
        if isinstance(inst.value.type, ir.PtrType):  # nonnull, align, dereferenceable
            sv, ub = self.pointer_return_attributes(sv, self.alias_of(inst.value))
        if "noundef" in self.fn.ret_attrs:
            ub = self.add_ub(self.ub_unless_defined(sv))
        self.rets.append((self.cur_pc, sv))
        self.record("effect", "ret", None, sv, ub)

    def _exec_Call(self, inst: ir.Call) -> None:
        if not is_no_op_call(inst):
            execute_call(self, inst)  # calls.py: library models, unknown callees

    def _exec_Unreachable(self, inst: ir.Unreachable) -> None:
        self.add_ub(TRUE)
        self.record("effect", "unreachable", None, None, TRUE)


def _lit_zero(e: z3.BitVecRef) -> bool:
    return z3.is_bv_value(e) and e.as_long() == 0


def _unsigned_plus_signed_wraps(addr: z3.BitVecRef, term: z3.BitVecRef) -> z3.BoolRef:
    """``addr`` (unsigned) plus ``term`` (signed) leaves ``[0, 2^64)``."""
    up = z3.ULT(bv_add(addr, term), addr)
    down = z3.ULT(addr, fold(-term))
    if z3.is_bv_value(term):
        return fold(down if term.as_long() >> (term.size() - 1) else up)
    return mk_ite(term >= 0, up, down)


#: A load through a pointer whose offset is a small ite tree (a phi or select of
#: pointers) reads each arm's offset apart (`_per_offset_arm`).
MAX_OFFSET_ARMS = 4


def _offset_leaves(off: z3.BitVecRef, limit: int) -> int:
    """How many leaves ``off``'s ite tree has (counted up to ``limit + 1``)."""
    n, todo = 0, [off]
    while todo and n <= limit:
        e = todo.pop()
        if z3.is_app_of(e, z3.Z3_OP_ITE):
            todo += e.children()[1:]
        else:
            n += 1
    return n


def _per_offset_arm(off: z3.BitVecRef, at: Any) -> Byte:
    """``at(off)`` with ``off``'s ite pushed out: ``ite(c, at(a), at(b))`` for
    ``off = ite(c, a, b)`` (the same byte, as a term): the memory's byte functions
    then see each arm's own offset, the same terms as a load through that arm alone,
    instead of one offset that mixes the arms under a path condition (src and tgt
    often reach the same arm under conditions that differ as terms, and an
    uninterpreted byte function of an ite offset hides that the reads agree)."""
    if _offset_leaves(off, MAX_OFFSET_ARMS) > MAX_OFFSET_ARMS:
        return at(off)

    def go(e: z3.BitVecRef) -> Byte:
        if z3.is_app_of(e, z3.Z3_OP_ITE):
            c, a, b = e.children()
            return ite_byte(c, go(a), go(b))
        return at(e)
    return go(off)
