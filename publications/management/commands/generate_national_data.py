"""In ``publications`` because its last step publishes the results pages again, which ``assessments``,
where the data set is generated, may not do."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessments.demo.national import DEFAULT_PASSWORD, PROVINCES, AlreadyGenerated, database_counts, generate
from publications.demo import publish_again


class Command(BaseCommand):
    help = (
        "Generates a synthetic national data set for load tests (bench/load/, docs/performance.md): the "
        "provinces' departments, central agencies and communes, their officers, heads and appraisers, the "
        "latest closed annual evaluations appraised, approved and published, and a draft of every agency in "
        "the period open today. Loads the demo first where it is missing. Refuses a second run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--provinces", type=int, default=len(PROVINCES), help="How many provinces (1–34).")
        parser.add_argument("--years", type=int, default=3, help="How many closed annual evaluations (1–10).")
        parser.add_argument("--seed", type=int, default=2853, help="Names and sizes are the same for the same seed.")
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Every generated account's password (default {DEFAULT_PASSWORD}).",
        )

    def handle(self, *args, **options):
        if not 1 <= options["provinces"] <= len(PROVINCES):
            raise CommandError(f"--provinces must be between 1 and {len(PROVINCES)}.")
        if not 1 <= options["years"] <= 10:
            raise CommandError("--years must be between 1 and 10.")
        started = time.monotonic()
        try:
            counts = generate(
                provinces=options["provinces"],
                years=options["years"],
                seed=options["seed"],
                password=options["password"],
                log=self.stdout.write,
            )
        except AlreadyGenerated as error:
            raise CommandError(str(error)) from error
        with transaction.atomic():
            publish_again(counts.years, self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Generated in {time.monotonic() - started:.1f} s: {counts}"))
        self.stdout.write("The database now holds:")
        for name, value in database_counts().items():
            self.stdout.write(f"  {name}: {value}")
        self.stdout.write(
            "Accounts: cb.<code> (officer), ld.<code> (head), td.<province>.1|2|vp (appraisers), where <code> is "
            "the agency's code without 'QG-' in lower case (e.g. cb.hanoi-x001); password as given."
        )
