"""The shape of the code, as docs/architecture.md describes it: a page's code is found from its URL in one step,
every routes module is wired from the one list, and the order of the areas holds even for names needed only
for type checking."""

import ast
import subprocess
import sys
import tomllib
from importlib import import_module
from pathlib import Path

import pytest

from panel import ROUTES

ROOT = Path(__file__).resolve().parent.parent
PANEL = ROOT / "panel"


def _package_of(blueprint) -> str:
    """The package a blueprint belongs to: it is defined in that package's __init__.py."""
    module = import_module(blueprint.import_name)
    return module.__name__ if hasattr(module, "__path__") else module.__name__.rpartition(".")[0]


def test_every_endpoints_view_lives_in_its_own_blueprints_package(app):
    """From a URL to its code in one step: the endpoint's blueprint names the package holding its view."""
    misplaced = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        blueprint = app.blueprints[rule.endpoint.partition(".")[0]]
        package = _package_of(blueprint)
        module = app.view_functions[rule.endpoint].__module__
        if not (module == package or module.startswith(package + ".")):
            misplaced.append(f"{rule.rule} ({rule.endpoint}) is in {module}, not under {package}")
    assert misplaced == []
    assert len(list(app.url_map.iter_rules())) > 100  # the walk really saw the pages


def test_a_blueprint_is_named_after_its_package(app):
    for name, blueprint in app.blueprints.items():
        assert _package_of(blueprint).rpartition(".")[2] == name


def test_every_routes_module_is_wired_from_the_one_list():
    found = {".".join(path.relative_to(ROOT).with_suffix("").parts) for path in PANEL.rglob("routes.py")}
    assert found == set(ROUTES)
    assert len(ROUTES) == len(set(ROUTES))


def test_no_module_imports_another_at_its_bottom():
    """Imports come first (PEP 8); an import after the code is how cycles used to be hidden."""
    late = []
    for path in PANEL.rglob("*.py"):
        body = ast.parse(path.read_text()).body
        seen_code = False
        for node in body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                if seen_code:
                    late.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            elif isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
                seen_code = True
    assert late == []


def _layers() -> list[set[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    layers = next(contract for contract in config if contract["type"] == "layers")["layers"]
    return [{name.strip() for name in layer.replace(":", "|").split("|")} for layer in layers]


def _rank(module: str, layers: list[set[str]]) -> int | None:
    """Position of a panel module's area in the order (0 is the top); None outside the layers."""
    parts = module.split(".")
    if parts[0] != "panel" or len(parts) < 2:
        return None
    for position, layer in enumerate(layers):
        if parts[1] in layer:
            return position
    return None


def _type_checking_imports(tree: ast.Module):
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module:
                    yield inner.module, inner.lineno


def _defines_models(path: Path) -> bool:
    classes = [node for node in ast.parse(path.read_text()).body if isinstance(node, ast.ClassDef)]
    return any(ast.unparse(base) == "Model" for node in classes for base in node.bases)


def test_type_only_imports_against_the_order_stay_in_models():
    """The other side of an ORM relationship may name a later area's model for the type checker (import-linter
    does not count imports under TYPE_CHECKING); nothing else may lean on a later area, even for types."""
    layers = _layers()
    upward = []
    for path in PANEL.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        here = _rank(module, layers)
        for imported, line in _type_checking_imports(ast.parse(path.read_text())):
            there = _rank(imported, layers)
            if here is not None and there is not None and there < here and not _defines_models(path):
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert upward == []


@pytest.mark.parametrize("area", sorted({name for layer in _layers() for name in layer}))
def test_every_area_in_the_order_exists(area):
    assert (PANEL / area).is_dir() or (PANEL / f"{area}.py").is_file()


def test_the_tree_in_docs_architecture_matches_the_code():
    text = (ROOT / "docs" / "architecture.md").read_text()
    block = text.split("<!-- tree -->", 1)[1].split("```", 2)[1]
    documented = {line.strip() for line in block.splitlines() if line.strip()}
    packages = {
        str(path.parent.relative_to(PANEL)) for path in PANEL.rglob("__init__.py") if path.parent != PANEL
    }
    assert documented == packages


def test_only_the_command_imports_the_application_factory():
    """The factory (panel/__init__.py) imports every area; an area importing it back would be a cycle that
    import-linter's contracts, which look at siblings and layers, do not see."""
    back = []
    for path in PANEL.rglob("*.py"):
        if path.name in ("__init__.py", "__main__.py") and path.parent == PANEL:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "panel" and node.level == 0:
                back.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Import) and any(alias.name == "panel" for alias in node.names):
                back.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert back == []


def test_a_server_process_starts_without_the_spreadsheet_libraries(tmp_path):
    """xlsxwriter writes the decisions workbook and openpyxl (the largest library the app uses) reads bid
    spreadsheets; only those need them: a server process that loads them as it starts answers later after every
    restart (bench/meeting_faults.py measures how much later)."""
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'start.db'}", "SECRET_KEY": "x"}
    check = (
        "import sys, wsgi; "
        "print(sorted(name for name in sys.modules if name.split('.')[0] in ('openpyxl', 'xlsxwriter')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", check],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
