"""The reporting calendar of the guidance pages: rows read from the period records, never typed by hand."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.blocks import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from assessments.calendar.blocks import ReportingCalendarBlock
from assessments.calendar.rows import Status, calendar_rows, calendar_year, period_status
from assessments.models import PeriodKind, ReportingPeriod
from home.models import GuidancePage
from tests.factories.assessments import (
    AgencyLevelFactory,
    CriteriaSetPageFactory,
    ReportingPeriodFactory,
    end_of_day,
    local,
    start_of_day,
)
from tests.factories.home import GuidancePageFactory, block

OPENS = local(2030, 6, 15)
DEADLINE = local(2030, 9, 14, 23, 59, 59)


# --- status and year: plain functions -------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "allow_late", "status"),
    [
        (OPENS - datetime.timedelta(seconds=1), False, Status.UPCOMING),
        (OPENS, False, Status.OPEN),
        (DEADLINE, False, Status.OPEN),
        (DEADLINE + datetime.timedelta(milliseconds=999), False, Status.OPEN),
        (DEADLINE + datetime.timedelta(seconds=1), False, Status.CLOSED),
        (DEADLINE + datetime.timedelta(days=30), True, Status.LATE),
        (OPENS - datetime.timedelta(days=1), True, Status.UPCOMING),
    ],
)
def test_status_follows_the_periods_own_rule(moment, allow_late, status):
    assert period_status(moment, OPENS, DEADLINE, allow_late) is status


@pytest.mark.parametrize(
    ("choice", "given", "year"),
    [("current", None, 2030), ("next", None, 2031), ("given", 2024, 2024), ("given", None, 2030), ("next", 2024, 2031)],
)
def test_the_year_shown(choice, given, year):
    assert calendar_year(choice, given, datetime.date(2030, 12, 31)) == year


def test_a_given_year_must_be_entered():
    calendar = ReportingCalendarBlock()
    with pytest.raises(StructBlockValidationError) as raised:
        calendar.clean(calendar.to_python({"year": "given", "given_year": None}))
    assert "given_year" in raised.value.block_errors
    assert calendar.clean(calendar.to_python({"year": "given", "given_year": 2024}))["given_year"] == 2024


# --- rows from the records ------------------------------------------------------------------


@pytest.fixture
def levels(db):
    return {
        "department": AgencyLevelFactory(code="department", name="Sở, ban, ngành cấp tỉnh", order=1),
        "district": AgencyLevelFactory(code="district", name="UBND cấp huyện", order=3),
        "commune": AgencyLevelFactory(code="commune", name="UBND cấp xã", order=4),
    }


@pytest.fixture
def sets(decision, levels):
    return {code: CriteriaSetPageFactory(parent=decision, levels=[level]) for code, level in levels.items()}


def period(criteria_set, kind, opens: datetime.datetime, deadline: datetime.datetime, year=2030, **extra):
    return ReportingPeriodFactory(
        criteria_set=criteria_set, year=year, kind=kind, opens_at=opens, submission_deadline=deadline, **extra
    )


def test_periods_on_the_same_schedule_share_a_row_naming_every_level(sets):
    # Made in the reverse of the order the levels are listed in.
    for code in ("commune", "district", "department"):
        period(sets[code], PeriodKind.MONTHS_6, local(2030, 3, 15), end_of_day(datetime.date(2030, 6, 14)))
    period(sets["commune"], PeriodKind.ANNUAL, local(2030, 9, 15), end_of_day(datetime.date(2030, 11, 10)))
    period(sets["district"], PeriodKind.ANNUAL, local(2030, 9, 15), end_of_day(datetime.date(2030, 11, 15)))
    period(sets["department"], PeriodKind.ANNUAL, local(2030, 9, 15), end_of_day(datetime.date(2030, 11, 15)))
    # Another year is left out.
    period(sets["commune"], PeriodKind.MONTHS_3, local(2030, 11, 11), end_of_day(datetime.date(2031, 3, 14)), 2031)

    rows = calendar_rows(2030, moment=local(2030, 10, 1))

    assert [(row.kind, row.levels, row.opens_on, row.deadline_text, row.status) for row in rows] == [
        (
            PeriodKind.MONTHS_6,
            ("Sở, ban, ngành cấp tỉnh", "UBND cấp huyện", "UBND cấp xã"),
            "15/03/2030",
            "23:59 14/06/2030",
            Status.CLOSED,
        ),
        (PeriodKind.ANNUAL, ("UBND cấp xã",), "15/09/2030", "23:59 10/11/2030", Status.OPEN),
        (
            PeriodKind.ANNUAL,
            ("Sở, ban, ngành cấp tỉnh", "UBND cấp huyện"),
            "15/09/2030",
            "23:59 15/11/2030",
            Status.OPEN,
        ),
    ]
    assert [row.evaluated for row in rows] == [False, True, True]


def test_a_period_moved_by_hand_gets_a_row_of_its_own_with_its_time(sets):
    for code in ("department", "commune"):
        period(sets[code], PeriodKind.MONTHS_9, local(2030, 6, 15), end_of_day(datetime.date(2030, 9, 14)))
    late = ReportingPeriod.objects.get(criteria_set=sets["commune"])
    late.opens_at = local(2030, 6, 20, 8, 30)
    late.allow_late = True
    late.save()

    rows = calendar_rows(2030, moment=local(2030, 10, 1))

    assert [(row.levels, row.opens_on, row.status) for row in rows] == [
        (("Sở, ban, ngành cấp tỉnh",), "15/06/2030", Status.CLOSED),
        (("UBND cấp xã",), "08:30 20/06/2030", Status.LATE),
    ]


def test_dates_are_written_in_vietnam_time_whatever_zone_they_were_saved_in(sets):
    # 17:00 UTC on 14 March is 00:00 on 15 March in Hà Nội; 16:59:59 UTC is 23:59:59 the same day.
    utc = datetime.UTC
    period(
        sets["commune"],
        PeriodKind.MONTHS_6,
        datetime.datetime(2030, 3, 14, 17, 0, tzinfo=utc),
        datetime.datetime(2030, 6, 14, 16, 59, 59, tzinfo=utc),
    )
    [row] = calendar_rows(2030)
    assert (row.opens_on, row.deadline_text) == ("15/03/2030", "23:59 14/06/2030")


def test_reading_the_rows_takes_two_queries_however_many_periods(sets, django_assert_num_queries):
    period(sets["commune"], PeriodKind.MONTHS_3, local(2029, 11, 11), end_of_day(datetime.date(2030, 3, 14)))
    with django_assert_num_queries(2):
        assert len(calendar_rows(2030)) == 1
    for criteria_set in sets.values():
        for kind, month in ((PeriodKind.MONTHS_6, 6), (PeriodKind.MONTHS_9, 9), (PeriodKind.ANNUAL, 11)):
            deadline = end_of_day(datetime.date(2030, month, 14 if month != 11 else 15))
            period(criteria_set, kind, start_of_day(datetime.date(2030, month - 3, 15)), deadline)
    assert ReportingPeriod.objects.filter(year=2030).count() == 10
    with django_assert_num_queries(2):
        assert len(calendar_rows(2030)) == 4


# --- the block on a guidance page -----------------------------------------------------------


def calendar_page(guidance_index, year: int) -> GuidancePage:
    return GuidancePageFactory(
        parent=guidance_index,
        slug="lich-bao-cao",
        body=[
            block("heading", {"text": "Lịch báo cáo", "level": "h2"}),
            block("rich_text", "<p>Hạn nộp là hết ngày 14.</p>"),
            block("reporting_calendar", {"year": "given", "given_year": year}),
        ],
    )


def table_rows(client, page) -> list[list[str]]:
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.select_one(".reporting-calendar table")
    assert table is not None, soup.select_one(".reporting-calendar")
    return [[" ".join(cell.get_text(" ").split()) for cell in row.find_all(["th", "td"])] for row in table.tbody("tr")]


def test_the_guidance_stream_offers_the_calendar_registered_by_assessments():
    stream = GuidancePage._meta.get_field("body").stream_block
    assert isinstance(stream.child_blocks["reporting_calendar"], ReportingCalendarBlock)


def test_the_page_shows_the_periods_and_changes_when_a_deadline_changes(client, guidance_index, sets):
    # 2020 is over, whenever the test runs: every period is closed.
    page = calendar_page(guidance_index, 2020)
    period(sets["commune"], PeriodKind.MONTHS_3, local(2019, 11, 11), end_of_day(datetime.date(2020, 3, 14)), 2020)
    changed = period(
        sets["district"], PeriodKind.ANNUAL, local(2020, 9, 15), end_of_day(datetime.date(2020, 11, 15)), 2020
    )

    assert table_rows(client, page) == [
        ["Cập nhật 3 tháng (không đánh giá)", "UBND cấp xã", "11/11/2019", "23:59 14/03/2020", "Đã đóng"],
        ["Đánh giá hằng năm", "UBND cấp huyện", "15/09/2020", "23:59 15/11/2020", "Đã đóng"],
    ]

    # An administrator extends the deadline: the page follows, with no edit to the page itself.
    changed.submission_deadline = end_of_day(datetime.date(2020, 11, 20))
    changed.save()
    assert table_rows(client, page)[1][3] == "23:59 20/11/2020"


def test_the_period_open_today_is_marked_open(client, guidance_index, sets):
    today = datetime.date.today()
    page = calendar_page(guidance_index, today.year)
    period(
        sets["commune"],
        PeriodKind.ANNUAL,
        start_of_day(today - datetime.timedelta(days=3)),
        end_of_day(today + datetime.timedelta(days=3)),
        year=today.year,
    )
    [row] = table_rows(client, page)
    assert row[-1] == "Đang mở"


def test_a_year_without_periods_says_so(client, guidance_index):
    page = calendar_page(guidance_index, 2040)
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert soup.select_one(".reporting-calendar table") is None
    assert "Chưa có kỳ báo cáo nào được thiết lập cho năm 2040." in soup.select_one(".reporting-calendar").get_text()


def count_page_queries(client, page) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    return len(queries)


def test_the_page_query_count_does_not_grow_with_periods(client, guidance_index, sets):
    page = calendar_page(guidance_index, 2030)
    period(sets["commune"], PeriodKind.MONTHS_3, local(2029, 11, 11), end_of_day(datetime.date(2030, 3, 14)))
    count_page_queries(client, page)  # the site and its settings are cached after the first request
    one_period = count_page_queries(client, page)
    for criteria_set in sets.values():
        for kind, month in ((PeriodKind.MONTHS_6, 6), (PeriodKind.MONTHS_9, 9), (PeriodKind.ANNUAL, 11)):
            period(criteria_set, kind, local(2030, month - 3, 15), end_of_day(datetime.date(2030, month, 14)))
    assert count_page_queries(client, page) == one_period
    assert len(table_rows(client, page)) == 4


def test_the_calendar_is_editable_in_the_admin(client, django_user_model, guidance_index, sets):
    page = calendar_page(guidance_index, 2030)
    client.force_login(django_user_model.objects.create_superuser("quantri", "quantri@example.org", "x"))
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert "reporting_calendar" in response.content.decode()


def test_a_stream_with_a_given_year_missing_is_refused():
    stream = GuidancePage._meta.get_field("body").stream_block
    value = stream.to_python([{"type": "reporting_calendar", "value": {"year": "given", "given_year": None}}])
    with pytest.raises(StreamBlockValidationError):
        stream.clean(value)
