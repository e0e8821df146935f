"""The report's workflow: each allowed transition by the allowed person, each refusal, the typed history
and the signal, the reminders that read returns from it, and no status set outside it."""

import ast
import datetime
import importlib
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import EventAction, ReminderSent, Report, ReportEvent, ReportStatus
from assessments.reporting import reminders
from assessments.reporting import services as report_service
from assessments.reporting.workflow import (
    LOCKED,
    TRANSITIONS,
    Action,
    TransitionRefused,
    report_transitioned,
    transition,
)
from tests.assessments.reporting import fill_in, report_state, save, text_of, vietnamese
from tests.factories.assessments import AgencyFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

REASON = "Thiếu biên bản kiểm tra của chỉ số 1.1."


@pytest.fixture
def signals():
    """Every report_transitioned sent during the test, as (report id, action, user)."""
    sent = []

    def receive(sender, report, action, user, **kwargs):
        sent.append((report.pk, action, user))

    report_transitioned.connect(receive)
    yield sent
    report_transitioned.disconnect(receive)


def in_state(world, status: str) -> Report:
    """Agency A's report brought to ``status`` through the workflow."""
    report = world.report_a
    if status == ReportStatus.NOT_STARTED:
        return report
    fill_in(report, world.officer_a)
    if status == ReportStatus.DRAFT:
        return Report.objects.get(pk=report.pk)
    report_service.submit(report.pk, world.head_a)
    if status == ReportStatus.RETURNED:
        transition(report.pk, Action.RETURN, world.appraiser, reason=REASON)
    if status == ReportStatus.APPRAISED:
        transition(report.pk, Action.APPROVE, world.appraiser)
    return Report.objects.get(pk=report.pk)


def in_a_week() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=7)


# (from, action, who, extra arguments) → (to, event)
ALLOWED = [
    (ReportStatus.NOT_STARTED, Action.START, "officer_a", {}, ReportStatus.DRAFT, EventAction.STARTED),
    (ReportStatus.NOT_STARTED, Action.START, "head_a", {}, ReportStatus.DRAFT, EventAction.STARTED),
    (ReportStatus.DRAFT, Action.SUBMIT, "head_a", {}, ReportStatus.SUBMITTED, EventAction.SUBMITTED),
    (ReportStatus.RETURNED, Action.SUBMIT, "head_a", {}, ReportStatus.SUBMITTED, EventAction.RESUBMITTED),
    (
        ReportStatus.SUBMITTED,
        Action.RETURN,
        "appraiser",
        {"reason": REASON},
        ReportStatus.RETURNED,
        EventAction.RETURNED,
    ),
    (
        ReportStatus.SUBMITTED,
        Action.REOPEN,
        "appraiser",
        {"until": "week"},
        ReportStatus.DRAFT,
        EventAction.REOPENED,
    ),
    (ReportStatus.SUBMITTED, Action.APPROVE, "appraiser", {}, ReportStatus.APPRAISED, EventAction.APPROVED),
]


@pytest.mark.parametrize(("source", "action", "who", "extra", "target", "event_action"), ALLOWED)
def test_each_allowed_transition_by_its_person_changes_the_status_logs_its_event_and_signals(
    world, signals, source, action, who, extra, target, event_action
):
    report = in_state(world, source)
    user = getattr(world, who)
    extra = {**extra, "until": in_a_week()} if "until" in extra else extra
    signals.clear()

    changed = transition(report.pk, action, user, **extra)

    stored = Report.objects.get(pk=report.pk)
    assert stored.status == changed.status == target
    assert stored.version == report.version + 1
    event = ReportEvent.objects.filter(report=report).order_by("pk").last()
    assert (event.action, event.user, event.old["status"], event.new["status"]) == (event_action, user, source, target)
    assert signals == [(report.pk, action, user)]
    if "reason" in extra:
        assert event.new["reason"] == REASON
    if "until" in extra:
        assert stored.reopened_until == extra["until"]
    if action == Action.SUBMIT:
        assert (stored.submitted_by, stored.late) == (user, False)


def test_a_reopened_report_can_be_changed_and_submitted_again_after_the_deadline(world):
    report = in_state(world, ReportStatus.SUBMITTED)
    after_deadline = world.period.submission_deadline + datetime.timedelta(days=1)
    transition(report.pk, Action.REOPEN, world.appraiser, now=after_deadline, until=after_deadline + a_day())

    save(report, "2", {"2.1__value": "1"}, world.officer_a, now=after_deadline)
    resubmitted = report_service.submit(report.pk, world.head_a, now=after_deadline)

    assert (resubmitted.status, resubmitted.late) == (ReportStatus.SUBMITTED, False)


def a_day() -> datetime.timedelta:
    return datetime.timedelta(days=1)


def other_district_appraiser():
    district = AgencyFactory(code="HUYEN-2", name="UBND huyện Khác", level=AgencyFactory().level)
    user = UserFactory(username="tham.dinh.khac")
    RoleAssignmentFactory(user=user, role="appraiser", agency=district)
    return user


ONLY_HEAD = "Only the agency's head can submit its report."
ONLY_AGENCY = "Only the agency's officers and heads can change its report."


def only_appraiser(action: str) -> str:
    return vietnamese(
        "Only an appraiser of %(appraiser)s can %(action)s this report.",
        appraiser="UBND huyện Thử",
        action=vietnamese(action),
    )


def wrong_state(action: str, status: str) -> str:
    return vietnamese(
        "Cannot %(action)s a report that is %(status)s.", action=vietnamese(action), status=vietnamese(status)
    )


# (state, action, who, extra arguments) → the refusal
REFUSED = [
    # Wrong person.
    (ReportStatus.NOT_STARTED, Action.START, "appraiser", {}, lambda: vietnamese(ONLY_AGENCY)),
    (ReportStatus.NOT_STARTED, Action.START, "officer_b", {}, lambda: vietnamese(ONLY_AGENCY)),
    (ReportStatus.DRAFT, Action.SUBMIT, "officer_a", {}, lambda: vietnamese(ONLY_HEAD)),
    (ReportStatus.DRAFT, Action.SUBMIT, "head_b", {}, lambda: vietnamese(ONLY_HEAD)),
    (ReportStatus.RETURNED, Action.SUBMIT, "officer_a", {}, lambda: vietnamese(ONLY_HEAD)),
    (ReportStatus.SUBMITTED, Action.RETURN, "other_appraiser", {"reason": REASON}, lambda: only_appraiser("return")),
    (ReportStatus.SUBMITTED, Action.RETURN, "head_a", {"reason": REASON}, lambda: only_appraiser("return")),
    (ReportStatus.SUBMITTED, Action.REOPEN, "officer_a", {"until": "week"}, lambda: only_appraiser("reopen")),
    (ReportStatus.SUBMITTED, Action.APPROVE, "head_a", {}, lambda: only_appraiser("approve")),
    (ReportStatus.SUBMITTED, Action.APPROVE, "other_appraiser", {}, lambda: only_appraiser("approve")),
    # Wrong state.
    (ReportStatus.DRAFT, Action.START, "officer_a", {}, lambda: wrong_state("start", "in progress")),
    (ReportStatus.NOT_STARTED, Action.SUBMIT, "head_a", {}, lambda: wrong_state("submit", "not started")),
    (ReportStatus.SUBMITTED, Action.SUBMIT, "head_a", {}, lambda: wrong_state("submit", "submitted")),
    (ReportStatus.DRAFT, Action.RETURN, "appraiser", {"reason": REASON}, lambda: wrong_state("return", "in progress")),
    (ReportStatus.RETURNED, Action.APPROVE, "appraiser", {}, lambda: wrong_state("approve", "returned")),
    (
        ReportStatus.APPRAISED,
        Action.RETURN,
        "appraiser",
        {"reason": REASON},
        lambda: wrong_state("return", "appraised"),
    ),
    (ReportStatus.APPRAISED, Action.REOPEN, "appraiser", {"until": "week"}, lambda: wrong_state("reopen", "appraised")),
    # Missing what the transition needs.
    (
        ReportStatus.SUBMITTED,
        Action.RETURN,
        "appraiser",
        {"reason": "  "},
        lambda: vietnamese("Give the reason for returning the report."),
    ),
    (
        ReportStatus.SUBMITTED,
        Action.REOPEN,
        "appraiser",
        {},
        lambda: vietnamese("Give the moment until which the report is reopened, later than now."),
    ),
]


@pytest.mark.parametrize(("state", "action", "who", "extra", "message"), REFUSED)
def test_a_refused_transition_says_why_and_changes_nothing(world, signals, state, action, who, extra, message):
    report = in_state(world, state)
    user = other_district_appraiser() if who == "other_appraiser" else getattr(world, who)
    extra = {**extra, "until": in_a_week()} if "until" in extra else extra
    before = report_state(report)
    signals.clear()

    with pytest.raises(TransitionRefused) as refusal:
        transition(report.pk, action, user, **extra)

    assert str(refusal.value) == message()
    assert report_state(report) == before
    assert signals == []


def test_an_incomplete_report_cannot_be_submitted_through_the_workflow(world, signals):
    save(world.report_a, "1", {"1.1__value": "yes"}, world.officer_a)
    before = report_state(world.report_a)

    with pytest.raises(TransitionRefused) as refusal:
        transition(world.report_a.pk, Action.SUBMIT, world.head_a)

    assert str(refusal.value) == vietnamese("The report is not complete: %(count)d points to fix.", count=3)
    assert report_state(world.report_a) == before


def test_a_refusal_is_an_edit_refusal_for_the_views():
    assert issubclass(TransitionRefused, report_service.EditRefused)


def test_saving_is_not_a_transition(world):
    with pytest.raises(ValueError):
        transition(world.report_a.pk, Action.SAVE, world.officer_a)


def test_the_first_save_starts_the_report_through_the_workflow(world, signals):
    save(world.report_a, "2", {"2.1__value": "1"}, world.officer_a)
    save(world.report_a, "2", {"2.1__value": "2"}, world.officer_a)

    assert ReportEvent.objects.filter(report=world.report_a, action=EventAction.STARTED).count() == 1
    assert signals == [(world.report_a.pk, Action.START, world.officer_a)]


def test_the_services_submission_signals_once(world, signals):
    fill_in(world.report_a, world.officer_a)
    signals.clear()

    report_service.submit(world.report_a.pk, world.head_a)
    report_service.submit(world.report_a.pk, world.head_a)  # a second click changes nothing

    assert signals == [(world.report_a.pk, Action.SUBMIT, world.head_a)]


def test_the_table_locks_appraised_and_received_reports_and_saves_only_open_ones():
    final = {ReportStatus.APPRAISED, ReportStatus.RECEIVED}
    leaving = [rule for rule in TRANSITIONS if rule.sources & final]
    assert [(rule.action, rule.target, rule.who.name) for rule in leaving] == [
        (Action.REAPPRAISE, ReportStatus.SUBMITTED, "APPRAISER")
    ]
    assert set(LOCKED) == {ReportStatus.SUBMITTED, *final}
    appraisers = {
        rule.who.name
        for rule in TRANSITIONS
        if rule.action in (Action.RETURN, Action.REOPEN, Action.APPROVE, Action.RECEIVE, Action.REAPPRAISE)
    }
    assert appraisers == {"APPRAISER"}


def test_each_return_is_announced_once_keyed_by_its_event(world, mailoutbox):
    far = world.period.submission_deadline - datetime.timedelta(days=20)
    report = in_state(world, ReportStatus.RETURNED)
    first = ReportEvent.objects.get(report=report, action=EventAction.RETURNED)

    returns = [(due.agency, due.key) for due in reminders.due_reminders(far) if due.kind == "returned"]
    assert returns == [(world.agency_a, str(first.pk))]
    reminders.send_reminders(far)
    report_service.submit(report.pk, world.head_a)
    assert not [due for due in reminders.due_reminders(far) if due.kind == "returned"]
    transition(report.pk, Action.RETURN, world.appraiser, reason=REASON)
    reminders.send_reminders(far)

    keys = ReminderSent.objects.filter(agency=world.agency_a, kind="returned").values_list("key", flat=True)
    second = ReportEvent.objects.filter(report=report, action=EventAction.RETURNED).latest("pk")
    assert sorted(keys) == sorted([str(first.pk), str(second.pk)])


def test_the_history_shows_each_events_label(client, world):
    report = in_state(world, ReportStatus.RETURNED)
    client.force_login(world.officer_a)

    page = text_of(client.get(reverse("reports:history", args=[report.pk])))

    for label in ("report started", "report submitted", "report returned"):
        assert vietnamese(label) in page
    assert " sửa chỉ số " in page  # answers read as sentences, not as an action code


def test_the_migration_names_old_status_events_by_their_transition():
    migration = importlib.import_module("assessments.migrations.0005_report_event_actions")
    assert migration.transition_of("not_started", "draft") == EventAction.STARTED
    assert migration.transition_of("draft", "submitted") == EventAction.SUBMITTED
    assert migration.transition_of("returned", "submitted") == EventAction.RESUBMITTED
    assert migration.transition_of("submitted", "returned") == EventAction.RETURNED
    assert migration.transition_of("submitted", "draft") == EventAction.REOPENED
    assert migration.transition_of("submitted", "appraised") == EventAction.APPROVED


def status_assignments(path: Path) -> list[int]:
    """Lines of ``path`` that assign ``<something>.status``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Attribute) and part.attr == "status":
                        lines.append(node.lineno)
    return lines


def test_no_module_but_the_workflow_sets_a_status():
    package = Path(__file__).resolve().parents[2] / "assessments"
    workflow = package / "reporting" / "workflow.py"
    found = {
        str(path.relative_to(package)): status_assignments(path)
        for path in package.rglob("*.py")
        if "migrations" not in path.parts and path != workflow
    }
    assert {path: lines for path, lines in found.items() if lines} == {}
    assert status_assignments(workflow)  # the check does find the workflow's own assignment
