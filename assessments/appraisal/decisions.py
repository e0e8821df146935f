"""Decisions on a submitted report, indicator by indicator, and the round they belong to.

A round is one pass of the appraiser over one submission. It opens with the first decision
taken on that submission and closes when the report is returned, reopened, received or
approved; a resubmission opens the next round. A decision confirms the agency's answer,
corrects it (new inputs through the method's own specification, or the points of a MANUAL
indicator) or queries it (asks the agency to change it when the report is returned). The
appraised score is the engine's score of the corrected inputs, never a typed number except
for MANUAL. Every decision writes a history event with the scores before and after.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.definitions.methods import spec_for
from assessments.models import Answer as AnswerRow
from assessments.models import (
    AppraisalRound,
    EventAction,
    IndicatorDecision,
    PeriodKind,
    Report,
    ReportEvent,
    ReportStatus,
    RoundOutcome,
    Verdict,
)
from assessments.reporting import workflow
from assessments.reporting.answers import engine_answer, stored_values
from assessments.reporting.services import pinned_criteria
from assessments.scoring import (
    AnswerError,
    AnswerValue,
    CriteriaSet,
    Indicator,
    Method,
    ReportScore,
    score_indicator,
    score_report,
)

# The entered-value columns of a decision that holds no correction (a confirmation or a query).
NO_VALUES: dict[str, object] = {
    "value_bool": None,
    "value_text": "",
    "value_number": None,
    "value_a": None,
    "value_b": None,
    "justification": "",
}


class AppraisalRefused(workflow.EditRefused):
    """The decision cannot be taken: the message says why, for the appraiser."""


def latest_round(report: Report) -> AppraisalRound | None:
    return report.appraisal_rounds.order_by("-number").first()


def open_round(report: Report, now: datetime.datetime) -> AppraisalRound:
    """The round of the report's current submission, opened now if it has none yet.

    A new round starts from the previous one's decisions (after a return, a reopening or a
    reappraisal), so the appraiser does not redo them: each is carried over, with its author, time
    and reason, unless it was a query or the agency has since changed that answer (its self-score
    differs), which the appraiser then decides afresh.
    """
    latest = latest_round(report)
    if latest is not None and latest.is_open:
        return latest
    round_ = AppraisalRound.objects.create(
        report=report,
        number=(latest.number + 1) if latest else 1,
        submitted_at=report.submitted_at or now,
    )
    if latest is not None:
        _carry_over(report, latest, round_)
    return round_


def _carry_over(report: Report, previous: AppraisalRound, round_: AppraisalRound) -> None:
    criteria = pinned_criteria(report.period).scoring
    rows = {row.code: row for row in AnswerRow.objects.filter(report=report)}
    carried = []
    for decision in previous.decisions.exclude(verdict=Verdict.QUERIED):
        indicator = criteria.indicator(decision.code)
        if indicator is None:
            continue
        if score_indicator(indicator, engine_answer(indicator, rows.get(decision.code))).score != decision.self_score:
            continue
        decision.pk, decision.round = None, round_
        carried.append(decision)
    IndicatorDecision.objects.bulk_create(carried)


def close_round(report: Report, outcome: str, user, now: datetime.datetime, comment: str = "", respond_by=None):
    round_ = open_round(report, now)
    round_.outcome, round_.closed_at, round_.closed_by = outcome, now, user
    round_.comment, round_.respond_by = comment, respond_by
    round_.save(update_fields=["outcome", "closed_at", "closed_by", "comment", "respond_by"])
    return round_


def _refusal(report: Report, user) -> str | None:
    if not workflow.may(user, report, workflow.Who.APPRAISER):
        return _("Only an appraiser of the agency that appraises %(agency)s can appraise its report.") % {
            "agency": report.agency.name
        }
    if report.status != ReportStatus.SUBMITTED:
        return _("Only a submitted report can be appraised; this one is %(status)s.") % {
            "status": report.get_status_display()
        }
    return None


def corrected_values(indicator: Indicator, typed: Mapping[str, object], reason: str) -> dict[str, object]:
    """The entered-value columns of a correction, from the typed inputs of the method's parts.

    A MANUAL indicator is corrected by its points; the reason is kept as the justification, so
    the engine reads the correction as it reads a proposal.
    """
    values = {**NO_VALUES, "value_choices": []}
    values.update(spec_for(indicator).to_stored(indicator, typed))
    if indicator.method == Method.MANUAL:
        values["justification"] = reason
    return values


@transaction.atomic
def decide(
    report_id: int,
    code: str,
    *,
    verdict: str,
    user,
    reason: str = "",
    typed: Mapping[str, object] | None = None,
    now: datetime.datetime | None = None,
) -> IndicatorDecision:
    """Records the appraiser's decision on one indicator of a submitted report (its row locked)."""
    now = now or timezone.now()
    report = workflow.locked(report_id)
    refusal = _refusal(report, user)
    if refusal:
        raise AppraisalRefused(refusal)
    criteria = pinned_criteria(report.period).scoring
    indicator = criteria.indicator(code)
    if indicator is None:
        raise AppraisalRefused(_("This report has no indicator %(code)s.") % {"code": code})
    if verdict not in Verdict.values:
        raise AppraisalRefused(_("Choose whether to confirm, correct or query the answer."))
    reason = (reason or "").strip()
    if verdict != Verdict.CONFIRMED and not reason:
        raise AppraisalRefused(_("Give the reason for the decision on indicator %(code)s.") % {"code": code})
    if verdict == Verdict.CORRECTED and report.period.kind != PeriodKind.ANNUAL:
        raise AppraisalRefused(_("An update period is not appraised for score: query the answer instead."))
    if verdict == Verdict.CORRECTED and not indicator.is_scored:
        raise AppraisalRefused(_("Indicator %(code)s is not scored: query the answer instead.") % {"code": code})

    row = AnswerRow.objects.filter(report=report, code=code).first()
    self_answer = engine_answer(indicator, row)
    self_result = score_indicator(indicator, self_answer)
    values = {**NO_VALUES, "value_choices": []}
    appraised = self_result
    if verdict == Verdict.CORRECTED:
        values = corrected_values(indicator, typed or {}, reason)
        corrected = spec_for(indicator).answer(indicator, values)
        if corrected == self_answer:
            raise AppraisalRefused(
                _("The corrected answer to %(code)s is the agency's own: confirm it, or change it.") % {"code": code}
            )
        try:
            appraised = score_indicator(indicator, corrected)
        except AnswerError as error:
            raise AppraisalRefused(f"{code}: {error.message}") from error

    round_ = open_round(report, now)
    previous = round_.decisions.filter(code=code).first()
    decision, _created = IndicatorDecision.objects.update_or_create(
        round=round_,
        code=code,
        defaults={
            **values,
            "verdict": verdict,
            "reason": reason,
            "self_score": self_result.score,
            "appraised_score": appraised.score,
            "not_applicable": appraised.not_applicable,
            "pending": appraised.pending,
            "decided_at": now,
            "decided_by": user,
        },
    )
    before = {"verdict": previous.verdict, "score": _decimal_text(previous.appraised_score)} if previous else None
    ReportEvent.objects.create(
        report=report,
        user=user,
        action=EventAction.DECIDED,
        code=code,
        old=before or {"score": _decimal_text(self_result.score)},
        new={"verdict": verdict, "score": _decimal_text(appraised.score), "reason": reason},
    )
    return decision


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def final_answers(
    criteria: CriteriaSet, rows: Iterable[AnswerRow], decisions: Iterable[IndicatorDecision]
) -> dict[str, AnswerValue]:
    """The answers the report is ranked on: the corrected one where the appraiser corrected it."""
    by_code = {row.code: row for row in rows}
    corrections = {d.code: d for d in decisions if d.verdict == Verdict.CORRECTED}
    answers: dict[str, AnswerValue] = {}
    for indicator in criteria.indicators():
        correction = corrections.get(indicator.code)
        if correction is not None:
            answers[indicator.code] = spec_for(indicator).answer(indicator, stored_values(correction))
        else:
            answers[indicator.code] = engine_answer(indicator, by_code.get(indicator.code))
    return answers


def final_score(
    criteria: CriteriaSet, rows: Iterable[AnswerRow], decisions: Iterable[IndicatorDecision]
) -> ReportScore:
    """The report's score with the appraiser's corrections (MINMAX pending until the cohort is ranked)."""
    return score_report(criteria, final_answers(criteria, rows, decisions))


@transaction.atomic
def return_report(
    report_id: int, user, *, comment: str, respond_by: datetime.datetime | None, now: datetime.datetime | None = None
) -> Report:
    """Returns the report to the agency with the queries of this round, a comment and a date to answer by."""
    now = now or timezone.now()
    report = workflow.locked(report_id)
    refusal = _refusal(report, user)
    if refusal:
        raise AppraisalRefused(refusal)
    if respond_by is None or respond_by <= now:
        raise AppraisalRefused(_("Give the date by which the agency answers, later than today."))
    round_ = open_round(report, now)
    queried = round_.decisions.filter(verdict=Verdict.QUERIED).exists()
    if not queried and not comment.strip():
        raise AppraisalRefused(_("Query at least one indicator, or say in the comment what the agency is to change."))
    workflow.apply(
        report,
        workflow.Action.RETURN,
        user,
        now=now,
        reason=comment or _("See the queried indicators."),
        until=respond_by,
    )
    close_round(report, RoundOutcome.RETURNED, user, now, comment.strip(), respond_by)
    return report


@transaction.atomic
def reopen_report(report_id: int, user, *, comment: str, until: datetime.datetime, now=None) -> Report:
    """Reopens the report for changes until ``until``, as the agency asked or the appraiser decides."""
    now = now or timezone.now()
    report = workflow.locked(report_id)
    workflow.apply(report, workflow.Action.REOPEN, user, now=now, reason=comment, until=until)
    close_round(report, RoundOutcome.REOPENED, user, now, comment.strip(), until)
    return report


@transaction.atomic
def approve_report(report_id: int, user, *, now: datetime.datetime | None = None) -> Report:
    """Approves the appraisal of an annual report. Indicators left undecided are confirmed by the
    approver, so every final score traces to a decision, its reason, who and when."""
    now = now or timezone.now()
    report = workflow.locked(report_id)
    refusal = _refusal(report, user)
    if refusal:
        raise AppraisalRefused(refusal)
    round_ = open_round(report, now)
    queried = list(round_.decisions.filter(verdict=Verdict.QUERIED).values_list("code", flat=True))
    if queried:
        raise AppraisalRefused(
            _("Indicators %(codes)s are queried: return the report, or confirm or correct them.")
            % {"codes": ", ".join(queried)}
        )
    workflow.apply(report, workflow.Action.APPROVE, user, now=now)
    criteria = pinned_criteria(report.period).scoring
    decided = set(round_.decisions.values_list("code", flat=True))
    rows = {row.code: row for row in report.answers.all()}
    IndicatorDecision.objects.bulk_create(
        IndicatorDecision(
            round=round_,
            code=indicator.code,
            verdict=Verdict.CONFIRMED,
            self_score=(result := score_indicator(indicator, engine_answer(indicator, rows.get(indicator.code)))).score,
            appraised_score=result.score,
            not_applicable=result.not_applicable,
            pending=result.pending,
            decided_at=now,
            decided_by=user,
        )
        for indicator in criteria.indicators()
        if indicator.code not in decided
    )
    close_round(report, RoundOutcome.APPROVED, user, now)
    return report


@transaction.atomic
def receive_report(report_id: int, user, *, now: datetime.datetime | None = None) -> Report:
    """Marks an update-period report (3, 6 or 9 months) as received: it is data, not appraised for score."""
    now = now or timezone.now()
    report = workflow.locked(report_id)
    workflow.apply(report, workflow.Action.RECEIVE, user, now=now)
    close_round(report, RoundOutcome.RECEIVED, user, now)
    return report


@transaction.atomic
def reappraise_report(report_id: int, user, *, reason: str, now: datetime.datetime | None = None) -> Report:
    """Takes an approved appraisal up again to correct it; a new round opens with the next decision.
    Results already approved stay as they are until the cohort's next version is approved."""
    now = now or timezone.now()
    report = workflow.locked(report_id)
    workflow.apply(report, workflow.Action.REAPPRAISE, user, now=now, reason=reason)
    return report
