"""The published results as spreadsheets: rankings and indicator scores from approved snapshots, CSV and XLSX,
numbers kept as numbers, formulae escaped, and a streamed CSV equal to the file built in memory."""

import csv
import io
import itertools

import openpyxl
import pytest

from assessments.admin.spreadsheets import CSV_BOM, export_dataset
from publications.spreadsheets import (
    PublishedCohort,
    indicator_dataset,
    published_cohort,
    ranking_dataset,
    stream_indicator_csv,
)
from tests.factories.results import CORRECTION, HOSTILE_NAME

ESCAPED = "'" + HOSTILE_NAME
RANKING_HEADER = [
    "Năm",
    "Nhóm",
    "Hạng",
    "Mã",
    "Cơ quan",
    "1. Hạ tầng số",
    "1. Môi trường chính sách",
    "2. An toàn thông tin",
    "Tổng điểm",
    "Chỉ số",
    "Xếp loại",
    "Tình trạng",
]
INDICATOR_HEADER = [
    "Năm",
    "Nhóm",
    "Mã cơ quan",
    "Cơ quan",
    "Mã chỉ số",
    "Chỉ số",
    "Điểm tự đánh giá",
    "Điểm thẩm định",
    "Điểm cuối cùng",
    "Lý do điều chỉnh",
]


@pytest.fixture
def cohorts(published_year):
    return [published_cohort(snapshot) for snapshot in published_year.snapshots]


def xlsx_rows(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(CSV_BOM.encode("utf-8"))  # Excel reads the file as UTF-8 only with it
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_the_ranking_workbook_has_a_row_per_agency_and_numbers_as_numbers(published_year, cohorts):
    rows = xlsx_rows(export_dataset(ranking_dataset(cohorts), "xlsx"))

    year = published_year.world.period.year
    communes = [
        [1, "XA-A", "UBND xã An Bình", None, 85, 50, 135, 0.9, "Xuất sắc", "Xếp hạng"],
        [2, "XA-B", "UBND xã Bình Minh", None, 45, 50, 95, 0.6333, "Khá", "Xếp hạng"],
        [3, "XA-C", ESCAPED, None, 55, 30, 85, 0.5667, "Trung bình", "Xếp hạng"],
        [None, "XA-D", "UBND xã Cẩm Lộc", None, None, None, None, None, None, "Không nộp"],
    ]
    assert rows == [
        RANKING_HEADER,
        [year, "Sở, ban, ngành", 1, "SO-NV", "Sở Nội vụ", 100, None, None, 100, 1, "Xuất sắc", "Xếp hạng"],
        [year, "Sở, ban, ngành", 2, "SO-TC", "Sở Tài chính", 50, None, None, 50, 0.5, "Trung bình", "Xếp hạng"],
        [year, "Sở, ban, ngành", 3, "SO-YT", "Sở Y tế", 25, None, None, 25, 0.25, "Yếu", "Xếp hạng"],
        *[[year, "UBND cấp xã", *row] for row in communes],
        *[[year, "UBND cấp xã · UBND huyện Thử", *row] for row in communes],
    ]
    # Points, indices, ranks and years are numeric cells, never text that looks like a number.
    for row in rows[1:4]:
        assert all(isinstance(row[column], int | float) for column in (0, 2, 5, 8, 9))


def test_the_ranking_csv_has_the_same_rows_with_points_as_published(cohorts):
    rows = csv_rows(export_dataset(ranking_dataset(cohorts), "csv"))
    assert rows[0] == RANKING_HEADER
    assert rows[5][2:] == ["2", "XA-B", "UBND xã Bình Minh", "", "45.00", "50.00", "95.00", "0.6333", "Khá", "Xếp hạng"]
    assert rows[7][2:] == ["", "XA-D", "UBND xã Cẩm Lộc", "", "", "", "", "", "", "Không nộp"]
    assert len(rows) == 1 + 3 + 4 + 4


def test_the_indicator_table_shows_each_correction_with_its_reason(published_year, cohorts):
    rows = csv_rows(export_dataset(indicator_dataset(cohorts), "csv"))

    year = str(published_year.world.period.year)
    assert rows[0] == INDICATOR_HEADER
    # 3 departments × 2 indicators, then 3 communes that reported × 3 indicators, twice (province, district).
    assert len(rows) == 1 + 6 + 9 + 9
    assert rows[1:3] == [
        [year, "Sở, ban, ngành", "SO-NV", "Sở Nội vụ", "1.1", "Chỉ số 1.1", "50.00", "", "50.00", ""],
        # MINMAX is scored against the cohort: the agency had no score of its own to claim.
        [year, "Sở, ban, ngành", "SO-NV", "Sở Nội vụ", "1.2", "Chỉ số 1.2", "", "", "50.00", ""],
    ]
    binh_minh = [row for row in rows if row[1] == "UBND cấp xã" and row[2] == "XA-B"]
    assert binh_minh == [
        [year, "UBND cấp xã", "XA-B", "UBND xã Bình Minh", "1.1", "Chỉ số 1.1", "40", "0", "0.00", CORRECTION],
        [year, "UBND cấp xã", "XA-B", "UBND xã Bình Minh", "1.2", "Chỉ số 1.2", "45.00", "", "45.00", ""],
        [year, "UBND cấp xã", "XA-B", "UBND xã Bình Minh", "2.1", "Chỉ số 2.1", "50.00", "", "50.00", ""],
    ]
    assert not [row for row in rows if row[2] == "XA-D"]  # no report, no scores

    workbook = xlsx_rows(export_dataset(indicator_dataset(cohorts), "xlsx"))
    correction = next(row for row in workbook if row[2] == "XA-B" and row[4] == "1.1")
    assert correction[6:] == [40, 0, 0, CORRECTION]


def test_an_agency_named_like_a_formula_comes_out_as_text(cohorts):
    for dataset, name_column in ((ranking_dataset(cohorts), 4), (indicator_dataset(cohorts), 3)):
        for rows in (csv_rows(export_dataset(dataset, "csv")), xlsx_rows(export_dataset(dataset, "xlsx"))):
            names = [row[name_column] for row in rows[1:]]
            assert ESCAPED in names
            assert HOSTILE_NAME not in names
            assert not [cell for row in rows for cell in row if isinstance(cell, str) and cell.startswith("=")]


def test_the_streamed_csv_is_the_csv_built_in_memory(cohorts):
    streamed = "".join(stream_indicator_csv(cohorts)).encode("utf-8")
    assert streamed == export_dataset(indicator_dataset(cohorts), "csv")
    assert ESCAPED in [row[3] for row in csv_rows(streamed)]


def test_the_streamed_csv_reads_one_agency_at_a_time():
    """A row is written as soon as its agency is read: nothing collects the rows first, so memory stays flat."""
    criteria = {
        "groups": [
            {
                "code": "1",
                "title": "Hạ tầng số",
                "indicators": [{"code": "1.1", "title": "Chỉ số 1.1", "max_points": "10", "method": "BIN"}],
            }
        ]
    }
    read = []

    def agencies(count: int):
        for number in range(count):
            read.append(number)
            score = {"indicators": {"1.1": {"score": "10.00"}}}
            yield {"code": f"CQ-{number}", "name": f"Cơ quan {number}", "standing": "ranked", "scores": score}

    cohort = PublishedCohort(year=2026, title="Sở", data={"criteria": criteria, "agencies": agencies(100_000)})
    stream = stream_indicator_csv([cohort])

    first = list(itertools.islice(stream, 2 + 1000))  # the mark, the header, 1,000 rows

    assert len(read) == 1000
    assert first[0] == CSV_BOM
    assert first[2] == "2026,Sở,CQ-0,Cơ quan 0,1.1,Chỉ số 1.1,10.00,,10.00,\r\n"
    assert first[-1].startswith("2026,Sở,CQ-999,")
