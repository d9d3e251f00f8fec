"""No import cycles inside the ``pipeline`` package.

Every ``import`` statement of every module counts, the ones inside functions too: a late
import hides a cycle from Python but not from the reader. An edge goes to the module named by
the statement (``from pipeline.a import b`` goes to ``pipeline.a.b`` when that is a module,
else to ``pipeline.a``); the parent packages Python initialises on the way are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import pipeline

PACKAGE = "pipeline"
PACKAGE_DIR = Path(pipeline.__file__).resolve().parent

Graph = dict[str, set[str]]


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Dotted module name → file, for every module under ``root`` (a package ``__init__`` is the package)."""
    names = {}
    for path in sorted(root.rglob("*.py")):
        parts = (package, *path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def _imported(node: ast.Import | ast.ImportFrom, module: str, *, is_package: bool,
              modules: set[str]) -> set[str]:
    """The package's modules one import statement loads, named from ``module``."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names} & modules
    base = node.module or ""
    if node.level:
        anchor = module.split(".") if is_package else module.split(".")[:-1]
        anchor = anchor[:len(anchor) - (node.level - 1)]
        base = ".".join([*anchor, *([base] if base else [])])
    # ``from a import b``: the submodule a.b when there is one, else a name defined in a.
    wanted = {f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names}
    return wanted & modules


def import_graph(root: Path, package: str) -> Graph:
    """Module → the package's modules it imports anywhere in its source."""
    modules = module_names(root, package)
    graph: Graph = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                graph[name] |= _imported(node, name, is_package=path.name == "__init__.py",
                                         modules=set(modules)) - {name}
    return graph


def find_cycles(graph: Graph) -> list[list[str]]:
    """One cycle per strongly connected group of modules (Tarjan), as a closed path ``[a, b, a]``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_path_through(group, graph) for group in groups]


def _path_through(group: set[str], graph: Graph) -> list[str]:
    """A closed path inside one strongly connected group, starting at its first module by name."""
    start = min(group)
    path, seen = [start], {start}
    while True:
        step = min(t for t in graph[path[-1]] if t in group)
        if step in seen:
            return path[path.index(step):] + [step]
        path.append(step)
        seen.add(step)


@pytest.mark.parametrize("graph, cycles", [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ({"a": {"b"}, "b": {"a"}}, [["a", "b", "a"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c", "a"]]),
    ({"a": {"a"}}, [["a", "a"]]),
    ({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}, [["a", "b", "a"], ["c", "d", "c"]]),
])
def test_find_cycles(graph, cycles):
    assert sorted(find_cycles(graph)) == cycles


def test_import_graph_sees_late_and_relative_imports(tmp_path):
    root = tmp_path / "pkg"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "sub" / "__init__.py").write_text("from .leaf import thing\n")
    (root / "sub" / "leaf.py").write_text("def late():\n    from pkg import top\n    return top\nthing = 1\n")
    (root / "top.py").write_text("import json\nfrom pkg.sub import leaf, thing\n")
    graph = import_graph(root, "pkg")
    assert graph == {"pkg": set(), "pkg.sub": {"pkg.sub.leaf"}, "pkg.sub.leaf": {"pkg.top"},
                     "pkg.top": {"pkg.sub", "pkg.sub.leaf"}}
    assert find_cycles(graph) == [["pkg.sub", "pkg.sub.leaf", "pkg.top", "pkg.sub"]]


def test_pipeline_has_no_import_cycles():
    cycles = find_cycles(import_graph(PACKAGE_DIR, PACKAGE))
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(cycle) for cycle in cycles)
