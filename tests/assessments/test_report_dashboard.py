"""The agency dashboard: every period that applies to the user's agency, its report's state and time left."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from assessments.models import ReportStatus
from assessments.period_rules import end_of_day
from assessments.reporting import services as report_service
from assessments.reporting.dashboard import Window
from tests.assessments.reporting import fill_in, published_set, save, vietnamese
from tests.factories.assessments import AgencyLevelFactory, ReportFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/bao-cao/"


def in_days(days: int) -> datetime.datetime:
    return end_of_day(timezone.localdate() + datetime.timedelta(days=days))


def days_left(days: int) -> str:
    with translation.override("vi"):
        return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}


def test_the_dashboard_needs_a_login(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url == "/dang-nhap/?next=/bao-cao/"


def test_each_period_of_the_agency_is_listed_with_status_deadline_and_days_left(client, world, decision):
    world.period.submission_deadline = in_days(10)
    world.period.save()
    save(world.report_a, "2", {"2.1__value": "1"}, world.officer_a)  # draft
    later = ReportingPeriodFactory(criteria_set=world.criteria_set, submission_deadline=in_days(40))  # no report
    submitted = ReportingPeriodFactory(criteria_set=world.criteria_set, submission_deadline=in_days(5))
    done = fill_in(ReportFactory(period=submitted, agency=world.agency_a), world.officer_a)
    report_service.submit(done.pk, world.head_a)
    closed = ReportingPeriodFactory(criteria_set=world.criteria_set, submission_deadline=in_days(-3))
    # A period for districts only does not apply to a commune.
    district_set = published_set(decision, levels=[AgencyLevelFactory(code="district")])
    ReportingPeriodFactory(criteria_set=district_set, submission_deadline=in_days(20))
    client.force_login(world.officer_a)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(row.period, row.agency, row.status, row.open, row.days_left) for row in rows] == [
        (later, world.agency_a, ReportStatus.NOT_STARTED, True, 40),
        (world.period, world.agency_a, ReportStatus.DRAFT, True, 10),
        (submitted, world.agency_a, ReportStatus.SUBMITTED, True, 5),
        (closed, world.agency_a, Window.MISSED, False, None),
    ]
    # A period that closed without a report reads "not submitted", never "not started".
    assert [row.status_label for row in rows] == ["chưa bắt đầu", "đang làm", "đã nộp", "không nộp"]
    assert [row.window_label for row in rows] == ["đang mở", "đang mở", "đang mở", "đã đóng"]
    page = response.content.decode()
    for row in rows:
        assert timezone.localtime(row.period.submission_deadline).strftime("%H:%M %d/%m/%Y") in page
        assert f"tag--{row.status}" in page
    assert days_left(40) in page
    assert days_left(10) in page
    assert days_left(5) in page
    # Open the existing reports, start the open period, nothing for the closed one.
    assert reverse("reports:report", args=[world.report_a.pk]) in page
    assert reverse("reports:report", args=[done.pk]) in page
    assert reverse("reports:start", args=[later.pk, world.agency_a.pk]) in page
    assert reverse("reports:start", args=[closed.pk, world.agency_a.pk]) not in page


def test_reports_of_other_agencies_are_not_shown(client, world):
    save(world.report_b, "2", {"2.1__value": "2"}, world.officer_b)
    only_b = ReportingPeriodFactory(criteria_set=world.criteria_set)
    report_b2 = ReportFactory(period=only_b, agency=world.agency_b)
    client.force_login(world.officer_a)

    response = client.get(DASHBOARD)

    rows = response.context["rows"]
    assert {row.agency for row in rows} == {world.agency_a}
    assert {row.report for row in rows if row.report} == {world.report_a}
    page = response.content.decode()
    for report in (world.report_b, report_b2):
        assert reverse("reports:report", args=[report.pk]) not in page
    assert world.agency_b.name not in page
    # The period B has a report for is offered to A as a period of its own, not yet started.
    assert [row.status for row in rows if row.period == only_b] == [ReportStatus.NOT_STARTED]


def test_an_appraiser_is_sent_to_the_reports_to_appraise(client, world):
    client.force_login(world.appraiser)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == reverse("appraisal:workspace")


def test_a_user_without_an_agency_sees_no_reports(client, world):
    from tests.factories.assessments import UserFactory

    client.force_login(UserFactory(username="nobody"))
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert reverse("reports:report", args=[world.report_a.pk]) not in response.content.decode()


def test_a_person_with_two_agencies_sees_both(client, world):
    from tests.factories.assessments import RoleAssignmentFactory

    RoleAssignmentFactory(user=world.officer_a, role="officer", agency=world.agency_b)
    client.force_login(world.officer_a)
    rows = client.get(DASHBOARD).context["rows"]
    assert {(row.agency, row.report) for row in rows} == {
        (world.agency_a, world.report_a),
        (world.agency_b, world.report_b),
    }


def test_an_agency_that_no_longer_exists_gets_no_period_of_later_years(client, world):
    world.agency_a.year_to = world.period.year - 1
    world.agency_a.save()
    client.force_login(world.officer_a)
    assert client.get(DASHBOARD).context["rows"] == []


def dashboard_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return len(queries.captured_queries), len(response.context["rows"])


def add_periods(world, count: int, start: int) -> None:
    """``count`` more periods, every other one with a report of agency A in progress."""
    for n in range(start, start + count):
        period = ReportingPeriodFactory(criteria_set=world.criteria_set, submission_deadline=in_days(n + 1))
        if n % 2:
            ReportFactory(period=period, agency=world.agency_a, status=ReportStatus.DRAFT)
        ReportFactory(period=period, agency=world.agency_b)  # another agency's report, never shown


def test_the_dashboard_runs_the_same_queries_for_2_and_8_periods(client, world):
    for report in (world.report_a, world.report_b):
        report.delete()
    world.period.delete()
    client.force_login(world.officer_a)
    add_periods(world, 2, start=0)
    client.get(DASHBOARD)  # sessions, site and menus warmed up alike for both measures

    two, rows_two = dashboard_queries(client)
    add_periods(world, 6, start=2)
    eight, rows_eight = dashboard_queries(client)

    assert (rows_two, rows_eight) == (2, 8)
    assert two == eight, (two, eight)


def test_group_progress_reads_as_words_and_has_a_legend(client, world):
    save(world.report_a, "1", {"1.1__value": "yes", "1.2__a": "1", "1.2__b": "2"}, world.officer_a)
    client.force_login(world.officer_a)

    page = client.get(DASHBOARD).content.decode()

    completed, not_started = vietnamese("completed"), vietnamese("not started")
    assert f"Nhóm 1 Môi trường chính sách: đã trả lời 2 trên 2 chỉ số, {completed}." in page
    assert f"Nhóm 2 An toàn thông tin: đã trả lời 0 trên 1 chỉ số, {not_started}." in page
    assert 'class="legend"' in page
