"""The official results PDF (publications/results_pdf.py), read back with pypdf as a reader would read it:
the letterhead and title, the decision and each cohort's approval, every agency's row with its rank and
scores in Vietnamese numbers, those that did not report after the ranking, the header on every page of
a long table, and "Trang x/N" with the document's name on each of the N pages.

Built from two real approved snapshots (tests/data/results-snapshot-*.json) and a synthetic cohort of
300 communes, long enough to run over several pages.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from django.utils import translation
from pypdf import PdfReader

from assessments import formatting
from publications.results_pdf import CohortSection, ResultsDocument, results_pdf

DATA = Path(__file__).resolve().parent.parent / "data"
HANOI = datetime.timezone(datetime.timedelta(hours=7))
TITLE = "KẾT QUẢ ĐÁNH GIÁ MỨC ĐỘ CHUYỂN ĐỔI SỐ NĂM 2026"
DECISION = "Quyết định số 2853/QĐ-UBND ngày 11/08/2021 của UBND tỉnh Hà Tĩnh"
FOOTER = "Kết quả đánh giá mức độ chuyển đổi số năm 2026 · tỉnh Hà Tĩnh · công bố ngày 15/12/2026"
HEADER = "Hạng Cơ quan, đơn vị Điểm theo nhóm tiêu chí Tổng điểm Chỉ số Xếp loại 1 2 3 4 5 6"
MARKUP_NAME = "<b>&amp; =SUM(A1)"
LONG_NAME = "Ủy ban nhân dân xã " + " ".join(["Thạch Lạc Kỳ Anh Cẩm Xuyên"] * 8)  # wraps in its cell
NOT_REPORTED = ("Xã Vắng Mặt", MARKUP_NAME)
GROUPS = ("1", "2", "3", "4", "5", "6")


def sample(name: str) -> dict:
    return json.loads((DATA / f"results-snapshot-{name}.json").read_text(encoding="utf-8"))


def synthetic(count: int = 300, groups: tuple[str, ...] = GROUPS) -> dict:
    """``count`` communes: ranked ones with two sharing rank 2, a long name, then two that did not report."""
    data = sample("commune")
    data["criteria"]["groups"] = [
        {"code": code, "title": f"Nhóm thử {code}", "max_points": "150", "indicators": []} for code in groups
    ]
    ranked = []
    for number in range(1, count - len(NOT_REPORTED) + 1):
        scores = {code: f"{(number * 7 + int(code) * 13) % 150}.{number % 100:02d}" for code in groups}
        name = LONG_NAME if number == 5 else f"Xã Thử Nghiệm {number:03d}"
        ranked.append(
            {
                "code": f"X-{number:03d}",
                "name": name,
                "standing": "ranked",
                "rank": 2 if number == 3 else number,  # 1, 2, 2, 4: a tie shares its rank
                "scores": {
                    "groups": {code: {"score": score, "max": "150.00"} for code, score in scores.items()},
                    "total": f"{1000 - number}.{number % 100:02d}",
                    "index": f"0.{9999 - number:04d}",
                    "band": "Tốt",
                },
            }
        )
    missing = [
        {"code": f"NR-{i}", "name": name, "standing": "not_reported", "rank": None, "scores": None}
        for i, name in enumerate(NOT_REPORTED)
    ]
    # The snapshot lists them last; the document must put them last even when they are not.
    data["agencies"] = missing[:1] + ranked + missing[1:]
    return data


def document(cohorts: list[CohortSection]) -> ResultsDocument:
    return ResultsDocument(
        year=2026,
        province="Hà Tĩnh",
        issuer="ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
        decision=DECISION,
        published_at=datetime.datetime(2026, 12, 15, 9, 0, tzinfo=HANOI),
        cohorts=cohorts,
    )


def section(title: str, data: dict, version: int = 1, agency: str = "Văn phòng UBND tỉnh") -> CohortSection:
    return CohortSection(
        title=title,
        data=data,
        version=version,
        approved_at=datetime.datetime(2026, 12, version, 10, 30, tzinfo=HANOI),
        approving_agency=agency,
    )


def read(content: bytes) -> tuple[PdfReader, list[str]]:
    """The PDF and each page's text, its whitespace (line breaks where a cell wraps) folded to single spaces."""
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.fixture(scope="module")
def built() -> tuple[PdfReader, list[str], dict[str, dict]]:
    data = {"department": sample("department"), "commune": sample("commune"), "synthetic": synthetic()}
    cohorts = [
        section("Sở, ban, ngành cấp tỉnh", data["department"]),
        # Given decomposed (NFD), as a pasted title may be: the document writes it composed.
        section(unicodedata.normalize("NFD", "Cấp xã · Huyện Kỳ Anh"), data["commune"], 2, "UBND huyện Kỳ Anh"),
        section("Cấp xã · Huyện Thạch Hà", data["synthetic"], 3, "UBND huyện Thạch Hà"),
    ]
    reader, pages = read(results_pdf(document(cohorts)))
    return reader, pages, data


def row(agency: dict) -> str:
    """An agency's row as a reader reads it: rank, name, group scores, total, index, band."""
    scores = agency["scores"]
    cells = [str(agency["rank"]), agency["name"]]
    cells += [formatting.fixed(scores["groups"][code]["score"]) for code in sorted(scores["groups"])]
    cells += [formatting.fixed(scores["total"]), formatting.fixed(scores["index"], 4), scores["band"]]
    return " ".join(cells)


def test_the_numbers_are_written_as_vietnamese_readers_write_them():
    assert formatting.fixed("966.1") == "966,10"
    assert formatting.fixed("1000.00") == "1000,00"
    assert formatting.fixed("0.9661", 4) == "0,9661"
    assert formatting.fixed(None) == "—"


def test_the_letterhead_title_and_decision_open_the_document(built):
    _reader, pages, _data = built
    first = pages[0]
    for text in (
        "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "/TB-UBND",
        "Hà Tĩnh, ngày 15 tháng 12 năm 2026",
        "THÔNG BÁO",
        TITLE,
        "của các cơ quan, đơn vị trên địa bàn tỉnh Hà Tĩnh",
        f"Căn cứ {DECISION},",
    ):
        assert text in first, text
    assert re.search(r"Số:\s+/TB-UBND", first)
    assert first.index(TITLE) < first.index(DECISION) < first.index("I. Sở, ban, ngành cấp tỉnh")


def test_the_text_is_composed_unicode(built):
    _reader, pages, _data = built
    for page in pages:
        assert unicodedata.is_normalized("NFC", page)
    assert TITLE in pages[0] and unicodedata.is_normalized("NFC", TITLE)
    assert any("II. Cấp xã · Huyện Kỳ Anh" in page for page in pages)


def test_each_cohort_says_who_approved_it_when_and_which_version(built):
    _reader, pages, _data = built
    text = " ".join(pages)
    assert "Kết quả do Văn phòng UBND tỉnh phê duyệt ngày 01/12/2026 (phiên bản 1)." in text
    assert "Kết quả do UBND huyện Kỳ Anh phê duyệt ngày 02/12/2026 (phiên bản 2, thay thế phiên bản 1)." in text
    assert "Kết quả do UBND huyện Thạch Hà phê duyệt ngày 03/12/2026 (phiên bản 3, thay thế phiên bản 2)." in text
    assert "Bộ tiêu chí: Bộ tiêu chí đánh giá đối với sở, ban, ngành cấp tỉnh." in text
    assert "Số cơ quan, đơn vị được xếp hạng: 298; không nộp báo cáo: 2." in text


def test_every_ranked_agency_has_its_row_with_rank_and_scores(built):
    _reader, pages, data = built
    text = " ".join(pages)
    assert "1 Sở Nội vụ 148,70 124,03 148,22 149,35 149,03 246,77 966,10 0,9661 Xuất sắc" in text
    for cohort in data.values():
        ranked = [agency for agency in cohort["agencies"] if agency["standing"] == "ranked"]
        assert ranked
        for agency in ranked:
            assert text.count(row(agency)) == 1, row(agency)


def test_rows_keep_their_order_across_pages(built):
    _reader, pages, data = built
    text = " ".join(pages)
    ranked = [agency for agency in data["synthetic"]["agencies"] if agency["standing"] == "ranked"]
    positions = [text.index(row(agency)) for agency in ranked]
    assert positions == sorted(positions)
    assert "1 Xã Thử Nghiệm 001" in text and "2 Xã Thử Nghiệm 002" in text and "2 Xã Thử Nghiệm 003" in text


def test_a_long_name_wraps_in_its_cell(built):
    _reader, pages, _data = built
    text = " ".join(pages)
    assert f"5 {LONG_NAME} " in text


def test_agencies_that_did_not_report_come_last_unranked(built):
    _reader, pages, data = built
    text = " ".join(pages)
    ranked = [agency for agency in data["synthetic"]["agencies"] if agency["standing"] == "ranked"]
    last_ranked = text.index(row(ranked[-1]))
    for name in NOT_REPORTED:
        assert text.count(f"{name} Không nộp") == 1, name
        position = text.index(f"{name} Không nộp")
        assert position > last_ranked
        assert not re.search(r"\d " + re.escape(f"{name} Không nộp"), text), f"{name} has a rank"
    # The markup in a name is printed as written, neither obeyed nor escaped twice.
    assert MARKUP_NAME in text and "&amp;amp;" not in text


def test_every_page_is_numbered_and_names_the_document(built):
    reader, pages, _data = built
    total = len(reader.pages)
    assert total > 3
    for number, page in enumerate(pages, start=1):
        assert f"Trang {number}/{total}" in page, number
        assert FOOTER in page, number


def test_the_table_header_repeats_on_every_page_with_rows(built):
    _reader, pages, _data = built
    with_rows = [page for page in pages if "Xã Thử Nghiệm" in page]
    assert len(with_rows) > 2
    for page in with_rows:
        assert HEADER in page


def test_the_legend_names_every_group(built):
    _reader, pages, _data = built
    text = " ".join(pages)
    assert "Nhóm tiêu chí: 1. Môi trường chính sách (tối đa 150 điểm);" in text
    assert "6. Kết quả phát triển Chính quyền số (tối đa 250 điểm)." in text
    assert "6. Nhóm thử 6 (tối đa 150 điểm)." in text


def test_six_groups_turn_the_page_to_landscape_and_two_keep_it_portrait(built):
    reader, _pages, _data = built
    box = reader.pages[0].mediabox
    assert box.width > box.height
    narrow, pages = read(results_pdf(document([section("Cấp xã", synthetic(40, groups=("1", "2")))])))
    box = narrow.pages[0].mediabox
    assert box.width < box.height
    assert "1 Xã Thử Nghiệm 001" in " ".join(pages)


def test_the_document_is_vietnamese_whatever_the_reader_language():
    with translation.override("en"):
        _reader, pages = read(results_pdf(document([section("Sở, ban, ngành cấp tỉnh", sample("department"))])))
    assert TITLE in pages[0]
    assert "966,10" in pages[0]
    assert "Trang 1/" in pages[0]
