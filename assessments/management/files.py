"""Reading the interchange files the scoring commands take, with messages instead of tracebacks."""

import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from assessments.definitions.json_format import CriteriaFormatError, read_document
from assessments.definitions.rules import build_criteria_set
from assessments.scoring import CriteriaError, CriteriaSet


def read_json(path: str) -> object:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise CommandError(_("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error.strerror}) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(_("%(path)s is not valid JSON: %(error)s") % {"path": path, "error": error}) from error


def criteria_for_level(path: str, level: str) -> CriteriaSet:
    """The engine's criteria set for ``level`` from an interchange file, or a CommandError saying why not."""
    try:
        sets = read_document(read_json(path))
    except CriteriaFormatError as error:
        raise CommandError(f"{path}: {error}") from error
    definition = sets.get(level)
    if definition is None:
        raise CommandError(
            _("The file has no criteria set for the level “%(level)s”; it has: %(levels)s.")
            % {"level": level, "levels": ", ".join(sets)}
        )
    try:
        return build_criteria_set(definition.groups, definition.bands, definition.max_total)
    except CriteriaError as error:
        raise CommandError(f"{path}: " + "; ".join(error.problems)) from error
