"""The layer rule of ARCHITECTURE.md, read from the source: ui → services → (domain, storage, models, sync).

Every import counts, at module level or inside a function, relative ones resolved.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "desktop"
QT_ALLOWED = ("desktop.ui", "desktop.app")
QT_LAZY_ONLY = ("desktop.selftest",)
LOWER_LAYERS = ("desktop.domain", "desktop.models", "desktop.storage", "desktop.sync")
UPPER_LAYERS = ("desktop.services", "desktop.ui", "desktop.app", "desktop.cli")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _package_of(path: Path) -> str:
    name = _module_name(path)
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _imports(path: Path) -> Iterator[tuple[str, int, bool]]:
    """(imported module, line, at module level) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        at_top = id(node) in top_level
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno, at_top
        elif isinstance(node, ast.ImportFrom):
            for name in _from_targets(path, node):
                yield name, node.lineno, at_top


def _from_targets(path: Path, node: ast.ImportFrom) -> list[str]:
    if node.level == 0:
        return [node.module or ""]
    base = _package_of(path).split(".")
    base = base[: len(base) - (node.level - 1)]
    if node.module:
        return [".".join([*base, node.module])]
    return [".".join([*base, alias.name]) for alias in node.names]  # from . import x


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_the_walk_sees_the_whole_package():
    names = {_module_name(p) for p in _sources()}
    assert {"desktop.domain.rules", "desktop.services.delegations", "desktop.storage.database"} <= names


def test_nothing_below_the_ui_imports_qt():
    offenders = [
        f"{_module_name(path)}:{line} imports {module}"
        for path in _sources()
        if not _within(_module_name(path), QT_ALLOWED + QT_LAZY_ONLY)
        for module, line, _top in _imports(path)
        if _within(module, ("PySide6", "shiboken6"))
    ]
    assert offenders == []


def test_selftest_imports_qt_only_inside_functions():
    offenders = [
        f"{_module_name(path)}:{line} imports {module} at module level"
        for path in _sources()
        if _within(_module_name(path), QT_LAZY_ONLY)
        for module, line, top in _imports(path)
        if top and _within(module, ("PySide6", "shiboken6"))
    ]
    assert offenders == []


def test_domain_imports_only_domain_from_the_project():
    offenders = [
        f"{_module_name(path)}:{line} imports {module}"
        for path in sorted((PACKAGE / "domain").rglob("*.py"))
        for module, line, _top in _imports(path)
        if _within(module, ("desktop",)) and not _within(module, ("desktop.domain",))
    ]
    assert offenders == []


def test_lower_layers_never_reach_up():
    offenders = [
        f"{_module_name(path)}:{line} imports {module}"
        for path in _sources()
        if _within(_module_name(path), LOWER_LAYERS)
        for module, line, _top in _imports(path)
        if _within(module, UPPER_LAYERS)
    ]
    assert offenders == []


def test_services_never_import_the_ui():
    offenders = [
        f"{_module_name(path)}:{line} imports {module}"
        for path in sorted((PACKAGE / "services").rglob("*.py"))
        for module, line, _top in _imports(path)
        if _within(module, ("desktop.ui", "desktop.app", "desktop.cli"))
    ]
    assert offenders == []
