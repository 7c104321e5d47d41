"""The encoder and the interpreter model the same opcodes, flags and intrinsics.

Why: they are two independent implementations of the semantics that test each other
(tests/test_verify_differential.py runs both on the same functions); an opcode, a flag
or an intrinsic only one of them knows is never compared, so a wrong rule there goes
unseen. Where they differ on purpose, the difference is listed here with its reason,
so a new rule added to one side only fails this test until the other side has it too
or the list says why not.
"""

from __future__ import annotations

from veriopt.verify import interpreter as concrete
from veriopt.verify import intrinsics, libfacts, semantics, stack

#: Intrinsics the encoder models and the interpreter does not (it runs scalar, non-FP
#: code in one thread with no variadic arguments and no stack save/restore).
NOT_IN_INTERPRETER = {
    "vector.reduce.add", "vector.reduce.and", "vector.reduce.mul", "vector.reduce.or",
    "vector.reduce.smax", "vector.reduce.smin", "vector.reduce.umax", "vector.reduce.umin",
    "vector.reduce.xor",  # vectors
    "debugtrap",  # a trap the interpreter does not list (it refuses the call)
    "va_start", "va_copy", "va_end",  # variadic arguments
    "threadlocal.address",  # thread-local globals
    "stacksave", "stackrestore",  # stack.py
}
#: Intrinsics the interpreter runs and the encoder refuses (the gate: inconclusive).
NOT_IN_ENCODER = {"sideeffect"}


def _encoder_intrinsics() -> set[str]:
    out = set(intrinsics.KNOWN)
    out |= {name.removeprefix("llvm.") for name in libfacts.NO_OP_INTRINSICS}
    out |= {prefix.removeprefix("llvm.").rstrip(".") for prefix, _ in libfacts.INTRINSIC_MODELS}
    out |= {stack.SAVE.removeprefix("llvm."), stack.RESTORE.removeprefix("llvm.")}
    return out


def test_binary_opcodes_and_their_flags_are_the_same_in_both():
    encoder = {op: set(flags) for op, flags in semantics.BINARY_FLAGS.items()}
    interpreter = {op: set(rule.poison_flags) for op, rule in concrete.BINARY.items()}
    assert encoder == interpreter


def test_shift_amount_poison_is_in_both():
    encoder = {op for op, rule in semantics.BINARY.items() if semantics.ALWAYS in rule.poison}
    interpreter = {op for op, rule in concrete.BINARY.items() if rule.always_poison}
    assert encoder == interpreter == {"shl", "lshr", "ashr"}


def test_icmp_predicates_and_flags_are_the_same_in_both():
    assert set(semantics.ICMP) == set(concrete.ICMP)
    assert set(semantics.ICMP_FLAGS) == set(concrete.ICMP_POISON_FLAGS)


def test_integer_casts_and_their_flags_are_the_same_in_both():
    encoder = {op: set(flags) for op, flags in semantics.CAST_FLAGS.items()}
    interpreter = {op: set(rule.poison_flags) for op, rule in concrete.INT_CASTS.items()}
    assert encoder == interpreter


def test_intrinsics_differ_only_where_listed():
    encoder, interpreter = _encoder_intrinsics(), set(concrete.KNOWN_INTRINSICS)
    assert encoder - interpreter == NOT_IN_INTERPRETER
    assert interpreter - encoder == NOT_IN_ENCODER


def test_library_calls_the_interpreter_runs_are_modelled_exactly_by_the_encoder():
    # every other modelled one is refused by the interpreter (a path calling it is not
    # judged), never run as an unknown function
    assert concrete.INTERPRETED_LIBCALLS <= set(libfacts.LIBRARY_MODELS)
    assert concrete._LIBCALLS_NOT_MODELLED >= set(libfacts.LIBRARY_MODELS) \
        - concrete.INTERPRETED_LIBCALLS


def test_the_encoder_provides_everything_the_encoding_context_promises():
    # families encode against context.EncodingContext; the encoder is its implementation
    import typing

    from veriopt.llvm.parser import parse_module
    from veriopt.verify.context import EncodingContext
    from veriopt.verify.encoder import FunctionEncoder, make_inputs
    from veriopt.verify.nonlocal_memory import plan_memory

    mod = parse_module("define i8 @f(i8 %x) {\n  ret i8 %x\n}\n")
    fn = mod.function("f")
    plan = plan_memory(mod, fn, mod, fn)
    enc = FunctionEncoder(mod, fn, "src", make_inputs(fn, disable_undef=False,
                                                      disable_poison=False,
                                                      ptr_layout=plan.layout), plan.layout, plan)
    enc.run()  # the CFG facts (dom, anc) exist once blocks are ordered
    promised = set(typing.get_type_hints(EncodingContext)) | {
        name for name, value in vars(EncodingContext).items()
        if callable(value) and not name.startswith("_")}
    assert promised and not {name for name in promised if not hasattr(enc, name)}
