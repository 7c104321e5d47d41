"""Non-local memory: the blocks src and tgt share (VERIFIER.md §5.1, §5.4).

Why one plan for both functions: the caller's memory is an *input*. Src and tgt
must see the same globals, the same memory behind each pointer argument and the
same pointees of pointers they load, so those blocks get the same block ids, sizes,
addresses and initial contents on both sides (one symbolic byte function per
block), and the final states are compared block by block ("Mismatch in memory").

The plan, built before either function is encoded, numbers the blocks:

1. ``0``: the null block (size 0, never alive; with ``null_pointer_is_valid``, memory
   at address 0 of unknown size, liveness and contents, like a pointer argument's);
2. the globals either function names, by name (a constant global is read-only;
   its initialiser is its contents when the module defines it, otherwise, and
   for every mutable global, the contents on entry are unknown: the function may
   run after any other code; ``extern T a[]`` of size 0 has an unknown size), and
   functions used as values (blocks without bytes);
3. one block per pointer parameter: symbolic size, address, liveness, "is a heap
   block" and "is writable" (caller memory may be read-only); parameter *k* may
   point to null, a global or the blocks of parameters ``0..k`` (Alive2's
   partial-order reduction: no aliasing case is lost). A ``byval`` parameter is its
   own private copy of the caller's object instead;
4. one *unknown* block per pointer the functions load from memory or receive
   from a call (what such a pointer may point to besides the blocks above), and
   one ``#callee-memory`` block for memory no function here names but callees may
   touch, their own hidden state included;
5. one *heap* block per ``malloc``/``calloc`` call of src and per call of src
   returning a ``noalias`` pointer (tgt's matching call returns the same block);
6. the local (stack) blocks: an alloca both functions pass to matching calls (or
   return) gets one shared id, so a pointer to it compares equal across sides;
   the others get ids of their own side.

Addresses: every block has a base address, free but for Alive2's axioms (non-zero,
aligned, no wrap-around, pairwise disjoint while alive), used for alignment checks
of non-local blocks, pointer comparisons and ``ptrtoint``; the axioms are assumed
only for the blocks whose addresses a function observes. A local block's address
is src's (or tgt's) choice; making it a free input only adds counterexamples.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import z3

from veriopt.errors import UnsupportedIR
from veriopt.llvm import attrs as A
from veriopt.llvm import ir
from veriopt.llvm.layout import DataLayout
from veriopt.llvm.walk import callee_name, instructions, metadata_node
from veriopt.llvm.walk import values as walk_values
from veriopt.verify import fn_attrs
from veriopt.verify.call_sites import (
    fresh_object_call,
    lifetime_object,
    pair_locals,
    private_allocations,
)
from veriopt.verify.libfacts import ALLOCATORS, is_modelled
from veriopt.verify.memory import (
    BYTE_INDEX_BITS,
    NULL_BID,
    OFFSET_BITS,
    TAG0,
    TAG_BITS,
    BlockInfo,
    Byte,
    ByteFunction,
    PointerLayout,
    block_aligned,
    byte_refines,
    data_byte,
    in_bounds,
    pointer_byte,
    poison_byte,
)
from veriopt.verify.stack import is_stacksave
from veriopt.verify.state import (
    FALSE,
    TRUE,
    StateValue,
    bv,
    bv_add,
    fold,
    mk_and,
    mk_eq,
    mk_ite,
    mk_not,
    mk_or,
)

#: Name prefix of the offset the final-memory check compares a block at (a function
#: of src's choices: `memory_mismatch`).
SKOLEM_OFFSET = "memcheck!"
#: Sizes of non-local blocks of unknown size are below 2^SIZE_BITS (offsets never wrap).
SIZE_BITS = 61
#: Kinds of blocks that may be heap objects allocated before the function was called
#: (what a ``nofree`` function must not free): its arguments' and unknown pointers'.
PREEXISTING_KINDS = frozenset({"argument", "unknown"})
#: Constant initialisers up to this many bytes become known contents.
MAX_INITIALIZER_BYTES = 4096


# ---- the plan ------------------------------------------------------------------------------


@dataclass
class MemoryPlan:
    """Block ids and initial state shared by src and tgt (see the module docstring)."""

    layout: PointerLayout
    blocks: dict[int, BlockInfo]
    globals: dict[str, int]
    params: dict[int, int]
    unknown: tuple[int, ...]
    heap: dict[str, int]  # src call result name -> heap block
    local_bids: dict[str, dict[str, int]]  # side -> alloca result -> bid
    shared_locals: frozenset[int]
    contents: dict[int, ByteFunction]
    int_to_pointer: z3.FuncDeclRef
    little_endian: bool = True
    unpaired_calls: frozenset[tuple[str, int]] = frozenset()  # (side, call index)
    src_calls: list = field(default_factory=list)  # calls.CallRecord, filled by src
    local_addresses: dict[int, z3.BitVecRef] = field(default_factory=dict)
    callee_block: int | None = None  # memory only callees touch (incl. their own state)
    private_heap: frozenset[int] = frozenset()  # heap blocks the caller never sees (libcalls)
    #: some load or store of a non-byte-sized integer: unknown bytes (initial memory,
    #: what callees write) may have been written by one (memory.py's byte tags)
    sub_byte: bool = False
    #: either function calls through a pointer: then every unknown call is keyed by its
    #: callee's address (calls.py), and each called function has a block
    indirect_calls: bool = False

    @property
    def nonlocal_bids(self) -> frozenset[int]:
        """The non-local blocks (null too where ``null_pointer_is_valid`` makes it one)."""
        return frozenset(b for b, info in self.blocks.items() if info.kind != "null")

    def param_alias(self, index: int) -> frozenset[int]:
        """Blocks pointer parameter ``index`` may point to (partial-order reduction);
        a ``byval`` parameter points to its own copy, which no other pointer reaches."""
        mine = self.params.get(index)
        if mine is not None and self.blocks[mine].kind == "byval":
            return frozenset({mine})
        own = [b for k, b in self.params.items()
               if k <= index and self.blocks[b].kind != "byval"]
        return frozenset([NULL_BID, *self.globals.values(), *own])

    def external(self) -> frozenset[int]:
        """Every non-local block and null: where a pointer from memory or a call may point."""
        return frozenset(self.blocks)

    def address(self, bid: z3.BitVecRef, alias: Iterable[int] | None = None) -> z3.BitVecRef:
        """The base address of block ``bid`` (null: 0), among ``alias`` (default: the
        non-local blocks). A local block's address is a free variable (src's choice
        made an input: that only adds counterexamples)."""
        out: z3.BitVecRef = bv(0, OFFSET_BITS)
        for b in sorted(self.blocks if alias is None else alias):
            addr = self.base_address(b)
            if addr is None:
                continue
            out = mk_ite(mk_eq(bid, bv(b, self.layout.bid_bits)), addr, out)
        return out

    def base_address(self, b: int) -> z3.BitVecRef | None:
        if b == NULL_BID:
            return None
        if b in self.blocks:
            return self.blocks[b].address
        return self.local_addresses.get(b)


def plan_memory(src_mod: ir.Module, src_fn: ir.Function, tgt_mod: ir.Module,
                tgt_fn: ir.Function) -> MemoryPlan:
    """Number the blocks of a src/tgt pair (raises UnsupportedIR for globals whose
    definitions differ between the two modules in ways not modelled)."""
    dl = DataLayout.parse(src_mod.datalayout)
    # (memory(...) on either function: UB of its own accesses, fn_attrs.py)
    types = dict(tgt_mod.type_defs)
    types.update(src_mod.type_defs)
    blocks: dict[int, BlockInfo] = {NULL_BID: BlockInfo(NULL_BID, 0, 1, "null", "null")}
    if A.has(A.fn_attrs_resolved(src_fn, src_mod), "null_pointer_is_valid"):
        # Address 0 may be memory (tgt has the attribute too, api.py's pre-check): a
        # block of unknown size, liveness, contents and writability at address 0.
        null = _symbolic_block(NULL_BID, "unknown", "null", "null")
        blocks[NULL_BID] = dataclasses.replace(null, address=bv(0, OFFSET_BITS), is_heap=FALSE)
    contents: dict[int, ByteFunction] = {}
    next_bid = 1

    global_names = _referenced_globals(src_fn) + [
        n for n in _referenced_globals(tgt_fn) if n not in _referenced_globals(src_fn)]
    indirect = has_indirect_calls(src_fn) or has_indirect_calls(tgt_fn)
    if indirect:  # every callee is a pointer then (calls.py): its function needs a block
        for fn, mod in ((src_fn, src_mod), (tgt_fn, tgt_mod)):
            global_names += [n for n in _called_functions(fn, mod) if n not in global_names]
    globals_: dict[str, int] = {}
    pending_inits: list[tuple[int, ir.GlobalVariable]] = []
    for name in global_names:
        g = _global_pair(src_mod, tgt_mod, name)
        if g is None:  # a function used as a value: a block with no bytes
            bid = next_bid
            next_bid += 1
            blocks[bid] = BlockInfo(bid, 0, 1, "function", "@" + name,
                                    address=z3.BitVec(f"addr!{name}", OFFSET_BITS),
                                    read_only=True, is_heap=FALSE,
                                    mergeable=_unnamed_addr_function(src_mod, tgt_mod, name))
            globals_[name] = bid
            continue
        size = dl.alloc_size_of(g.value_type, types)
        align = g.align or dl.abi_align(g.value_type, types)
        bid = next_bid
        next_bid += 1
        size_expr = None
        if size == 0 and g.initializer is None:  # `extern T a[];`: the size is elsewhere
            size, size_expr = -1, z3.ZeroExt(OFFSET_BITS - SIZE_BITS,
                                             z3.BitVec(f"size!{name}", SIZE_BITS))
        blocks[bid] = BlockInfo(bid, size, align, "global", "@" + name, size_expr=size_expr,
                                address=_address(f"addr!{name}", align),
                                read_only=g.is_constant, is_heap=FALSE)
        globals_[name] = bid
        pending_inits.append((bid, g))

    params: dict[int, int] = {}
    for k, p in enumerate(src_fn.params):
        if not isinstance(p.type, ir.PtrType):
            continue
        bid = next_bid
        next_bid += 1
        name = "%" + (p.name if p.name is not None else str(k))
        byval = A.type_arg(p.attrs, "byval")
        if (byval is None) != (k >= len(tgt_fn.params)
                               or A.type_arg(tgt_fn.params[k].attrs, "byval") is None):
            raise UnsupportedIR("attribute:byval", "Unsupported: byval differs between "
                                                   "source and target")
        if byval is not None:
            # The callee's own copy of the caller's object: a fresh block of that
            # type's size, nobody else's pointer reaches it, dead at return.
            size = dl.alloc_size_of(byval, types)
            align = A.int_arg(p.attrs, "align") or dl.abi_align(byval, types)
            blocks[bid] = BlockInfo(bid, size, align, "byval", name,
                                    address=_address(f"addr!arg{k}", align), is_heap=FALSE)
        else:
            blocks[bid] = _symbolic_block(bid, "argument", name, f"arg{k}")
        params[k] = bid

    unknown = []
    for k in range(max(_pointer_sources(src_fn), _pointer_sources(tgt_fn))):
        bid = next_bid
        next_bid += 1
        blocks[bid] = _symbolic_block(bid, "unknown", f"#unknown{k}", f"unk{k}")
        unknown.append(bid)

    if _has_unknown_calls(src_fn) or _has_unknown_calls(tgt_fn):
        # Memory neither function names but a callee may touch (Alive2's extra block).
        bid = next_bid
        next_bid += 1
        blocks[bid] = _symbolic_block(bid, "unknown", "#callee-memory", "callee")
        unknown.append(bid)
        callee_block: int | None = bid
    else:
        callee_block = None

    heap: dict[str, int] = {}
    for call in _allocator_calls(src_fn):
        bid = next_bid
        next_bid += 1
        size = z3.ZeroExt(OFFSET_BITS - SIZE_BITS, z3.BitVec(f"size!heap{bid}", SIZE_BITS))
        # Its alignment is the allocator's (an input, at least what libcalls.py says
        # C guarantees for the size: `heap_alignment_floor`), not a fixed 16
        blocks[bid] = BlockInfo(bid, -1, 1, "heap", "%" + str(call.result), size_expr=size,
                                alive=FALSE, address=z3.BitVec(f"addr!heap{bid}", OFFSET_BITS),
                                is_heap=TRUE,
                                align_log2=z3.BitVec(f"blkalign!heap{bid}", 8))
        heap[str(call.result)] = bid
    for call in _fresh_object_calls(src_fn, src_mod):
        # a callee's new object (calls.py): size, alignment, address, writability and
        # whether `free` may release it are unknown, the same for src and tgt
        bid = next_bid
        next_bid += 1
        blocks[bid] = dataclasses.replace(
            _symbolic_block(bid, "heap", "%" + str(call.result), f"fresh{bid}"), alive=FALSE)
        heap[str(call.result)] = bid

    first_local = next_bid
    pairs, unpaired = pair_locals(src_fn, tgt_fn)
    local_bids: dict[str, dict[str, int]] = {"src": {}, "tgt": {}}
    shared = []
    for s_name, t_name in pairs:
        local_bids["src"][s_name] = next_bid
        local_bids["tgt"][t_name] = next_bid
        shared.append(next_bid)
        next_bid += 1
    for side, fn in (("src", src_fn), ("tgt", tgt_fn)):
        for inst in instructions(fn):
            if (isinstance(inst, ir.Alloca) or is_stacksave(inst)) \
                    and inst.result not in local_bids[side]:  # stacksave: stack.py's token
                local_bids[side][inst.result] = next_bid
                next_bid += 1

    local_addresses = {b: z3.BitVec(f"addr!local{b}", OFFSET_BITS)
                       for side in local_bids.values() for b in side.values()}
    bid_bits = max(1, (next_bid - 1).bit_length())
    layout = PointerLayout(bid_bits=bid_bits, first_local=first_local)
    plan = MemoryPlan(layout, blocks, globals_, params, tuple(unknown), heap, local_bids,
                      frozenset(shared), contents,
                      z3.Function("int2ptr", z3.BitVecSort(OFFSET_BITS),
                                  z3.BitVecSort(layout.bits)),
                      little_endian=dl.little_endian, unpaired_calls=unpaired,
                      local_addresses=local_addresses, callee_block=callee_block,
                      private_heap=_private_heap(heap, src_fn, tgt_fn, src_mod, tgt_mod),
                      indirect_calls=indirect)
    plan.sub_byte = _has_sub_byte_access(src_fn, types) or _has_sub_byte_access(tgt_fn, types)
    for bid, info in blocks.items():
        if info.kind in ("argument", "unknown", "global", "byval"):
            contents[bid] = _unknown_contents(layout, bid, plan.sub_byte)
    for bid, g in pending_inits:
        known = _initializer_bytes(plan, g, dl, types)
        if known is not None:
            contents[bid] = _table_contents(layout, known)
    return plan


def _private_heap(heap: dict[str, int], src_fn: ir.Function, tgt_fn: ir.Function,
                  src_mod: ir.Module, tgt_mod: ir.Module) -> frozenset[int]:
    """Heap blocks of src calls whose pointers stay in the function, when every
    allocation of tgt (which may take any of them) stays in it too."""
    tgt_calls = _allocator_calls(tgt_fn) + _fresh_object_calls(tgt_fn, tgt_mod)
    if not private_allocations(tgt_fn, tgt_mod) >= {str(i.result) for i in tgt_calls}:
        return frozenset()
    mine = private_allocations(src_fn, src_mod)
    return frozenset(b for name, b in heap.items() if name in mine)


def _symbolic_block(bid: int, kind: str, name: str, tag: str) -> BlockInfo:
    size = z3.ZeroExt(OFFSET_BITS - SIZE_BITS, z3.BitVec(f"size!{tag}", SIZE_BITS))
    return BlockInfo(bid, -1, 1, kind, name, size_expr=size, alive=z3.Bool(f"alive!{tag}"),
                     address=z3.BitVec(f"addr!{tag}", OFFSET_BITS),
                     is_heap=z3.Bool(f"isheap!{tag}"), writable=z3.Bool(f"writable!{tag}"),
                     # address 0 is aligned to anything, and so is the null block
                     # (LangRef; alive-tv after v19, memory/nullptr-align)
                     align_log2=None if bid == NULL_BID else z3.BitVec(f"blkalign!{tag}", 8))


def _address(name: str, align: int) -> z3.BitVecRef:
    k = max(0, align.bit_length() - 1)
    if k == 0:
        return z3.BitVec(name, OFFSET_BITS)
    return z3.Concat(z3.BitVec(name, OFFSET_BITS - k), bv(0, k))


def address_axioms(plan: MemoryPlan, bids: Iterable[int],
                   blocks: dict[int, BlockInfo] | None = None,
                   heap_reused: bool = True,
                   reusable: frozenset[int] = frozenset()) -> list[z3.BoolRef]:
    """Alive2's address axioms for the non-local blocks ``bids``: non-zero, no
    wrap-around, and pairwise disjoint while both are alive on entry (a dead
    block's address may have been reused). Facts about every real memory, so they
    are assumed; only the blocks whose addresses a function observes need them.
    A stack block in ``reusable`` (an alloca with lifetime markers) is not assumed
    disjoint from other stack blocks: its slot may be another's at another time."""
    out = []
    infos = []
    for b in sorted(set(bids)):
        info = (blocks or {}).get(b) or plan.blocks.get(b)
        addr = plan.base_address(b)
        if info is None or addr is None:
            continue
        infos.append((info, addr))
        end = addr + info.footprint()
        out.append(mk_and(addr != 0, z3.UGE(end, addr)))
        if info.is_local and info.align > 1:  # an alloca's address is aligned
            out.append(z3.Extract(info.align.bit_length() - 2, 0, addr) == 0)
        if info.align_log2 is not None:  # a block the model knows aligned is aligned
            for k in range(1, 13):
                out.append(z3.Implies(block_aligned(info, k),
                                      z3.Extract(k - 1, 0, addr) == 0))
    for x in range(len(infos)):
        for y in range(x + 1, len(infos)):
            (a, a_addr), (b, b_addr) = infos[x], infos[y]
            if a.mergeable and b.mergeable:
                continue  # two unnamed_addr functions may be folded into one
            if a.is_local and b.is_local and (a.bid in reusable or b.bid in reusable):
                continue
            both_alive = mk_and(_alive_for_axioms(a, heap_reused),
                                _alive_for_axioms(b, heap_reused))
            out.append(mk_or(mk_not(both_alive),
                             z3.ULE(a_addr + a.footprint(), b_addr),
                             z3.ULE(b_addr + b.footprint(), a_addr)))
    return out


def _alive_for_axioms(info: BlockInfo, heap_reused: bool) -> z3.BoolRef:
    """A block is disjoint from the others it coexists with. A heap block of this
    function is allocated while everything alive on entry still is, so it counts as
    alive, unless some heap block is freed here (then its address may be reused)."""
    if info.kind == "heap" and not heap_reused:
        return TRUE
    return info.alive if info.alive is not None else TRUE


def _unknown_contents(layout: PointerLayout, bid: int, tagged: bool = False) -> ByteFunction:
    """Unknown bytes; ``tagged``: each may have been written by a store of a
    non-byte-sized integer (an unknown tag, memory.py)."""
    data = z3.Function(f"init!{bid}", z3.BitVecSort(OFFSET_BITS), z3.BitVecSort(8))
    np = z3.Function(f"initnp!{bid}", z3.BitVecSort(OFFSET_BITS), z3.BoolSort())
    tag = z3.Function(f"inittag!{bid}", z3.BitVecSort(OFFSET_BITS), z3.BitVecSort(TAG_BITS)) \
        if tagged else None
    foreign = z3.Function(f"initptr!{bid}", z3.BitVecSort(OFFSET_BITS), z3.BoolSort())

    def byte(offset: z3.BitVecRef) -> Byte:
        return data_byte(layout, data(offset), np(offset), frozenset(),
                         TAG0 if tag is None else tag(offset), foreign_ptr=foreign(offset))
    return byte


def _has_sub_byte_access(fn: ir.Function, types: dict[str, ir.StructType | None]) -> bool:
    """Does ``fn`` load or store a non-byte-sized integer (alone or in an aggregate)?"""
    def sub_byte(t: ir.Type, depth: int = 0) -> bool:
        if depth > 64:
            return True
        if isinstance(t, ir.NamedType):
            body = types.get(t.name)
            return body is not None and sub_byte(body, depth + 1)
        if isinstance(t, ir.IntType):
            return t.bits % 8 != 0
        if isinstance(t, (ir.ArrayType, ir.VectorType)):
            return sub_byte(t.elem, depth + 1)
        if isinstance(t, ir.StructType):
            return any(sub_byte(f, depth + 1) for f in t.fields)
        return False

    for inst in instructions(fn):
        if isinstance(inst, ir.Load) and sub_byte(inst.type):
            return True
        if isinstance(inst, ir.Store) and sub_byte(inst.value.type):
            return True
    return False


def _table_contents(layout: PointerLayout, table: list[Byte]) -> ByteFunction:
    def byte(offset: z3.BitVecRef) -> Byte:
        if z3.is_bv_value(offset):
            o = offset.as_long()
            return table[o] if o < len(table) else poison_byte(layout)
        out = poison_byte(layout)
        from veriopt.verify.memory import ite_byte
        for k in reversed(range(len(table))):
            out = ite_byte(offset == k, table[k], out)
        return out
    return byte


# ---- what the functions reference -----------------------------------------------------------


def _referenced_globals(fn: ir.Function) -> list[str]:
    seen: dict[str, None] = {}
    for inst in instructions(fn):
        for v in walk_values(inst):
            if isinstance(v, ir.Global):
                seen.setdefault(v.name)
    return list(seen)


def _global_pair(src_mod: ir.Module, tgt_mod: ir.Module, name: str) -> ir.GlobalVariable | None:
    s = _find_global(src_mod, name)
    t = _find_global(tgt_mod, name)
    if s is None and t is None:
        if _is_function(src_mod, name) or _is_function(tgt_mod, name):
            return None
        raise UnsupportedIR("global", f"Unsupported global: @{name} (alias or unknown)")
    if s is None:
        assert t is not None
        if not t.is_constant:
            raise UnsupportedIR("global-introduced",
                                f"Unsupported interprocedural transformation: non-constant "
                                f"global variable @{name} is introduced in target")
        return t
    if t is not None:
        merged = _merged_global(s, t)
        if merged is None:
            raise UnsupportedIR("global-mismatch",
                                f"Unsupported interprocedural transformation: global variable "
                                f"@{name} differs in source and target")
        s = merged
    # A thread-local global is one block too: the function runs on one thread, and
    # that thread's instance is what ``@g`` and ``llvm.threadlocal.address(@g)`` name.
    if s.addrspace not in (None, 0):
        raise UnsupportedIR("global-kind", f"Unsupported global: @{name} (address space)")
    return s


def _merged_global(s: ir.GlobalVariable, t: ir.GlobalVariable) -> ir.GlobalVariable | None:
    """The one global both functions see when src and tgt declare it differently in
    ways that do not matter (Alive2): tgt may raise its alignment (the larger one is
    the object's), and a mutable global's initialiser is irrelevant (its contents on
    entry are unknown anyway). None for other differences (see `global_refinement_error`
    for the ones that are errors)."""
    if (s.value_type, s.is_constant, s.linkage, s.externally_initialized, s.thread_local,
            s.addrspace) != (t.value_type, t.is_constant, t.linkage, t.externally_initialized,
                             t.thread_local, t.addrspace):
        return None
    if s.is_constant and s.initializer != t.initializer:
        return None
    if (s.initializer is None) != (t.initializer is None):
        return None
    aligns = [a for a in (s.align, t.align) if a is not None]
    return dataclasses.replace(s, align=max(aligns) if aligns else None)


def global_refinement_error(src_mod: ir.Module, src_fn: ir.Function, tgt_mod: ir.Module,
                            tgt_fn: ir.Function) -> tuple[str, str] | None:
    """Alive2's checks on the globals the functions use, before any encoding: a
    constant global must stay constant (``global_const``), and a constant's contents
    must stay the same (``memory_mismatch``; LLVM prints uniqued constants
    canonically, so different defined initialisers without undef/poison differ in
    value). Returns (reason, message) or None."""
    names = dict.fromkeys(_referenced_globals(src_fn) + _referenced_globals(tgt_fn))
    for name in names:
        s, t = _find_global(src_mod, name), _find_global(tgt_mod, name)
        if s is None or t is None:
            continue
        if s.is_constant and not t.is_constant:
            return ("global_const", f"Transformation is incorrect because global variable "
                                    f"@{name} is const in source but not in target")
        if s.is_constant and t.is_constant and s.value_type == t.value_type \
                and s.initializer is not None and t.initializer is not None \
                and s.initializer != t.initializer \
                and not _has_undef_or_poison(s.initializer) \
                and not _has_undef_or_poison(t.initializer):
            return ("memory_mismatch", "Mismatch in memory")
    return None


def _has_undef_or_poison(v: object) -> bool:
    if isinstance(v, (ir.UndefConst, ir.PoisonConst)):
        return True
    if isinstance(v, (ir.ArrayConst, ir.StructConst, ir.VectorConst)):
        return any(_has_undef_or_poison(e.value) for e in v.elements)
    return isinstance(v, ir.ConstExpr)  # not compared by value here


def _find_global(mod: ir.Module, name: str) -> ir.GlobalVariable | None:
    for g in mod.globals:
        if g.name == name:
            return g
    return None


def _is_function(mod: ir.Module, name: str) -> bool:
    return any(f.name == name for f in mod.functions)


def _pointer_sources(fn: ir.Function) -> int:
    """Pointers that may point to a block the plan does not name otherwise: loaded
    pointers, pointers returned by calls (not allocators)."""
    n = 0
    for inst in instructions(fn):
        if isinstance(inst, ir.Load) and isinstance(inst.type, ir.PtrType):
            n += 1
        elif isinstance(inst, ir.Call) and isinstance(inst.return_type, ir.PtrType) \
                and inst.result is not None and callee_name(inst) not in ALLOCATORS:
            n += 1
    return n


def _unnamed_addr_function(src_mod: ir.Module, tgt_mod: ir.Module, name: str) -> bool:
    """Whether either module declares function ``name`` ``unnamed_addr`` (or
    ``local_unnamed_addr``): its address is not significant."""
    for mod in (src_mod, tgt_mod):
        try:
            if mod.function(name).unnamed_addr is not None:
                return True
        except KeyError:
            pass
    return False


def has_indirect_calls(fn: ir.Function) -> bool:
    """Whether ``fn`` calls through a pointer value (not inline asm)."""
    return any(isinstance(i, ir.Call) and isinstance(i.callee, ir.Local)
               for i in instructions(fn))


def _called_functions(fn: ir.Function, module: ir.Module) -> list[str]:
    """Functions ``fn`` calls directly as unknown callees, and those the ``!callees``
    metadata of its calls names: the functions a called pointer may be equal to."""
    out: dict[str, None] = {}
    for i in instructions(fn):
        if not isinstance(i, ir.Call):
            continue
        name = callee_name(i)
        if name is not None and not name.startswith("llvm.") and not is_modelled(i):
            out.setdefault(name)
        for kind, ref in i.metadata:
            if kind == "callees":
                for f in callees_metadata(module, ref):
                    out.setdefault(f)
    return list(out)


def callees_metadata(module: ir.Module, ref: str) -> list[str]:
    """The functions a ``!callees`` node lists (``!0 = !{ptr @f, ptr @g}``)."""
    text = metadata_node(module, ref)
    if text is None:
        raise UnsupportedIR("metadata:callees", f"Unsupported metadata: callees {ref}")
    names = []
    for item in text[2:-1].split(","):
        m = re.fullmatch(r"\s*ptr\s+@([-a-zA-Z$._0-9]+|\"[^\"]*\")\s*", item)
        if m is None:
            raise UnsupportedIR("metadata:callees", f"Unsupported metadata: callees {text}")
        names.append(m.group(1).strip('"'))
    return names


def _has_unknown_calls(fn: ir.Function) -> bool:
    return any(isinstance(i, ir.Call) and not is_modelled(i)
               and not (callee_name(i) or "").startswith("llvm.") for i in instructions(fn))


def _allocator_calls(fn: ir.Function) -> list[ir.Call]:
    return [i for i in instructions(fn)
            if isinstance(i, ir.Call) and callee_name(i) in ALLOCATORS and i.result is not None]


def _fresh_object_calls(fn: ir.Function, module: ir.Module) -> list[ir.Call]:
    return [i for i in instructions(fn)
            if isinstance(i, ir.Call) and fresh_object_call(module, i)]


# ---- initialisers --------------------------------------------------------------------------


def _initializer_bytes(plan: MemoryPlan, g: ir.GlobalVariable, dl: DataLayout,
                       types: dict[str, ir.StructType | None]) -> list[Byte] | None:
    """The bytes of a constant global whose initialiser is final (defined here, not
    replaceable at link time); None: unknown contents."""
    if not g.is_constant or g.initializer is None or g.externally_initialized:
        return None
    if g.linkage in ("external", "extern_weak", "weak", "linkonce", "common",
                     "available_externally"):
        return None
    size = dl.alloc_size_of(g.value_type, types)
    if size > MAX_INITIALIZER_BYTES:
        return None
    out: list[Byte] = []
    try:
        _encode_constant(plan, g.value_type, g.initializer, dl, types, out)
    except _NotFlat:
        return None
    out += [poison_byte(plan.layout)] * (size - len(out))  # tail padding
    return out[:size]


class _NotFlat(Exception):
    pass


def _encode_constant(plan: MemoryPlan, t: ir.Type, v: ir.Value, dl: DataLayout,
                     types: dict[str, ir.StructType | None], out: list[Byte]) -> None:
    layout = plan.layout
    while isinstance(t, ir.NamedType):
        body = types.get(t.name)
        if body is None:
            raise _NotFlat
        t = body
    if isinstance(v, ir.TypedValue):
        v = v.value
    size = dl.store_size(t, types)
    if isinstance(v, ir.ZeroInit) or (isinstance(v, ir.NullConst)):
        if isinstance(t, ir.PtrType):
            p = layout.null()
            out.extend(pointer_byte(p, TRUE, i, frozenset()) for i in range(size))
        else:
            out.extend(data_byte(layout, bv(0, 8), TRUE, frozenset())
                       for _ in range(dl.alloc_size_of(t, types)))
        return
    if isinstance(v, ir.PoisonConst):
        out.extend(poison_byte(layout) for _ in range(dl.alloc_size_of(t, types)))
        return
    if isinstance(v, ir.IntConst) and isinstance(t, ir.IntType):
        if t.bits % 8:
            raise _NotFlat
        value = v.value % (1 << t.bits)
        bs = [data_byte(layout, bv(value >> (8 * i), 8), TRUE, frozenset()) for i in range(size)]
        out.extend(bs if plan.little_endian else bs[::-1])
        return
    if isinstance(v, ir.FloatConst) and isinstance(t, ir.FloatType):
        from veriopt.llvm.constants import float_bits
        try:
            value = float_bits(v.text, t)
        except ValueError:
            raise _NotFlat from None
        bs = [data_byte(layout, bv(value >> (8 * i), 8), TRUE, frozenset()) for i in range(size)]
        out.extend(bs if plan.little_endian else bs[::-1])
        return
    if isinstance(v, ir.Global) and isinstance(t, ir.PtrType) and v.name in plan.globals:
        p = layout.make(plan.globals[v.name], 0)
        out.extend(pointer_byte(p, TRUE, i, frozenset()) for i in range(size))
        return
    if isinstance(v, ir.StringConst) and isinstance(t, ir.ArrayType):
        out.extend(data_byte(layout, bv(c, 8), TRUE, frozenset()) for c in v.data)
        return
    if isinstance(v, ir.ArrayConst) and isinstance(t, ir.ArrayType):
        stride = dl.alloc_size_of(t.elem, types)
        for e in v.elements:
            start = len(out)
            _encode_constant(plan, t.elem, e, dl, types, out)
            out.extend(poison_byte(layout) for _ in range(start + stride - len(out)))
        return
    if isinstance(v, ir.StructConst) and isinstance(t, ir.StructType):
        sl = dl.struct_layout(t, types)
        base = len(out)
        for k, e in enumerate(v.elements):
            out.extend(poison_byte(layout) for _ in range(base + sl.offsets[k] - len(out)))
            _encode_constant(plan, t.fields[k], e, dl, types, out)
        out.extend(poison_byte(layout) for _ in range(base + sl.size - len(out)))
        return
    raise _NotFlat


# ---- pointer parameters -------------------------------------------------------------------


#: Integer constant expressions LLVM 19 still has (and their instruction semantics).
CONSTANT_BINARY_OPS = ("add", "sub", "mul", "shl", "xor")


def parameter_conditions(plan: MemoryPlan, index: int, param: ir.Param,
                         value: z3.BitVecRef) -> tuple[z3.BoolRef, z3.BoolRef, z3.BoolRef]:
    """For pointer parameter ``index`` with bits ``value``: (what every input
    satisfies: it points to a block it may point to; the attributes that make it
    poison when violated: ``nonnull``, ``align``; the attributes whose violation is
    UB: ``dereferenceable``, ``dereferenceable_or_null``)."""
    layout = plan.layout
    bid, off = layout.split(value)
    allowed = mk_or(*(mk_eq(bid, bv(b, layout.bid_bits)) for b in sorted(plan.param_alias(index))))
    if plan.blocks[plan.params[index]].kind == "byval":
        allowed = mk_and(allowed, mk_eq(off, bv(0, OFFSET_BITS)))
    is_null = mk_and(mk_eq(bid, bv(NULL_BID, layout.bid_bits)), mk_eq(off, bv(0, OFFSET_BITS)))
    poison_ok = []
    if A.has(param.attrs, "nonnull"):
        poison_ok.append(bv_add(plan.address(bid), off) != 0)
    align = A.int_arg(param.attrs, "align")
    if align and align > 1:
        # The parameter's own attribute is a fact of the memory model (its block is
        # so aligned, and the offset), not only of the address: Alive2 lets it justify
        # an access of that alignment (BlockInfo.align_log2).
        k = align.bit_length() - 1
        addr = bv_add(plan.address(bid), off)
        poison_ok.append(z3.Extract(k - 1, 0, addr) == 0)
        blocks = sorted(plan.param_alias(index))
        known = FALSE
        for b in blocks:
            known = mk_ite(mk_eq(bid, bv(b, layout.bid_bits)), block_aligned(plan.blocks[b], k)
                           if b in plan.blocks else TRUE, known)
        poison_ok.append(mk_and(known, z3.Extract(k - 1, 0, off) == 0))
    ub_ok = []
    for name, or_null in (("dereferenceable", False), ("dereferenceable_or_null", True)):
        n = A.int_arg(param.attrs, name)
        if n is None:
            continue
        deref = dereferenceable(plan, bid, off, n, plan.param_alias(index))
        if A.has(param.attrs, "writable"):
            # LangRef 19: the first n bytes are loaded and stored back on entry, so
            # they are writable (else UB) and stores to them may be introduced
            deref = mk_and(deref, _writable(plan, bid, plan.param_alias(index)))
        ub_ok.append(mk_or(is_null, deref) if or_null else deref)
    return allowed, mk_and(*poison_ok), mk_and(*ub_ok)


def _writable(plan: MemoryPlan, bid: z3.BitVecRef, alias: frozenset[int]) -> z3.BoolRef:
    """The block ``bid`` (one of ``alias``) may be written: not a constant global, and
    caller memory that is writable."""
    terms = []
    for b in sorted(alias):
        info = plan.blocks[b]
        if info.kind == "null":
            continue
        ok = FALSE if info.read_only else (info.writable if info.writable is not None else TRUE)
        terms.append(mk_and(mk_eq(bid, bv(b, plan.layout.bid_bits)), ok))
    return mk_or(*terms)


def dereferenceable(plan: MemoryPlan, bid: z3.BitVecRef, off: z3.BitVecRef, n: int,
                    alias: frozenset[int]) -> z3.BoolRef:
    from veriopt.verify.memory import in_bounds

    terms = []
    for b in sorted(alias):
        info = plan.blocks[b]
        if info.kind == "null":
            continue
        alive = info.alive if info.alive is not None else TRUE
        terms.append(mk_and(mk_eq(bid, bv(b, plan.layout.bid_bits)), alive,
                            in_bounds(off, info, n)))
    return mk_or(*terms)


# ---- pointer comparison and ptrtoint -------------------------------------------------------


def pointer_address(plan: MemoryPlan, value: z3.BitVecRef, alias: frozenset[int]
                    ) -> z3.BitVecRef:
    """The integer address of a pointer (Alive2: ``ptrtoint`` and ``icmp`` on
    pointers compare addresses): its block's base address plus its offset."""
    bid, off = plan.layout.split(value)
    return bv_add(plan.address(bid, alias), off)


# ---- final memory (stage 6) ------------------------------------------------------------------


@dataclass(frozen=True)
class FinalMemory:
    """One side's memory at return, as functions of a block and an offset."""

    plan: MemoryPlan
    read: object  # Callable[[int, z3.BitVecRef], Byte]
    alive: object  # Callable[[int], z3.BoolRef]
    written: frozenset[int]
    #: the offsets of this side's one-byte writes to a block, or None when it also
    #: wrote ranges or the whole block (Callable[[int], list[z3.BitVecRef] | None])
    offsets: object = None


@dataclass(frozen=True)
class MemoryCheck:
    """Stage 6's violation, and the free variables a counterexample names."""

    violation: z3.BoolRef
    cases: tuple[tuple[int, z3.BoolRef, z3.BitVecRef, z3.BoolRef], ...]


def memory_mismatch(src: FinalMemory, tgt: FinalMemory,
                    src_choices: Sequence[z3.ExprRef] = ()) -> MemoryCheck:
    """Some non-local block differs at return: its liveness, or (alive) one byte of
    tgt does not refine src's at a free offset (§5.4). Constant globals and blocks
    that neither side touched are skipped. The offset is a function of src's
    nondeterministic choices (``src_choices``; Alive2's skolemised pointer): which
    byte differs may depend on the path src takes (a store to ``p[0]`` or ``p[1]``
    chosen by a ``freeze``), and a free offset fixed before src chooses would let
    src dodge every offset."""
    plan = src.plan
    cases = []
    for b in sorted(src.written | tgt.written):  # type: ignore[operator]
        info = plan.blocks.get(b)
        if info is None or info.kind in ("null", "byval") or info.read_only:
            continue
        s_alive = src.alive(b)  # type: ignore[operator]
        t_alive = tgt.alive(b)  # type: ignore[operator]
        differs_alive = mk_not(mk_eq(s_alive, t_alive))

        written = _written_offsets(src, tgt, b) if src_choices else None
        if written is not None:
            # Only a written byte can differ: one of them, whichever src's choices
            # make differ (the disjunction sits under src's ∀).
            tests = [(o, _byte_differs(src, tgt, b, o, s_alive)) for o in written]
            differs_byte = mk_or(*(d for _, d in tests))
            o = bv(0, OFFSET_BITS)
            for where, d in reversed(tests):  # the first differing one, for reports
                o = mk_ite(d, where, o)
        else:
            if src_choices:
                skolem = z3.Function(f"{SKOLEM_OFFSET}{b}", *(v.sort() for v in src_choices),
                                     z3.BitVecSort(OFFSET_BITS))
                o = skolem(*src_choices)
            else:
                o = z3.BitVec(f"{SKOLEM_OFFSET}{b}", OFFSET_BITS)
            differs_byte = _byte_differs(src, tgt, b, o, s_alive)
        violation = mk_or(differs_alive, differs_byte)
        if z3.is_false(violation):
            continue
        cases.append((b, violation, o, differs_alive))
    return MemoryCheck(mk_or(*(c[1] for c in cases)), tuple(cases))


def _byte_differs(src: FinalMemory, tgt: FinalMemory, b: int, o: z3.BitVecRef,
                  s_alive: z3.BoolRef) -> z3.BoolRef:
    """Block ``b`` is alive in src and tgt's byte at ``o`` does not refine src's."""
    within = mk_and(o >= 0, o < src.plan.blocks[b].size_bv())
    sb = src.read(b, o)  # type: ignore[operator]
    tb = tgt.read(b, o)  # type: ignore[operator]
    return mk_and(s_alive, within, mk_not(byte_refines(sb, tb, src.plan.little_endian)))


#: Up to this many written offsets per block are compared one by one (see
#: `memory_mismatch`); beyond, one offset that is a function of src's choices.
MAX_COMPARED_OFFSETS = 32


def _written_offsets(src: FinalMemory, tgt: FinalMemory, b: int) -> list[z3.BitVecRef] | None:
    """The offsets either side wrote one byte at in block ``b`` (deduplicated), or
    None when a side wrote a range or the whole block, or there are too many."""
    out: dict[int, z3.BitVecRef] = {}
    for side in (src, tgt):
        if side.offsets is None:
            return None
        mine = side.offsets(b)  # type: ignore[operator]
        if mine is None:
            return None
        for o in mine:
            out.setdefault(o.get_id(), o)
    return list(out.values()) if len(out) <= MAX_COMPARED_OFFSETS else None


# ---- the encoder's side of non-local memory -------------------------------------------------


def dereferenceable_now(enc: Any, value: z3.BitVecRef, alias: frozenset[int],
                        n: int | z3.BitVecRef) -> z3.BoolRef:
    """``n`` bytes from pointer ``value`` (into one of the blocks ``alias``) are in
    bounds of a block alive now (a call's ``dereferenceable`` argument, an assume
    bundle)."""
    bid, off = enc.ptr.split(value)
    terms = []
    for b in sorted(alias):
        info = enc.mem.blocks[b]
        if info.kind == "null":
            continue
        terms.append(mk_and(mk_eq(bid, bv(b, enc.ptr.bid_bits)), enc.alive_now(b),
                            in_bounds(off, info, n)))
    return mk_or(*terms)


def open_reading(rule: str) -> z3.BoolRef:
    """Where LangRef 19 leaves open whether a condition is UB and Alive2 reads it as UB:
    one input, shared by src and tgt, picks the reading (true: UB). A ``correct`` then
    holds under either reading, and identical code is never told apart (which taking
    the defined reading in src and the UB one in tgt would do)."""
    return z3.Bool(f"reading!{rule}")


def allocsize_ub(enc: Any, attrs: Sequence[str], args: Sequence[StateValue],
                 result: StateValue, alias: frozenset[int], is_null: z3.BoolRef) -> z3.BoolRef:
    """UB of a pointer ``result`` returned under ``allocsize(i[, j])`` (LangRef 19: the
    function "will always return at least a given number of bytes (or null)":
    ``args[i]`` bytes, or ``args[i] * args[j]``). It must be non-poison and null or
    dereferenceable for that many bytes now (Alive2: a violation, a poison result
    included, is UB). A poison size or a product that overflows: UB for Alive2,
    unsaid by LangRef (`open_reading`). A size that may be undef: src's result does
    not depend on the undef choice here, though a callee's does on the value it
    receives, so src takes no constraint from it (tgt: UB if a choice breaks it)."""
    spec = A.int_args(attrs, "allocsize")
    if not spec:
        return FALSE
    sizes: list[z3.BitVecRef] = []
    poison: list[z3.BoolRef] = []
    undef = False
    for k in spec[:2]:
        if k >= len(args) or not isinstance(args[k].value, z3.BitVecRef) \
                or args[k].value.size() > OFFSET_BITS:
            raise UnsupportedIR("attribute:allocsize", f"Unsupported allocsize({spec})")
        a = args[k]
        w = a.value.size()
        sizes.append(a.value if w == OFFSET_BITS else z3.ZeroExt(OFFSET_BITS - w, a.value))
        poison.append(mk_not(a.non_poison))
        undef |= bool(a.undef_vars)
    size = sizes[0]
    if len(sizes) == 2:
        poison.append(mk_not(z3.BVMulNoOverflow(sizes[0], sizes[1], False)))
        size = sizes[0] * sizes[1]
    undefined = mk_or(*poison)
    holds = mk_and(result.non_poison,
                   mk_or(is_null, dereferenceable_now(enc, result.value, alias, size)))
    if enc.side == "src" and undef:
        return mk_and(open_reading("allocsize-undefined-size"), undefined)
    return mk_or(mk_and(open_reading("allocsize-undefined-size"), undefined),
                 mk_and(mk_not(undefined), mk_not(holds)))


class NonLocalEncoding:
    """Mixed into `encoder.FunctionEncoder`: pointer parameters, globals, escapes,
    liveness and the bookkeeping calls need. Kept here so that the encoder only
    calls hooks (the encoder's attributes used: ``plan``, ``mem``, ``ptr``, ``side``,
    ``fn``, ``module``, ``block``, ``cur_pc``, ``pc``, ``dom``, ``anc``, ``alias``)."""

    plan: MemoryPlan

    def init_nonlocal(self, plan: MemoryPlan | None) -> None:
        enc: Any = self
        if plan is None:
            plan = plan_memory(enc.module, enc.fn, enc.module, enc.fn)
        self.plan = plan
        self.escaped: set[int] = set()
        # Heap blocks (allocations of this function, ``noalias`` call results) no
        # pointer outside the function can reach yet: no callee may access them and no
        # pointer it returns or leaves in memory points to them (LangRef 19: a pointer
        # accesses only the objects it is based on). They leave the set when their
        # pointer does leave (`escape`).
        self.private_heap_now: set[int] = {b for b, info in plan.blocks.items()
                                           if info.kind == "heap"}
        self.stored_alias: dict[int, frozenset[int]] = {}
        self.call_counts: dict[str, z3.BitVecRef] = {}
        self.approximated_calls: set[str] = set()
        self.no_return_terms: list[z3.BoolRef] = []
        self.mismatch_terms: list[z3.BoolRef] = []
        self._pointer_inputs: list[tuple[z3.BitVecRef, frozenset[int]]] = []
        self.assumptions: list[z3.BoolRef] = []
        self.address_blocks: set[int] = set()
        self._match_ids = itertools.count()
        self._alive_cache: dict[tuple[int, str, int], z3.BoolRef] = {}
        # memory(...), readonly/readnone/writeonly parameters: accesses they exclude
        # are UB (fn_attrs.py; accesses call `access_restriction_ub`).
        self.fn_restrictions = fn_attrs.restrictions(enc.fn, enc.module)
        self._origins: fn_attrs.Origins | None = None
        for info in plan.blocks.values():
            enc.mem.add_block(info)
        enc.mem.initial.update(plan.contents)
        self._starts_dead = _lifetime_started(enc)

    # -- small services --------------------------------------------------------------------

    @property
    def pointer_origins(self) -> fn_attrs.Origins:
        """Which parameters each pointer may be based on (computed when first needed)."""
        if self._origins is None:
            enc: Any = self
            self._origins = fn_attrs.Origins(enc.fn, enc.module)
        return self._origins

    def access_restriction_ub(self, pointer: ir.Value, bid: z3.BitVecRef,
                              alias: frozenset[int], write: bool) -> z3.BoolRef:
        """UB of an access through ``pointer`` that the function's memory attributes
        or its parameters' ``readonly``/``readnone``/``writeonly`` exclude."""
        if not self.fn_restrictions.active:
            return FALSE
        return fn_attrs.access_ub(self, pointer, bid, alias, write)

    def match_counter(self) -> int:
        return next(self._match_ids)

    def current_site(self, inst: ir.Instruction) -> tuple[str, int]:
        enc: Any = self
        for b in enc.fn.blocks or ():
            if b.name == enc.block:
                for k, i in enumerate(b.instructions):
                    if i is inst:
                        return (b.name, k)
        return (enc.block, -1)

    def visibility_at(self, block: str):  # -> Visibility
        enc: Any = self

        def visible(w: Any) -> z3.BoolRef | None:
            if w.origin == block or w.origin in enc.dom[block]:
                return TRUE
            if w.origin in enc.anc[block]:
                return enc.pc[w.origin]
            return None
        return visible

    def visible_at_exit(self, w: Any) -> z3.BoolRef | None:
        enc: Any = self
        return enc.pc.get(w.origin)

    def alive_now(self, bid: int) -> z3.BoolRef:
        """Block ``bid``'s liveness here (memoised: calls ask for it again and again)."""
        enc: Any = self
        key = (bid, enc.block, len(enc.mem.liveness))
        found = self._alive_cache.get(key)
        if found is None:
            found = enc.mem.alive(bid, enc.write_visible)
            self._alive_cache[key] = found
        return found

    def write_guard(self, hit: z3.BoolRef) -> z3.BoolRef:
        return hit

    def assume(self, cond: z3.BoolRef) -> None:
        if not z3.is_true(cond):
            self.assumptions.append(cond)

    def fn_will_return(self) -> bool:
        enc: Any = self
        return A.has(A.fn_attrs_resolved(enc.fn, enc.module), "willreturn")

    def fn_no_free(self) -> bool:
        """The function is ``nofree``: freeing memory that existed before it was
        called (blocks of `PREEXISTING_KINDS`) is UB (libcalls.py, calls.py)."""
        enc: Any = self
        return A.has(A.fn_attrs_resolved(enc.fn, enc.module), "nofree")

    def call_unmatched(self, cond: z3.BoolRef) -> None:
        """A tgt call that matches no src call here (see refinement.build_stages)."""
        enc: Any = self
        if not z3.is_false(cond):
            self.mismatch_terms.append(mk_and(enc.cur_pc, cond))

    def stop_unless(self, no_return: z3.BoolRef) -> None:
        """After a call that may not return: the path continues only if it did."""
        enc: Any = self
        if z3.is_false(no_return):
            return
        self.no_return_terms.append(mk_and(enc.cur_pc, no_return))
        enc.cur_pc = mk_and(enc.cur_pc, mk_not(no_return))

    # -- blocks and aliases -----------------------------------------------------------------

    def local_bid(self, name: str) -> int:
        enc: Any = self
        bid = self.plan.local_bids[enc.side].get(name)
        if bid is None:
            raise UnsupportedIR("alloca", f"alloca %{name} unknown to the memory plan")
        return bid

    def on_alloca(self, bid: int) -> None:
        enc: Any = self
        info = enc.mem.blocks[bid]
        if info.name.lstrip("%") in self._starts_dead:
            enc.mem.set_alive(bid, FALSE, TRUE, enc.block)

    def external_alias(self) -> frozenset[int]:
        """Where a pointer read from non-local memory or returned by a call may point."""
        return (self.plan.external() - self.private_heap_now) | frozenset(self.escaped)

    def reachable_from_outside(self, b: int) -> bool:
        """Whether code outside the function (a callee) may reach block ``b`` now."""
        if self.plan.layout.is_local(b):
            return b in self.escaped
        return b not in self.private_heap_now

    def loaded_alias(self, source: frozenset[int]) -> frozenset[int]:
        """Blocks a pointer loaded through a pointer into ``source`` may point to."""
        out: frozenset[int] = frozenset({NULL_BID})
        for b in source:
            out |= self.stored_alias.get(b, frozenset())
            if not self.plan.layout.is_local(b) or b in self.escaped:
                out |= self.external_alias()
        return out

    def record_store(self, dest: frozenset[int], value_alias: frozenset[int]) -> None:
        """A pointer into ``value_alias`` is stored into ``dest``: remember it; a local
        stored where a callee or the caller could find it escapes in a way the
        call pairing cannot follow."""
        if not value_alias:
            return
        locals_ = {b for b in value_alias if self.plan.layout.is_local(b)}
        for b in dest:
            self.stored_alias[b] = self.stored_alias.get(b, frozenset()) | value_alias
            if locals_ and (not self.plan.layout.is_local(b) or b in self.escaped):
                raise UnsupportedIR("local-escape",
                                    "Unsupported: a pointer to the stack stored to escaped "
                                    "memory")
        if any(self.reachable_from_outside(b) for b in dest):
            self.escape(frozenset(value_alias) & frozenset(self.private_heap_now))

    def escape(self, alias: frozenset[int]) -> None:
        """Blocks in ``alias`` escape (passed to a call, stored where a callee may read,
        their address taken): locals and heap blocks, and the heap blocks whose
        pointers they hold."""
        enc: Any = self
        todo = list(alias)
        while todo:
            b = todo.pop()
            if b in self.private_heap_now:
                self.private_heap_now.discard(b)
                todo += self.stored_alias.get(b, ())
                continue
            if not self.plan.layout.is_local(b) or b in self.escaped:
                continue
            info = enc.mem.blocks.get(b)
            if info is not None and info.kind == "stacksave":
                continue  # a saved stack state (stack.py): no memory a callee could reach
            if any(self.plan.layout.is_local(x) for x in self.stored_alias.get(b, ())):
                raise UnsupportedIR("local-escape",
                                    "Unsupported: a stack block holding pointers to the "
                                    "stack escapes")
            self.escaped.add(b)
            todo += self.stored_alias.get(b, ())

    # -- operands ------------------------------------------------------------------------------

    def constant_operand(self, v: ir.Value, t: ir.Type) -> StateValue:
        """A constant naming a global: its address, a constant GEP of it, or (an
        integer) ``ptrtoint`` of one, e.g. clang's ``sizeof`` idiom
        ``ptrtoint (ptr getelementptr (T, ptr null, i64 1) to i64)``."""
        if isinstance(t, ir.PtrType):
            return self.constant_pointer(v)[0]
        if isinstance(v, ir.ConstExpr) and v.opcode == "ptrtoint" and isinstance(t, ir.IntType) \
                and len(v.operands) == 1:
            p, alias = self.constant_pointer(v.operands[0].value)
            addr = self.address_of(p.value, alias)
            w = t.bits
            value = z3.Extract(w - 1, 0, addr) if w <= OFFSET_BITS \
                else z3.ZeroExt(w - OFFSET_BITS, addr)
            return StateValue(z3.simplify(value) if z3.is_bv_value(addr) else value, p.non_poison)
        if isinstance(v, ir.ConstExpr) and v.opcode in CONSTANT_BINARY_OPS \
                and isinstance(t, ir.IntType) and len(v.operands) == 2:
            return self._constant_binary(v)
        what = v.opcode if isinstance(v, ir.ConstExpr) else type(v).__name__
        raise UnsupportedIR("constexpr", f"Unsupported constant expression: {what}")

    def _constant_binary(self, v: ir.ConstExpr) -> StateValue:
        """``sub (i64 ptrtoint (...), i64 ptrtoint (...))`` and the like: the instruction's
        semantics on its (constant) operands, flags included (none of them is UB)."""
        from veriopt.verify import semantics as sem

        enc: Any = self
        a, b = (enc.operand(op.value, op.type) for op in v.operands)
        rule = sem.BINARY[v.opcode]
        poison = [rule.poison[f](a.value, b.value) for f in (*v.flags, sem.ALWAYS)
                  if f in rule.poison]
        value = fold(rule.value(a.value, b.value))
        return StateValue(value, mk_and(a.non_poison, b.non_poison, *(mk_not(p) for p in poison)),
                          a.undef_vars | b.undef_vars)

    def constant_pointer(self, v: ir.Value) -> tuple[StateValue, frozenset[int]]:
        """A global's address or a constant GEP of one."""
        enc: Any = self
        layout = self.plan.layout
        if isinstance(v, ir.NullConst):
            return StateValue(layout.null(), TRUE), frozenset({NULL_BID})
        if isinstance(v, ir.Global):
            bid = self.plan.globals.get(v.name)
            if bid is None:
                raise UnsupportedIR("function-pointer", f"Unsupported: address of @{v.name}")
            return StateValue(layout.make(bid, 0), TRUE), frozenset({bid})
        if isinstance(v, ir.ConstExpr) and v.opcode == "getelementptr" \
                and v.source_type is not None and v.operands:
            base, alias = self.constant_pointer(v.operands[0].value)
            idx = []
            for op in v.operands[1:]:
                if not isinstance(op.value, (ir.IntConst, ir.ZeroInit)):
                    raise UnsupportedIR("constexpr", "Unsupported constant GEP index")
                w = op.type.bits if isinstance(op.type, ir.IntType) else 64
                raw = op.value.value if isinstance(op.value, ir.IntConst) else 0
                raw %= 1 << w
                idx.append(raw - (1 << w) if raw >> (w - 1) else raw)
            delta = enc.dl.element_offset(v.source_type, idx, enc.types)
            bid, off = layout.split(base.value)
            new_off = off.as_long() + delta
            np = base.non_poison
            if "inbounds" in v.flags and not all(i == 0 for i in idx):
                info = self.plan.blocks[next(iter(alias))]
                np = mk_and(np, z3.BoolVal(info.size_expr is None
                                           and 0 <= new_off <= info.size))
            if any(f not in ("inbounds", "nuw", "nusw") and not f.startswith("inrange")
                   for f in v.flags):
                raise UnsupportedIR("constexpr", f"Unsupported constant GEP flags {v.flags}")
            nonzero = [i for i in idx if i != 0]
            if nonzero and (
                    # nuw/nusw need the address unless inbounds decides them (the encoder's
                    # GEP: a negative offset under nuw), and inbounds is checked at the
                    # end only, which covers every step when the offsets only grow
                    ("nuw" in v.flags and not ("inbounds" in v.flags and min(idx) >= 0))
                    or ("nusw" in v.flags and "inbounds" not in v.flags)
                    or ("inbounds" in v.flags and len(nonzero) > 1 and min(idx) < 0)):
                raise UnsupportedIR("constexpr-gep-flags",
                                    f"Unsupported constant GEP flags {v.flags} with these indices")
            return StateValue(layout.make(bid, bv(new_off, OFFSET_BITS)), np), alias
        what = v.opcode if isinstance(v, ir.ConstExpr) else type(v).__name__
        raise UnsupportedIR("constexpr", f"Unsupported constant expression: {what}")

    # -- pointer parameters ---------------------------------------------------------------------

    def define_pointer_input(self, index: int, param: ir.Param, sv: StateValue) -> StateValue:
        """A pointer parameter: where it may point (assumed), and its attributes."""
        enc: Any = self
        name = param.name if param.name is not None else str(index)
        allowed, poison_ok, ub_ok = parameter_conditions(self.plan, index, param, sv.value)
        self.assume(allowed)
        if A.has(param.attrs, "align") or A.has(param.attrs, "nonnull"):
            self.address_blocks |= set(self.plan.param_alias(index))
        enc.alias[name] = self.plan.param_alias(index)
        # The input's own bits (not an undef choice): a fact about the input both
        # sides share, whichever side happens to observe addresses.
        self._pointer_inputs.append((enc.inputs[index].value, self.plan.param_alias(index)))
        deref = A.has(param.attrs, "dereferenceable") or \
            A.has(param.attrs, "dereferenceable_or_null")
        if A.has(param.attrs, "noundef") or deref:  # dereferenceable implies noundef (Alive2)
            enc.add_ub(mk_or(mk_not(poison_ok), enc.ub_unless_defined(sv)))
        enc.add_ub(mk_not(ub_ok))
        return StateValue(sv.value, mk_and(sv.non_poison, poison_ok), sv.undef_vars)

    def undef_pointer_input(self, index: int, param: ir.Param, u: z3.BitVecRef
                            ) -> z3.BitVecRef:
        """An undef pointer argument's value, from its undef bits ``u``: a pointer
        into a block the parameter may point to, by construction, so every use's
        fresh copy of ``u`` (an undef is a new choice at each use) stays one too
        (an assumption on ``u`` alone would leave the copies free to point into
        this function's own stack)."""
        layout = self.plan.layout
        bid, off = layout.split(u)
        allowed = sorted(self.plan.param_alias(index))
        pick = bv(allowed[0], layout.bid_bits)
        for b in allowed[1:]:
            pick = mk_ite(mk_eq(bid, bv(b, layout.bid_bits)), bid, pick)
        if self.plan.blocks[self.plan.params[index]].kind == "byval":
            off = bv(0, OFFSET_BITS)
        return layout.make(pick, off)

    def pointer_return_attributes(self, sv: StateValue, alias: frozenset[int]
                                  ) -> tuple[StateValue, z3.BoolRef]:
        """The function's own return attributes on a returned pointer: ``nonnull`` and
        ``align`` make a violating value poison; ``dereferenceable(_or_null)`` make
        it UB (and imply ``noundef``, as for parameters); so does the function
        attribute ``allocsize`` (`allocsize_ub`)."""
        enc: Any = self
        attrs = enc.fn.ret_attrs
        np = sv.non_poison
        if A.has(attrs, "nonnull"):
            np = mk_and(np, self.address_of(sv.value, alias) != 0)
        align = A.int_arg(attrs, "align")
        if align and align > 1:
            addr = self.address_of(sv.value, alias)
            np = mk_and(np, z3.Extract(align.bit_length() - 2, 0, addr) == 0)
        out = StateValue(sv.value, np, sv.undef_vars)
        ub_terms = []
        # The function's stack is released as it returns (LangRef alloca): a pointer into
        # it is dereferenceable nowhere the caller could look (alive-tv agrees).
        surviving = frozenset(b for b in alias if not enc.mem.blocks[b].is_local)
        for name, or_null in (("dereferenceable", False), ("dereferenceable_or_null", True)):
            n = A.int_arg(attrs, name)
            if n is None:
                continue
            deref = dereferenceable_now(enc, sv.value, surviving, n)
            null = self.address_of(sv.value, alias) == 0
            ub_terms += [enc.ub_unless_defined(out), mk_not(mk_or(null, deref) if or_null else deref)]
        own = A.fn_attrs_resolved(enc.fn, enc.module)
        if A.has(own, "allocsize"):  # a promise to the caller, as for a callee's result
            params = [enc.values[p.name if p.name is not None else str(k)]
                      for k, p in enumerate(enc.fn.params)]
            ub_terms.append(allocsize_ub(enc, own, params, out, surviving,
                                         self.address_of(sv.value, alias) == 0))
        return out, enc.add_ub(mk_or(*ub_terms))

    # -- addresses ------------------------------------------------------------------------------

    def address_of(self, value: z3.BitVecRef, alias: frozenset[int]) -> z3.BitVecRef:
        self.address_blocks |= set(alias)
        return pointer_address(self.plan, value, alias)

    def pointer_to_int(self, value: z3.BitVecRef, alias: frozenset[int]) -> z3.BitVecRef:
        """``ptrtoint``: the address; a local whose address is taken escapes (the
        integer may reach a callee)."""
        self.escape(alias)
        return self.address_of(value, alias)

    def compare_pointers(self, predicate: str, a: StateValue, a_alias: frozenset[int],
                         b: StateValue, b_alias: frozenset[int]) -> z3.BoolRef:
        """``icmp`` on pointers: addresses compared (Alive2). Two pointers into the
        same single block compare by offset, which needs no address."""
        from veriopt.verify import semantics as sem

        layout = self.plan.layout
        if len(a_alias) == 1 and a_alias == b_alias:
            _, ao = layout.split(a.value)
            _, bo = layout.split(b.value)
            if predicate in ("eq", "ne"):
                return sem.ICMP[predicate](ao, bo)
            # Offsets within one block never wrap (sizes are < 2^61): signed order
            # of offsets is the unsigned order of addresses for in-bounds pointers
            # only, so relational compares still go through addresses.
        return sem.ICMP[predicate](self.address_of(a.value, a_alias),
                                   self.address_of(b.value, b_alias))

    # -- the summary ----------------------------------------------------------------------------

    def final_memory(self) -> FinalMemory:
        enc: Any = self
        mem = enc.mem

        def read(b: int, o: z3.BitVecRef) -> Byte:
            return mem.read(b, o, self.visible_at_exit)

        def alive(b: int) -> z3.BoolRef:
            return mem.alive(b, self.visible_at_exit)

        def offsets(b: int) -> list[z3.BitVecRef] | None:
            mine = [w for w in mem.writes if w.bid == b]
            if any(w.offset is None or w.length is not None for w in mine):
                return None
            return [w.offset for w in mine]

        written = frozenset(b for b in mem.written_blocks()
                            if not self.plan.layout.is_local(b) and b not in self.plan.private_heap)
        return FinalMemory(self.plan, read, alive, written, offsets)

    def nonlocal_assumptions(self) -> z3.BoolRef:
        """The inputs' facts: where pointers point, and (when addresses are observed)
        Alive2's address axioms, plus: a pointer argument into a block never has
        address 0 (a null pointer is null, not a wrapped-around offset)."""
        enc: Any = self
        facts = list(self.assumptions)
        marked = {self.plan.local_bids[enc.side][n] for n in _lifetime_marked(enc)
                  if n in self.plan.local_bids[enc.side]}
        # After lifetime.end, an alloca's slot may be reused by another alloca (LangRef
        # 19; alive-tv: lifetime/lifetime-disjoint), so an alloca with lifetime markers
        # is not assumed disjoint from other allocas (`address_axioms`' ``reusable``):
        # that only adds address choices, some of which may not occur (false alarms at
        # worst, never a wrong proof).
        if self.address_blocks:
            for value, alias in self._pointer_inputs:
                bid, off = self.plan.layout.split(value)
                self.address_blocks |= set(alias)
                facts.append(mk_or(mk_eq(bid, bv(NULL_BID, self.plan.layout.bid_bits)),
                                   bv_add(self.plan.address(bid, alias), off) != 0))
        heap_freed = any(z3.is_false(w.alive) and enc.mem.blocks[w.bid].kind == "heap"
                         for w in enc.mem.liveness if w.bid in enc.mem.blocks)
        return mk_and(*facts, *address_axioms(self.plan, self.address_blocks, enc.mem.blocks,
                                              heap_reused=heap_freed,
                                              reusable=frozenset(marked)))


def _lifetime_marked(enc: Any) -> set[str]:
    """Allocas a ``llvm.lifetime.start`` or ``llvm.lifetime.end`` names."""
    out: set[str] = set()
    for inst in instructions(enc.fn):
        if isinstance(inst, ir.Call) and (callee_name(inst) or "").startswith(
                "llvm.lifetime.") and len(inst.args) == 2:
            kind = lifetime_object(enc.fn, inst.args[1].value, enc.dl, enc.types)
            if kind is not None and kind[0] == "stack":
                out |= kind[1]
    return out


def _lifetime_started(enc: Any) -> set[str]:
    """Allocas whose first byte a ``llvm.lifetime.start`` names: they start dead
    (LangRef 19; call_sites.lifetime_object decides which pointers name one)."""
    out: set[str] = set()
    for inst in instructions(enc.fn):
        if isinstance(inst, ir.Call) and (callee_name(inst) or "").startswith(
                "llvm.lifetime.start") and len(inst.args) == 2:
            kind = lifetime_object(enc.fn, inst.args[1].value, enc.dl, enc.types)
            if kind is not None and kind[0] == "stack":
                out |= kind[1]
    return out


__all__ = ["MemoryPlan", "NonLocalEncoding", "dereferenceable_now", "plan_memory", "parameter_conditions", "dereferenceable",
           "pointer_address", "address_axioms", "allocsize_ub", "open_reading", "PREEXISTING_KINDS", "memory_mismatch", "FinalMemory", "MemoryCheck", "callee_name",
           "ALLOCATORS", "SIZE_BITS", "BYTE_INDEX_BITS"]


