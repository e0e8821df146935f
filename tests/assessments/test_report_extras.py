"""Pre-filling a new report from the previous one, reminders, and the PDF of a submitted report."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessments.models import Answer, EventAction, ReminderSent, ReportEvent, ReportStatus
from assessments.period_rules import end_of_day, start_of_day
from assessments.reporting import reminders
from assessments.reporting import services as report_service
from tests.assessments.reporting import fill_in
from tests.factories.assessments import ReportingPeriodFactory

pytestmark = pytest.mark.django_db


def later_period(world, kind="3m", days=60, year=None):
    return ReportingPeriodFactory(
        criteria_set=world.criteria_set,
        kind=kind,
        year=year or world.period.year,
        submission_deadline=end_of_day(timezone.localdate() + datetime.timedelta(days=days)),
    )


def test_a_new_report_starts_from_the_agencys_previous_one(world):
    fill_in(world.report_a, world.officer_a)
    period = later_period(world)

    report = report_service.open_report(period, world.agency_a, world.officer_a)

    copied = {row.code: (row.value_bool, row.value_a, row.value_b, row.self_score) for row in report.answers.all()}
    original = {
        row.code: (row.value_bool, row.value_a, row.value_b, row.self_score) for row in world.report_a.answers.all()
    }
    assert copied == original
    assert report.status == ReportStatus.DRAFT
    assert ReportEvent.objects.get(report=report, action="prefilled").new["from_report"] == world.report_a.pk
    # Opening it again changes nothing; another agency's report is not a source.
    assert report_service.open_report(period, world.agency_a, world.officer_a).pk == report.pk
    assert not report_service.open_report(period, world.agency_b, world.officer_b).answers.exists()


def test_the_annual_report_starts_from_the_nine_month_update(world):
    fill_in(world.report_a, world.officer_a)  # world.period is the annual one; its year's 9-month update:
    nine = later_period(world, kind="9m", days=40, year=world.period.year + 1)
    nine_report = report_service.open_report(nine, world.agency_a, world.officer_a)
    Answer.objects.filter(report=nine_report, code="1.1").update(value_bool=False)
    annual = later_period(world, kind="annual", days=90, year=world.period.year + 1)

    report = report_service.open_report(annual, world.agency_a, world.officer_a)

    assert report.answers.get(code="1.1").value_bool is False


def test_reminders_are_sent_once_to_agencies_that_have_not_submitted(world, mailoutbox):
    fill_in(world.report_b, world.officer_b)
    report_service.submit(world.report_b.pk, world.head_b)
    mailoutbox.clear()
    now = world.period.submission_deadline - datetime.timedelta(days=3)

    world.period.opens_at = start_of_day(timezone.localdate() - datetime.timedelta(days=300))  # under way
    world.period.save()

    assert reminders.send_reminders(now) == 1
    assert reminders.send_reminders(now) == 0  # the same day again: nothing twice
    (mail,) = mailoutbox
    assert set(mail.to) == {world.officer_a.email, world.head_a.email}
    assert ReminderSent.objects.get().kind == "7_days"
    # The last day is a reminder of its own.
    assert reminders.send_reminders(world.period.submission_deadline - datetime.timedelta(hours=5)) == 1
    assert (
        reminders.reminder_kind(world.period, world.period.submission_deadline + datetime.timedelta(seconds=1)) is None
    )


def test_a_period_is_announced_when_it_opens(world):
    world.period.opens_at = start_of_day(timezone.localdate() + datetime.timedelta(days=2))
    before, after = world.period.opens_at - datetime.timedelta(seconds=1), world.period.opens_at
    assert reminders.reminder_kind(world.period, before) is None
    assert reminders.reminder_kind(world.period, after) == "opened"


def test_a_returned_report_is_announced_once(world, mailoutbox):
    world.report_a.status = ReportStatus.RETURNED
    world.report_a.save()
    ReportEvent.objects.create(report=world.report_a, user=world.appraiser, action=EventAction.RETURNED)
    far = world.period.submission_deadline - datetime.timedelta(days=20)

    call_command("send_reminders", stdout=io.StringIO())
    sent = reminders.send_reminders(far)

    kinds = set(ReminderSent.objects.filter(agency=world.agency_a).values_list("kind", flat=True))
    assert "returned" in kinds
    assert sent == 0  # everything due was sent by the command already


def test_the_submitted_report_downloads_as_a_pdf_with_its_answers(client, world):
    fill_in(world.report_a, world.officer_a)
    client.force_login(world.head_a)
    assert client.get(f"/bao-cao/{world.report_a.pk}/pdf/").status_code == 404  # not submitted yet
    report_service.submit(world.report_a.pk, world.head_a)

    response = client.get(f"/bao-cao/{world.report_a.pk}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    client.force_login(world.officer_b)
    assert client.get(f"/bao-cao/{world.report_a.pk}/pdf/").status_code == 404


def test_the_dashboard_shows_progress_per_criteria_group(client, world):
    from tests.assessments.reporting import COMPLETE, save

    first_group = next(iter(COMPLETE))
    save(world.report_a, first_group, COMPLETE[first_group], world.officer_a)
    client.force_login(world.officer_a)

    (row,) = [row for row in client.get("/bao-cao/").context["rows"] if row.report == world.report_a]

    states = {group.code: group.progress.state for group in row.groups}
    assert states[first_group] == "completed"
    assert {state for code, state in states.items() if code != first_group} == {"not_started"}


def test_the_check_page_lists_every_value_and_score(client, world):
    fill_in(world.report_a, world.officer_a)
    client.force_login(world.officer_a)

    response = client.get(f"/bao-cao/{world.report_a.pk}/kiem-tra/")

    answers = {item["indicator"].code: item for item in response.context["answers"]}
    assert answers["1.1"]["answer"] == "Có"
    assert answers["1.1"]["explanation"] == "Văn bản đang trình ký."
    assert answers["1.2"]["answer"] == "a = 3; b = 4"
    assert answers["2.1"]["answer"] == "2"
    html = response.content.decode()
    assert "a = 3; b = 4" in html and "Văn bản đang trình ký." in html


def test_a_group_saved_blank_is_not_counted_as_answered(client, world):
    from tests.assessments.reporting import save

    save(world.report_a, "1", {"1.2__a": "3", "1.2__b": "4"}, world.officer_a)  # 1.1 left blank
    client.force_login(world.officer_a)

    groups = {
        group["code"]: group["progress"] for group in client.get(f"/bao-cao/{world.report_a.pk}/").context["groups"]
    }

    assert (groups["1"].answered, groups["1"].total, groups["1"].state) == (1, 2, "in_progress")
