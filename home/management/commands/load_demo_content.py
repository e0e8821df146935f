from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Builds or refreshes the demo site: decisions, guidance, criteria, agencies, people, periods and reports. "
        "Safe to run again."
    )

    def handle(self, *args, **options):
        accounts: list[tuple[str, str, str]] = []
        # Each app that has demo content says so with a load_demo_content(log) method on its
        # AppConfig; they run in INSTALLED_APPS order, so home's pages exist before the
        # criteria sets that hang under them, and home never imports the apps built on it.
        with transaction.atomic():
            for config in apps.get_app_configs():
                loader = getattr(config, "load_demo_content", None)
                if loader is not None:
                    accounts.extend(loader(log=self.stdout.write))
        self.stdout.write(self.style.SUCCESS("Demo content is ready. Accounts (user / password / role):"))
        for username, password, role in accounts:
            self.stdout.write(f"  {username:<16} {password:<24} {role}")
