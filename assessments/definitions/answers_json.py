"""Answers in the open-data JSON shape, as read by ``manage.py score_answers``.

``{"answers": {"<indicator code>": VALUE}}`` where VALUE is, by method:

- BIN ``{"value": true}``; LEVELS ``{"value": "<option label>"}``;
- CHECKS ``{"value": ["<label>", ...]}``;
- RATIO and TIERS with ratio input ``{"a": n, "b": n}``;
- TIERS with count input, TARGET, MINMAX, INFO ``{"value": n}``;
- MANUAL ``{"points": n, "justification": "..."}``.

``null`` (or a missing code) means not answered. Each method's shape is read and
written by its specification in :mod:`assessments.definitions.methods`.
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _

from assessments.definitions.methods import spec_for
from assessments.scoring import AnswerError, AnswerValue, CriteriaSet, Indicator


def answer_from_json(indicator: Indicator, value: object) -> AnswerValue:
    """The engine's answer for one indicator, or :class:`AnswerError` saying what is wrong."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise AnswerError(indicator.code, _("Each answer must be a JSON object."))
    return spec_for(indicator).from_json(indicator, value)


def answer_to_json(indicator: Indicator, answer: AnswerValue) -> dict | None:
    """The JSON object of an answer, as :func:`answer_from_json` reads it (numbers stay Decimal)."""
    return spec_for(indicator).to_json(indicator, answer)


def answers_from_json(criteria: CriteriaSet, document: object) -> dict[str, AnswerValue]:
    """Every answer of a document, codes checked against the set."""
    if not isinstance(document, Mapping) or not isinstance(document.get("answers"), Mapping):
        raise AnswerError("answers", _('The file must be a JSON object with an "answers" object.'))
    answers = {}
    for code, value in document["answers"].items():
        indicator = criteria.indicator(code)
        if indicator is None:
            raise AnswerError(code, _("No indicator has this code."))
        answers[code] = answer_from_json(indicator, value)
    return answers
