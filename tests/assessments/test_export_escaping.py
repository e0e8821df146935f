"""Formula injection: no export writes a cell a spreadsheet program would run, and imports read the escape back.

Text from agencies, people and criteria sets reaches CSV and XLSX files; a cell
beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
formula to Excel and LibreOffice. Every export escapes it with a leading ``'``
(:func:`assessments.admin.spreadsheets.export_dataset`) and every import drops that
``'`` again (:func:`assessments.admin.spreadsheets.read_spreadsheet`).
"""

import ast
import csv
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.admin import spreadsheets
from assessments.models import Agency, CriteriaSetPage, RoleAssignment
from tests.factories.assessments import (
    AgencyFactory,
    AgencyLevelFactory,
    CriteriaSetPageFactory,
    RoleAssignmentFactory,
    UserFactory,
    groups_data,
    indicator,
)

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "+1",
    "-1+2",
    "@SUM(1)",
    "\t=1",
    "\r=1",
]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ["csv", "xlsx"]
AGENCY_EXPORT = "/admin/assessments/agencies/export/"
AGENCY_IMPORT = "/admin/assessments/agencies/import/"
PEOPLE_EXPORT = "/admin/assessments/people/export/"
PEOPLE_IMPORT = "/admin/assessments/people/import/"


def cells(file_format: str, content: bytes) -> list[list]:
    """Every cell of an exported file, header included, as a spreadsheet program reads it."""
    if file_format == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def as_read(file_format: str, value):
    """``value`` as it comes out of a file: XML, hence XLSX, reads every carriage return as a line feed."""
    return value.replace("\r", "\n") if file_format == "xlsx" and isinstance(value, str) else value


def assert_escaped(file_format: str, content: bytes, placed: list[str]) -> None:
    every_cell = [cell for row in cells(file_format, content) for cell in row]
    live = [cell for cell in every_cell if isinstance(cell, str) and cell.startswith(DANGEROUS)]
    assert live == []
    # Each hostile value is in the file, escaped, not dropped or mangled.
    for value in placed:
        escaped = as_read(file_format, "'" + value)
        assert any(isinstance(cell, str) and cell.startswith(escaped) for cell in every_cell), value


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def admin(admin_client, home_page):
    return admin_client


# --- the shared function -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [*HOSTILE, "\n=1"])
def test_a_cell_starting_a_formula_gets_an_apostrophe(value):
    assert spreadsheets.escape_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Sở Nội vụ", "", "1.1", "a=b", " =1", "2021", "x-1"])
def test_other_text_is_left_alone(value):
    assert spreadsheets.escape_cell(value) == value
    assert spreadsheets.unescape_cell(value) == value


@pytest.mark.parametrize("value", [-3, -2.5, Decimal("-1.5"), 0, None, True])
def test_numbers_and_other_values_stay_as_they_are(value):
    assert spreadsheets.escape_cell(value) is value
    assert spreadsheets.unescape_cell(value) is value


@pytest.mark.parametrize("value", [*HOSTILE, "\n=1", "'", "'=1", "''+1", "'\t", "'a", "a'=1", "'Sở"])
def test_unescape_reverses_escape(value):
    assert spreadsheets.unescape_cell(spreadsheets.escape_cell(value)) == value


def test_an_apostrophe_before_a_formula_character_is_escaped_too():
    # Otherwise a note written "'=1" would come back from an import as "=1".
    assert spreadsheets.escape_cell("'=1") == "''=1"
    assert spreadsheets.escape_cell("'a") == "'a"


@pytest.mark.parametrize("file_format", FORMATS)
def test_export_dataset_keeps_numbers_as_numbers(file_format):
    dataset = tablib.Dataset(["-1+2", -3, Decimal("-1.5"), "-3"], headers=["text", "int", "decimal", "text number"])
    content = spreadsheets.export_dataset(dataset, file_format)
    [header, row] = cells(file_format, content)
    assert header == ["text", "int", "decimal", "text number"]
    if file_format == "xlsx":
        assert row == ["'-1+2", -3, -1.5, "'-3"]
    else:
        assert row == ["'-1+2", "-3", "-1.5", "'-3"]
    assert dataset[0][0] == "-1+2"  # the caller's dataset is not changed


@pytest.mark.parametrize("file_format", FORMATS)
def test_read_spreadsheet_reads_the_escape_back(file_format):
    dataset = tablib.Dataset(*[[value, f"a{value}"] for value in HOSTILE], headers=["value", "other"])
    content = spreadsheets.export_dataset(dataset, file_format)
    again = spreadsheets.read_spreadsheet(f"file.{file_format}", content)
    assert [row[0] for row in again] == [as_read(file_format, value) for value in HOSTILE]
    assert [row[1] for row in again] == [as_read(file_format, f"a{value}") for value in HOSTILE]


def test_export_dataset_refuses_a_format_it_does_not_escape():
    with pytest.raises(ValueError):
        spreadsheets.export_dataset(tablib.Dataset(["=1"]), "json")


def portal_sources(root: Path) -> list[Path]:
    """The portal's own Python files: not the virtualenv, the tests, benchmarks or migrations."""
    skipped = {".venv", ".git", "node_modules", "tests", "bench", "media", "static"}
    folders = [path for path in root.iterdir() if path.is_dir() and path.name not in skipped]
    return [root / "manage.py"] + [
        path for folder in folders for path in folder.rglob("*.py") if "migrations" not in path.parts
    ]


def test_nothing_else_writes_a_spreadsheet():
    """CSV and XLSX are written only in assessments/admin/spreadsheets.py, so every export goes through the escape.

    A tablib ``dataset.export(format)`` call, a ``csv`` writer or openpyxl elsewhere in the portal's code
    would bypass it: write a dataset and hand it to ``export_dataset`` instead.
    """
    root = Path(__file__).resolve().parents[2]
    shared = root / "assessments" / "admin" / "spreadsheets.py"
    offenders = []
    for path in portal_sources(root):
        if path == shared:
            continue
        where = path.relative_to(root)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # Resource.export(queryset=...) takes keywords; tablib's Dataset.export takes the format.
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "export":
                if node.args:
                    offenders.append(f"{where}:{node.lineno}")
            elif isinstance(node, ast.Attribute) and (
                node.attr == "export_set"
                or (
                    node.attr in {"writer", "DictWriter"}
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "csv"
                )
            ):
                offenders.append(f"{where}:{node.lineno}")
            elif isinstance(node, ast.Import | ast.ImportFrom):
                modules = [alias.name for alias in node.names] + [getattr(node, "module", None) or ""]
                if any(module.split(".")[0] in {"openpyxl", "xlsxwriter", "xlwt"} for module in modules):
                    offenders.append(f"{where}:{node.lineno}")
    assert offenders == []


# --- agencies -------------------------------------------------------------------------------------------------


@pytest.fixture
def hostile_agencies():
    level = AgencyLevelFactory(code="commune", name="UBND cấp xã")
    return [
        AgencyFactory(
            code=f"CQ-{number}",
            name=value,
            level=level,
            note=value,
            evaluated=number % 2 == 0,
            not_evaluated_reason="" if number % 2 == 0 else value,
        )
        for number, value in enumerate(HOSTILE)
    ]


def agencies_state(file_format: str = "csv") -> dict:
    return {
        agency.code: tuple(
            as_read(file_format, value)
            for value in (agency.name, agency.level.code, agency.evaluated, agency.note, agency.not_evaluated_reason)
        )
        for agency in Agency.objects.select_related("level")
    }


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_agencies_export_escapes_formulae(admin, hostile_agencies, file_format):
    response = admin.get(AGENCY_EXPORT, {"format": file_format})
    assert response.status_code == 200
    assert_escaped(file_format, response.content, HOSTILE)


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_agencies_export_imports_back_exactly(admin, hostile_agencies, file_format):
    before = agencies_state(file_format)
    content = admin.get(AGENCY_EXPORT, {"format": file_format}).content
    assert_escaped(file_format, content, HOSTILE)
    Agency.objects.all().delete()

    response = admin.post(AGENCY_IMPORT, {"file": upload(f"agencies.{file_format}", content)})

    assert response.status_code == 302, response.context and response.context.get("outcome")
    assert agencies_state() == before


# --- people ---------------------------------------------------------------------------------------------------


@pytest.fixture
def hostile_people():
    agency = AgencyFactory(code="SO-NV", name="Sở Nội vụ")
    # Usernames and e-mail addresses may begin with "+" or "-" (and addresses with "="), names with anything.
    usernames = ["+1", "-1+2", "-canbo", "+lanhdao", "canbo.3", "canbo.4", "canbo.5"]
    emails = ["=a@example.org", "+b@example.org", "-c@example.org", "d@example.org"] + [None] * 3
    return [
        RoleAssignmentFactory(
            user=UserFactory(username=username, first_name=value, email=email or f"{username}@example.org"),
            role="officer",
            agency=agency,
        )
        for username, value, email in zip(usernames, HOSTILE, emails, strict=True)
    ]


def people_state(django_user_model, file_format: str = "csv") -> set:
    return {
        (user.username, as_read(file_format, user.first_name), user.email, assignment.role, assignment.agency.code)
        for user in django_user_model.objects.filter(is_superuser=False)
        for assignment in user.role_assignments.select_related("agency")
    }


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_people_export_escapes_formulae(admin, hostile_people, file_format):
    response = admin.get(PEOPLE_EXPORT, {"format": file_format})
    assert response.status_code == 200
    assert_escaped(file_format, response.content, [*HOSTILE, "+1", "-1+2", "=a@example.org", "+b@example.org"])


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_people_export_imports_back_exactly(
    admin, hostile_people, file_format, django_user_model, django_capture_on_commit_callbacks
):
    before = people_state(django_user_model, file_format)
    content = admin.get(PEOPLE_EXPORT, {"format": file_format}).content
    assert_escaped(file_format, content, HOSTILE)
    RoleAssignment.objects.all().delete()
    django_user_model.objects.filter(is_superuser=False).delete()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(PEOPLE_IMPORT, {"file": upload(f"people.{file_format}", content)})

    assert response.status_code == 302, response.context and response.context.get("outcome")
    assert people_state(django_user_model) == before


# --- criteria sets --------------------------------------------------------------------------------------------

# The criteria import strips spaces, tabs and line breaks around every cell (editors' stray spaces), so only
# the values without leading whitespace can come back exactly.
EXACT = [value for value in HOSTILE if not value[0].isspace()]


def hostile_indicator(number: int, value: str) -> dict:
    return indicator(
        f"-{number}.1" if number % 2 else f"{number}.1",
        "LEVELS",
        10,
        title=value,
        unit=value,
        evidence_description=value,
        data_source=value,
        options=[{"label": value, "fraction": "1"}, {"label": "Không", "fraction": "0"}],
    )


def hostile_criteria_set(decision, values: list[str]) -> CriteriaSetPage:
    """One group and one LEVELS indicator per value, in its texts and its first option's label (the start of
    the ``parameters`` cell); some codes begin with "-" or "+"."""
    groups = groups_data(
        [
            ("+1" if number == 0 else f"G{number}", value, [hostile_indicator(number, value)])
            for number, value in enumerate(values)
        ]
    )
    page = CriteriaSetPageFactory(parent=decision, groups=groups, max_total=Decimal(10 * len(values)))
    page.get_latest_revision().publish()
    return CriteriaSetPage.objects.get(pk=page.pk)


def criteria_text(page: CriteriaSetPage) -> list:
    return [
        (
            group.value["code"],
            group.value["title"],
            [
                (
                    item.value["code"],
                    item.value["title"],
                    item.value["unit"],
                    item.value["evidence_description"],
                    item.value["data_source"],
                    [(option["label"], Decimal(option["fraction"])) for option in item.value["options"]],
                )
                for item in group.value["indicators"]
            ],
        )
        for group in page.groups
    ]


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_criteria_export_escapes_formulae(admin, decision, file_format):
    page = hostile_criteria_set(decision, HOSTILE)
    response = admin.get(f"/admin/assessments/criteria/{page.pk}/export/{file_format}/")
    assert response.status_code == 200
    assert_escaped(file_format, response.content, HOSTILE)


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_criteria_export_imports_back_exactly(admin, decision, file_format):
    page = hostile_criteria_set(decision, EXACT)
    before = criteria_text(page)
    content = admin.get(f"/admin/assessments/criteria/{page.pk}/export/{file_format}/").content
    assert_escaped(file_format, content, EXACT)

    response = admin.post(
        f"/admin/assessments/criteria/{page.pk}/import-table/", {"file": upload(f"criteria.{file_format}", content)}
    )

    assert response.status_code == 302, response.context and response.context.get("problems")
    draft = CriteriaSetPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert criteria_text(draft) == before
