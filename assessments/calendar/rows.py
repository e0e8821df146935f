"""A year's reporting periods as the rows of the public calendar.

Read from the :class:`~assessments.models.ReportingPeriod` records, so a deadline
changed in the admin is the deadline the calendar shows. Periods sharing a kind,
an opening, a deadline and the late rule (one per criteria set, usually) make one
row naming all their agency levels: a citizen reads when each round runs, not
how the sets are split.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.formatting import day, minute
from assessments.models import AgencyLevel, PeriodKind, ReportingPeriod
from assessments.period_rules import is_on_time, local_zone

# The order a year's rounds run in, for rows opening at the same moment.
KIND_ORDER = [PeriodKind.MONTHS_3, PeriodKind.MONTHS_6, PeriodKind.MONTHS_9, PeriodKind.ANNUAL]


class Status(enum.StrEnum):
    UPCOMING = "upcoming"
    OPEN = "open"
    LATE = "late"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    Status.UPCOMING: _("Not yet open"),
    Status.OPEN: _("Open now"),
    Status.LATE: _("Open, late reports accepted"),
    Status.CLOSED: _("Closed"),
}


class YearChoice(enum.StrEnum):
    CURRENT = "current"
    NEXT = "next"
    GIVEN = "given"


def period_status(
    moment: datetime.datetime, opens_at: datetime.datetime, deadline: datetime.datetime, allow_late: bool
) -> Status:
    """Whether a period takes reports at ``moment``: the same rule as :meth:`ReportingPeriod.is_open`."""
    if moment < opens_at:
        return Status.UPCOMING
    if is_on_time(moment, deadline):
        return Status.OPEN
    return Status.LATE if allow_late else Status.CLOSED


def calendar_year(choice: str, given_year: int | None, today: datetime.date) -> int:
    """The year a calendar block shows: this year, next year or the year the editor gave."""
    if choice == YearChoice.GIVEN and given_year:
        return given_year
    return today.year + 1 if choice == YearChoice.NEXT else today.year


@dataclass(frozen=True)
class CalendarRow:
    kind: PeriodKind
    levels: tuple[str, ...]
    opens_at: datetime.datetime
    deadline: datetime.datetime
    status: Status

    @property
    def kind_label(self) -> str:
        return str(self.kind.label)

    @property
    def evaluated(self) -> bool:
        return self.kind == PeriodKind.ANNUAL

    @property
    def opens_on(self) -> str:
        """The opening day; its time too when it is not midnight (a period an editor moved by hand)."""
        local = self.opens_at.astimezone(local_zone())
        return day(self.opens_at) if local.time() == datetime.time(0, 0) else minute(self.opens_at)

    @property
    def deadline_text(self) -> str:
        """The last accepted minute, "23:59 14/03/2026", as the reporting screens write deadlines."""
        return minute(self.deadline)


def calendar_rows(year: int, moment: datetime.datetime | None = None) -> list[CalendarRow]:
    """The rows of ``year``'s calendar, in the order the rounds open; two queries however many periods."""
    moment = moment or timezone.now()
    periods = ReportingPeriod.objects.filter(year=year).prefetch_related(
        Prefetch("levels", queryset=AgencyLevel.objects.order_by("order", "name"))
    )
    merged: dict[tuple, dict[int, AgencyLevel]] = {}
    for period in periods:
        key = (period.kind, period.opens_at, period.submission_deadline, period.allow_late)
        merged.setdefault(key, {}).update((level.pk, level) for level in period.levels.all())
    ordered = []
    for (kind, opens_at, deadline, allow_late), levels in merged.items():
        in_order = sorted(levels.values(), key=lambda level: (level.order, level.name))
        row = CalendarRow(
            kind=PeriodKind(kind),
            levels=tuple(level.name for level in in_order),
            opens_at=opens_at,
            deadline=deadline,
            status=period_status(moment, opens_at, deadline, allow_late),
        )
        first_level = (in_order[0].order, in_order[0].name) if in_order else (0, "")
        ordered.append(((opens_at, deadline, KIND_ORDER.index(row.kind), first_level), row))
    return [row for _key, row in sorted(ordered, key=lambda item: item[0])]
