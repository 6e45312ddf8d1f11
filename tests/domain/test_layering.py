"""desktop/domain must stay pure: no Qt, no SQLAlchemy, nothing else of the project."""

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "desktop" / "domain"
FORBIDDEN = ("PySide6", "sqlalchemy", "alembic", "desktop")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_domain_imports_nothing_of_the_project_or_ui():
    offenders = {
        (path.name, module)
        for path in DOMAIN.glob("*.py")
        for module in _imported_modules(path)
        if module.split(".")[0] in FORBIDDEN
    }
    assert offenders == set()


def test_every_public_function_has_a_docstring():
    missing = []
    for path in DOMAIN.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_def = isinstance(node, ast.FunctionDef | ast.ClassDef)
            if is_def and not node.name.startswith("_") and not ast.get_docstring(node):
                missing.append(f"{path.name}:{node.name}")
    assert missing == []
