"""scoring/ holds the rules as pure functions: it may import the standard library and itself, nothing else."""

import ast
import sys
from pathlib import Path

import pytest

SCORING = Path(__file__).resolve().parents[2] / "scoring"
FORBIDDEN = {"flask", "sqlalchemy", "wtforms", "openpyxl", "panel", "werkzeug", "jinja2", "flask_wtf"}


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", sorted(SCORING.rglob("*.py")), ids=lambda path: path.name)
def test_scoring_imports_only_the_standard_library(path):
    outside = {
        root for root in _imported_roots(path) if root != "scoring" and root not in sys.stdlib_module_names
    }
    assert outside == set(), f"{path.name} imports {sorted(outside)}"
    assert not _imported_roots(path) & FORBIDDEN


def test_the_check_sees_a_forbidden_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom flask import request\nimport sqlalchemy.orm\nfrom . import sibling\n")
    assert _imported_roots(sample) == {"os", "flask", "sqlalchemy"}
