"""The agency dashboard: each period that applies to the agency, its report's state and what is left."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

from assessments.models import Agency, Answer, Report, ReportingPeriod, ReportStatus
from assessments.period_rules import is_on_time
from assessments.report_answers import Progress, group_progress
from assessments.report_service import pinned_criteria


@dataclass(frozen=True)
class GroupProgress:
    code: str
    title: str
    progress: Progress


@dataclass(frozen=True)
class DashboardRow:
    agency: Agency
    period: ReportingPeriod
    report: Report | None
    status: str
    status_label: str
    open: bool
    days_left: int | None
    groups: tuple[GroupProgress, ...] = ()


def dashboard_rows(agencies: list[Agency], now: datetime.datetime) -> list[DashboardRow]:
    """Rows for every period of every agency, newest first, with each report's progress per criteria group.

    A fixed number of queries whatever the number of periods and answers (pinned
    criteria are read once per revision and process).
    """
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
    answered: dict[int, set[str]] = {}
    for report_id, code in answered_codes(reports.values()):
        answered.setdefault(report_id, set()).add(code)
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
            groups = ()
            if report is not None and open_now:
                criteria = pinned_criteria(period)
                progress = group_progress(criteria.scoring, answered.get(report.pk, set()))
                groups = tuple(GroupProgress(code, criteria.titles[code], value) for code, value in progress.items())
            rows.append(DashboardRow(agency, period, report, status, statuses[status], open_now, days, groups))
    return rows


def _exists_in(agency: Agency, year: int) -> bool:
    return (agency.year_from is None or agency.year_from <= year) and (agency.year_to is None or year <= agency.year_to)


def answered_codes(reports) -> list[tuple[int, str]]:
    """(report, code) of every answer that holds a value, for all ``reports`` in one query."""
    filled = (
        Q(value_bool__isnull=False)
        | ~Q(value_text="")
        | Q(value_number__isnull=False)
        | (Q(value_a__isnull=False) & Q(value_b__isnull=False))
        | ~Q(value_choices=[])
    )
    return list(Answer.objects.filter(filled, report__in=list(reports)).values_list("report_id", "code"))
