"""The agency dashboard: each period that applies to the agency, its report's state and what is left."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from assessments.models import Agency, Report, ReportingPeriod, ReportStatus
from assessments.period_rules import is_on_time


@dataclass(frozen=True)
class DashboardRow:
    agency: Agency
    period: ReportingPeriod
    report: Report | None
    status: str
    status_label: str
    open: bool
    days_left: int | None


def dashboard_rows(agencies: list[Agency], now: datetime.datetime) -> list[DashboardRow]:
    """Rows for every period of every agency, newest first. Three queries whatever the number of periods."""
    if not agencies:
        return []
    level_ids = {agency.level_id for agency in agencies}
    periods = list(
        ReportingPeriod.objects.filter(levels__in=level_ids)
        .distinct()
        .select_related("criteria_set")
        .prefetch_related("levels")
        .order_by("-submission_deadline", "kind")
    )
    reports = {
        (report.period_id, report.agency_id): report
        for report in Report.objects.filter(agency__in=agencies, period__in=periods)
    }
    statuses = dict(ReportStatus.choices)
    rows = []
    for period in periods:
        period_levels = {level.pk for level in period.levels.all()}
        for agency in agencies:
            if agency.level_id not in period_levels or not _exists_in(agency, period.year):
                continue
            report = reports.get((period.pk, agency.pk))
            status = report.status if report else ReportStatus.NOT_STARTED
            open_now = is_on_time(now, period.submission_deadline) or period.allow_late
            days = (period.submission_deadline - now).days if open_now else None
            rows.append(DashboardRow(agency, period, report, status, statuses[status], open_now, days))
    return rows


def _exists_in(agency: Agency, year: int) -> bool:
    return (agency.year_from is None or agency.year_from <= year) and (agency.year_to is None or year <= agency.year_to)
