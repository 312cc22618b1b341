"""The house's structure, read from the source (ast): the base imports no app, communications and meetings depend
in one direction only, no app import hides inside a function, and no module grows past ~600 lines.

Layers, from the bottom: `iwg` (the base) < `communications` < `recommendations` < `meetings` < `audit`, `portal`
(the roof)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("iwg", "communications", "recommendations", "meetings", "audit", "portal")
# What each package may import of the others (its own package aside).
ALLOWED = {
    "iwg": set(),
    "communications": {"iwg"},
    "recommendations": {"iwg", "communications"},
    "meetings": {"iwg", "communications", "recommendations"},
    "audit": {"iwg", "communications", "recommendations", "meetings"},
    "portal": {"iwg", "communications", "recommendations", "meetings", "audit"},
}
MAX_LINES = 600


def _modules(package: str) -> list[Path]:
    return sorted(path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts)


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(top-level package imported, whether the import sits inside a function) for every absolute import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((alias.name.split(".")[0], in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                found.append((child.module.split(".")[0], in_function))
            visit(child, inside)

    visit(tree, False)
    return found


def _app_imports(package: str) -> dict[str, set[str]]:
    """{module path: app packages it imports} for every module of `package`."""
    result = {}
    for path in _modules(package):
        imported = {name for name, _ in _imports(path) if name in APPS and name != package}
        if imported:
            result[str(path.relative_to(ROOT))] = imported
    return result


def test_the_base_imports_no_app():
    assert _app_imports("iwg") == {}


@pytest.mark.parametrize("package", [app for app in APPS if app != "iwg"])
def test_each_app_imports_only_what_lies_below_it(package):
    wrong = {
        module: imported - ALLOWED[package]
        for module, imported in _app_imports(package).items()
        if imported - ALLOWED[package]
    }
    assert wrong == {}


def test_communications_and_meetings_depend_in_one_direction_only():
    communications_on_meetings = [m for m, imported in _app_imports("communications").items() if "meetings" in imported]
    meetings_on_communications = [m for m, imported in _app_imports("meetings").items() if "communications" in imported]
    assert not (communications_on_meetings and meetings_on_communications)
    assert communications_on_meetings == []


@pytest.mark.parametrize("package", APPS)
def test_no_app_import_hides_inside_a_function(package):
    hidden = [
        str(path.relative_to(ROOT))
        for path in _modules(package)
        for name, in_function in _imports(path)
        if in_function and name in APPS and name != package
    ]
    assert hidden == []


@pytest.mark.parametrize("package", APPS)
def test_no_module_passes_600_lines(package):
    long = {
        str(path.relative_to(ROOT)): lines
        for path in _modules(package)
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_checks_see_a_violation():
    """The parser finds imports at module level and inside functions (so the tests above are not vacuous)."""
    sample = ROOT / "tests" / "test_architecture.py"
    imported = dict(_imports(sample))
    assert imported["pytest"] is False
    assert _app_imports("portal")  # the roof does import the apps


def test_recommendations_sit_between_communications_and_meetings():
    """communications never imports recommendations (a measure's deadline is registered with it instead), and
    recommendations never imports meetings (meetings declares the agenda relation on a response)."""
    assert [m for m, imported in _app_imports("communications").items() if "recommendations" in imported] == []
    assert [m for m, imported in _app_imports("recommendations").items() if "meetings" in imported] == []
