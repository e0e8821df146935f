"""Checking and submitting a report: gaps, locking, the confirmation mail, double clicks and deadlines.

Deadlines are instants in the portal's zone (Asia/Ho_Chi_Minh, UTC+7): a deadline "on 14 March" accepts
until 23:59:59 local time that day, which is 16:59:59 UTC.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import EventAction, Report, ReportEvent, ReportStatus
from assessments.period_rules import end_of_day
from assessments.reporting import services as report_service
from tests.assessments.reporting import (
    COMPLETE,
    evidence_data,
    fill_in,
    flash_messages,
    group_data,
    report_state,
    save,
    text_of,
    vietnamese,
)
from tests.factories.assessments import ReportFactory, ReportingPeriodFactory, local

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
LOCKED = "This report has been submitted and is locked. An appraiser can reopen it."
DEADLINE_PASSED = "The deadline (%(deadline)s) has passed: the report can no longer be changed."
NOT_ANSWERED = "Not answered."
EVIDENCE_NEEDED = "Evidence is required: add it or explain why it is missing."


def submitted_events(report) -> list[ReportEvent]:
    return list(ReportEvent.objects.filter(report=report, action=EventAction.SUBMITTED))


# Checking the answers.


def test_the_check_page_lists_each_gap_with_a_link_to_the_indicator(client, world):
    save(world.report_a, "1", {"1.1__value": "yes"}, world.officer_a)  # 1.1 without evidence, 1.2 left blank
    client.force_login(world.officer_a)

    response = client.get(reverse("reports:check", args=[world.report_a.pk]))

    assert response.status_code == 200
    gaps = [(gap.code, gap.group, gap.message) for gap in response.context["gaps"]]
    assert gaps == [
        ("1.1", "1", vietnamese(EVIDENCE_NEEDED)),
        ("1.2", "1", vietnamese(NOT_ANSWERED)),
        ("2.1", "2", vietnamese(NOT_ANSWERED)),
    ]
    page = text_of(response)
    group_1 = reverse("reports:group", args=[world.report_a.pk, "1"])
    group_2 = reverse("reports:group", args=[world.report_a.pk, "2"])
    assert f'href="{group_1}#chi-so-1-1">1.1: {vietnamese(EVIDENCE_NEEDED)}</a>' in page
    assert f'href="{group_1}#chi-so-1-2">1.2: {vietnamese(NOT_ANSWERED)}</a>' in page
    assert f'href="{group_2}#chi-so-2-1">2.1: {vietnamese(NOT_ANSWERED)}</a>' in page
    assert reverse("reports:submit", args=[world.report_a.pk]) not in page  # no submit button for an officer


def test_an_explanation_or_evidence_closes_the_evidence_gap(client, world):
    answers = {**COMPLETE, "1": {**COMPLETE["1"], "1.1__explanation": ""}}
    fill_in(world.report_a, world.officer_a, answers=answers)
    client.force_login(world.head_a)
    url = reverse("reports:check", args=[world.report_a.pk])
    assert [gap.code for gap in client.get(url).context["gaps"]] == ["1.1"]

    save(world.report_a, "1", {**COMPLETE["1"], "1.1__explanation": "   "}, world.officer_a)
    assert [gap.code for gap in client.get(url).context["gaps"]] == ["1.1"], "blank explanations do not count"

    report_service.add_evidence(
        world.report_a.pk, "1.1", world.officer_a, kind="url", url="https://xa-a.example.gov.vn/vb/1"
    )
    response = client.get(url)
    assert response.context["gaps"] == []
    assert reverse("reports:submit", args=[world.report_a.pk]) in response.content.decode()


def test_submitting_with_gaps_is_refused(client, world, mailoutbox, django_capture_on_commit_callbacks):
    save(world.report_a, "1", {"1.1__value": "yes"}, world.officer_a)
    before = report_state(world.report_a)
    client.force_login(world.head_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:submit", args=[world.report_a.pk]))

    assert response.status_code == 302
    assert response.url == reverse("reports:check", args=[world.report_a.pk])
    assert flash_messages(response) == [vietnamese("The report is not complete: %(count)d points to fix.", count=3)]
    assert report_state(world.report_a) == before
    assert submitted_events(world.report_a) == []
    assert mailoutbox == []


# Submitting.


def test_the_head_submits_a_complete_report(client, world, mailoutbox, django_capture_on_commit_callbacks):
    fill_in(world.report_a, world.officer_a)
    client.force_login(world.head_a)
    started = timezone.now()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("reports:submit", args=[world.report_a.pk]))

    assert response.status_code == 302
    assert response.url == reverse("reports:submitted", args=[world.report_a.pk])
    report = Report.objects.get(pk=world.report_a.pk)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == world.head_a
    assert started <= report.submitted_at <= timezone.now()
    assert report.late is False
    assert report_service.edit_refusal(report, timezone.now()) == vietnamese(LOCKED)
    assert len(submitted_events(report)) == 1
    assert submitted_events(report)[0].user == world.head_a
    # The confirmation goes once the transaction commits, to the agency's officers and heads.
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert sorted(message.to) == sorted([world.officer_a.email, world.head_a.email])
    assert world.officer_b.email not in message.to
    assert message.subject == vietnamese("Report submitted")
    assert world.agency_a.name in message.body
    assert timezone.localtime(report.submitted_at).strftime("%H:%M:%S %d/%m/%Y") in message.body
    assert world.head_a.username in message.body

    page = client.get(response.url)
    assert page.status_code == 200
    assert timezone.localtime(report.submitted_at).strftime("%H:%M:%S %d/%m/%Y") in page.content.decode()


def test_the_confirmation_waits_for_the_commit(world, mailoutbox, django_capture_on_commit_callbacks):
    fill_in(world.report_a, world.officer_a)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report_service.submit(world.report_a.pk, world.head_a)
    assert len(callbacks) == 1
    assert mailoutbox == []  # not before the commit


def test_a_submitted_report_is_locked(client, world):
    fill_in(world.report_a, world.officer_a)
    report_service.submit(world.report_a.pk, world.head_a)
    before = report_state(world.report_a)
    answers_before = list(world.report_a.answers.values())
    client.force_login(world.officer_a)
    group_url = reverse("reports:group", args=[world.report_a.pk, "1"])
    version = before[1]

    page = client.post(group_url, group_data({"1.1__value": "no", "1.2__a": "0", "1.2__b": "4"}, version))
    autosave = client.post(group_url, group_data({"1.1__value": "no"}, version), headers={"X-Requested-With": "fetch"})
    evidence = client.post(
        reverse("reports:add_evidence", args=[world.report_a.pk, "1.1"]),
        evidence_data(kind="url", url="https://xa-a.example.gov.vn/vb/2"),
    )
    again = client.get(group_url)

    assert page.status_code == 302
    assert page.url == reverse("reports:report", args=[world.report_a.pk])
    assert flash_messages(page) == [vietnamese(LOCKED)]
    assert autosave.status_code == 403
    assert autosave.json() == {"refused": vietnamese(LOCKED)}
    assert evidence.status_code == 302
    assert vietnamese(LOCKED) in flash_messages(evidence)
    assert report_state(world.report_a) == before
    assert list(world.report_a.answers.values()) == answers_before
    # The group page shows the answers read-only, with the reason.
    assert again.status_code == 200
    assert again.context["refusal"] == vietnamese(LOCKED)
    assert "data-readonly" in again.content.decode()


def test_a_double_click_submits_once(client, world, mailoutbox, django_capture_on_commit_callbacks):
    fill_in(world.report_a, world.officer_a)
    client.force_login(world.head_a)
    url = reverse("reports:submit", args=[world.report_a.pk])

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
    submitted_at = Report.objects.get(pk=world.report_a.pk).submitted_at
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url)

    assert first.status_code == second.status_code == 302
    assert first.url == second.url == reverse("reports:submitted", args=[world.report_a.pk])
    report = Report.objects.get(pk=world.report_a.pk)
    assert report.submitted_at == submitted_at
    assert len(submitted_events(report)) == 1
    transitions = ReportEvent.objects.filter(report=report, action__in=[EventAction.STARTED, EventAction.SUBMITTED])
    assert transitions.count() == 2  # started, then submitted
    assert len(mailoutbox) == 1


def test_submitting_twice_through_the_service_returns_the_same_submission(world):
    fill_in(world.report_a, world.officer_a)
    first = report_service.submit(world.report_a.pk, world.head_a, now=timezone.now())
    second = report_service.submit(world.report_a.pk, world.head_a, now=timezone.now() + datetime.timedelta(seconds=1))
    assert (second.submitted_at, second.version) == (first.submitted_at, first.version)
    assert len(submitted_events(world.report_a)) == 1


# Deadlines, in local time.

DEADLINE_DAY = datetime.date(2026, 3, 14)
LAST_SECOND = local(2026, 3, 14, 23, 59, 59)
FIRST_LATE_SECOND = local(2026, 3, 15, 0, 0, 0)
# The same instants written in UTC (UTC+7 → 16:59:59 and 17:00:00 on the 14th).
LAST_SECOND_UTC = datetime.datetime(2026, 3, 14, 16, 59, 59, tzinfo=UTC)
FIRST_LATE_SECOND_UTC = datetime.datetime(2026, 3, 14, 17, 0, 0, tzinfo=UTC)
BEFORE = local(2026, 3, 2, 9, 0)


def test_the_utc_instants_are_the_local_ones():
    assert LAST_SECOND_UTC == LAST_SECOND
    assert FIRST_LATE_SECOND_UTC == FIRST_LATE_SECOND
    assert end_of_day(DEADLINE_DAY) == LAST_SECOND


@pytest.fixture
def march(world):
    """A 3-month update due by the end of 14 March 2026, and agency A's report for it, started on 2 March."""
    period = ReportingPeriodFactory(
        criteria_set=world.criteria_set,
        year=2026,
        kind="3m",
        data_start=datetime.date(2025, 11, 10),
        data_end=DEADLINE_DAY,
        submission_deadline=end_of_day(DEADLINE_DAY),
    )
    return ReportFactory(period=period, agency=world.agency_a)


def refused_after_deadline() -> str:
    return vietnamese(DEADLINE_PASSED, deadline="23:59 14/03/2026")


@pytest.mark.parametrize("now", [LAST_SECOND, LAST_SECOND_UTC], ids=["local", "utc"])
def test_saving_in_the_last_second_of_the_deadline_day_works(world, march, now):
    report = save(march, "2", {"2.1__value": "1"}, world.officer_a, now=now)
    assert report.version == 1
    assert march.answers.get(code="2.1").self_score == Decimal("30.00")


@pytest.mark.parametrize("now", [FIRST_LATE_SECOND, FIRST_LATE_SECOND_UTC], ids=["local", "utc"])
def test_saving_at_midnight_after_the_deadline_is_refused(world, march, now):
    save(march, "2", {"2.1__value": "1"}, world.officer_a, now=BEFORE)
    before = report_state(march)

    with pytest.raises(report_service.EditRefused) as refused:
        save(march, "2", {"2.1__value": "2"}, world.officer_a, now=now)

    assert str(refused.value) == refused_after_deadline()
    assert report_state(march) == before
    assert march.answers.get(code="2.1").value_number == Decimal(1)


@pytest.mark.parametrize("now", [LAST_SECOND, LAST_SECOND_UTC], ids=["local", "utc"])
def test_submitting_in_the_last_second_is_on_time(world, march, now):
    fill_in(march, world.officer_a, now=BEFORE)
    report = report_service.submit(march.pk, world.head_a, now=now)
    assert report.status == ReportStatus.SUBMITTED
    assert report.late is False
    assert Report.objects.get(pk=march.pk).submitted_at == LAST_SECOND


@pytest.mark.parametrize("now", [FIRST_LATE_SECOND, FIRST_LATE_SECOND_UTC], ids=["local", "utc"])
def test_submitting_at_midnight_after_the_deadline_is_refused(world, march, now):
    fill_in(march, world.officer_a, now=BEFORE)
    before = report_state(march)

    with pytest.raises(report_service.EditRefused) as refused:
        report_service.submit(march.pk, world.head_a, now=now)

    assert str(refused.value) == refused_after_deadline()
    assert report_state(march) == before
    assert submitted_events(march) == []


@pytest.mark.parametrize("now", [FIRST_LATE_SECOND, FIRST_LATE_SECOND_UTC], ids=["local", "utc"])
def test_evidence_cannot_be_added_or_removed_after_the_deadline(world, march, now):
    evidence = report_service.add_evidence(
        march.pk, "1.1", world.officer_a, now=BEFORE, kind="url", url="https://xa-a.example.gov.vn/vb/3"
    )
    with pytest.raises(report_service.EditRefused):
        report_service.add_evidence(
            march.pk, "1.1", world.officer_a, now=now, kind="url", url="https://xa-a.example.gov.vn/vb/4"
        )
    with pytest.raises(report_service.EditRefused):
        report_service.remove_evidence(march.pk, evidence.pk, world.officer_a, now=now)
    assert list(march.evidence.values_list("pk", flat=True)) == [evidence.pk]


def test_a_period_accepting_late_reports_takes_them_and_marks_them_late(world, march):
    fill_in(march, world.officer_a, now=BEFORE)
    march.period.allow_late = True
    march.period.save()

    save(march, "2", {"2.1__value": "1"}, world.officer_a, now=FIRST_LATE_SECOND)
    report = report_service.submit(march.pk, world.head_a, now=FIRST_LATE_SECOND)

    assert report.status == ReportStatus.SUBMITTED
    assert report.late is True
    stored = Report.objects.get(pk=march.pk)
    assert (stored.late, stored.submitted_at) == (True, FIRST_LATE_SECOND)


def test_a_report_reopened_until_later_is_accepted_and_not_late(world, march):
    fill_in(march, world.officer_a, now=BEFORE)
    march.status = ReportStatus.RETURNED
    march.reopened_until = local(2026, 3, 20, 17, 0)
    march.save()
    now = local(2026, 3, 18, 10, 0)

    save(march, "2", {"2.1__value": "1"}, world.officer_a, now=now)
    report = report_service.submit(march.pk, world.head_a, now=now)

    assert report.status == ReportStatus.SUBMITTED
    assert report.late is False
    assert Report.objects.get(pk=march.pk).late is False


def test_a_reopening_that_has_ended_refuses_changes(world, march):
    fill_in(march, world.officer_a, now=BEFORE)
    march.status = ReportStatus.RETURNED
    march.reopened_until = local(2026, 3, 20, 17, 0)
    march.save()

    with pytest.raises(report_service.EditRefused):
        report_service.submit(march.pk, world.head_a, now=local(2026, 3, 20, 17, 0, 1))
    assert Report.objects.get(pk=march.pk).status == ReportStatus.RETURNED
