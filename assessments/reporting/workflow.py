"""The report's life: its statuses, the one table of transitions between them, who may make each,
and the typed history event each writes.

Every change of ``Report.status`` goes through this module (a test checks that no other module of
``assessments/`` assigns it), so the history, the reminders and the signal
:data:`report_transitioned` see every transition, and a refused one changes nothing.

    not started ──start──▶ draft ──submit──▶ submitted ──approve──▶ appraised (annual evaluation)
                                ▲               │  │  │  ▲                │
                                │               │  │  │  └──reappraise────┘ (a correction after approval)
                                │               │  │  └──receive──▶ received (3-, 6-, 9-month update; locked)
                                └────reopen─────┘  └──return──▶ returned ──submit (resubmit)──▶ submitted
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.access import can_appraise, can_fill_in, can_submit
from assessments.models import EventAction, PeriodKind, Report, ReportEvent, ReportStatus
from assessments.period_rules import is_on_time
from assessments.reporting.receipt import codes as receipt_codes

# Sent after each transition is written, inside its transaction, with ``report``, ``action`` and
# ``user``. A receiver that mails or calls out should wait for the commit (transaction.on_commit).
report_transitioned = Signal()


class Action(enum.StrEnum):
    START = "start"
    SAVE = "save"
    SUBMIT = "submit"
    RETURN = "return"
    REOPEN = "reopen"
    APPROVE = "approve"
    RECEIVE = "receive"
    REAPPRAISE = "reappraise"


# The verb each action reads as in a refusal ("Không thể nộp báo cáo …").
VERBS = {
    Action.START: gettext_lazy("start"),
    Action.SAVE: gettext_lazy("save"),
    Action.SUBMIT: gettext_lazy("submit"),
    Action.RETURN: gettext_lazy("return"),
    Action.REOPEN: gettext_lazy("reopen"),
    Action.APPROVE: gettext_lazy("approve"),
    Action.RECEIVE: gettext_lazy("mark as received"),
    Action.REAPPRAISE: gettext_lazy("appraise again"),
}


class Who(enum.Enum):
    AGENCY = "officer or head of the agency"
    HEAD = "head of the agency"
    APPRAISER = "appraiser of the agency's appraising agency"


@dataclass(frozen=True)
class Rule:
    """One allowed transition: ``action`` takes a report from one of ``sources`` to ``target``
    (None: the status stays), made by ``who``, logged as ``event`` (None: the change logs itself)."""

    action: Action
    sources: frozenset[str]
    target: str | None
    who: Who
    event: EventAction | None


S = ReportStatus
TRANSITIONS: tuple[Rule, ...] = (
    Rule(Action.START, frozenset({S.NOT_STARTED}), S.DRAFT, Who.AGENCY, EventAction.STARTED),
    # Saving keeps the status; each answer and piece of evidence is its own event. A report not
    # started yet is started by its first save (start, then save).
    Rule(Action.SAVE, frozenset({S.NOT_STARTED, S.DRAFT, S.RETURNED}), None, Who.AGENCY, None),
    Rule(Action.SUBMIT, frozenset({S.DRAFT}), S.SUBMITTED, Who.HEAD, EventAction.SUBMITTED),
    Rule(Action.SUBMIT, frozenset({S.RETURNED}), S.SUBMITTED, Who.HEAD, EventAction.RESUBMITTED),
    Rule(Action.RETURN, frozenset({S.SUBMITTED}), S.RETURNED, Who.APPRAISER, EventAction.RETURNED),
    Rule(Action.REOPEN, frozenset({S.SUBMITTED}), S.DRAFT, Who.APPRAISER, EventAction.REOPENED),
    Rule(Action.APPROVE, frozenset({S.SUBMITTED}), S.APPRAISED, Who.APPRAISER, EventAction.APPROVED),
    Rule(Action.RECEIVE, frozenset({S.SUBMITTED}), S.RECEIVED, Who.APPRAISER, EventAction.RECEIVED),
    # A correction after approval: the appraiser takes the appraisal up again, with a reason; the
    # approved results stay as they are until a new version is approved (assessments/results/).
    Rule(Action.REAPPRAISE, frozenset({S.APPRAISED}), S.SUBMITTED, Who.APPRAISER, EventAction.REAPPRAISED),
    # Lock: only an appraiser's rule leaves SUBMITTED or APPRAISED, and none leaves RECEIVED.
)
LOCKED = frozenset(S) - {status for rule in TRANSITIONS if rule.action == Action.SAVE for status in rule.sources}


class EditRefused(Exception):
    """The report cannot be changed now, or not by this person; the message says why.

    Defined here and used by :mod:`assessments.reporting.services` (which imports this module),
    so that a refused transition is one of the refusals the reporting views already show.
    """


class TransitionRefused(EditRefused):
    """The transition is not allowed from the report's status, to this person, or without what it needs."""


def rule_for(action: Action | str, status: str) -> Rule | None:
    """The rule that lets ``action`` leave ``status``, or None when it may not."""
    return next((rule for rule in TRANSITIONS if rule.action == action and status in rule.sources), None)


def may(user, report: Report, who: Who) -> bool:
    if who == Who.AGENCY:
        return can_fill_in(user, report)
    if who == Who.HEAD:
        return can_submit(user, report)
    return can_appraise(user, report)


def _role_refusal(report: Report, rule: Rule) -> str:
    if rule.who == Who.AGENCY:
        return _("Only the agency's officers and heads can change its report.")
    if rule.who == Who.HEAD:
        return _("Only the agency's head can submit its report.")
    if report.agency.appraiser_id is None:
        return _("No agency appraises the reports of %(agency)s.") % {"agency": report.agency.name}
    return _("Only an appraiser of %(appraiser)s can %(action)s this report.") % {
        "appraiser": report.agency.appraiser.name,
        "action": VERBS[rule.action],
    }


def _precondition(report: Report, rule: Rule, now: datetime.datetime, reason: str, until) -> str | None:
    """What else the action needs, beyond the status and the role."""
    if rule.action == Action.SUBMIT:
        # The period's dates and the report's completeness are the reporting services' rules; imported
        # here, not at the top, because the services module builds on this one.
        from assessments.reporting.services import submission_refusal

        return submission_refusal(report, now)
    if rule.action == Action.RETURN and not reason.strip():
        return _("Give the reason for returning the report.")
    if rule.action == Action.REAPPRAISE and not reason.strip():
        return _("Give the reason for appraising the report again.")
    if rule.action == Action.REOPEN and (until is None or until <= now):
        return _("Give the moment until which the report is reopened, later than now.")
    # Only the annual evaluation is appraised for score; an update is data, received or returned.
    annual = report.period.kind == PeriodKind.ANNUAL
    if rule.action == Action.APPROVE and not annual:
        return _("An update period is not appraised for score: mark it as received.")
    if rule.action == Action.RECEIVE and annual:
        return _("An annual evaluation is approved after appraisal, not marked as received.")
    return None


@dataclass(frozen=True)
class Step:
    """A transition applied to a report in memory: the event to write, then the signal to send."""

    rule: Rule
    event: ReportEvent

    def announce(self) -> None:
        report_transitioned.send(sender=Report, report=self.event.report, action=self.rule.action, user=self.event.user)


def advance(
    report: Report,
    action: Action | str,
    user,
    *,
    now: datetime.datetime,
    reason: str = "",
    until: datetime.datetime | None = None,
    role_checked: bool = False,
) -> Step:
    """Checks and applies one transition to ``report`` (locked by the caller), in memory only.

    The caller saves the report, writes ``step.event`` and calls ``step.announce()``: saving a
    group does so with its own writes, keeping one query per kind of row. ``role_checked`` is for
    callers whose views have already checked the role the rule names, as the saving views do.
    """
    rule = rule_for(action, report.status)
    if rule is not None and rule.target is None:
        raise ValueError(f"{action} keeps the status: it is not a transition")
    if rule is None:
        raise TransitionRefused(
            _("Cannot %(action)s a report that is %(status)s.")
            % {"action": VERBS[Action(action)], "status": report.get_status_display()}
        )
    if not role_checked and not may(user, report, rule.who):
        raise TransitionRefused(_role_refusal(report, rule))
    refusal = _precondition(report, rule, now, reason, until)
    if refusal:
        raise TransitionRefused(refusal)
    old = {"status": report.status}
    new: dict = {"status": rule.target}
    if rule.action == Action.SUBMIT:
        reopened = report.reopened_until is not None and now <= report.reopened_until
        report.late = not reopened and not is_on_time(now, report.period.submission_deadline)
        report.submitted_at, report.submitted_by = now, user
        receipt_codes.stamp(report)  # the reference once, a new verification code each time
    if until is not None and rule.action in (Action.RETURN, Action.REOPEN):
        report.reopened_until = until
        new["until"] = until.isoformat()
    if reason.strip():
        new["reason"] = reason.strip()
    report.status = rule.target
    event = ReportEvent(report=report, user=user, action=rule.event, old=old, new=new)
    return Step(rule, event)


# The columns a transition may change, saved together.
CHANGED = [
    "status",
    "submitted_at",
    "submitted_by",
    "late",
    "reopened_until",
    "reference",
    "verification_code",
    "version",
    "updated_at",
]


def locked(report_id: int) -> Report:
    """The report, its row locked until the transaction ends (its period and agency read with it, not locked)."""
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("period", "agency", "agency__appraiser")
        .get(pk=report_id)
    )


def apply(report: Report, action: Action | str, user, *, now=None, reason="", until=None) -> Report:
    """Makes one transition on ``report``, already locked in the caller's transaction: checks, saves, logs, signals."""
    step = advance(report, action, user, now=now or timezone.now(), reason=reason, until=until)
    report.version += 1
    report.save(update_fields=CHANGED)
    step.event.save()
    step.announce()
    return report


@transaction.atomic
def transition(
    report_id: int,
    action: Action | str,
    user,
    *,
    now: datetime.datetime | None = None,
    reason: str = "",
    until: datetime.datetime | None = None,
) -> Report:
    """Makes one transition on the report, with its row locked; a refusal raises
    :class:`TransitionRefused` and leaves the report, its history and the signal untouched."""
    return apply(locked(report_id), action, user, now=now, reason=reason, until=until)
