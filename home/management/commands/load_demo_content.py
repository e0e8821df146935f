from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo_content import load_demo_content


class Command(BaseCommand):
    help = "Builds or refreshes the demo site: decisions, guidance, settings and demo accounts. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            accounts = load_demo_content(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        for username, password in accounts:
            self.stdout.write(f"  {username} / {password}")
