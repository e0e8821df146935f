"""Changing reports: saving a group, evidence, submitting. Each change is one transaction and is logged.

Concurrency: the report row is locked (select_for_update) and its version
compared with the one the person's page was loaded at; a stale save is refused
with :class:`Conflict`, never written over someone else's work.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import formatting
from assessments.definitions.indicator import IndicatorDefinition, indicator_definition
from assessments.models import Answer as AnswerRow
from assessments.models import EventAction, Evidence, Report, ReportEvent, ReportingPeriod, ReportStatus
from assessments.period_rules import is_on_time
from assessments.reporting import workflow
from assessments.reporting.answers import engine_answer, row_values
from assessments.reporting.workflow import EditRefused
from assessments.scoring import AnswerError, CriteriaSet, Group, Method, score_indicator

# What the agency entered for an indicator: saved from the form, copied when a report is pre-filled.
ENTERED_COLUMNS = [
    "value_bool",
    "value_text",
    "value_choices",
    "value_number",
    "value_a",
    "value_b",
    "justification",
    "explanation",
]
SAVED_COLUMNS = [
    *ENTERED_COLUMNS,
    "self_score",
    "not_applicable",
    "pending",
    "updated_by",
    "updated_at",
]


# EditRefused, the refusal the views catch and show, is defined with the workflow, whose refused
# transitions (TransitionRefused) are refusals too; it is used from here as before.


class Conflict(Exception):
    """Someone saved the report since this page was loaded."""

    def __init__(self, report: Report):
        super().__init__(report.pk)
        self.report = report


@dataclass(frozen=True)
class PinnedCriteria:
    """A period's criteria set as pinned: the engine's view and each indicator's definition, by code."""

    scoring: CriteriaSet
    indicators: dict[str, IndicatorDefinition]
    titles: dict[str, str]


@lru_cache(maxsize=64)
def _pinned(revision_id: int) -> PinnedCriteria:
    from wagtail.models import Revision

    page = Revision.objects.get(pk=revision_id).as_object()
    indicators, titles = {}, {}
    for group in page.groups:
        titles[group.value["code"]] = group.value["title"]
        for child in group.value["indicators"]:
            definition = indicator_definition(child.value)
            indicators[definition.code] = definition
    return PinnedCriteria(page.scoring, indicators, titles)


def pinned_criteria(period: ReportingPeriod) -> PinnedCriteria:
    """Revisions never change, so each is read once per process."""
    return _pinned(period.criteria_revision_id)


def group_of(criteria: CriteriaSet, code: str) -> Group | None:
    return next((group for group in criteria.groups if group.code == code), None)


def group_holding(criteria: CriteriaSet, indicator_code: str) -> Group | None:
    """The group whose page shows the indicator ``indicator_code``."""
    return next((group for group in criteria.groups if any(i.code == indicator_code for i in group.indicators)), None)


def edit_refusal(report: Report, now: datetime.datetime) -> str | None:
    """Why the report cannot be changed at ``now``, or None when it can.

    A report changes only while its period is open (from its opening to its
    deadline, or later where the period accepts late reports), or while an
    appraiser has reopened it, and only for an agency that exists that year.
    """
    if report.status in workflow.LOCKED:
        return _("This report has been submitted and is locked. An appraiser can reopen it.")
    return period_refusal(report.period, report.agency, now, reopened_until=report.reopened_until)


def period_refusal(
    period: ReportingPeriod, agency, now: datetime.datetime, reopened_until: datetime.datetime | None = None
) -> str | None:
    """Why ``agency`` cannot report for ``period`` at ``now``, or None when it can."""
    if not agency.evaluated or not agency.exists_in(period.year):
        return _("%(agency)s is not evaluated in %(year)d.") % {"agency": agency.name, "year": period.year}
    if reopened_until and now <= reopened_until:
        return None
    if now < period.opens_at:
        return _("This period is not open yet: it opens at %(opens)s.") % {"opens": formatting.minute(period.opens_at)}
    if not is_on_time(now, period.submission_deadline) and not period.allow_late:
        return _("The deadline (%(deadline)s) has passed: the report can no longer be changed.") % {
            "deadline": formatting.minute(period.submission_deadline)
        }
    return None


def _changes(old: AnswerRow | None, new: AnswerRow) -> tuple[dict, dict]:
    """The entered values before and after, blanks left out, for the history."""
    before = {**row_values(old), "explanation": old.explanation} if old else {}
    after = {**row_values(new), "explanation": new.explanation}
    return (
        {key: value for key, value in before.items() if value not in ("", None)},
        {key: value for key, value in after.items() if value not in ("", None)},
    )


def _score_text(row: AnswerRow | None) -> str | None:
    return str(row.self_score) if row is not None and row.self_score is not None else None


_locked = workflow.locked


@transaction.atomic
def save_group(
    report_id: int,
    group: Group,
    values: Mapping[str, Mapping[str, object]],
    version: int,
    user,
    now: datetime.datetime | None = None,
) -> Report:
    """Saves one group's answers with their self-scores; the same number of queries for 5 or 50 indicators.

    ``values`` holds each indicator's answer-row columns by code (``GroupForm.group_values``), checked
    already; ``version`` is the report version the person's page was loaded at.
    """
    now = now or timezone.now()
    report = _locked(report_id)
    if version != report.version:
        raise Conflict(report)
    refusal = edit_refusal(report, now)
    if refusal:
        raise EditRefused(refusal)
    codes = [indicator.code for indicator in group.indicators]
    existing = {row.code: row for row in report.answers.filter(code__in=codes)}
    rows, events = [], []
    for indicator in group.indicators:
        row = AnswerRow(
            report=report,
            code=indicator.code,
            updated_by=user,
            updated_at=now,
            **values[indicator.code],
        )
        result = score_indicator(indicator, engine_answer(indicator, row))
        row.self_score, row.not_applicable, row.pending = result.score, result.not_applicable, result.pending
        old = existing.get(indicator.code)
        before, after = _changes(old, row)
        if before != after or _score_text(old) != _score_text(row):
            events.append(
                ReportEvent(
                    report=report,
                    user=user,
                    action=EventAction.ANSWER,
                    code=indicator.code,
                    old={**before, "score": _score_text(old)},
                    new={**after, "score": _score_text(row)},
                )
            )
        rows.append(row)
    # The first save starts the report. The views let only the agency's officers and heads save
    # (access.can_fill_in), so the role is not checked again; its event joins the answers' bulk write.
    started = _start(report, user, now)
    if started:
        events.append(started.event)
    AnswerRow.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["report", "code"], update_fields=SAVED_COLUMNS
    )
    ReportEvent.objects.bulk_create(events)
    report.version += 1
    report.save(update_fields=["version", "status", "updated_at"])
    if started:
        started.announce()
    return report


def _entered(row: AnswerRow) -> dict:
    return {name: getattr(row, name) for name in ENTERED_COLUMNS}


@transaction.atomic
def save_group_if_changed(
    report_id: int,
    group: Group,
    values: Mapping[str, Mapping[str, object]],
    version: int,
    user,
    now: datetime.datetime | None = None,
) -> Report | None:
    """:func:`save_group`, unless ``values`` are what the group holds already: then nothing is written
    and None is returned. Answers posted along with evidence are often unchanged; saving them would
    move the version for nothing, and refuse (as a conflict) a page that has nothing to change."""
    report = _locked(report_id)
    codes = [indicator.code for indicator in group.indicators]
    existing = {row.code: row for row in report.answers.filter(code__in=codes)}
    if all(_entered(existing.get(code) or AnswerRow()) == _entered(AnswerRow(**values[code])) for code in codes):
        return None
    return save_group(report_id, group, values, version, user, now=now)


def _start(report: Report, user, now: datetime.datetime) -> workflow.Step | None:
    """Starts a report not started yet (in memory: the caller saves it and writes the event)."""
    if report.status != ReportStatus.NOT_STARTED:
        return None
    return workflow.advance(report, workflow.Action.START, user, now=now, role_checked=True)


@dataclass(frozen=True)
class Gap:
    code: str
    group: str
    message: str


def report_gaps(report: Report, rows: dict[str, AnswerRow], evidence_codes: set[str]) -> list[Gap]:
    """What stands between the report and its submission, indicator by indicator."""
    criteria = pinned_criteria(report.period)
    gaps = []
    for group in criteria.scoring.groups:
        for indicator in group.indicators:
            row = rows.get(indicator.code)
            if indicator.method != Method.INFO and engine_answer(indicator, row) is None:
                gaps.append(Gap(indicator.code, group.code, _("Not answered.")))
            required = criteria.indicators[indicator.code].evidence_required
            explained = row is not None and row.explanation.strip()
            if required and indicator.code not in evidence_codes and not explained:
                gaps.append(
                    Gap(indicator.code, group.code, _("Evidence is required: add it or explain why it is missing."))
                )
    return gaps


def submission_refusal(report: Report, now: datetime.datetime) -> str | None:
    """Why the report cannot be submitted at ``now`` (its period, its gaps), or None when it can.
    The workflow asks this before every submission."""
    refusal = edit_refusal(report, now)
    if refusal:
        return refusal
    rows = {row.code: row for row in report.answers.all()}
    evidence_codes = set(report.evidence.values_list("code", flat=True))
    gaps = report_gaps(report, rows, evidence_codes)
    if gaps:
        return _("The report is not complete: %(count)d points to fix.") % {"count": len(gaps)}
    return None


@transaction.atomic
def submit(report_id: int, user, now: datetime.datetime | None = None, *, confirm: bool = True) -> Report:
    """Submits (or resubmits) and locks the report. A second click finds it submitted and changes nothing.

    ``confirm`` mails the agency its receipt; the demo, which submits for people who are not there,
    turns it off.
    """
    report = _locked(report_id)
    if report.status in workflow.LOCKED:
        return report
    workflow.apply(report, workflow.Action.SUBMIT, user, now=now or timezone.now())
    if confirm:
        transaction.on_commit(lambda: send_submission_confirmation(report.pk))
    return report


def send_submission_confirmation(report_id: int) -> int:
    """Mails the agency's officers and heads that the report was submitted, with the time, the
    receipt's reference and verification code, and where the receipt can be checked."""
    report = Report.objects.select_related("agency", "period", "submitted_by").get(pk=report_id)
    recipients = sorted(
        set(
            report.agency.role_assignments.filter(role__in=["officer", "head"])
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not recipients:
        return 0
    when = formatting.second(report.submitted_at)
    body = _("%(agency)s submitted its report for %(period)s at %(when)s (by %(who)s).") % {
        "agency": report.agency.name,
        "period": report.period,
        "when": when,
        "who": report.submitted_by.get_full_name() or report.submitted_by.username,
    }
    body += "\n\n" + _("Report reference: %(reference)s") % {"reference": report.reference}
    body += "\n" + _("Verification code: %(code)s") % {"code": report.verification_code}
    check_address = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("receipt_check")
    body += "\n\n" + _(
        "Print the PDF of the report, have it signed and file it. Anyone can check the receipt with these two at "
        "%(address)s."
    ) % {"address": check_address}
    return send_mail(_("Report submitted"), body, None, recipients)


def evidence_summary(evidence: Evidence) -> dict:
    summary = {
        "kind": evidence.kind,
        "file": evidence.original_name,
        "number": evidence.document_number,
        "date": str(evidence.document_date or ""),
        "summary": evidence.document_summary,
        "url": evidence.url,
    }
    return {key: value for key, value in summary.items() if value}


@transaction.atomic
def add_evidence(report_id: int, code: str, user, now=None, **fields) -> Evidence:
    now = now or timezone.now()
    report = _locked(report_id)
    refusal = edit_refusal(report, now)
    if refusal:
        raise EditRefused(refusal)
    evidence = Evidence.objects.create(report=report, code=code, created_by=user, **fields)
    events = [
        ReportEvent(
            report=report, user=user, action=EventAction.EVIDENCE_ADDED, code=code, new=evidence_summary(evidence)
        )
    ]
    started = _start(report, user, now)  # the views check the role (access.can_fill_in), as for saving
    if started:
        events.append(started.event)
    ReportEvent.objects.bulk_create(events)
    report.version += 1
    report.save(update_fields=["status", "version", "updated_at"])
    if started:
        started.announce()
    return evidence


@transaction.atomic
def remove_evidence(report_id: int, evidence_id: int, user, now=None) -> Report:
    now = now or timezone.now()
    report = _locked(report_id)
    refusal = edit_refusal(report, now)
    if refusal:
        raise EditRefused(refusal)
    evidence = report.evidence.get(pk=evidence_id)
    ReportEvent.objects.create(
        report=report,
        user=user,
        action=EventAction.EVIDENCE_REMOVED,
        code=evidence.code,
        old=evidence_summary(evidence),
    )
    evidence.delete()
    report.version += 1
    report.save(update_fields=["version", "updated_at"])
    return report


def previous_report(period: ReportingPeriod, agency) -> Report | None:
    """The report a new one starts from: the year's 9-month update for the annual evaluation,
    otherwise the agency's latest report of an earlier period."""
    earlier = Report.objects.filter(agency=agency).exclude(period=period).select_related("period")
    if period.kind == "annual":
        nine_months = earlier.filter(period__year=period.year, period__kind="9m").first()
        if nine_months is not None:
            return nine_months
    return (
        earlier.filter(period__submission_deadline__lt=period.submission_deadline)
        .order_by("-period__submission_deadline")
        .first()
    )


@transaction.atomic
def open_report(period: ReportingPeriod, agency, user) -> Report:
    """The agency's report for ``period``, created on first use and pre-filled from the previous one.

    Only answers that still fit are copied: the indicator exists in this period's
    criteria with the same method and the value scores without error.
    """
    report = Report.objects.filter(period=period, agency=agency).first()
    if report is not None:
        return report
    refusal = period_refusal(period, agency, timezone.now())
    if refusal:
        raise EditRefused(refusal)
    report = Report.objects.create(period=period, agency=agency)
    source = previous_report(period, agency)
    if source is None:
        return report
    criteria = pinned_criteria(period)
    source_rows = {row.code: row for row in source.answers.all()}
    source_methods = {
        indicator.code: indicator.method for indicator in pinned_criteria(source.period).scoring.indicators()
    }
    rows = []
    for indicator in criteria.scoring.indicators():
        row = source_rows.get(indicator.code)
        if row is None or source_methods.get(indicator.code) != indicator.method:
            continue
        try:
            result = score_indicator(indicator, engine_answer(indicator, row))
        except AnswerError:  # a value the new criteria refuse is simply not copied
            continue
        copy = AnswerRow(
            report=report,
            code=indicator.code,
            updated_by=user,
            self_score=result.score,
            not_applicable=result.not_applicable,
            pending=result.pending,
            **{name: getattr(row, name) for name in ENTERED_COLUMNS},
        )
        rows.append(copy)
    if rows:
        AnswerRow.objects.bulk_create(rows)
        # The view lets only the agency's officers and heads open a report (access.Access.reporting_agencies).
        started = _start(report, user, timezone.now())
        report.version = 1
        report.save(update_fields=["status", "version", "updated_at"])
        prefilled = ReportEvent(
            report=report,
            user=user,
            action=EventAction.PREFILLED,
            new={"from_report": source.pk, "answers": len(rows)},
        )
        ReportEvent.objects.bulk_create([started.event, prefilled])
        started.announce()
    return report
