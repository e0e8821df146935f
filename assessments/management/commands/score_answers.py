"""Recomputes a report's scores from files, with the engine the portal uses."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.definitions.answers_json import answers_from_json
from assessments.definitions.json_format import CriteriaFormatError, read_document
from assessments.definitions.rules import build_criteria_set
from assessments.definitions.scores_json import report_score_to_json
from assessments.scoring import AnswerError, CriteriaError, score_report


def _read_json(path: str) -> object:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise CommandError(_("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error.strerror}) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(_("%(path)s is not valid JSON: %(error)s") % {"path": path, "error": error}) from error


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
        try:
            sets = read_document(_read_json(options["criteria"]))
        except CriteriaFormatError as error:
            raise CommandError(f"{options['criteria']}: {error}") from error
        definition = sets.get(options["level"])
        if definition is None:
            raise CommandError(
                _("The file has no criteria set for the level “%(level)s”; it has: %(levels)s.")
                % {"level": options["level"], "levels": ", ".join(sets)}
            )
        try:
            criteria = build_criteria_set(definition.groups, definition.bands, definition.max_total)
        except CriteriaError as error:
            raise CommandError(f"{options['criteria']}: " + "; ".join(error.problems)) from error
        try:
            answers = answers_from_json(criteria, _read_json(options["answers"]))
            result = score_report(criteria, answers)
        except AnswerError as error:
            raise CommandError(
                _("%(path)s: indicator %(code)s: %(message)s")
                % {"path": options["answers"], "code": error.code, "message": error.message}
            ) from error
        self.stdout.write(json.dumps(report_score_to_json(result), ensure_ascii=False, indent=2))
