"""The daily reminders as a background job: the schedule (a cron line or a systemd timer) only runs
``manage.py send_reminders``, which queues this job; a worker mails agencies and appraisers. Running it twice on a
day sends nothing twice: each reminder is recorded (``ReminderSent``) before it is mailed."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from home import jobs
from home.models import BackgroundJob


def start_reminders(owner=None) -> BackgroundJob:
    return jobs.start(send_reminders_job, title=_("Daily reminders"), owner=owner, total=2)


def _send(job: BackgroundJob, progress: jobs.Progress) -> jobs.Outcome:
    from assessments.appraisal.reminders import send_appraisal_reminders
    from assessments.reporting.reminders import send_reminders

    progress.start(2, _("Mailing agencies their reminders…"))
    to_agencies = send_reminders()
    progress.advance(1, _("Mailing appraisers the reports waiting for them…"))
    to_appraisers = send_appraisal_reminders()
    progress.advance(1)
    return jobs.Outcome(
        message=_("%(agencies)d mails to agencies, %(appraisers)d to appraisers.")
        % {"agencies": to_agencies, "appraisers": to_appraisers}
    )


@task()
def send_reminders_job(job_id: str) -> None:
    jobs.run(job_id, _send)
