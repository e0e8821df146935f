from django.core.management.base import BaseCommand

from home import jobs


class Command(BaseCommand):
    help = (
        "Marks failed every running job not updated for JOB_ABANDONED_AFTER (15 minutes unless "
        "JOB_ABANDONED_MINUTES says otherwise): its worker was killed in the middle of it. The person who started "
        "it reads why on the job's page and may try again. Run before a worker starts (the systemd unit does). "
        "Prints how many."
    )

    def handle(self, *args, **options):
        count = jobs.fail_abandoned()
        self.stdout.write(f"{count} abandoned job(s) marked failed.")
