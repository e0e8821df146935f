from django.core.management.base import BaseCommand

from assessments.appraisal.reminders import send_appraisal_reminders
from assessments.reporting.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Mails agencies their reminders (a period opening, 7 days and 1 day before the deadline, a returned "
        "report) and appraisers the reports waiting longer than APPRAISAL_REMINDER_DAYS. Each is sent once; run "
        "daily. Prints the number of mails to agencies, then to appraisers."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_reminders()} {send_appraisal_reminders()}")
