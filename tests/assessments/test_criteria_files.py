"""Criteria files in and out: the JSON interchange document, CSV/XLSX tables, imports as drafts."""

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
import tablib
from django.utils import translation

import assessments
from assessments.admin.spreadsheets import read_spreadsheet
from assessments.criteria.files import (
    export_json,
    export_spreadsheet,
    import_into_decision,
    import_table_into,
    page_definition,
    read_json_bytes,
)
from assessments.definitions.json_format import CriteriaFormatError, SetDefinition, read_document, write_document
from assessments.definitions.rules import build_criteria_set
from assessments.definitions.table_format import (
    COLUMNS,
    CriteriaTableError,
    export_table,
    format_parameters,
    parse_parameters,
    read_table,
)
from assessments.models import CriteriaSetPage
from tests.factories.assessments import AgencyLevelFactory

DATA_FILE = Path(assessments.__file__).resolve().parent / "demo" / "criteria-2021-illustrative.json"
LEVELS = ("department", "central", "district", "commune")


@pytest.fixture(scope="module")
def document() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def definitions(document) -> dict[str, SetDefinition]:
    return read_document(document)


def display_fields(definition: SetDefinition) -> list:
    """What the public page shows of each indicator, apart from how it scores."""
    return [
        (
            group["code"],
            group["title"],
            indicator["code"],
            indicator["title"],
            indicator.get("unit") or "",
            indicator.get("evidence_description") or "",
            bool(indicator.get("evidence_required")),
            list(indicator.get("evidence_kinds") or []),
            indicator.get("data_source") or "",
            str(indicator.get("guidance") or ""),
        )
        for group in definition.groups
        for indicator in group["indicators"]
    ]


def engine(definition: SetDefinition):
    return build_criteria_set(definition.groups, definition.bands, definition.max_total)


def published(page: CriteriaSetPage) -> CriteriaSetPage:
    """The page with its latest revision cleanly published.

    CriteriaSetPageFactory's final save writes back a stale instance, leaving
    ``live_revision`` empty and ``has_unpublished_changes`` set; publishing again
    gives the state an editor's publish leaves.
    """
    page.get_latest_revision().publish()
    return CriteriaSetPage.objects.get(pk=page.pk)


# --- JSON document --------------------------------------------------------------------------


def test_data_file_reads_every_level(definitions):
    assert list(definitions) == list(LEVELS)
    assert {code: len([i for g in d.groups for i in g["indicators"]]) for code, d in definitions.items()} == {
        "department": 21,
        "central": 21,
        "district": 17,
        "commune": 12,
    }
    # "central" is the same as "department".
    assert definitions["central"].groups == definitions["department"].groups
    assert definitions["central"].appendix == "Phụ lục 2"
    for definition in definitions.values():
        assert definition.decision == "2853/QĐ-UBND"
        assert definition.year_from == 2021
        assert definition.max_total == Decimal(1000)
        assert [band["label"] for band in definition.bands] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
        # Every set of the file scores.
        assert sum(group.max_points for group in engine(definition).groups) == Decimal(1000)


def test_write_then_read_gives_the_same_definitions(definitions):
    written = write_document(list(definitions.values()))
    # Through text, as a file would carry it.
    again = read_document(json.loads(json.dumps(written, ensure_ascii=False)))
    assert list(again) == list(definitions)
    for level, definition in definitions.items():
        copy_ = again[level]
        assert copy_.appendix == definition.appendix
        assert copy_.applies_to == definition.applies_to
        assert copy_.max_total == definition.max_total
        assert copy_.decision == definition.decision
        assert copy_.year_from == definition.year_from
        assert copy_.year_to == definition.year_to
        assert copy_.bands == definition.bands
        assert copy_.note == definition.note
        assert display_fields(copy_) == display_fields(definition)
        assert engine(copy_) == engine(definition)


def test_written_document_is_stable(definitions):
    once = write_document(list(definitions.values()))
    twice = write_document(list(read_document(once).values()))
    assert twice == once


def test_written_indicator_rows_use_the_interchange_names(definitions):
    written = write_document([definitions["department"]])
    rows = {row["code"]: row for row in written["sets"][0]["indicators"]}
    assert rows["1.2"]["numerator"] == "Số văn bản do người đứng đầu ký"
    assert rows["1.2"]["when_denominator_zero"] == "zero"
    assert rows["5.3"]["input"] == "count"
    assert rows["5.3"]["tiers"] == [[2, 50], [1, 30]]
    assert rows["1.1"]["options"][1] == {"label": "Ban hành sau ngày 31/01", "fraction": 0.5}
    assert rows["1.1"]["max_points"] == 40
    assert "input" not in rows["1.2"]


@pytest.mark.parametrize(
    "broken",
    [
        [],
        {"sets": []},
        {"groups": [{"code": "1"}], "sets": [{"indicators": []}]},
        {"groups": [{"code": "1"}], "sets": [{"level": "x", "same_as": "y"}]},
        {"groups": [{"code": "1"}], "sets": [{"level": "x", "indicators": [{"code": "1.1", "group": "9"}]}]},
        {"groups": [{"code": "1"}], "sets": [{"level": "x", "indicators": [{"group": "1", "tiers": [[1]]}]}]},
    ],
)
def test_documents_out_of_shape_are_refused(broken):
    with pytest.raises(CriteriaFormatError):
        read_document(broken)


def test_read_json_bytes_refuses_text_that_is_not_json():
    with pytest.raises(CriteriaFormatError):
        read_json_bytes(b"{not json")
    assert list(read_json_bytes(DATA_FILE.read_bytes())) == list(LEVELS)


# --- parameters syntax ----------------------------------------------------------------------


PARAMETER_EXAMPLES = [
    (
        "LEVELS",
        "Ban hành trước ngày 31/01 = 1; Ban hành sau ngày 31/01 = 0.5",
        {
            "options": [
                {"label": "Ban hành trước ngày 31/01", "fraction": Decimal(1)},
                {"label": "Ban hành sau ngày 31/01", "fraction": Decimal("0.5")},
            ],
            "tiers": [],
        },
    ),
    (
        "CHECKS",
        "Tham dự đầy đủ = 0.5; Chủ trì = 0.5",
        {
            "options": [
                {"label": "Tham dự đầy đủ", "fraction": Decimal("0.5")},
                {"label": "Chủ trì", "fraction": Decimal("0.5")},
            ],
            "tiers": [],
        },
    ),
    (
        "TIERS",
        "input = ratio; a = X; b = Y; b0 = not_applicable; 50 = 50; 30 = 30",
        {
            "options": [],
            "tier_input": "ratio",
            "numerator_label": "X",
            "denominator_label": "Y",
            "when_denominator_zero": "not_applicable",
            "tiers": [
                {"threshold": Decimal(50), "points": Decimal(50)},
                {"threshold": Decimal(30), "points": Decimal(30)},
            ],
        },
    ),
    (
        "TIERS",
        "input = count; 2 = 50; 1 = 30",
        {
            "options": [],
            "tier_input": "count",
            "tiers": [
                {"threshold": Decimal(2), "points": Decimal(50)},
                {"threshold": Decimal(1), "points": Decimal(30)},
            ],
        },
    ),
    (
        "RATIO",
        "a = X; b = Y; b0 = full; a>b = yes",
        {
            "options": [],
            "tiers": [],
            "numerator_label": "X",
            "denominator_label": "Y",
            "when_denominator_zero": "full",
            "numerator_may_exceed": True,
        },
    ),
    (
        "RATIO",
        "a = Số văn bản đi được ký số; b = Tổng số văn bản đi; b0 = zero",
        {
            "options": [],
            "tiers": [],
            "numerator_label": "Số văn bản đi được ký số",
            "denominator_label": "Tổng số văn bản đi",
            "when_denominator_zero": "zero",
        },
    ),
    ("TARGET", "target = 2", {"options": [], "tiers": [], "target": Decimal(2)}),
    ("BIN", "", {"options": [], "tiers": []}),
    ("MINMAX", "", {"options": [], "tiers": []}),
    ("MANUAL", "", {"options": [], "tiers": []}),
    ("INFO", "", {"options": [], "tiers": []}),
]


@pytest.mark.parametrize(("method", "text", "parsed"), PARAMETER_EXAMPLES)
def test_parse_parameters(method, text, parsed):
    assert parse_parameters(method, text) == parsed


@pytest.mark.parametrize(("method", "text", "parsed"), PARAMETER_EXAMPLES)
def test_format_parameters_writes_what_parse_reads(method, text, parsed):
    definition = {"method": method, "tier_input": "count", **parsed}
    assert format_parameters(definition) == text


def test_parse_parameters_accepts_comma_decimals_and_spacing():
    assert parse_parameters("LEVELS", " Có = 0,5 ;; Không=0 ") == {
        "options": [{"label": "Có", "fraction": Decimal("0.5")}, {"label": "Không", "fraction": Decimal(0)}],
        "tiers": [],
    }


@pytest.mark.parametrize(
    ("method", "text"),
    [
        ("LEVELS", "Có = abc"),
        ("LEVELS", "Có"),
        ("TIERS", "input = count; hai = 50"),
        ("TARGET", "target = nhiều"),
        ("TARGET", "target = NaN"),
        ("RATIO", "a = X; c = Y"),
        ("BIN", "x = 1"),
    ],
)
def test_parse_parameters_refuses_what_it_cannot_read(method, text):
    with pytest.raises(ValueError):
        parse_parameters(method, text)


def test_labels_with_separators_survive_a_round_trip():
    # Labels are free text: the exported cell must read back as the same options.
    options = [
        {"label": "Có quy chế; có cán bộ phụ trách", "fraction": Decimal("0.5")},
        {"label": "Không", "fraction": Decimal(0)},
    ]
    text = format_parameters({"method": "LEVELS", "options": options})
    assert parse_parameters("LEVELS", text)["options"] == options


# --- tables ---------------------------------------------------------------------------------


def load(file_format: str, body) -> tablib.Dataset:
    content = body.encode("utf-8") if isinstance(body, str) else body
    return read_spreadsheet(f"bo-tieu-chi.{file_format}", content)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("level", LEVELS)
def test_table_round_trip(definitions, level, file_format):
    definition = definitions[level]
    dataset = export_table(definition)
    assert tuple(dataset.headers) == COLUMNS
    assert len(dataset) == sum(len(group["indicators"]) for group in definition.groups)
    again = read_table(load(file_format, dataset.export(file_format)), definition)
    assert [group["code"] for group in again.groups] == [group["code"] for group in definition.groups]
    assert display_fields(again) == display_fields(definition)
    assert engine(again) == engine(definition)
    # Metadata comes from the base definition.
    assert (again.level, again.appendix, again.max_total, again.bands) == (
        definition.level,
        definition.appendix,
        definition.max_total,
        definition.bands,
    )


def test_table_rows_read_as_the_official_table(definitions):
    rows = export_table(definitions["district"]).dict
    by_code = {row["code"]: row for row in rows}
    assert by_code["1.1"]["method"] == "TIERS"
    assert by_code["1.1"]["parameters"] == "input = count; 4 = 20; 3 = 15; 2 = 10; 1 = 5"
    assert by_code["1.3"]["parameters"] == (
        "Bí thư hoặc Chủ tịch UBND huyện = 1; Phó Chủ tịch UBND huyện = 0.5; Chưa thành lập = 0"
    )
    assert by_code["5.1"]["parameters"].endswith("b0 = full")
    assert by_code["6.4"]["parameters"] == ""
    assert by_code["1.5"]["max_points"] == "50"
    assert by_code["1.5"]["evidence_required"] == "yes"


GOOD_ROW = ["1", "Môi trường chính sách", "1.1", "Có kế hoạch", "40", "", "BIN", "", "Kế hoạch", "yes", "", "", ""]


def csv_of(header: list[str], rows: list[list[str]]) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=header)
    for row in rows:
        dataset.append(row)
    return load("csv", dataset.export("csv"))


def base() -> SetDefinition:
    return SetDefinition(level="commune", max_total=Decimal(1000))


def test_read_table_reports_every_bad_row_with_its_line():
    def row(code, max_points="10", method="BIN", parameters=""):
        return ["1", "Nhóm 1", code, f"Chỉ số {code}", max_points, "", method, parameters, "", "no", "", "", ""]

    rows = [
        row("1.1"),  # line 2: fine
        row("1.2", max_points="mười"),  # line 3
        row("1.3", method="ĐIỂM"),  # line 4
        row("1.4", method="TIERS", parameters="input = ratio; 50 = 10"),  # line 5: no a, b, b0
        row("1.5", method="LEVELS", parameters="Có = abc; Không = 0"),  # line 6
        row("1.6"),  # line 7: fine
    ]
    with translation.override("en"), pytest.raises(CriteriaTableError) as caught:
        read_table(csv_of(list(COLUMNS), rows), base())
    problems = caught.value.problems
    assert sorted({line for line, _message in problems}) == [3, 4, 5, 6]
    by_line = {}
    for line, message in problems:
        by_line.setdefault(line, []).append(message)
    assert any("1.2" in message and "max_points" in message and "number" in message for message in by_line[3])
    assert any("1.3" in message and "ĐIỂM" in message for message in by_line[4])
    assert any("1.4" in message and "numerator" in message for message in by_line[5])
    assert any("1.5" in message and "abc" in message for message in by_line[6])
    # The exception's text lists them all, line first.
    text = str(caught.value)
    for line in (3, 4, 5, 6):
        assert f"{line}: " in text


def test_read_table_reports_a_missing_column():
    header = [column for column in COLUMNS if column != "method"]
    row = [value for column, value in zip(COLUMNS, GOOD_ROW, strict=True) if column != "method"]
    with translation.override("en"), pytest.raises(CriteriaTableError) as caught:
        read_table(csv_of(header, [row]), base())
    assert caught.value.problems == [(1, "Missing columns: method.")]


def test_read_table_needs_only_the_required_columns():
    header = ["group_code", "group_title", "code", "title", "max_points", "method"]
    definition = read_table(csv_of(header, [["1", "Nhóm 1", "1.1", "Có kế hoạch", "40", "bin"]]), base())
    [group] = definition.groups
    [only] = group["indicators"]
    assert (only["code"], only["method"], only["max_points"]) == ("1.1", "BIN", Decimal(40))
    assert only["evidence_kinds"] == ["file", "document", "url"]


def test_read_table_skips_blank_rows_and_reports_unknown_evidence_kinds():
    blank = [""] * len(COLUMNS)
    bad_kinds = list(GOOD_ROW)
    bad_kinds[2] = "1.2"
    bad_kinds[COLUMNS.index("evidence_kinds")] = "file,fax"
    with translation.override("en"), pytest.raises(CriteriaTableError) as caught:
        read_table(csv_of(list(COLUMNS), [GOOD_ROW, blank, bad_kinds]), base())
    assert caught.value.problems == [(4, "Unknown evidence kinds: fax.")]


# --- imports land as drafts -----------------------------------------------------------------


@pytest.fixture
def levels(db):
    return {code: AgencyLevelFactory(code=code, name=f"Cấp {code}") for code in LEVELS}


def indicator_codes(page: CriteriaSetPage) -> list[str]:
    return [indicator.value["code"] for group in page.groups for indicator in group.value["indicators"]]


def test_import_into_decision_creates_drafts_and_revisions(levels, decision, criteria_set, definitions):
    existing = published(criteria_set)
    live_codes = indicator_codes(existing)
    assert live_codes == ["1.1", "1.2", "2.1"]
    assert not existing.has_unpublished_changes
    live_revision = existing.live_revision_id

    pages = import_into_decision(decision, definitions)
    assert len(pages) == 4

    children = {page.levels.get().code: page for page in CriteriaSetPage.objects.child_of(decision)}
    assert set(children) == set(LEVELS)

    # New levels: draft pages, never published, holding the file's sets.
    for level in ("department", "central", "district"):
        page = children[level]
        assert page.live is False
        assert page.has_unpublished_changes
        assert page.live_revision is None
        assert page.revisions.count() == 1
        draft = page.get_latest_revision_as_object()
        definition = definitions[level]
        assert draft.appendix == definition.appendix
        assert draft.max_total == Decimal(1000)
        assert draft.year_from == 2021
        assert [band.label for band in draft.bands.all()] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
        assert indicator_codes(draft) == [i["code"] for g in definition.groups for i in g["indicators"]]
        assert draft.scoring == engine(definition)
    assert children["central"].note.startswith("Bộ tiêu chí này dùng lại các chỉ số")

    # The existing commune set: a new draft revision, the live content unchanged.
    commune = CriteriaSetPage.objects.get(pk=criteria_set.pk)
    assert commune.live is True
    assert commune.has_unpublished_changes is True
    assert commune.live_revision_id == live_revision
    assert indicator_codes(commune) == live_codes
    assert commune.max_total == Decimal(150)
    assert commune.appendix == "Phụ lục 4"
    draft = commune.get_latest_revision_as_object()
    assert indicator_codes(draft) == [i["code"] for g in definitions["commune"].groups for i in g["indicators"]]
    assert draft.max_total == Decimal(1000)
    assert draft.scoring == engine(definitions["commune"])


def test_import_into_decision_twice_adds_revisions_not_pages(levels, decision, definitions):
    import_into_decision(decision, {"district": definitions["district"]})
    page = CriteriaSetPage.objects.child_of(decision).get()
    import_into_decision(decision, {"district": definitions["district"]})
    assert CriteriaSetPage.objects.child_of(decision).count() == 1
    page.refresh_from_db()
    assert page.revisions.count() == 2
    assert page.live is False


def test_import_refuses_a_set_that_cannot_score(levels, decision, definitions):
    broken = copy.deepcopy(definitions["commune"])
    broken.groups[0]["indicators"][0]["max_points"] = Decimal(0)
    with pytest.raises(CriteriaFormatError):
        import_into_decision(decision, {"commune": broken})
    assert not CriteriaSetPage.objects.child_of(decision).exists()


def test_import_refuses_an_unknown_level(decision, definitions):
    with pytest.raises(CriteriaFormatError):
        import_into_decision(decision, {"commune": definitions["commune"]})


def table_bytes(groups: list[list[str]], file_format: str = "csv") -> bytes:
    dataset = tablib.Dataset(headers=list(COLUMNS))
    for row in groups:
        dataset.append(row)
    body = dataset.export(file_format)
    return body.encode("utf-8") if isinstance(body, str) else body


NEW_ROWS = [
    ["1", "Môi trường chính sách", "1.1", "Có kế hoạch", "100", "", "BIN", "", "Kế hoạch", "yes", "", "", ""],
    [
        *["2", "An toàn thông tin", "2.1", "Số lần diễn tập", "50", "lần", "TIERS"],
        *["input = count; 2 = 50; 1 = 30", "", "no", "file", "", ""],
    ],
]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_import_table_into_keeps_metadata_and_bands(criteria_set, file_format):
    page = published(criteria_set)
    bands = [(band.label, band.min_percent) for band in page.bands.all()]
    metadata = (page.title, page.appendix, page.applies_to, page.max_total, page.year_from, page.note)

    import_table_into(page, f"bang.{file_format}", table_bytes(NEW_ROWS, file_format))

    page = CriteriaSetPage.objects.get(pk=page.pk)
    assert page.has_unpublished_changes
    assert indicator_codes(page) == ["1.1", "1.2", "2.1"]  # live content unchanged
    draft = page.get_latest_revision_as_object()
    assert (draft.title, draft.appendix, draft.applies_to, draft.max_total, draft.year_from, draft.note) == metadata
    assert [(band.label, band.min_percent) for band in draft.bands.all()] == bands
    assert [level.code for level in draft.levels.all()] == ["commune"]
    assert indicator_codes(draft) == ["1.1", "2.1"]
    second = draft.groups[1].value["indicators"][0].value
    assert [(tier["threshold"], tier["points"]) for tier in second["tiers"]] == [
        (Decimal(2), Decimal(50)),
        (Decimal(1), Decimal(30)),
    ]
    assert draft.scoring.indicator("2.1").tiers[-1].points == Decimal(50)


def test_import_table_into_refuses_a_total_that_does_not_add_up(criteria_set):
    rows = [list(NEW_ROWS[0])]  # 100 points where the set declares 150
    revisions = criteria_set.revisions.count()
    with pytest.raises(CriteriaFormatError):
        import_table_into(criteria_set, "bang.csv", table_bytes(rows))
    assert criteria_set.revisions.count() == revisions


def test_import_table_into_refuses_what_is_not_a_spreadsheet(criteria_set):
    with pytest.raises(CriteriaTableError) as caught:
        import_table_into(criteria_set, "bang.pdf", b"%PDF-1.4")
    assert caught.value.problems[0][0] == 1


def test_page_exports_read_back_the_same(criteria_set):
    page = published(criteria_set)
    definition = page_definition(page)
    assert definition.level == "commune"
    assert definition.decision == "2853/QĐ-UBND"
    for file_format in ("csv", "xlsx"):
        again = read_table(load(file_format, export_spreadsheet(page, file_format)), definition)
        assert engine(again) == engine(definition)
        assert display_fields(again) == display_fields(definition)
    [from_json] = read_json_bytes(export_json([page])).values()
    assert engine(from_json) == engine(definition)
    assert from_json.appendix == page.appendix
    assert [band["label"] for band in from_json.bands] == [band.label for band in page.bands.all()]
