"""Imports flow one way: ontology <- ingest, graph, search <- api (STYLE.md)."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {
    "ontology": {"ontology"},
    "ingest": {"ontology", "ingest"},
    "graph": {"ontology", "graph"},
    "search": {"ontology", "search"},
    "api": {"ontology", "ingest", "graph", "search", "api"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(ALLOWED)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_what_it_may(package):
    bad = {str(f.relative_to(ROOT)): sorted(imported_packages(f) - ALLOWED[package])
           for f in (ROOT / package).rglob("*.py") if imported_packages(f) - ALLOWED[package]}
    assert bad == {}
