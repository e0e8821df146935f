"""Which package may import which (docs/architecture.md): read from the source, so a stray import fails here.

- the pure modules (scoring, ranking, period rules, formatting, ``assessments/definitions/`` and the charts of
  ``publications/``) import no models,
  no database layer and no Wagtail, not even through another module of the project;
- ``home/`` imports neither ``assessments/`` nor ``publications/``;
- ``assessments/`` never imports ``publications/``.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE = [
    "assessments.scoring",
    "assessments.period_rules",
    "assessments.ranking",
    "assessments.formatting",
    "publications.charts",
    *sorted(
        f"assessments.definitions.{path.stem}"
        for path in (ROOT / "assessments" / "definitions").glob("*.py")
        if path.stem != "__init__"
    ),
]
IMPURE = ("assessments.models", "django.db", "django.contrib", "wagtail", "home", "publications")


def module_path(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def imports_of(name: str) -> set[str]:
    """Every module ``name`` imports, as written (``from a import b`` gives a and a.b)."""
    tree = ast.parse(module_path(name).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def reachable(name: str) -> dict[str, str]:
    """Every module imported by ``name`` or by a project module it imports, with who imports it."""
    seen: dict[str, str] = {}
    queue = [name]
    while queue:
        current = queue.pop()
        for imported in imports_of(current):
            if imported in seen:
                continue
            seen[imported] = current
            if imported.startswith("assessments.") and module_path(imported) is not None:
                queue.append(imported)
    return seen


def is_under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


@pytest.mark.parametrize("name", PURE)
def test_pure_modules_import_no_models_database_or_wagtail(name):
    offending = {
        module: importer
        for module, importer in reachable(name).items()
        if any(is_under(module, impure) for impure in IMPURE)
    }
    assert not offending, f"{name} reaches {offending}"


def python_modules(package: str) -> list[str]:
    return sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


@pytest.mark.parametrize(
    ("package", "forbidden"), [("home", ("assessments", "publications")), ("assessments", ("publications",))]
)
def test_apps_import_only_downwards(package, forbidden):
    offending = [
        (module, imported)
        for module in python_modules(package)
        for imported in imports_of(module)
        if any(is_under(imported, name) for name in forbidden)
    ]
    assert not offending


def test_the_check_sees_a_forbidden_import(tmp_path, monkeypatch):
    """The reader above is not blind: a module importing the models is caught."""
    package = tmp_path / "assessments" / "definitions"
    package.mkdir(parents=True)
    (package / "leaky.py").write_text("from assessments.models import Report\n", encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert "assessments.models" in reachable("assessments.definitions.leaky")


def test_migrations_do_not_import_the_engine():
    """A migration is history: it must not change, or break, when the engine's code moves."""
    engine = ("assessments.scoring", "assessments.definitions", "assessments.period_rules", "assessments.formatting")
    offending = [
        (path.name, imported)
        for path in sorted((ROOT / "assessments" / "migrations").glob("0*.py"))
        for imported in imports_of(f"assessments.migrations.{path.stem}")
        if any(is_under(imported, name) for name in engine)
    ]
    assert not offending
