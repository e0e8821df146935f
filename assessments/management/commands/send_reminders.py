from django.core.management.base import BaseCommand

from assessments.reporting.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Mails agencies their reminders: a period opening, 7 days and 1 day before the deadline, a returned "
        "report. Each is sent once; run daily."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_reminders()}")
