"""Reminders to appraisers: a report that has waited longer than ``APPRAISAL_REMINDER_DAYS`` since its
submission. One mail per appraising agency and day, listing its waiting reports; each report is
reminded once per submission (kept in ``ReminderSent``, kind "waiting", keyed by the submission time).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import formatting
from assessments.models import ReminderSent, Report, ReportStatus, Role, RoleAssignment

KIND = "waiting"


def waiting_reports(now: datetime.datetime, days: int) -> list[Report]:
    cutoff = now - datetime.timedelta(days=days)
    return list(
        Report.objects.filter(status=ReportStatus.SUBMITTED, submitted_at__lte=cutoff, agency__appraiser__isnull=False)
        .select_related("agency", "period")
        .order_by("submitted_at")
    )


def send_appraisal_reminders(now: datetime.datetime | None = None) -> int:
    """Mails each appraising agency's appraisers the reports waiting too long; returns the mails sent."""
    now = now or timezone.now()
    days = settings.APPRAISAL_REMINDER_DAYS
    by_appraiser: dict[int, list[Report]] = defaultdict(list)
    for report in waiting_reports(now, days):
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    period=report.period, agency=report.agency, kind=KIND, key=report.submitted_at.isoformat()[:40]
                )
        except IntegrityError:
            continue  # reminded before for this submission
        by_appraiser[report.agency.appraiser_id].append(report)
    sent = 0
    for appraiser_id, reports in by_appraiser.items():
        recipients = sorted(
            set(
                RoleAssignment.objects.filter(agency_id=appraiser_id, role=Role.APPRAISER)
                .exclude(user__email="")
                .values_list("user__email", flat=True)
            )
        )
        if not recipients:
            continue
        lines = [
            _("%(agency)s, %(period)s: submitted at %(at)s.")
            % {"agency": report.agency.name, "period": report.period, "at": formatting.minute(report.submitted_at)}
            for report in reports
        ]
        subject = _("%(count)d reports have waited more than %(days)d days for appraisal") % {
            "count": len(reports),
            "days": days,
        }
        body = "\n".join([_("These reports are waiting for your appraisal:"), "", *lines])
        send_mail(subject, body, None, recipients)
        sent += 1
    return sent
