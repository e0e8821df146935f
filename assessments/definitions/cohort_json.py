"""A cohort in JSON, as read and written by ``manage.py rank_cohort`` (docs/criteria-json.md).

Input: ``{"agencies": [{"code": "...", "name": "...", "answers": {...}}, ...]}``, answers in the
``score_answers`` shape; ``"not_reported": true`` instead of answers for an agency that did not
report, ``"excluded": true`` for one that is not evaluated. Output: the MINMAX ranges and, per
agency in ranking order, its standing, rank and scores through the one score serializer.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from assessments.definitions.answers_json import answers_from_json
from assessments.definitions.scores_json import report_score_to_json
from assessments.ranking import CohortRanking, Member
from assessments.scoring import AnswerError, CriteriaSet


class CohortFormatError(ValueError):
    """A cohort document that cannot be read; the message names the agency and what is wrong."""


def _flag(entry: Mapping, key: str, where: str) -> bool:
    value = entry.get(key, False)
    if not isinstance(value, bool):
        raise CohortFormatError(_("%(where)s: “%(key)s” must be true or false.") % {"where": where, "key": key})
    return value


def members_from_json(criteria: CriteriaSet, document: object) -> list[Member]:
    if not isinstance(document, Mapping) or not isinstance(document.get("agencies"), list):
        raise CohortFormatError(_('The file must be a JSON object with an "agencies" list.'))
    members: list[Member] = []
    seen: set[str] = set()
    for position, entry in enumerate(document["agencies"], start=1):
        where = _("agency %(position)s") % {"position": position}
        if not isinstance(entry, Mapping):
            raise CohortFormatError(_("%(where)s must be a JSON object.") % {"where": where})
        code, name = entry.get("code"), entry.get("name")
        if not isinstance(code, str) or not code.strip():
            raise CohortFormatError(_("%(where)s has no “code”.") % {"where": where})
        where = _("agency %(code)s") % {"code": code}
        if code in seen:
            raise CohortFormatError(_("%(where)s appears twice.") % {"where": where})
        seen.add(code)
        if not isinstance(name, str) or not name.strip():
            raise CohortFormatError(_("%(where)s has no “name”.") % {"where": where})
        excluded = _flag(entry, "excluded", where)
        not_reported = _flag(entry, "not_reported", where)
        answers = None
        if not not_reported and "answers" not in entry and not excluded:
            raise CohortFormatError(_("%(where)s needs “answers”, or “not_reported”: true.") % {"where": where})
        if not not_reported and "answers" in entry:
            try:
                answers = answers_from_json(criteria, entry)
            except AnswerError as error:
                raise CohortFormatError(
                    _("%(where)s, indicator %(code)s: %(message)s")
                    % {"where": where, "code": error.code, "message": error.message}
                ) from error
        members.append(Member(code=code, name=name, answers=answers, excluded=excluded))
    return members


def ranking_to_json(ranking: CohortRanking, level: str) -> dict:
    return {
        "level": level,
        "minmax": {code: {"low": str(r.low), "high": str(r.high)} for code, r in sorted(ranking.ranges.items())},
        "agencies": [
            {
                "code": placing.code,
                "name": placing.name,
                "standing": placing.standing.value,
                "rank": placing.rank,
                "scores": report_score_to_json(placing.score) if placing.score is not None else None,
            }
            for placing in ranking.placings
        ],
    }
