"""The parser and printer are exact inverses on LLVM 19's canonical text.

`print_module(parse_module(T)) == T` byte for byte: on our fixtures (always), on
the C corpus compiled at -O0 and after instcombine, on Alive2's conformance
files and on the real function pairs (when ../shared is there).
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from veriopt.errors import IRSyntaxError, ToolchainError
from veriopt.llvm import ir
from veriopt.llvm.parser import parse_module
from veriopt.llvm.printer import print_function, print_instruction, print_module

FIXTURES = Path(__file__).parent / "fixtures" / "ir"
CANONICAL_FIXTURES = sorted(p for p in FIXTURES.glob("*.ll") if not p.name.endswith(".llvm14.ll"))
OLD_DIALECT_FIXTURES = sorted(FIXTURES.glob("*.llvm14.ll"))
CORPUS_SAMPLE = 60

#: Tests the manifest marks unreadable because `opt` rejects them, while `llvm-as`
#: (our canonicaliser) reads them: the triple names an architecture opt was not built for.
READ_BY_LLVM_AS_ONLY = {"tests/alive-tv/memory/malloc-calloc.srctgt.ll"}  # C files compiled by default; all of them with -m slow


def _shared() -> Path | None:
    env = os.environ.get("VERIOPT_SHARED")
    p = Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"
    return p if p.is_dir() else None


def _toolchain():
    from veriopt.llvm.toolchain import get_toolchain

    try:
        tc = get_toolchain()
        tc.path("llvm-as")
        tc.path("llvm-dis")
        return tc
    except ToolchainError as e:
        pytest.skip(f"LLVM 19 is not installed: {e}")


def _assert_round_trip(text: str, name: str) -> ir.Module:
    module = parse_module(text, filename=name)
    printed = print_module(module)
    if printed != text:
        diff = "\n".join(list(difflib.unified_diff(text.splitlines(), printed.splitlines(),
                                                   "llvm", "ours", lineterm="", n=1))[:40])
        pytest.fail(f"{name} does not round-trip:\n{diff}")
    return module


def _strip_module_id(text: str) -> str:
    return text.split("\n", 1)[1] if text.startswith("; ModuleID = ") else text


# --------------------------------------------------------------------------
# fixtures (always run)
# --------------------------------------------------------------------------


def test_fixture_set_covers_the_forms_we_promise():
    names = {p.stem for p in CANONICAL_FIXTURES}
    assert {"instructions", "globals", "fp_constants", "names", "debuginfo",
            "program_o0", "program_instcombine"} <= names
    assert OLD_DIALECT_FIXTURES, "the LLVM 14 typed-pointer fixture is missing"


@pytest.mark.parametrize("path", CANONICAL_FIXTURES, ids=lambda p: p.name)
def test_fixture_round_trips_exactly(path: Path):
    _assert_round_trip(path.read_text(), path.name)


def test_every_instruction_class_appears_in_the_fixtures():
    seen: set[type] = set()
    for path in CANONICAL_FIXTURES:
        for fn in parse_module(path.read_text()).definitions:
            for block in fn.blocks:
                seen.update(type(i) for i in block.items)
    missing = {cls.__name__ for cls in ir.Instruction.__args__} - {c.__name__ for c in seen}
    assert not missing, f"no fixture exercises {sorted(missing)}"
    assert ir.DebugRecord in seen


def test_fixture_model_keeps_flags_and_comments():
    m = parse_module((FIXTURES / "instructions.ll").read_text())
    binops = {getattr(i, "result", None): i for i in m.function("binops").blocks[0].instructions}
    assert binops["add"].flags == ("nuw", "nsw")
    assert binops["or"].flags == ("disjoint",)
    control = m.function("control")
    assert control.blocks[1].comment == "; preds = %c1, %entry"
    assert any(t.startswith("personality ") for t in control.trailer)
    sqrt = m.function("llvm.sqrt.f32")
    assert sqrt.comment.startswith("; Function Attrs: ") and sqrt.is_declaration


def test_standalone_printers_match_module_printing():
    m = parse_module((FIXTURES / "program_instcombine.ll").read_text())
    for fn in m.functions:
        text = print_function(fn)
        assert text in print_module(m)
    first = m.definitions[0].blocks[0].instructions[0]
    assert print_instruction(first) in print_module(m)


def test_old_dialect_fixture_parses_tolerantly_without_llvm():
    module = parse_module(OLD_DIALECT_FIXTURES[0].read_text())
    get = module.function("get")
    assert all(isinstance(p.type, ir.PtrType) for p in get.params)


@pytest.mark.parametrize("path", CANONICAL_FIXTURES, ids=lambda p: p.name)
def test_fixture_is_what_llvm_prints(path: Path):
    tc = _toolchain()
    text = path.read_text()
    assert tc.canonicalize(text) == _strip_module_id(text)


@pytest.mark.parametrize("path", OLD_DIALECT_FIXTURES, ids=lambda p: p.name)
def test_old_dialect_fixture_round_trips_after_canonicalisation(path: Path):
    tc = _toolchain()
    canonical = tc.canonicalize(path.read_text())
    assert "i32*" not in canonical
    _assert_round_trip(canonical, path.name)


# --------------------------------------------------------------------------
# the C corpus at -O0 and after instcombine (needs ../shared and LLVM)
# --------------------------------------------------------------------------


def _corpus_files(shared: Path) -> list[Path]:
    return sorted((shared / "corpus").rglob("*.c"))


def _compile_pair(path: Path, cache: Path):
    """(-O0 IR, instcombine IR) or None when clang rejects the file."""
    from veriopt.llvm.toolchain import get_toolchain

    tc = get_toolchain()
    key = cache / (hashlib.sha1(str(path).encode()).hexdigest() + ".ll")
    try:
        if key.exists():
            o0 = key.read_text()
        else:
            o0 = tc.compile_c(path)
            key.write_text(o0)
    except ToolchainError:
        return None
    return o0, tc.opt(o0, "instcombine")


@pytest.fixture(scope="session")
def corpus_cache():
    with tempfile.TemporaryDirectory(prefix="veriopt-corpus-") as tmp:
        yield Path(tmp)


def _check_corpus(files: list[Path], cache: Path) -> None:
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        results = list(pool.map(lambda p: (p, _compile_pair(p, cache)), files))
    compiled = [(p, r) for p, r in results if r is not None]
    assert len(compiled) >= len(files) // 2, "clang rejected most of the corpus"
    failures = []
    for path, (o0, ic) in compiled:
        for kind, text in (("O0", o0), ("instcombine", ic)):
            try:
                if print_module(parse_module(text)) != text:
                    failures.append(f"{path.name} ({kind}): printed text differs")
            except IRSyntaxError as e:
                failures.append(f"{path.name} ({kind}): {e}")
    assert not failures, f"{len(failures)} of {2 * len(compiled)} modules: {failures[:5]}"


def test_corpus_sample_round_trips(corpus_cache):
    shared = _shared()
    if shared is None:
        pytest.skip("../shared is absent (set VERIOPT_SHARED to run the corpus round trip)")
    _toolchain()
    files = _corpus_files(shared)
    step = max(1, len(files) // CORPUS_SAMPLE)
    _check_corpus(files[::step][:CORPUS_SAMPLE], corpus_cache)


@pytest.mark.slow
def test_whole_corpus_round_trips(corpus_cache):
    shared = _shared()
    if shared is None:
        pytest.skip("../shared is absent (set VERIOPT_SHARED to run the corpus round trip)")
    _toolchain()
    _check_corpus(_corpus_files(shared), corpus_cache)


# --------------------------------------------------------------------------
# Alive2's conformance files and the real function pairs
# --------------------------------------------------------------------------


def test_conformance_files_canonicalise_and_round_trip():
    shared = _shared()
    if shared is None or not (shared / "conformance" / "manifest.json").is_file():
        pytest.skip("../shared/conformance is absent")
    tc = _toolchain()
    root = shared / "conformance"
    tests = json.loads((root / "manifest.json").read_text())["tests"]

    def check(test: dict) -> str | None:
        files = [root / f for f in test["local_files"]]
        if not all(f.is_file() for f in files):
            return None
        if test["llvm19_parses"]:
            for f in files:
                canonical = tc.canonicalize(f.read_text(), filename=f.name)
                if print_module(parse_module(canonical, filename=f.name)) != canonical:
                    return f"{f.name}: does not round-trip"
            return None
        for f in files:
            try:
                canonical = tc.canonicalize(f.read_text(), filename=f.name)
            except IRSyntaxError:
                return None
            if print_module(parse_module(canonical, filename=f.name)) != canonical:
                return f"{f.name}: does not round-trip"
        if test["path"] in READ_BY_LLVM_AS_ONLY:
            return None
        return f"{test['path']}: LLVM 19 accepted every file, the manifest says it must not"

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        failures = [msg for msg in pool.map(check, tests) if msg]
    assert not failures, failures[:5]


def test_real_function_pairs_round_trip_or_are_rejected():
    shared = _shared()
    path = shared / "conformance-real" / "pairs.jsonl.gz" if shared else None
    if path is None or not path.is_file():
        pytest.skip("../shared/conformance-real is absent")
    n = 0
    with gzip.open(path, "rt") as fh:
        for line in fh:
            row = json.loads(line)
            for text in (row["src"], row["tgt"]):
                try:
                    module = parse_module(text)
                except IRSyntaxError:
                    assert row["alive2"] == "error", f"{row['id']}: we reject what LLVM read"
                    continue
                assert print_module(module) == text, f"{row['id']} does not round-trip"
                n += 1
    assert n > 1000


# --------------------------------------------------------------------------
# hand-written (non-canonical) input is read the way LLVM reads it
# --------------------------------------------------------------------------

HAND_WRITTEN = {
    "implicit numbers": "define i32 @f(i32, i32 %x) {\n  add i32 %0, %x\n  ret i32 %2\n}\n",
    "comments anywhere": "; CHECK: foo\ndefine i32 @f(i32 %x) { ; trailing\n"
                         "  %y = add i32 %x, ; mid-instruction\n 1\n  ret i32 %y\n}\n",
    "type alias": "%A = type [2 x i32]\n@g = global %A zeroinitializer\n",
    "splat": "define <4 x i32> @f() {\n  ret <4 x i32> splat (i32 7)\n}\n"
             "define <vscale x 2 x i8> @g() {\n  ret <vscale x 2 x i8> splat (i8 1)\n}\n",
    "typed pointers": "define i32 @f(i32* %p) {\n  %v = load i32, i32* %p\n  ret i32 %v\n}\n",
    "inline attributes": "define void @f(i32 inreg %x) nounwind noinline {\n  ret void\n}\n",
    "one line": "define void @f() { entry: br label %x x: ret void }",
}


def test_forward_reference_to_a_type_alias_is_rejected_like_llvm():
    with pytest.raises(IRSyntaxError, match="forward references to non-struct type"):
        parse_module("@g = global %A zeroinitializer\n%A = type [2 x i32]\n")


@pytest.mark.parametrize("name", sorted(HAND_WRITTEN))
def test_hand_written_ir_means_what_llvm_reads(name):
    tc = _toolchain()
    text = HAND_WRITTEN[name]
    ours = print_module(parse_module(text))
    assert tc.canonicalize(ours) == tc.canonicalize(text)
