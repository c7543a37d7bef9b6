"""The package layout is checked, not hoped for: import direction, no cycles, no shadowed modules."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
import types
from pathlib import Path

import grimp

import summarizer

PACKAGE = Path(summarizer.__file__).parent


ENTRY_POINTS = {"summarizer.__main__", "summarizer._worker_main"}  # importing them runs them


def _modules() -> list[str]:
    found = pkgutil.walk_packages([str(PACKAGE)], prefix="summarizer.")
    return sorted(m.name for m in found if m.name not in ENTRY_POINTS)


def test_import_contracts_hold() -> None:
    """`lint-imports` (the contracts in pyproject.toml) passes: cli > pipeline > stages > core."""
    root = PACKAGE.parent
    exe = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(exe)], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:]


def test_no_import_cycles() -> None:
    graph = grimp.build_graph("summarizer")
    modules = sorted(graph.modules)
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph.find_modules_directly_imported_by(m)):
            if not n.startswith("summarizer") or n == "summarizer":
                continue
            if state.get(n) == 1:
                return stack[stack.index(n):] + [n]
            if n not in state and (cycle := visit(n)):
                return cycle
        stack.pop()
        state[m] = 2
        return None

    for m in modules:
        if m not in state and m != "summarizer" and (cycle := visit(m)):
            raise AssertionError("import cycle: " + " -> ".join(cycle))


def test_no_module_is_shadowed_by_a_name_in_its_package() -> None:
    """`import summarizer.x.y as m` always gives the module, never a same-named function."""
    for name in _modules():
        parent, _, leaf = name.rpartition(".")
        importlib.import_module(name)
        assert isinstance(getattr(sys.modules[parent], leaf), types.ModuleType), name


def test_imports_inside_the_package_are_relative() -> None:
    absolute = re.compile(r"^\s*(?:from summarizer\b|import summarizer\b)", re.M)
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if p.name != "_worker_main.py" and absolute.search(p.read_text(encoding="utf-8"))
    ]
    assert not offenders


def test_every_relative_import_resolves() -> None:
    """Imports inside functions run late: a wrong one (left over from a move) is found here, not in use."""
    import ast
    import importlib.util

    broken = []
    for p in PACKAGE.rglob("*.py"):
        rel = p.relative_to(PACKAGE.parent).with_suffix("")
        package = list(rel.parts[:-1]) if p.name != "__init__.py" else list(rel.parts[:-1])
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.level:
                continue
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            if node.level - 1 > len(package) - 1:
                broken.append(f"{rel}:{node.lineno}")
                continue
            target = ".".join([*base, *([node.module] if node.module else [])])
            names = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
            for name in names:
                try:
                    found = importlib.util.find_spec(name) is not None
                except ModuleNotFoundError:
                    found = False
                if not found and not _has_attr(target, node.names):
                    broken.append(f"{rel}:{node.lineno} {name}")
    assert not broken


def _has_attr(module: str, aliases: list) -> bool:
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return False
    return all(hasattr(mod, a.name) for a in aliases)


def test_modules_and_functions_stay_small() -> None:
    """No module over 500 lines; no function over 60."""
    import ast

    long_modules = {}
    long_functions = {}
    for p in PACKAGE.rglob("*.py"):
        source = p.read_text(encoding="utf-8")
        lines = source.count("\n")
        if lines > 500:
            long_modules[str(p.relative_to(PACKAGE))] = lines
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > 60:
                    long_functions[f"{p.relative_to(PACKAGE)}:{node.name}"] = size
    assert not long_modules
    assert not long_functions
