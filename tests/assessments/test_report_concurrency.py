"""Two people saving or submitting the same report at the same moment, on real PostgreSQL row locks.

SQLite has no row locks (select_for_update is a no-op there, and it serialises writers on the whole
file), so these tests run on PostgreSQL only:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/pytest tests/assessments/test_report_concurrency.py

Each thread uses its own database connection and closes it at the end. Inside the locked section the
service is slowed down a little, so the second thread always arrives while the first still holds the
lock: without the lock both would read the same version and both would write.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from assessments.models import Answer, EventAction, Report, ReportEvent, ReportStatus, ResultSnapshot
from assessments.reporting import services as report_service
from assessments.results import snapshots
from tests.assessments.reporting import build_world, fill_in, group_data, valid_form
from tests.factories.assessments import RoleAssignmentFactory
from tests.factories.results import approved

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks (select_for_update); set DATABASE_URL=postgres://… to run",
    ),
    # Committed data, seen by the threads; the migrations' content (root page, locale) is restored afterwards.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HOLD = 0.3  # seconds the first thread keeps the report locked


@pytest.fixture(autouse=True)
def _fresh_criteria_cache():
    report_service._pinned.cache_clear()
    yield
    report_service._pinned.cache_clear()


@pytest.fixture
def world(decision):
    world = build_world(decision)
    report_service.pinned_criteria(world.period)  # read the criteria once, before the race
    return world


@pytest.fixture
def slow_lock(monkeypatch):
    """Keeps each locked section open a little longer: the check after the lock is taken sleeps first."""
    original = report_service.edit_refusal

    def slowly(report, now):
        time.sleep(HOLD)
        return original(report, now)

    monkeypatch.setattr(report_service, "edit_refusal", slowly)


def race(*jobs) -> list:
    """Runs each job in its own thread, all released at once; returns what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except BaseException as error:  # handed back to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return results


OFFICER_ANSWERS = {"1.1__value": "yes", "1.2__a": "1", "1.2__b": "4"}
HEAD_ANSWERS = {"1.1__value": "no", "1.2__a": "3", "1.2__b": "4"}
EXPECTED = {
    "officer": {"1.1": (True, None, None, Decimal("40.00")), "1.2": (None, Decimal(1), Decimal(4), Decimal("15.00"))},
    "head": {"1.1": (False, None, None, Decimal("0.00")), "1.2": (None, Decimal(3), Decimal(4), Decimal("45.00"))},
}


def test_two_saves_of_the_same_version_at_once_one_wins_the_other_conflicts(world, slow_lock):
    report_id = world.report_a.pk
    # Both pages were loaded at version 0; the forms are built before the race, as the views build them.
    officer_form = valid_form(world.period, "1", group_data(OFFICER_ANSWERS, version=0))
    head_form = valid_form(world.period, "1", group_data(HEAD_ANSWERS, version=0))

    def save_as(user, group_and_form):
        group, form = group_and_form
        return report_service.save_group(report_id, group, form.group_values(), form.loaded_version, user)

    results = race(
        lambda: save_as(world.officer_a, officer_form),
        lambda: save_as(world.head_a, head_form),
    )

    outcomes = ["saved" if isinstance(result, Report) else type(result).__name__ for result in results]
    assert sorted(outcomes) == ["Conflict", "saved"], results
    winner, user = ("officer", world.officer_a) if outcomes[0] == "saved" else ("head", world.head_a)
    rows = {
        row.code: (row.value_bool, row.value_a, row.value_b, row.self_score)
        for row in Answer.objects.filter(report_id=report_id)
    }
    assert rows == EXPECTED[winner]
    assert set(Answer.objects.filter(report_id=report_id).values_list("updated_by", flat=True)) == {user.pk}
    report = Report.objects.get(pk=report_id)
    assert report.version == 1
    assert report.status == ReportStatus.DRAFT
    events = ReportEvent.objects.filter(report_id=report_id)
    assert set(events.values_list("user", flat=True)) == {user.pk}
    assert events.filter(action=EventAction.STARTED).count() == 1
    loser = results[1] if outcomes[0] == "saved" else results[0]
    assert loser.report.version == 1  # the conflict carries the report as the winner left it


def test_two_submissions_at_once_submit_once(world, slow_lock, mailoutbox):
    fill_in(world.report_a, world.officer_a)
    second_head = world.head_a.__class__.objects.create_user("thu.truong.a2", "thu.truong.a2@example.org")
    from assessments.models import RoleAssignment

    RoleAssignment.objects.create(user=second_head, role="head", agency=world.agency_a)
    report_id = world.report_a.pk

    results = race(
        lambda: report_service.submit(report_id, world.head_a),
        lambda: report_service.submit(report_id, second_head),
    )

    assert all(isinstance(result, Report) for result in results), results
    report = Report.objects.get(pk=report_id)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by in (world.head_a, second_head)
    assert {result.submitted_at for result in results} == {report.submitted_at}
    submitted = ReportEvent.objects.filter(report_id=report_id, action=EventAction.SUBMITTED)
    assert submitted.count() == 1
    assert submitted.get().user == report.submitted_by
    assert len(mailoutbox) == 1


def test_two_people_posting_the_same_group_at_once_get_one_success_and_one_conflict(world, slow_lock):
    """The same race through the whole stack: two browsers' requests, each in its own thread."""
    from django.test import Client

    url = f"/bao-cao/{world.report_a.pk}/nhom/1/"
    browsers = []
    for user in (world.officer_a, world.head_a):
        browser = Client()
        browser.force_login(user)
        browsers.append(browser)

    def post(browser, answers):
        return browser.post(url, group_data(answers, version=0), HTTP_X_REQUESTED_WITH="fetch").status_code

    results = race(lambda: post(browsers[0], OFFICER_ANSWERS), lambda: post(browsers[1], HEAD_ANSWERS))

    assert sorted(results) == [200, 409], results
    assert Report.objects.get(pk=world.report_a.pk).version == 1


def test_two_appraisers_deciding_at_once_make_one_transition(world, monkeypatch):
    """One returns while the other approves: the row lock lets one through; the other finds the report
    already decided and is refused, so the history holds one decision."""
    from assessments.models import RoleAssignment
    from assessments.reporting import workflow

    fill_in(world.report_a, world.officer_a)
    report_service.submit(world.report_a.pk, world.head_a)
    second = world.appraiser.__class__.objects.create_user("tham.dinh.2", "tham.dinh.2@example.org")
    RoleAssignment.objects.create(user=second, role="appraiser", agency=world.appraiser_agency)
    original = workflow.may

    def slowly(user, report, who):
        time.sleep(HOLD)
        return original(user, report, who)

    monkeypatch.setattr(workflow, "may", slowly)
    report_id = world.report_a.pk
    submitted_version = Report.objects.get(pk=report_id).version

    results = race(
        lambda: workflow.transition(report_id, workflow.Action.RETURN, world.appraiser, reason="Thiếu tài liệu."),
        lambda: workflow.transition(report_id, workflow.Action.APPROVE, second),
    )

    outcomes = sorted(type(result).__name__ for result in results)
    assert outcomes == ["Report", "TransitionRefused"], results
    decisions = ReportEvent.objects.filter(report_id=report_id, action__in=[EventAction.RETURNED, EventAction.APPROVED])
    assert decisions.count() == 1
    assert Report.objects.get(pk=report_id).version == submitted_version + 1


def test_two_approvals_of_the_same_cohort_at_once_make_one_version(world, monkeypatch):
    """Two appraisers approve a cohort's results at the same moment: the period row lock lets one through;
    the other then finds version 1 and is asked why a new version (nothing is written twice)."""
    approved(world, world.report_a, world.officer_a, world.head_a)
    approved(world, world.report_b, world.officer_b, world.head_b)
    second = RoleAssignmentFactory(role="appraiser", agency=world.appraiser_agency).user
    original = snapshots.approval_refusal

    def slowly(*args):
        time.sleep(HOLD)
        return original(*args)

    monkeypatch.setattr(snapshots, "approval_refusal", slowly)
    key = world.agency_a.level.code

    outcomes = race(
        lambda: snapshots.approve_cohort(world.period, key, world.appraiser),
        lambda: snapshots.approve_cohort(world.period, key, second),
    )

    made = [outcome for outcome in outcomes if isinstance(outcome, ResultSnapshot)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, snapshots.ApprovalRefused)]
    assert (len(made), len(refused)) == (1, 1), outcomes
    assert "lý do" in str(refused[0])
    assert list(ResultSnapshot.objects.filter(period=world.period).values_list("version", flat=True)) == [1]
