"""Recomputes a report's scores from files, with the engine the portal uses."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.definitions.answers_json import answers_from_json
from assessments.definitions.scores_json import report_score_to_json
from assessments.management.files import criteria_for_level, read_json
from assessments.scoring import AnswerError, score_report


class Command(BaseCommand):
    help = (
        "Scores ANSWERS.json against the set of CRITERIA.json for --level and prints the scores as JSON. "
        "Exits non-zero with a message on bad input."
    )

    def add_arguments(self, parser):
        parser.add_argument("criteria", help="criteria document in the interchange format (docs/criteria-json.md)")
        parser.add_argument("answers", help='{"answers": {"<indicator code>": VALUE}}')
        parser.add_argument("--level", required=True, help="agency level of the set to use, e.g. commune")

    def handle(self, *args, **options):
        criteria = criteria_for_level(options["criteria"], options["level"])
        try:
            answers = answers_from_json(criteria, read_json(options["answers"]))
            result = score_report(criteria, answers)
        except AnswerError as error:
            raise CommandError(
                _("%(path)s: indicator %(code)s: %(message)s")
                % {"path": options["answers"], "code": error.code, "message": error.message}
            ) from error
        self.stdout.write(json.dumps(report_score_to_json(result), ensure_ascii=False, indent=2))
