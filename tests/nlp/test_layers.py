"""The layers of the NLP side: text rules below everything, components independent of each other."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "pipeline"
COMPONENTS = PACKAGE / "nlp" / "components"


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    return names | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


@pytest.mark.parametrize("path", sorted((PACKAGE / "text").glob("*.py")), ids=lambda p: p.name)
def test_text_rules_import_only_text_rules(path):
    assert {m for m in imported(path) if m.startswith("pipeline") and not m.startswith("pipeline.text")} == set()


@pytest.mark.parametrize("package", sorted(p for p in COMPONENTS.iterdir() if p.is_dir() and p.name != "__pycache__"),
                         ids=lambda p: p.name)
def test_a_component_package_imports_no_other(package):
    own = f"pipeline.nlp.components.{package.name}"
    for path in package.glob("*.py"):
        others = {m for m in imported(path) if m.startswith("pipeline.nlp.components.") and not m.startswith(own)}
        assert others == set(), f"{path.name} imports {others}"
