"""The ranking table built from a stored ranking: a page of rows built alone equals the same rows of the
whole table, the comparison with the previous year, and the body's HTML (escaped, links quoted)."""

import json
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from publications.published import PublishedCohort, slim, standings
from publications.tables import TableRow, rows_html, table_row

SNAPSHOT = Path(__file__).resolve().parent.parent / "data" / "results-snapshot-department.json"


def cohort(data: dict, previous: dict | None = None) -> PublishedCohort:
    stored = slim(data)
    return PublishedCohort(
        key="department",
        title="Sở, ban, ngành",
        level="department",
        within_code=None,
        within_name=None,
        version=1,
        approved_at=timezone.now(),
        approving_agency="UBND tỉnh",
        reason="",
        criteria_title=stored["criteria"]["title"],
        criteria_revision=stored["criteria"]["revision"],
        groups=tuple((g["code"], g["title"], Decimal(g["max_points"])) for g in stored["criteria"]["groups"]),
        table=stored["rows"],
        previous=standings(slim(previous)["rows"]) if previous else None,
        snapshot=None,
    )


def with_one_not_reported(data: dict) -> dict:
    agencies = [dict(entry) for entry in data["agencies"]]
    agencies[1] = {**agencies[1], "standing": "not_reported", "rank": None, "scores": None}
    return {**data, "agencies": agencies}


def test_a_page_of_rows_built_alone_equals_the_same_rows_of_the_whole_table():
    data = json.loads(SNAPSHOT.read_text())
    published = cohort(with_one_not_reported(data), previous=data)
    whole = published.rows
    assert published.rows_between(3, 8) == whole[3:8]
    assert published.leaders(4) == whole[:4]
    assert published.count == len(data["agencies"])
    assert published.ranked_count == len(data["agencies"]) - 1
    assert [row.reported for row in whole][-1] is False  # the one that did not report comes last
    assert published.leader == whole[0]
    assert sum(count for _band, count in published.bands) == published.ranked_count


def test_the_change_is_measured_against_the_previous_years_rank_and_total():
    data = json.loads(SNAPSHOT.read_text())
    before = json.loads(SNAPSHOT.read_text())
    first, second = before["agencies"][0], before["agencies"][1]
    assert (first["rank"], second["rank"]) == (1, 2)
    first["rank"], second["rank"] = 2, 1  # last year the two were the other way round
    first["scores"] = {**first["scores"], "total": str(Decimal(first["scores"]["total"]) - 10)}
    before["agencies"] = before["agencies"][:-1]  # the last one is new this year
    rows = {row.code: row for row in cohort(data, previous=before).rows}
    code = data["agencies"][0]["code"]
    assert rows[code].total_change == Decimal(10)
    assert rows[code].rank_change == 1  # up one place
    assert rows[data["agencies"][1]["code"]].rank_change == -1
    assert rows[data["agencies"][-1]["code"]].new is True
    assert all(row.rank_change is None and not row.new for row in cohort(data).rows)


def test_the_body_escapes_names_and_quotes_codes_in_links():
    row = TableRow(
        code="A/B?x=1",
        name='<script>alert("x")</script>',
        rank="1",
        reported=True,
        groups=("10,00",),
        total="10,00",
        index="1,0000",
        band="Tốt",
        rank_change="—",
        total_change="—",
    )
    html = rows_html([row], "/ket-qua/co-quan/", 8)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="/ket-qua/co-quan/A%2FB%3Fx%3D1/"' in html
    assert html.count("<td") == 1 + 1 + 5  # rank, one group, total, index, band, two changes


def test_the_body_of_an_agency_that_did_not_report_spans_the_score_columns():
    data = with_one_not_reported(json.loads(SNAPSHOT.read_text()))
    missing = table_row(cohort(data).rows[-1])
    html = rows_html([missing], "", 12)
    assert 'colspan="10"' in html and "không nộp" in html.lower()
    assert "<a " not in html  # no agency page to link to


def test_an_empty_body_says_nothing_matches():
    html = rows_html([], "", 9)
    assert 'colspan="9"' in html and "Không có cơ quan nào phù hợp" in html
