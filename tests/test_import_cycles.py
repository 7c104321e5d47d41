"""No import cycles in src/veriopt, imports inside functions and `TYPE_CHECKING` blocks
included.

Why all of them: an import moved into a function body still makes the two modules
depend on each other; it only hides the cycle from Python's loader. A layered package
(llvm -> verify -> ... -> cli, and inside verify: semantics -> memory -> encode ->
check) is one whose import graph, read from the source with `ast`, is acyclic.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"


def _modules(root: Path) -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package's __init__), for every .py under root."""
    out = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        out[".".join(parts)] = (path, is_package)
    return out


def _imported(name: str, is_package: bool, node: ast.AST, modules: set[str]) -> set[str]:
    """The modules of ``modules`` one import statement loads. ``from pkg import x``
    loads ``pkg.x`` when that is a module, else ``pkg`` itself (x is a name in it)."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name in modules}
    assert isinstance(node, ast.ImportFrom)
    if node.level:
        base = name.split(".") if is_package else name.split(".")[:-1]
        base = base[:len(base) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    out = set()
    for alias in node.names:
        full = f"{source}.{alias.name}"
        out.add(full if full in modules else source)
    return out & modules


def import_graph(root: Path) -> dict[str, set[str]]:
    """Each module of the package at ``root`` -> the modules of it that it imports
    anywhere in its body (top level, functions, `if TYPE_CHECKING:`)."""
    modules = _modules(root)
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                deps |= _imported(name, is_package, node, set(modules))
        graph[name] = deps - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            v, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[v] = min(low[v], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _describe(graph: dict[str, set[str]], component: list[str]) -> str:
    members = set(component)
    return "\n".join(f"  {m} -> {', '.join(sorted(graph[m] & members))}" for m in component)


def test_veriopt_has_no_import_cycles() -> None:
    graph = import_graph(SRC / "veriopt")
    assert "veriopt.verify.encoder" in graph  # the walk found the package
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n\n".join(_describe(graph, c) for c in found)


def _write_package(root: Path, files: dict[str, str]) -> Path:
    pkg = root / "toy"
    for rel, text in files.items():
        path = pkg / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return pkg


@pytest.mark.parametrize("b_text", [
    "from toy.a import X\n",  # top level
    "def f():\n    from toy import a\n    return a\n",  # inside a function
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import X\n",  # relative
])
def test_cycle_is_found_wherever_the_import_sits(tmp_path: Path, b_text: str) -> None:
    pkg = _write_package(tmp_path, {"__init__.py": "", "a.py": "from toy.b import Y\nX = 1\n",
                                    "b.py": b_text + "Y = 2\n"})
    assert cycles(import_graph(pkg)) == [["toy.a", "toy.b"]]


def test_importing_a_name_from_a_package_is_an_edge_to_its_init(tmp_path: Path) -> None:
    pkg = _write_package(tmp_path, {"__init__.py": "from toy.sub.a import X\n",
                                    "sub/__init__.py": "", "sub/a.py": "from toy import Y\n"})
    assert cycles(import_graph(pkg)) == [["toy", "toy.sub.a"]]


def test_layered_package_has_no_cycle(tmp_path: Path) -> None:
    pkg = _write_package(tmp_path, {"__init__.py": "from toy.top import Z\n",
                                    "low.py": "X = 1\n",
                                    "mid.py": "def f():\n    from toy.low import X\n",
                                    "top.py": "from toy import mid\nfrom toy.low import X\nZ = X\n"})
    graph = import_graph(pkg)
    assert graph["toy.top"] == {"toy.mid", "toy.low"}
    assert cycles(graph) == []


# ---- private names stay in their module -------------------------------------------------


def private_uses(root: Path) -> list[str]:
    """``from veriopt.x import _name`` and ``module._name`` (``module`` imported from the
    package) anywhere in the package: a module reaching into another's private names."""
    modules = _modules(root)
    found = []
    for name, (path, is_package) in sorted(modules.items()):
        tree = ast.parse(path.read_text(), str(path))
        aliases: set[str] = set()  # local names bound to modules of the package
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for target in _imported(name, is_package, node, set(modules)):
                    for a in node.names:
                        if f"{node.module}.{a.name}" in modules or target.endswith("." + a.name):
                            aliases.add(a.asname or a.name)
                        elif a.name.startswith("_") and not a.name.startswith("__"):
                            found.append(f"{name}: from {target} import {a.name}")
            elif isinstance(node, ast.Import):
                aliases |= {a.asname for a in node.names if a.asname and a.name in modules}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id in aliases and node.attr.startswith("_") \
                    and not node.attr.startswith("__"):
                found.append(f"{name}: {node.value.id}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names() -> None:
    assert private_uses(SRC / "veriopt") == []


def test_private_use_is_found_by_import_and_by_attribute(tmp_path: Path) -> None:
    pkg = _write_package(tmp_path, {"__init__.py": "", "a.py": "_secret = 1\npublic = 2\n",
                                    "b.py": "from toy.a import _secret, public\n",
                                    "c.py": "from toy import a\nx = a._secret + a.public\n"})
    assert private_uses(pkg) == ["toy.b: from toy.a import _secret", "toy.c: a._secret"]
