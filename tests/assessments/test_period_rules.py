"""The decision's period rules: windows, deadlines in Asia/Ho_Chi_Minh and the 14th/15th edge."""

import datetime
import itertools
import os
import time

import pytest

from assessments.models import ReportingPeriod
from assessments.period_rules import (
    Kind,
    LevelRule,
    PeriodPlan,
    end_of_day,
    is_on_time,
    is_open,
    local_zone,
    plan_year,
)
from tests.factories.assessments import local

UTC = datetime.UTC
SEVEN_HOURS = datetime.timedelta(hours=7)

# Decision 2853: communes close on 10 November, districts, departments and central agencies on 15 November.
COMMUNE = LevelRule(cutoff_month=11, cutoff_day=10, appraisal_days=4, publication_days=4)
DEPARTMENT = LevelRule(cutoff_month=11, cutoff_day=15, appraisal_days=20, publication_days=30)


def by_kind(plans: list[PeriodPlan]) -> dict[Kind, PeriodPlan]:
    return {plan.kind: plan for plan in plans}


@pytest.fixture
def new_york_clock(monkeypatch):
    """The process runs on a clock far from Vietnam, as a misconfigured server might."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    assert time.localtime(0).tm_hour == 19  # 1970-01-01 00:00 UTC is 19:00 the day before in New York
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_portal_zone_is_vietnam():
    assert local_zone().key == "Asia/Ho_Chi_Minh"
    assert local(2023, 3, 14).utcoffset() == SEVEN_HOURS


@pytest.mark.parametrize(
    ("rule", "day"),
    [pytest.param(COMMUNE, 10, id="commune 10/11"), pytest.param(DEPARTMENT, 15, id="department 15/11")],
)
def test_a_year_has_one_annual_period_and_three_updates(rule, day):
    plans = plan_year(2023, rule)

    assert sorted(plan.kind for plan in plans) == sorted(Kind)
    assert {plan.year for plan in plans} == {2023}
    annual = by_kind(plans)[Kind.ANNUAL]
    # The annual window runs from the cut-off day of the previous year to the cut-off day.
    assert annual.data_start == datetime.date(2022, 11, day)
    assert annual.data_end == datetime.date(2023, 11, day)
    assert annual.submission_deadline == local(2023, 11, day, 23, 59, 59)


@pytest.mark.parametrize(("rule", "day"), [(COMMUNE, 10), (DEPARTMENT, 15)], ids=["commune", "department"])
@pytest.mark.parametrize(("kind", "month"), [(Kind.MONTHS_3, 3), (Kind.MONTHS_6, 6), (Kind.MONTHS_9, 9)])
def test_updates_run_from_the_annual_start_to_the_14th_and_close_at_its_last_second(rule, day, kind, month):
    plan = by_kind(plan_year(2023, rule))[kind]

    assert plan.data_start == datetime.date(2022, 11, day)
    assert plan.data_end == datetime.date(2023, month, 14)
    assert plan.submission_deadline == local(2023, month, 14, 23, 59, 59)
    assert plan.submission_deadline.astimezone(UTC) == datetime.datetime(2023, month, 14, 16, 59, 59, tzinfo=UTC)
    # Updates are not evaluated: nothing to appraise or publish.
    assert plan.appraisal_deadline is None
    assert plan.publication_deadline is None


def test_deadlines_are_aware_and_in_the_portal_zone():
    for plan in plan_year(2024, DEPARTMENT):
        deadline = plan.submission_deadline
        assert deadline.tzinfo is not None
        assert deadline.utcoffset() == SEVEN_HOURS
        assert deadline.time() == datetime.time(23, 59, 59)


@pytest.mark.parametrize(
    ("rule", "appraisal", "publication"),
    [
        pytest.param(COMMUNE, local(2023, 11, 14, 23, 59, 59), local(2023, 11, 14, 23, 59, 59), id="10/11 + 4 days"),
        pytest.param(DEPARTMENT, local(2023, 12, 5, 23, 59, 59), local(2023, 12, 15, 23, 59, 59), id="15/11 + 20, 30"),
    ],
)
def test_appraisal_and_publication_deadlines_follow_the_level_days(rule, appraisal, publication):
    annual = by_kind(plan_year(2023, rule))[Kind.ANNUAL]
    assert annual.appraisal_deadline == appraisal
    assert annual.publication_deadline == publication


def test_the_window_crosses_the_new_year_and_a_leap_day():
    annual = by_kind(plan_year(2024, DEPARTMENT))[Kind.ANNUAL]
    assert annual.data_start == datetime.date(2023, 11, 15)
    assert (annual.data_end - annual.data_start).days == 366


def test_end_of_day_is_the_last_second_in_vietnam():
    assert end_of_day(datetime.date(2023, 3, 14)) == datetime.datetime(2023, 3, 14, 16, 59, 59, tzinfo=UTC)


DEADLINE = local(2023, 3, 14, 23, 59, 59)


@pytest.mark.parametrize(
    ("moment", "on_time"),
    [
        pytest.param(local(2023, 3, 14, 23, 59, 59), True, id="23:59:59 on the 14th local"),
        pytest.param(local(2023, 3, 14, 23, 59, 59) + datetime.timedelta(microseconds=999_999), True, id="…999999"),
        pytest.param(local(2023, 3, 15, 0, 0, 0), False, id="00:00:00 on the 15th local"),
        pytest.param(datetime.datetime(2023, 3, 14, 16, 59, 59, tzinfo=UTC), True, id="16:59:59 UTC on the 14th"),
        pytest.param(datetime.datetime(2023, 3, 14, 17, 0, 0, tzinfo=UTC), False, id="17:00:00 UTC on the 14th"),
        pytest.param(local(2023, 3, 1, 8, 0, 0), True, id="well before"),
        pytest.param(local(2023, 3, 20, 8, 0, 0), False, id="well after"),
    ],
)
def test_is_on_time_at_the_edge_of_the_14th(moment, on_time):
    assert is_on_time(moment, DEADLINE) is on_time


def test_the_same_instant_in_any_zone_gives_the_same_answer():
    new_york = datetime.timezone(datetime.timedelta(hours=-4))
    last_second = datetime.datetime(2023, 3, 14, 12, 59, 59, tzinfo=new_york)
    first_late_second = datetime.datetime(2023, 3, 14, 13, 0, 0, tzinfo=new_york)
    assert is_on_time(last_second, DEADLINE)
    assert not is_on_time(first_late_second, DEADLINE)


def test_the_server_clock_zone_does_not_matter(new_york_clock):
    assert datetime.datetime.fromtimestamp(0).hour == 19  # naive local time really is New York's now

    plans = by_kind(plan_year(2023, COMMUNE))
    three_months = plans[Kind.MONTHS_3]
    assert three_months.submission_deadline == datetime.datetime(2023, 3, 14, 16, 59, 59, tzinfo=UTC)
    assert plans[Kind.ANNUAL].submission_deadline == datetime.datetime(2023, 11, 10, 16, 59, 59, tzinfo=UTC)

    deadline = three_months.submission_deadline
    assert is_on_time(datetime.datetime(2023, 3, 14, 16, 59, 59, tzinfo=UTC), deadline)
    assert not is_on_time(datetime.datetime(2023, 3, 14, 17, 0, 0, tzinfo=UTC), deadline)
    assert is_on_time(local(2023, 3, 14, 23, 59, 59), deadline)
    assert not is_on_time(local(2023, 3, 15), deadline)

    # A period record answers the same way (no database needed for an unsaved one).
    period = ReportingPeriod(opens_at=three_months.opens_at, submission_deadline=deadline)
    assert period.is_open(datetime.datetime(2023, 3, 14, 16, 59, 59, tzinfo=UTC))
    assert not period.is_open(datetime.datetime(2023, 3, 14, 17, 0, 0, tzinfo=UTC))
    # It opened at 00:00 local on the day after the 2022 annual cut-off (10 November for communes).
    assert three_months.opens_at == datetime.datetime(2022, 11, 10, 17, 0, 0, tzinfo=UTC)
    assert not period.is_open(datetime.datetime(2022, 11, 10, 16, 59, 59, tzinfo=UTC))
    assert period.is_open(datetime.datetime(2022, 11, 10, 17, 0, 0, tzinfo=UTC))


def test_plans_are_the_same_whatever_the_server_clock_zone(monkeypatch):
    expected = plan_year(2023, DEPARTMENT)
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14: already the 15th there when Vietnam is on the 14th
    time.tzset()
    try:
        assert plan_year(2023, DEPARTMENT) == expected
    finally:
        monkeypatch.undo()
        time.tzset()
    assert os.environ.get("TZ") != "Pacific/Kiritimati"


@pytest.mark.parametrize("rule", [DEPARTMENT, COMMUNE], ids=["department", "commune"])
def test_each_period_opens_the_day_after_the_one_before_it_closes(rule):
    """The reporting year is a chain: at any moment exactly one period of a level is open."""
    plans = plan_year(2023, rule) + plan_year(2024, rule)
    assert [plan.kind for plan in plans[:4]] == [Kind.MONTHS_3, Kind.MONTHS_6, Kind.MONTHS_9, Kind.ANNUAL]
    for before, after in itertools.pairwise(plans):
        assert after.opens_at == before.submission_deadline + datetime.timedelta(seconds=1)
    opening_days = {plan.kind: (plan.opens_at.month, plan.opens_at.day) for plan in plan_year(2023, rule)}
    assert opening_days == {
        Kind.MONTHS_3: (rule.cutoff_month, rule.cutoff_day + 1),
        Kind.MONTHS_6: (3, 15),
        Kind.MONTHS_9: (6, 15),
        Kind.ANNUAL: (9, 15),
    }
    for plan in plans:
        assert plan.opens_at.hour == plan.opens_at.minute == 0
        assert plan.opens_at.tzinfo is not None


def test_a_period_is_open_from_its_opening_to_its_deadline():
    opens, deadline = local(2023, 9, 15), local(2023, 11, 15, 23, 59, 59)
    assert not is_open(local(2023, 9, 14, 23, 59, 59), opens, deadline)
    assert is_open(opens, opens, deadline)
    assert is_open(deadline, opens, deadline)
    assert not is_open(local(2023, 11, 16), opens, deadline)
