"""Reminder e-mails: when a period opens, 7 days and 1 day before its deadline, and when a report is returned.

Run by ``manage.py send_reminders`` (daily, from cron or the task runner).
Each reminder is recorded, so running it again the same day sends nothing twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import formatting
from assessments.appraisal.feedback import open_feedback
from assessments.models import (
    HANDED_IN,
    Agency,
    EventAction,
    ReminderSent,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
    Role,
)

DONE = HANDED_IN


@dataclass(frozen=True)
class Due:
    period: ReportingPeriod
    agency: Agency
    kind: str  # opened | 7_days | 1_day | returned
    key: str = ""
    report: Report | None = None  # the returned report, whose reasons the mail quotes


def reminder_kind(period: ReportingPeriod, now: datetime.datetime) -> str | None:
    """Which deadline reminder ``period`` calls for at ``now``, if any."""
    if now > period.submission_deadline or now < period.opens_at:
        return None
    left = period.submission_deadline - now
    if left <= datetime.timedelta(days=1):
        return "1_day"
    if left <= datetime.timedelta(days=7):
        return "7_days"
    return "opened"


def due_reminders(now: datetime.datetime) -> list[Due]:
    due: list[Due] = []
    periods = ReportingPeriod.objects.filter(submission_deadline__gte=now).prefetch_related("levels")
    for period in periods:
        kind = reminder_kind(period, now)
        if kind is None:
            continue
        done = set(Report.objects.filter(period=period, status__in=DONE).values_list("agency_id", flat=True))
        agencies = Agency.objects.existing_in(period.year).evaluated().filter(level__in=period.levels.all())
        due += [Due(period, agency, kind) for agency in agencies if agency.pk not in done]
    # A report returned now is announced once per return: the key is its latest RETURNED event.
    last_return = (
        ReportEvent.objects.filter(report=OuterRef("pk"), action=EventAction.RETURNED).order_by("-pk").values("pk")[:1]
    )
    returned = (
        Report.objects.filter(status=ReportStatus.RETURNED)
        .annotate(return_event=Subquery(last_return))
        .filter(return_event__isnull=False)
        .select_related("period", "agency")
    )
    due += [
        Due(report.period, report.agency, "returned", key=str(report.return_event), report=report)
        for report in returned
    ]
    return due


MESSAGES = {
    "opened": (
        _("The reporting period %(period)s is open"),
        _("The period %(period)s is open. Submit by %(deadline)s."),
    ),
    "7_days": (
        _("7 days left to submit: %(period)s"),
        _("The report for %(period)s is due by %(deadline)s. It is not submitted yet."),
    ),
    "1_day": (
        _("Last day to submit: %(period)s"),
        _("The report for %(period)s is due by %(deadline)s. It is not submitted yet."),
    ),
    "returned": (
        _("Your report was returned: %(period)s"),
        _("The appraiser returned the report for %(period)s. Correct it and submit it again."),
    ),
}


def returned_details(report: Report) -> str:
    """The appraiser's comment, the date to answer by and each indicator's reason, as lines of the mail."""
    feedback = open_feedback(report)
    if feedback is None:
        return ""
    lines = [""]
    if feedback.respond_by:
        lines.append(_("Answer and submit again by %(at)s.") % {"at": formatting.minute(feedback.respond_by)})
    if feedback.comment:
        lines.append(feedback.comment)
    lines += [
        _("Indicator %(code)s: %(reason)s") % {"code": code, "reason": reason}
        for code, reason in feedback.reasons.items()
    ]
    return "\n".join(lines)


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Sends every reminder due at ``now`` that was not sent before; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for item in due_reminders(now):
        recipients = sorted(
            set(
                item.agency.role_assignments.filter(role__in=[Role.OFFICER, Role.HEAD])
                .exclude(user__email="")
                .values_list("user__email", flat=True)
            )
        )
        if not recipients:
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(period=item.period, agency=item.agency, kind=item.kind, key=item.key)
        except IntegrityError:
            continue  # sent before
        subject, body = MESSAGES[item.kind]
        values = {
            "period": item.period,
            "deadline": formatting.minute(item.period.submission_deadline),
        }
        text = str(body) % values
        if item.report is not None:
            text += returned_details(item.report)
        send_mail(str(subject) % values, text, None, recipients)
        sent += 1
    return sent
