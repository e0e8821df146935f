from django.core.management.base import BaseCommand

from assessments.reporting.tasks import start_reminders


class Command(BaseCommand):
    help = (
        "Queues the daily reminders job: a worker mails agencies their reminders (a period opening, 7 days and 1 "
        "day before the deadline, a returned report) and appraisers the reports waiting longer than "
        "APPRAISAL_REMINDER_DAYS. Each is sent once; schedule it daily. Prints the job's id and status (with the "
        "immediate backend of development the job has run when this returns, and its counts are printed too)."
    )

    def handle(self, *args, **options):
        job = start_reminders()
        self.stdout.write(f"{job.pk} {job.status} {job.message}".rstrip())
