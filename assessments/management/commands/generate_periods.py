from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.period_generation import generate_periods


class Command(BaseCommand):
    help = (
        "Creates a year's reporting periods (annual evaluation, 3-, 6- and 9-month updates) for every published "
        "criteria set in force, pinned to its current revision. Existing periods are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, *args, **options):
        if not 2000 <= options["year"] <= 2100:
            raise CommandError(_("The year must be between 2000 and 2100."))
        for period in generate_periods(options["year"]):
            self.stdout.write(f"{period} · {timezone.localtime(period.submission_deadline):%d/%m/%Y %H:%M}")
