"""Ranks a whole cohort from files, with the engine and ranking the portal uses."""

import json

from django.core.management.base import BaseCommand, CommandError

from assessments.definitions.cohort_json import CohortFormatError, members_from_json, ranking_to_json
from assessments.management.files import criteria_for_level, read_json
from assessments.ranking import rank_cohort


class Command(BaseCommand):
    help = (
        "Scores and ranks every agency of REPORTS.json against the set of CRITERIA.json for --level and prints "
        "the cohort's MINMAX ranges, scores, index, band and rank as JSON. Exits non-zero with a message on bad input."
    )

    def add_arguments(self, parser):
        parser.add_argument("criteria", help="criteria document in the interchange format (docs/criteria-json.md)")
        parser.add_argument("reports", help='{"agencies": [{"code", "name", "answers" | "not_reported" | "excluded"}]}')
        parser.add_argument("--level", required=True, help="agency level of the set to use, e.g. commune")

    def handle(self, *args, **options):
        criteria = criteria_for_level(options["criteria"], options["level"])
        try:
            members = members_from_json(criteria, read_json(options["reports"]))
        except CohortFormatError as error:
            raise CommandError(f"{options['reports']}: {error}") from error
        ranking = rank_cohort(criteria, members)
        self.stdout.write(json.dumps(ranking_to_json(ranking, options["level"]), ensure_ascii=False, indent=2))
