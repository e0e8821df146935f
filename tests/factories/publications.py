"""Results pages the way an editor makes them: an index under the home page and a year's page, published."""

from __future__ import annotations

import json

from assessments.models import ResultSnapshot
from publications.models import AnnualResultsPage, ResultsIndexPage
from tests.factories.assessments import ReportingPeriodFactory


def results_index(home_page) -> ResultsIndexPage:
    index = ResultsIndexPage(title="Kết quả đánh giá", slug="ket-qua")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def publish_year(index: ResultsIndexPage, year: int, **fields) -> AnnualResultsPage:
    page = AnnualResultsPage(title=f"Kết quả năm {year}", slug=str(year), year=year, **fields)
    index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def bigger_version(snapshot, extra: int, period_year: int | None = None, swap_first_two: bool = False):
    """A new approved version of ``snapshot``'s cohort with ``extra`` more ranked agencies (or, with
    ``period_year``, the same cohort approved for another year's period), created as approval stores it."""
    data = json.loads(json.dumps(snapshot.data))
    model = data["agencies"][0]
    data["agencies"] = [
        *data["agencies"],
        *({**model, "code": f"X-{n}", "name": f"Cơ quan {n}", "rank": 4 + n} for n in range(extra)),
    ]
    if swap_first_two:
        data["agencies"][0]["rank"], data["agencies"][1]["rank"] = 2, 1
    period = snapshot.period
    if period_year is not None:
        period = ReportingPeriodFactory(criteria_set=snapshot.period.criteria_set, year=period_year)
    return ResultSnapshot.objects.create(
        period=period,
        level=snapshot.level,
        within=snapshot.within,
        version=1 if period_year is not None else snapshot.version + 1,
        criteria_revision=snapshot.criteria_revision,
        approving_agency=snapshot.approving_agency,
        approved_at=snapshot.approved_at,
        approved_by=snapshot.approved_by,
        reason="Thêm cơ quan để đếm truy vấn.",
        data=data,
        sha256="0" * 64,
    )
