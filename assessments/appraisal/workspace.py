"""The appraiser's workspace: the reports in the appraiser's scope for one period, with filters.

Constant queries whatever the number of agencies: the periods in scope, the agencies in scope,
their reports for the period with the self-score totals, the decisions of those reports' latest
rounds. Filtering, searching and sorting happen on those rows (a province has a few hundred).
"""

from __future__ import annotations

import datetime
import enum
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.access import Access
from assessments.models import Agency, AppraisalRound, IndicatorDecision, Report, ReportingPeriod, ReportStatus, Verdict
from assessments.ranking import name_key
from home.text import fold


class Sort(enum.StrEnum):
    NAME = "ten"
    STATUS = "trang-thai"
    SUBMITTED = "nop"
    SELF = "tu-cham"
    APPRAISED = "tham-dinh"


@dataclass(frozen=True)
class Filters:
    status: str = ""
    level: str = ""
    query: str = ""
    sort: Sort = Sort.NAME
    descending: bool = False


@dataclass(frozen=True)
class WorkspaceRow:
    agency: Agency
    report: Report | None
    status: str
    status_label: str
    submitted_at: datetime.datetime | None
    late: bool
    self_total: Decimal | None
    appraised_total: Decimal | None
    days_left: int | None
    waiting_days: int | None


def agencies_in_scope(access: Access) -> Iterable[Agency]:
    return (
        Agency.objects.filter(appraiser_id__in=access.appraising, evaluated=True)
        .select_related("level", "appraiser")
        .order_by("name")
    )


def periods_in_scope(access: Access, now: datetime.datetime) -> list[ReportingPeriod]:
    """The periods that apply to the agencies the user appraises and have opened, latest first."""
    levels = Agency.objects.filter(appraiser_id__in=access.appraising).values("level_id")
    return list(
        ReportingPeriod.objects.filter(levels__in=levels, opens_at__lte=now)
        .distinct()
        .select_related("criteria_set")
        .order_by("-submission_deadline", "kind")
    )


def _appraised_totals(reports: list[Report]) -> dict[int, Decimal]:
    """Each report's total with the corrections of its latest round (reports without decisions left out)."""
    latest = AppraisalRound.objects.filter(report=OuterRef("round__report")).order_by("-number").values("pk")[:1]
    corrections: dict[int, Decimal] = defaultdict(Decimal)
    decided: set[int] = set()
    for report_id, verdict, self_score, appraised in IndicatorDecision.objects.filter(
        round__report__in=[r.pk for r in reports], round=Subquery(latest)
    ).values_list("round__report_id", "verdict", "self_score", "appraised_score"):
        decided.add(report_id)
        if verdict == Verdict.CORRECTED:
            corrections[report_id] += (appraised or 0) - (self_score or 0)
    return {
        report.pk: (report.self_total or Decimal(0)) + corrections[report.pk]
        for report in reports
        if report.pk in decided
    }


def workspace_rows(
    access: Access, period: ReportingPeriod, filters: Filters, now: datetime.datetime | None = None
) -> list[WorkspaceRow]:
    now = now or timezone.now()
    levels = set(period.levels.values_list("pk", flat=True))
    agencies = [agency for agency in agencies_in_scope(access) if agency.level_id in levels]
    reports = list(
        Report.objects.filter(period=period, agency__in=[a.pk for a in agencies]).annotate(
            self_total=Sum("answers__self_score"), last_round=Max("appraisal_rounds__number")
        )
    )
    by_agency = {report.agency_id: report for report in reports}
    appraised = _appraised_totals(reports)
    deadline_days = (timezone.localdate(period.submission_deadline) - timezone.localdate(now)).days
    rows = []
    for agency in agencies:
        report = by_agency.get(agency.pk)
        status = report.status if report else ReportStatus.NOT_STARTED
        waiting = None
        if report is not None and status == ReportStatus.SUBMITTED and report.submitted_at:
            waiting = (timezone.localdate(now) - timezone.localdate(report.submitted_at)).days
        rows.append(
            WorkspaceRow(
                agency=agency,
                report=report,
                status=status,
                status_label=str(ReportStatus(status).label),
                submitted_at=report.submitted_at if report else None,
                late=bool(report and report.late),
                self_total=report.self_total if report and report.status != ReportStatus.NOT_STARTED else None,
                appraised_total=appraised.get(report.pk) if report else None,
                days_left=deadline_days if deadline_days >= 0 else None,
                waiting_days=waiting,
            )
        )
    return sort_rows(filter_rows(rows, filters), filters)


def filter_rows(rows: list[WorkspaceRow], filters: Filters) -> list[WorkspaceRow]:
    query = fold(filters.query.strip())
    return [
        row
        for row in rows
        if (not filters.status or row.status == filters.status)
        and (not filters.level or row.agency.level.code == filters.level)
        and (not query or query in fold(row.agency.name) or query in fold(row.agency.code))
    ]


_NONE_LAST = Decimal("-1e18")
_STATUS_ORDER = {
    s: i
    for i, s in enumerate(
        [
            ReportStatus.SUBMITTED,
            ReportStatus.RETURNED,
            ReportStatus.DRAFT,
            ReportStatus.NOT_STARTED,
            ReportStatus.APPRAISED,
            ReportStatus.RECEIVED,
        ]
    )
}
_FAR = datetime.datetime.max.replace(tzinfo=datetime.UTC)


def sort_rows(rows: list[WorkspaceRow], filters: Filters) -> list[WorkspaceRow]:
    keys = {
        Sort.NAME: lambda row: name_key(row.agency.name),
        Sort.STATUS: lambda row: (_STATUS_ORDER.get(row.status, 9), name_key(row.agency.name)),
        Sort.SUBMITTED: lambda row: (row.submitted_at or _FAR, name_key(row.agency.name)),
        Sort.SELF: lambda row: row.self_total if row.self_total is not None else _NONE_LAST,
        Sort.APPRAISED: lambda row: row.appraised_total if row.appraised_total is not None else _NONE_LAST,
    }
    return sorted(rows, key=keys[filters.sort], reverse=filters.descending)


def status_choices() -> list[tuple[str, str]]:
    return [("", _("All statuses")), *[(value, str(label)) for value, label in ReportStatus.choices]]
