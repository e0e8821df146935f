"""The scheduled `send_reminders` only queues the reminders job; a worker sends them, once."""

import io

import pytest
from django.core.management import call_command

from assessments.models import EventAction, ReminderSent, ReportEvent, ReportStatus
from assessments.reporting.tasks import send_reminders_job
from home.models import BackgroundJob, JobStatus

pytestmark = pytest.mark.django_db


def test_the_command_queues_a_job_that_mails_the_reminders_once(world, mailoutbox):
    world.report_a.status = ReportStatus.RETURNED
    world.report_a.save()
    ReportEvent.objects.create(report=world.report_a, user=world.appraiser, action=EventAction.RETURNED)

    out = io.StringIO()
    call_command("send_reminders", stdout=out)

    job = BackgroundJob.objects.get()
    assert job.kind == send_reminders_job.module_path == "assessments.reporting.tasks.send_reminders_job"
    assert job.owner is None and job.title == "Nhắc việc hằng ngày"
    # The immediate backend of the tests runs it at once; in production a worker does.
    assert (job.status, job.percentage) == (JobStatus.SUCCEEDED, 100)
    sent = len(mailoutbox)
    assert sent >= 1
    assert ReminderSent.objects.filter(agency=world.agency_a, kind="returned").exists()
    assert job.message.startswith(f"{sent} thư gửi cơ quan")
    assert out.getvalue().split()[:2] == [str(job.pk), "succeeded"]

    call_command("send_reminders", stdout=io.StringIO())  # the timer fires again: nothing mailed twice
    assert len(mailoutbox) == sent
    assert BackgroundJob.objects.filter(status=JobStatus.SUCCEEDED).count() == 2
