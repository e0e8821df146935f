"""The agency dashboard: each period that applies to the agency, its report's state and what is left."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from assessments import formatting
from assessments.models import HANDED_IN, Agency, Answer, Report, ReportingPeriod, ReportStatus
from assessments.period_rules import is_on_time
from assessments.reporting.answers import Progress, group_progress
from assessments.reporting.services import pinned_criteria


class Window(enum.StrEnum):
    """Where a period stands for one agency, as the dashboard says it."""

    NOT_OPEN = "not_open"
    OPEN = "open"
    CLOSED = "closed"
    MISSED = "missed"  # closed without a submitted report


DONE = HANDED_IN


def period_window(period: ReportingPeriod, report: Report | None, now: datetime.datetime) -> Window:
    if report is not None and report.reopened_until and now <= report.reopened_until:
        return Window.OPEN
    if now < period.opens_at:
        return Window.NOT_OPEN
    if is_on_time(now, period.submission_deadline) or period.allow_late:
        return Window.OPEN
    return Window.CLOSED if report is not None and report.status in DONE else Window.MISSED


def window_label(window: Window, period: ReportingPeriod) -> str:
    if window == Window.NOT_OPEN:
        return _("not open yet (opens %(date)s)") % {"date": formatting.day(period.opens_at)}
    return _("open") if window == Window.OPEN else _("closed")


def status_label(window: Window, status: str) -> str:
    """The report's state; a period that closed without a submitted report reads "not submitted"."""
    if window == Window.MISSED:
        return _("not submitted")
    return str(ReportStatus(status).label)


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
    window: Window
    window_label: str
    days_left: int | None
    groups: tuple[GroupProgress, ...] = ()

    @property
    def open(self) -> bool:
        """Whether the report can be started or changed now."""
        return self.window == Window.OPEN


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
    rows = []
    for period in periods:
        period_levels = {level.pk for level in period.levels.all()}
        for agency in agencies:
            if agency.level_id not in period_levels or not agency.evaluated or not agency.exists_in(period.year):
                continue
            report = reports.get((period.pk, agency.pk))
            status = report.status if report else ReportStatus.NOT_STARTED
            window = period_window(period, report, now)
            open_now = window == Window.OPEN
            days = (period.submission_deadline - now).days if open_now and now <= period.submission_deadline else None
            groups = ()
            if report is not None and open_now:
                criteria = pinned_criteria(period)
                progress = group_progress(criteria.scoring, answered.get(report.pk, set()))
                groups = tuple(GroupProgress(code, criteria.titles[code], value) for code, value in progress.items())
            rows.append(
                DashboardRow(
                    agency,
                    period,
                    report,
                    Window.MISSED if window == Window.MISSED else status,
                    status_label(window, status),
                    window,
                    window_label(window, period),
                    days,
                    groups,
                )
            )
    return rows


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
