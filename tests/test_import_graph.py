"""The shape of the code: ui → services → domain/storage/importers/exporters, and the window's wings apart.

Read from the source with ``ast`` (every import, at the top or inside a function), so a lazy import
inside a method counts as much as one at the top of a module.
"""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tthc_desktop"
UI = PACKAGE / "ui"
WINGS = ("plans", "tracking", "report", "catalog")
FORBIDDEN_IN_UI = ("tthc_desktop.storage", "tthc_desktop.importers", "tthc_desktop.exporters", "sqlalchemy", "alembic")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _hits(names: set[str], prefixes) -> list[str]:
    return sorted(n for n in names if any(n == p or n.startswith(p + ".") for p in prefixes))


def ui_modules():
    return sorted(UI.rglob("*.py"))


@pytest.mark.parametrize("path", ui_modules(), ids=lambda p: str(p.relative_to(UI)))
def test_ui_reaches_data_only_through_services(path):
    assert _hits(imported_modules(path), FORBIDDEN_IN_UI) == []


@pytest.mark.parametrize("path", ui_modules(), ids=lambda p: str(p.relative_to(UI)))
def test_wings_do_not_import_each_other(path):
    parts = path.relative_to(UI).parts
    own = parts[0] if len(parts) > 1 else None
    others = [f"tthc_desktop.ui.{w}" for w in WINGS if w != own]
    if own in ("shell",):
        return  # the shell is where the wings meet
    assert _hits(imported_modules(path), others + ["tthc_desktop.ui.shell"]) == []


def test_common_imports_no_wing():
    for path in (UI / "common").rglob("*.py"):
        assert _hits(imported_modules(path), [f"tthc_desktop.ui.{w}" for w in (*WINGS, "shell")]) == [], path


def test_the_ui_is_in_wings():
    loose = [p.name for p in UI.glob("*.py") if p.name != "__init__.py"]
    assert loose == []
    assert {p.name for p in UI.iterdir() if p.is_dir() and not p.name.startswith("__")} == {
        "shell", "common", *WINGS}


def test_inner_layers_never_import_the_faces():
    for layer in ("domain", "storage", "importers", "exporters", "services"):
        for path in (PACKAGE / layer).rglob("*.py"):
            hits = _hits(imported_modules(path), ["tthc_desktop.ui", "tthc_desktop.cli", "PySide6"])
            assert hits == [], path


def test_domain_is_pure_python():
    for path in (PACKAGE / "domain").rglob("*.py"):
        hits = _hits(imported_modules(path), ["sqlalchemy", "tthc_desktop.storage", "tthc_desktop.importers",
                                               "tthc_desktop.exporters", "tthc_desktop.services", "openpyxl", "docx"])
        assert hits == [], path


def test_importers_and_exporters_do_not_import_each_other():
    for a, b in (("importers", "exporters"), ("exporters", "importers")):
        for path in (PACKAGE / a).rglob("*.py"):
            assert _hits(imported_modules(path), [f"tthc_desktop.{b}"]) == [], path
