"""The appraiser's decisions: confirm, correct (through the method's inputs), query; return, approve, receive;
who may; what is logged; the agency's answers never overwritten."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from assessments.appraisal.decisions import (
    AppraisalRefused,
    approve_report,
    decide,
    final_score,
    receive_report,
    return_report,
)
from assessments.appraisal.reminders import send_appraisal_reminders
from assessments.models import (
    Answer,
    AppraisalRound,
    EventAction,
    IndicatorDecision,
    Report,
    ReportEvent,
    ReportStatus,
    RoundOutcome,
    Verdict,
)
from assessments.reporting import services as report_service
from assessments.reporting.history import event_sentence
from assessments.reporting.services import pinned_criteria
from assessments.reporting.workflow import TransitionRefused
from tests.assessments.reporting import fill_in, save, vietnamese
from tests.factories.assessments import AgencyFactory, ReportFactory, ReportingPeriodFactory, RoleAssignmentFactory

pytestmark = pytest.mark.django_db

D = Decimal


def submitted(world) -> Report:
    """Agency A's report with COMPLETE answers (1.1 yes 40, 1.2 3/4 45, 2.1 two 50), submitted by its head."""
    fill_in(world.report_a, world.officer_a)
    report_service.submit(world.report_a.pk, world.head_a, confirm=False)
    return Report.objects.get(pk=world.report_a.pk)


def later(days=7):
    return timezone.now() + datetime.timedelta(days=days)


def test_correcting_inputs_scores_them_with_the_engine_and_keeps_the_agencys_answer(world):
    report = submitted(world)
    decision = decide(
        report.pk,
        "1.2",
        verdict=Verdict.CORRECTED,
        typed={"a": D(1), "b": D(4)},
        reason="Chỉ 1 văn bản ký số.",
        user=world.appraiser,
    )
    assert (decision.self_score, decision.appraised_score) == (D("45.00"), D("15.00"))
    assert (decision.value_a, decision.value_b) == (D(1), D(4))
    agency_answer = Answer.objects.get(report=report, code="1.2")
    assert (agency_answer.value_a, agency_answer.value_b, agency_answer.self_score) == (D(3), D(4), D("45.00"))
    event = ReportEvent.objects.get(report=report, action=EventAction.DECIDED)
    assert (event.user, event.code, event.old, event.new) == (
        world.appraiser,
        "1.2",
        {"score": "45.00"},
        {"verdict": "corrected", "score": "15.00", "reason": "Chỉ 1 văn bản ký số."},
    )


def test_final_score_takes_corrections_and_self_scores_elsewhere(world):
    report = submitted(world)
    decide(
        report.pk,
        "1.2",
        verdict=Verdict.CORRECTED,
        typed={"a": D(1), "b": D(4)},
        reason="Sai số liệu.",
        user=world.appraiser,
    )
    decide(report.pk, "1.1", verdict=Verdict.CONFIRMED, user=world.appraiser)
    criteria = pinned_criteria(report.period).scoring
    result = final_score(criteria, report.answers.all(), IndicatorDecision.objects.filter(round__report=report))
    assert result.total == D(40) + D(15) + D(50)


@pytest.mark.parametrize("verdict", [Verdict.CORRECTED, Verdict.QUERIED])
def test_a_change_or_a_query_needs_a_reason(world, verdict):
    report = submitted(world)
    with pytest.raises(AppraisalRefused):
        decide(report.pk, "1.2", verdict=verdict, typed={"a": D(1), "b": D(4)}, reason="  ", user=world.appraiser)
    assert not IndicatorDecision.objects.exists()


def test_a_correction_equal_to_the_agencys_answer_is_refused(world):
    report = submitted(world)
    with pytest.raises(AppraisalRefused, match=r"1\.2"):
        decide(
            report.pk, "1.2", verdict=Verdict.CORRECTED, typed={"a": D(3), "b": D(4)}, reason="x", user=world.appraiser
        )


def test_a_correction_the_engine_refuses_is_refused_with_its_message(world):
    report = submitted(world)
    with pytest.raises(AppraisalRefused, match=r"1\.2"):
        decide(
            report.pk, "1.2", verdict=Verdict.CORRECTED, typed={"a": D(5), "b": D(4)}, reason="x", user=world.appraiser
        )
    assert not IndicatorDecision.objects.exists()


def test_unknown_indicator_and_verdict_are_refused(world):
    report = submitted(world)
    with pytest.raises(AppraisalRefused):
        decide(report.pk, "9.9", verdict=Verdict.CONFIRMED, user=world.appraiser)
    with pytest.raises(AppraisalRefused):
        decide(report.pk, "1.1", verdict="overrule", user=world.appraiser)


def test_nobody_but_the_appraising_agencys_appraiser_decides(world):
    report = submitted(world)
    other_district = AgencyFactory(code="HUYEN-2", name="UBND huyện Khác", level=world.appraiser_agency.level)
    stranger = RoleAssignmentFactory(role="appraiser", agency=other_district).user
    for user in (world.officer_a, world.head_a, world.head_b, stranger):
        with pytest.raises(AppraisalRefused):
            decide(report.pk, "1.1", verdict=Verdict.CONFIRMED, user=user)
        with pytest.raises(AppraisalRefused):
            approve_report(report.pk, user)
    assert not IndicatorDecision.objects.exists()
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_an_agency_cannot_appraise_itself(world):
    """An appraiser at the appraising agency appraises others; an appraiser role at the commune itself does not."""
    report = submitted(world)
    self_appraiser = RoleAssignmentFactory(role="appraiser", agency=world.agency_a).user
    with pytest.raises(AppraisalRefused):
        decide(report.pk, "1.1", verdict=Verdict.CONFIRMED, user=self_appraiser)


def test_a_draft_is_not_appraised(world):
    fill_in(world.report_a, world.officer_a)
    with pytest.raises(AppraisalRefused):
        decide(world.report_a.pk, "1.1", verdict=Verdict.CONFIRMED, user=world.appraiser)


def test_return_keeps_the_round_with_its_queries_and_resubmission_opens_the_next(world):
    report = submitted(world)
    decide(report.pk, "1.1", verdict=Verdict.QUERIED, reason="Thiếu quyết định ban hành.", user=world.appraiser)
    respond_by = later()
    return_report(report.pk, world.appraiser, comment="Bổ sung tài liệu.", respond_by=respond_by)
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.reopened_until == respond_by
    first = AppraisalRound.objects.get(report=report)
    assert (first.number, first.outcome, first.comment, first.closed_by) == (
        1,
        RoundOutcome.RETURNED,
        "Bổ sung tài liệu.",
        world.appraiser,
    )
    assert first.decisions.get().reason == "Thiếu quyết định ban hành."

    report_service.submit(report.pk, world.head_a, confirm=False)
    decide(report.pk, "1.1", verdict=Verdict.CONFIRMED, user=world.appraiser)
    rounds = list(AppraisalRound.objects.filter(report=report).order_by("number"))
    assert [(r.number, r.outcome, r.decisions.count()) for r in rounds] == [(1, "returned", 1), (2, "", 1)]


def test_return_needs_a_query_or_a_comment_and_a_future_date(world):
    report = submitted(world)
    with pytest.raises(AppraisalRefused):
        return_report(report.pk, world.appraiser, comment="", respond_by=later())
    with pytest.raises(AppraisalRefused):
        return_report(report.pk, world.appraiser, comment="Bổ sung.", respond_by=timezone.now() - datetime.timedelta(1))
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_approve_confirms_what_is_left_and_locks(world):
    report = submitted(world)
    decide(
        report.pk, "1.2", verdict=Verdict.CORRECTED, typed={"a": D(2), "b": D(4)}, reason="Sai.", user=world.appraiser
    )
    approve_report(report.pk, world.appraiser)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPRAISED
    decisions = {d.code: d for d in IndicatorDecision.objects.filter(round__report=report)}
    assert {code: d.verdict for code, d in decisions.items()} == {
        "1.1": Verdict.CONFIRMED,
        "1.2": Verdict.CORRECTED,
        "2.1": Verdict.CONFIRMED,
    }
    assert decisions["2.1"].appraised_score == D(50)
    assert AppraisalRound.objects.get(report=report).outcome == RoundOutcome.APPROVED
    with pytest.raises(AppraisalRefused):
        decide(report.pk, "1.1", verdict=Verdict.CORRECTED, typed={"value": "no"}, reason="x", user=world.appraiser)


def test_approve_is_refused_while_an_indicator_is_queried(world):
    report = submitted(world)
    decide(report.pk, "1.1", verdict=Verdict.QUERIED, reason="Thiếu tài liệu.", user=world.appraiser)
    with pytest.raises(AppraisalRefused, match=r"1\.1"):
        approve_report(report.pk, world.appraiser)


def test_an_update_period_is_received_not_approved_and_not_corrected(world):
    period = ReportingPeriodFactory(criteria_set=world.criteria_set, kind="3m")
    report = ReportFactory(period=period, agency=world.agency_a)
    fill_in(report, world.officer_a)
    report_service.submit(report.pk, world.head_a, confirm=False)
    with pytest.raises(AppraisalRefused):
        decide(
            report.pk, "1.2", verdict=Verdict.CORRECTED, typed={"a": D(1), "b": D(4)}, reason="x", user=world.appraiser
        )
    refusal = vietnamese("An update period is not appraised for score: mark it as received.")
    with pytest.raises(TransitionRefused, match=re.escape(refusal)):
        approve_report(report.pk, world.appraiser)
    receive_report(report.pk, world.appraiser)
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED
    assert ReportEvent.objects.filter(report=report, action=EventAction.RECEIVED).count() == 1


def test_the_next_round_carries_the_decisions_over_but_queries_and_changed_answers(world):
    report = submitted(world)
    decide(
        report.pk, "1.2", verdict=Verdict.CORRECTED, typed={"a": D(1), "b": D(4)}, reason="Sai.", user=world.appraiser
    )
    decide(report.pk, "2.1", verdict=Verdict.CORRECTED, typed={"value": D(0)}, reason="Không có.", user=world.appraiser)
    decide(report.pk, "1.1", verdict=Verdict.QUERIED, reason="Thiếu tài liệu.", user=world.appraiser)
    return_report(report.pk, world.appraiser, comment="", respond_by=later())
    save(report, "2", {"2.1__value": "1"}, world.officer_a)  # the agency changes 2.1
    report_service.submit(report.pk, world.head_a, confirm=False)

    decide(report.pk, "1.1", verdict=Verdict.CONFIRMED, user=world.appraiser)
    second = AppraisalRound.objects.get(report=report, number=2)
    carried = {d.code: (d.verdict, d.reason, d.decided_by) for d in second.decisions.all()}
    assert carried == {
        "1.2": (Verdict.CORRECTED, "Sai.", world.appraiser),  # unchanged answer: the correction stands
        "1.1": (Verdict.CONFIRMED, "", world.appraiser),  # decided afresh
    }


def test_appraisers_are_reminded_once_of_a_report_waiting_too_long(world, mailoutbox, settings):
    settings.APPRAISAL_REMINDER_DAYS = 7
    world.appraiser.email = "thamdinh@example.org"
    world.appraiser.save()
    report = submitted(world)
    assert send_appraisal_reminders(now=timezone.now() + datetime.timedelta(days=6)) == 0
    assert send_appraisal_reminders(now=timezone.now() + datetime.timedelta(days=8)) == 1
    assert mailoutbox[-1].to == ["thamdinh@example.org"]
    assert report.agency.name in mailoutbox[-1].body
    assert send_appraisal_reminders(now=timezone.now() + datetime.timedelta(days=9)) == 0  # once per submission
    approve_report(report.pk, world.appraiser)
    assert send_appraisal_reminders(now=timezone.now() + datetime.timedelta(days=30)) == 0


def test_the_history_reads_each_decision_as_a_sentence(world):
    report = submitted(world)
    decide(
        report.pk, "1.2", verdict=Verdict.CORRECTED, typed={"a": D(1), "b": D(4)}, reason="Sai.", user=world.appraiser
    )
    event = ReportEvent.objects.get(report=report, action=EventAction.DECIDED)
    indicators = pinned_criteria(report.period).indicators
    with translation.override("vi"):
        sentence = event_sentence(event, indicators)
    assert "tham.dinh" in sentence
    assert "1.2" in sentence
    assert "45 → 15" in sentence
    assert "Sai." in sentence
