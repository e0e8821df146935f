"""When each reporting period runs and closes, from Decision 2853's rules (Điều 2.2.c).

Plain functions over dates; the times they return are aware datetimes in the
portal's zone (Asia/Ho_Chi_Minh), whatever the server's own clock zone.

- Annual evaluation: from the level's cut-off day of the previous year to the
  same day of the evaluated year (10 November for communes, 15 November for the
  others in Decision 2853); reports are due by the end of that day.
- 3-, 6- and 9-month updates, not evaluated: figures updated "before the 15th
  of the period's last month", read as due before 15 March, 15 June and
  15 September (accepted until 23:59:59 on the 14th); each update covers the
  evaluation year so far, from the annual window's start to the 14th.
- Opening (not in the decision; the portal's default, editable per period):
  the reporting year is a chain in which each period opens at 00:00 on the day
  after the one before it closes. The 3-month update opens the day after the
  previous annual evaluation's cut-off, the 6- and 9-month updates on 15 March
  and 15 June, the annual evaluation on 15 September. An agency therefore
  always has exactly one period to fill in, and nothing is submitted before the
  figures it reports on exist.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

ONE_SECOND = datetime.timedelta(seconds=1)
ONE_DAY = datetime.timedelta(days=1)


class Kind(enum.StrEnum):
    ANNUAL = "annual"
    MONTHS_3 = "3m"
    MONTHS_6 = "6m"
    MONTHS_9 = "9m"


# The last month of each update period; submissions close before the 15th of it.
UPDATE_MONTHS = {Kind.MONTHS_3: 3, Kind.MONTHS_6: 6, Kind.MONTHS_9: 9}
UPDATE_DAY = 15


@dataclass(frozen=True)
class LevelRule:
    """What the periods of one agency level depend on."""

    cutoff_month: int
    cutoff_day: int
    appraisal_days: int
    publication_days: int


@dataclass(frozen=True)
class PeriodPlan:
    year: int
    kind: Kind
    opens_at: datetime.datetime
    data_start: datetime.date
    data_end: datetime.date
    submission_deadline: datetime.datetime
    appraisal_deadline: datetime.datetime | None
    publication_deadline: datetime.datetime | None


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def end_of_day(day: datetime.date) -> datetime.datetime:
    """23:59:59 local time on ``day``: the last second a deadline on that day accepts."""
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=local_zone())


def start_of_day(day: datetime.date) -> datetime.datetime:
    """00:00 local time on ``day``: the first moment a period opening that day accepts."""
    return datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=local_zone())


def is_on_time(moment: datetime.datetime, deadline: datetime.datetime) -> bool:
    """Whether ``moment`` is within ``deadline``, which names its last accepted second."""
    return moment < deadline + ONE_SECOND


def plan_year(year: int, rule: LevelRule) -> list[PeriodPlan]:
    """The three updates and the annual period of ``year`` for a level following ``rule``, in the order
    they close; each opens the day after the one before it closes."""
    cutoff = datetime.date(year, rule.cutoff_month, rule.cutoff_day)
    start = datetime.date(year - 1, rule.cutoff_month, rule.cutoff_day)
    closes = end_of_day(cutoff)
    previous_close = start  # the last day of the previous year's annual evaluation
    plans = []
    for kind, month in UPDATE_MONTHS.items():
        last_day = datetime.date(year, month, UPDATE_DAY - 1)
        plans.append(
            PeriodPlan(
                year=year,
                kind=kind,
                opens_at=start_of_day(previous_close + ONE_DAY),
                data_start=start,
                data_end=last_day,
                submission_deadline=end_of_day(last_day),
                appraisal_deadline=None,
                publication_deadline=None,
            )
        )
        previous_close = last_day
    plans.append(
        PeriodPlan(
            year=year,
            kind=Kind.ANNUAL,
            opens_at=start_of_day(previous_close + ONE_DAY),
            data_start=start,
            data_end=cutoff,
            submission_deadline=closes,
            appraisal_deadline=closes + datetime.timedelta(days=rule.appraisal_days),
            publication_deadline=closes + datetime.timedelta(days=rule.publication_days),
        )
    )
    return plans


def is_open(moment: datetime.datetime, opens_at: datetime.datetime, deadline: datetime.datetime) -> bool:
    """Whether a period that opens at ``opens_at`` and closes after ``deadline`` accepts reports at ``moment``."""
    return opens_at <= moment and is_on_time(moment, deadline)
