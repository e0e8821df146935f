"""Agencies: the spreadsheet import/export (all or nothing, with line numbers) and the model's rules."""

import csv
import io
import zipfile
from pathlib import Path

import pytest
import tablib
from django.core.exceptions import ValidationError

from assessments.admin import spreadsheets
from assessments.admin.resources import AgencyResource, agencies_for_export
from assessments.admin.spreadsheets import SpreadsheetError, read_spreadsheet, run_import
from assessments.models import Agency
from tests.factories.assessments import AgencyFactory, AgencyLevelFactory

pytestmark = pytest.mark.django_db

DEMO_CSV = Path(__file__).resolve().parents[2] / "assessments" / "demo" / "agencies-hatinh-2021.csv"
HEADER = "code,name,level,parent_code,evaluated,verified,note\n"


@pytest.fixture
def levels():
    return {
        code: AgencyLevelFactory(code=code, name=name, order=order, annual_cutoff_day=day)
        for order, (code, name, day) in enumerate(
            [
                ("department", "Sở, ban, ngành", 15),
                ("central", "Cơ quan Trung ương", 15),
                ("district", "UBND cấp huyện", 15),
                ("commune", "UBND cấp xã", 10),
            ],
            start=1,
        )
    }


def import_file(name: str, content: bytes | str, *, dry_run: bool = False):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return run_import(AgencyResource(), read_spreadsheet(name, content), dry_run=dry_run)


def demo_rows() -> list[dict]:
    with DEMO_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def agencies_state() -> dict:
    return {
        agency.code: (
            agency.name,
            agency.level.code,
            agency.parent.code if agency.parent else None,
            agency.evaluated,
            agency.verified,
            agency.note,
            agency.not_evaluated_reason,
            agency.appraiser.code if agency.appraiser else None,
            agency.year_from,
            agency.year_to,
        )
        for agency in Agency.objects.select_related("level", "parent", "appraiser")
    }


def export(file_format: str) -> bytes | str:
    return AgencyResource().export(queryset=agencies_for_export()).export(file_format)


# --- the published file ---------------------------------------------------------------------------------------


def test_the_demo_file_imports_every_agency_with_its_level_and_parent(levels):
    rows = demo_rows()

    outcome = import_file(DEMO_CSV.name, DEMO_CSV.read_bytes())

    assert outcome.problems == []
    assert outcome.committed
    assert outcome.new == len(rows)
    assert Agency.objects.count() == len(rows)
    for row in rows:
        agency = Agency.objects.select_related("level", "parent").get(code=row["code"])
        assert agency.name == row["name"]
        assert agency.level.code == row["level"]
        assert (agency.parent.code if agency.parent else "") == row["parent_code"]
        assert agency.evaluated is (row["evaluated"] == "yes")
        assert agency.verified is (row["verified"] == "yes")
    communes = Agency.objects.filter(level__code="commune")
    assert communes.exists()
    assert not communes.filter(parent__isnull=True).exists()
    assert set(communes.values_list("parent__level__code", flat=True)) == {"district"}


def test_importing_the_same_file_again_changes_nothing(levels):
    import_file(DEMO_CSV.name, DEMO_CSV.read_bytes())
    before = agencies_state()

    outcome = import_file(DEMO_CSV.name, DEMO_CSV.read_bytes())

    assert outcome.problems == []
    assert (outcome.new, outcome.updated) == (0, 0)
    assert agencies_state() == before


def test_a_changed_row_is_an_update(levels):
    import_file(DEMO_CSV.name, DEMO_CSV.read_bytes())
    content = DEMO_CSV.read_text(encoding="utf-8").replace("Sở Nội vụ,department", "Sở Nội vụ tỉnh,department")

    outcome = import_file("agencies.csv", content)

    assert (outcome.new, outcome.updated) == (0, 1)
    assert Agency.objects.get(code="SO-NV").name == "Sở Nội vụ tỉnh"


def test_not_evaluated_agencies_get_their_note_as_the_reason(levels):
    import_file(DEMO_CSV.name, DEMO_CSV.read_bytes())

    not_evaluated = Agency.objects.filter(evaluated=False)
    assert set(not_evaluated.values_list("code", flat=True)) == {"BCH-QS", "BCH-BP"}
    for agency in not_evaluated:
        assert agency.not_evaluated_reason == agency.note
        assert "Article 2(2)" in agency.not_evaluated_reason
    assert not Agency.objects.filter(evaluated=True).exclude(not_evaluated_reason="").exists()


def test_a_not_evaluated_agency_without_a_note_still_gets_a_reason(levels):
    outcome = import_file("a.csv", HEADER + "BCH-QS,Bộ Chỉ huy Quân sự tỉnh,department,,no,yes,\n")

    assert outcome.committed
    assert Agency.objects.get(code="BCH-QS").not_evaluated_reason.strip()


def test_a_reason_column_wins_over_the_note(levels):
    content = (
        "code,name,level,parent_code,evaluated,verified,note,not_evaluated_reason\n"
        "BCH-BP,Bộ Chỉ huy Bộ đội Biên phòng tỉnh,department,,no,yes,Ghi chú,Không đánh giá theo Điều 2\n"
    )
    import_file("a.csv", content)
    assert Agency.objects.get(code="BCH-BP").not_evaluated_reason == "Không đánh giá theo Điều 2"


def test_optional_columns_set_appraiser_and_years(levels):
    content = (
        "code,name,level,parent_code,evaluated,verified,note,appraiser_code,year_from,year_to\n"
        "SO-TTTT,Sở Thông tin và Truyền thông,department,,yes,yes,,,2021,2024\n"
        "H-CANLOC,UBND huyện Can Lộc,district,,yes,yes,,SO-TTTT,2021,2024\n"
        "X-A,UBND xã A,commune,H-CANLOC,yes,no,,H-CANLOC,2021,\n"
    )
    outcome = import_file("a.csv", content)

    assert outcome.problems == []
    commune = Agency.objects.get(code="X-A")
    assert commune.appraiser.code == "H-CANLOC"
    assert (commune.year_from, commune.year_to) == (2021, None)
    assert Agency.objects.get(code="H-CANLOC").year_to == 2024


def test_columns_missing_from_the_file_keep_the_current_values(levels):
    import_file("a.csv", "code,name,level,year_from,year_to\nSO-NV,Sở Nội vụ,department,2021,2024\n")
    import_file("a.csv", "code,name,level\nSO-NV,Sở Nội vụ,department\n")
    agency = Agency.objects.get(code="SO-NV")
    assert (agency.year_from, agency.year_to) == (2021, 2024)


# --- bad files import nothing ---------------------------------------------------------------------------------


def test_a_parent_that_does_not_exist_imports_nothing_and_names_line_column_and_code(levels):
    content = (
        HEADER
        + "SO-NV,Sở Nội vụ,department,,yes,yes,\n"
        + "H-CANLOC,UBND huyện Can Lộc,district,,yes,yes,\n"
        + "X-LAC,UBND xã Thạch Lạc,commune,H-KHONGCO,yes,no,\n"
        + "X-TIEN,UBND xã Đồng Tiến,commune,H-CANLOC,yes,no,\n"
    )

    outcome = import_file("agencies.csv", content)

    assert not outcome.committed
    assert Agency.objects.count() == 0
    assert len(outcome.problems) == 1
    problem = outcome.problems[0]
    assert problem.line == 4  # the header is line 1
    assert problem.column == "parent_code"
    assert "H-KHONGCO" in problem.message


@pytest.mark.parametrize(
    "before",
    [
        pytest.param("SO-NV,Sở Nội vụ,department,,yes,yes,\n\n", id="a blank line"),
        pytest.param('SO-NV,Sở Nội vụ,department,,yes,yes,"Ghi chú\ntrên hai dòng"\n', id="a cell on two lines"),
    ],
)
def test_the_line_is_the_line_in_the_file(levels, before):
    content = HEADER + before + "X-LAC,UBND xã Thạch Lạc,commune,H-KHONGCO,yes,no,\n"
    outcome = import_file("agencies.csv", content)
    assert [(problem.line, problem.column) for problem in outcome.problems] == [(4, "parent_code")]


def test_empty_yes_no_cells_mean_evaluated_and_not_verified(levels):
    outcome = import_file("agencies.csv", HEADER + "SO-NV,Sở Nội vụ,department,,,,\n")
    assert outcome.problems == []
    agency = Agency.objects.get(code="SO-NV")
    assert agency.evaluated
    assert not agency.verified


@pytest.mark.parametrize(("cell", "evaluated"), [("Có", True), ("KHÔNG", False), ("x", True), ("0", False)])
def test_yes_no_cells_in_vietnamese_and_any_case(levels, cell, evaluated):
    outcome = import_file("agencies.csv", HEADER + f"SO-NV,Sở Nội vụ,department,,{cell},yes,Ghi chú\n")
    assert outcome.problems == []
    assert Agency.objects.get(code="SO-NV").evaluated is evaluated


def test_a_parent_later_in_the_file_is_not_yet_known(levels):
    content = (
        HEADER
        + "X-LAC,UBND xã Thạch Lạc,commune,H-CANLOC,yes,no,\n"
        + "H-CANLOC,UBND huyện Can Lộc,district,,yes,yes,\n"
    )
    outcome = import_file("agencies.csv", content)
    assert [(problem.line, problem.column) for problem in outcome.problems] == [(2, "parent_code")]
    assert Agency.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "column", "named"),
    [
        pytest.param("SO-NV,Sở Nội vụ,ministry,,yes,yes,", "level", "ministry", id="unknown level"),
        pytest.param("SO-NV,Sở Nội vụ,department,,maybe,yes,", "evaluated", "maybe", id="maybe evaluated"),
        pytest.param("SO-NV,Sở Nội vụ,department,,yes,perhaps,", "verified", "perhaps", id="perhaps verified"),
        pytest.param("SO NV!,Sở Nội vụ,department,,yes,yes,", "code", "", id="bad code"),
        pytest.param("SO-NV,,department,,yes,yes,", "name", "", id="no name"),
    ],
)
def test_a_bad_row_imports_nothing_and_says_where(levels, row, column, named):
    content = HEADER + "SO-TP,Sở Tư pháp,department,,yes,yes,\n" + row + "\n" + "SO-YT,Sở Y tế,department,,yes,yes,\n"

    outcome = import_file("agencies.csv", content)

    assert not outcome.committed
    assert Agency.objects.count() == 0
    assert [(problem.line, problem.column) for problem in outcome.problems] == [(3, column)]
    assert named in outcome.problems[0].message


def test_every_bad_row_is_listed_in_file_order(levels):
    content = (
        HEADER
        + "SO-TP,Sở Tư pháp,department,,yes,yes,\n"
        + "SO-NV,Sở Nội vụ,ministry,,yes,yes,\n"
        + "SO-YT,Sở Y tế,department,,yes,yes,\n"
        + "X-A,UBND xã A,commune,H-KHONGCO,maybe,no,\n"
    )
    outcome = import_file("agencies.csv", content)
    assert sorted((problem.line, problem.column) for problem in outcome.problems) == [
        (3, "level"),
        (5, "evaluated"),
        (5, "parent_code"),
    ]
    assert [problem.line for problem in outcome.problems] == sorted(problem.line for problem in outcome.problems)
    assert Agency.objects.count() == 0


def test_a_bad_row_in_a_re_import_changes_no_existing_agency(levels):
    import_file(DEMO_CSV.name, DEMO_CSV.read_bytes())
    before = agencies_state()
    content = DEMO_CSV.read_text(encoding="utf-8").replace("Sở Nội vụ,department", "Sở Nội vụ mới,department")
    content += "X-MOI,UBND xã Mới,commune,H-KHONGCO,yes,no,\n"

    outcome = import_file("agencies.csv", content)

    assert not outcome.committed
    assert outcome.problems
    assert agencies_state() == before


def test_a_missing_required_column_imports_nothing(levels):
    outcome = import_file("agencies.csv", "code,level,parent_code\nSO-NV,department,\n")

    assert not outcome.committed
    assert [(problem.line, problem.column) for problem in outcome.problems] == [(1, "name")]
    assert Agency.objects.count() == 0


def test_a_dry_run_reports_counts_and_keeps_nothing(levels):
    outcome = import_file(DEMO_CSV.name, DEMO_CSV.read_bytes(), dry_run=True)

    assert outcome.problems == []
    assert not outcome.committed
    assert outcome.new == len(demo_rows())
    assert Agency.objects.count() == 0


def xlsx_bytes() -> bytes:
    dataset = tablib.Dataset(headers=["code", "name", "level"])
    dataset.append(["SO-NV", "Sở Nội vụ", "department"])
    return dataset.export("xlsx")


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("agencies.csv", HEADER)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("agencies.csv", b"", id="empty"),
        pytest.param("agencies.csv", b"  \n\n", id="blank"),
        pytest.param("agencies.csv", xlsx_bytes(), id="csv that is a workbook"),
        pytest.param("agencies.csv", zip_bytes(), id="csv that is a zip"),
        pytest.param("agencies.xlsx", (HEADER + "SO-NV,Sở Nội vụ,department,,yes,yes,\n").encode(), id="xlsx is text"),
        pytest.param("agencies.xlsx", zip_bytes(), id="xlsx that is another zip"),
        pytest.param("agencies.csv", (HEADER + "SO-NV,Sở Nội vụ,department,,yes,yes,\n").encode("utf-16"), id="utf16"),
        pytest.param("agencies.csv", (HEADER + "SO-TP,Tư pháp,department,,yes,yes,\n").encode("cp1258"), id="cp1258"),
        pytest.param("agencies.csv", (HEADER + "SO-NV,Café,department,,yes,yes,\n").encode("latin-1"), id="latin1"),
        pytest.param("agencies.pdf", b"%PDF-1.4", id="pdf"),
        pytest.param("agencies", HEADER.encode(), id="no extension"),
    ],
)
def test_files_that_are_not_readable_spreadsheets_are_refused(levels, name, content):
    with pytest.raises(SpreadsheetError) as error:
        read_spreadsheet(name, content)
    assert str(error.value)
    assert Agency.objects.count() == 0


def test_a_header_only_file_imports_nothing(levels):
    outcome = import_file("agencies.csv", HEADER)
    assert outcome.problems == []
    assert (outcome.new, outcome.updated) == (0, 0)
    assert Agency.objects.count() == 0


def test_an_oversize_file_is_refused(levels, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UPLOAD_BYTES", 100)
    content = DEMO_CSV.read_bytes()
    assert len(content) > 100
    with pytest.raises(SpreadsheetError):
        read_spreadsheet(DEMO_CSV.name, content)
    assert Agency.objects.count() == 0


def test_a_byte_order_mark_is_accepted(levels):
    outcome = import_file("agencies.csv", "\ufeff" + HEADER + "SO-NV,Sở Nội vụ,department,,yes,yes,\n")
    assert outcome.committed
    assert Agency.objects.get(code="SO-NV").name == "Sở Nội vụ"


# --- export ---------------------------------------------------------------------------------------------------


def test_export_has_the_import_columns(levels):
    import_file(DEMO_CSV.name, DEMO_CSV.read_bytes())
    dataset = read_spreadsheet("agencies.csv", export("csv").encode("utf-8"))
    assert dataset.headers[:7] == HEADER.strip().split(",")
    assert {"not_evaluated_reason", "appraiser_code", "year_from", "year_to"} <= set(dataset.headers)
    row = dict(zip(dataset.headers, dataset[[r[0] for r in dataset].index("X-TPHT-BACHA")], strict=True))
    assert (row["level"], row["parent_code"], row["evaluated"]) == ("commune", "H-TPHT", "yes")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imports_back_without_changes(levels, file_format):
    import_file(DEMO_CSV.name, DEMO_CSV.read_bytes())
    canloc = Agency.objects.get(code="H-CANLOC")
    Agency.objects.filter(parent=canloc).update(appraiser=canloc, year_from=2021, year_to=2024)
    before = agencies_state()
    body = export(file_format)
    content = body.encode("utf-8") if isinstance(body, str) else body

    outcome = import_file(f"agencies.{file_format}", content)

    assert outcome.problems == []
    assert (outcome.new, outcome.updated) == (0, 0)
    assert agencies_state() == before


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_rebuilds_the_agencies_in_an_empty_install(levels, file_format):
    import_file(DEMO_CSV.name, DEMO_CSV.read_bytes())
    before = agencies_state()
    body = export(file_format)
    content = body.encode("utf-8") if isinstance(body, str) else body
    Agency.objects.filter(parent__isnull=False).delete()  # parents are protected
    Agency.objects.all().delete()

    outcome = import_file(f"agencies.{file_format}", content)

    assert outcome.problems == []
    assert agencies_state() == before


def test_an_export_with_appraisers_rebuilds_the_agencies_in_an_empty_install(levels):
    """The organiser (SO-TTTT) sorts after departments it appraises (SO-NV...), as in the demo data."""
    import_file(DEMO_CSV.name, DEMO_CSV.read_bytes())
    organiser = Agency.objects.get(code="SO-TTTT")
    Agency.objects.filter(level__code="department").exclude(pk=organiser.pk).update(appraiser=organiser)
    before = agencies_state()
    content = export("csv").encode("utf-8")
    Agency.objects.update(appraiser=None)
    Agency.objects.filter(parent__isnull=False).delete()
    Agency.objects.all().delete()

    outcome = import_file("agencies.csv", content)

    assert outcome.problems == []
    assert agencies_state() == before


# --- the model ------------------------------------------------------------------------------------------------


def test_an_agency_cannot_be_its_own_parent_or_appraiser(levels):
    agency = AgencyFactory(level=levels["district"])
    agency.parent = agency
    agency.appraiser = agency
    with pytest.raises(ValidationError) as error:
        agency.clean()
    assert {"parent", "appraiser"} <= set(error.value.message_dict)


def test_the_last_year_cannot_come_before_the_first(levels):
    agency = AgencyFactory(level=levels["district"], year_from=2025, year_to=2024)
    with pytest.raises(ValidationError) as error:
        agency.clean()
    assert "year_to" in error.value.message_dict


def test_a_not_evaluated_agency_needs_a_reason(levels):
    agency = AgencyFactory(level=levels["department"], evaluated=False, not_evaluated_reason=" ")
    with pytest.raises(ValidationError) as error:
        agency.clean()
    assert "not_evaluated_reason" in error.value.message_dict


def test_a_valid_agency_passes_clean(levels):
    district = AgencyFactory(level=levels["district"])
    commune = AgencyFactory(level=levels["commune"], parent=district, appraiser=district, year_from=2021, year_to=2021)
    commune.full_clean()


def test_existing_in_a_year(levels):
    always = AgencyFactory(code="ALWAYS")
    AgencyFactory(code="UNTIL-2024", year_from=2021, year_to=2024)
    AgencyFactory(code="FROM-2025", year_from=2025)
    AgencyFactory(code="ONLY-2023", year_from=2023, year_to=2023)
    AgencyFactory(code="UNTIL-2022", year_to=2022)

    def codes(year):
        return set(Agency.objects.existing_in(year).values_list("code", flat=True))

    assert codes(2020) == {"ALWAYS", "UNTIL-2022"}
    assert codes(2023) == {"ALWAYS", "UNTIL-2024", "ONLY-2023"}
    assert codes(2024) == {"ALWAYS", "UNTIL-2024"}
    assert codes(2025) == {"ALWAYS", "FROM-2025"}
    assert always in Agency.objects.existing_in(2100).evaluated()


def test_lines_are_counted_as_in_the_file_past_blank_lines_and_multiline_cells(levels):
    content = (
        "code,name,level,parent_code,evaluated,verified,note\n"
        "\n"  # a blank line: tablib drops it
        ",,,,,,\n"  # a line of commas: tablib keeps it as a row
        'X-1,"UBND xã\ncó tên hai dòng",commune,,yes,no,\n'  # a quoted cell over two lines
        "X-2,UBND xã Hai,commune,H-KHONG-CO,yes,no,\n"
    )
    outcome = import_file("agencies.csv", content)
    assert [(problem.line, problem.column) for problem in outcome.problems] == [(6, "parent_code")]
