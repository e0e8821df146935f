"""Answers in the open-data JSON shape, as read by ``manage.py score_answers``.

``{"answers": {"<indicator code>": VALUE}}`` where VALUE is, by method:

- BIN ``{"value": true}``; LEVELS ``{"value": "<option label>"}``;
- CHECKS ``{"value": ["<label>", ...]}``;
- RATIO and TIERS with ratio input ``{"a": n, "b": n}``;
- TIERS with count input, TARGET, MINMAX, INFO ``{"value": n}``;
- MANUAL ``{"points": n, "justification": "..."}``.

``null`` (or a missing code) means not answered.
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _

from assessments.scoring import (
    Answer,
    AnswerError,
    CriteriaSet,
    Indicator,
    Method,
    Proposal,
    Ratio,
    to_decimal,
)


def _keys(code: str, value: Mapping, expected: set[str]) -> None:
    if set(value) != expected:
        raise AnswerError(
            code,
            _("Expected the keys %(expected)s, found %(found)s.")
            % {"expected": ", ".join(sorted(expected)), "found": ", ".join(sorted(value)) or "-"},
        )


def answer_from_json(indicator: Indicator, value: object) -> Answer:
    """The engine's answer for one indicator, or :class:`AnswerError` saying what is wrong."""
    code = indicator.code
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise AnswerError(code, _("Each answer must be a JSON object."))
    method = indicator.method
    if indicator.takes_ratio:
        _keys(code, value, {"a", "b"})
        return Ratio(to_decimal(value["a"], code, "a"), to_decimal(value["b"], code, "b"))
    if method == Method.MANUAL:
        _keys(code, value, {"points", "justification"})
        if not isinstance(value["justification"], str):
            raise AnswerError(code, _("The justification must be text."))
        return Proposal(to_decimal(value["points"], code, _("The proposed points")), value["justification"])
    _keys(code, value, {"value"})
    raw = value["value"]
    if raw is None:
        return None
    if method == Method.BIN:
        if not isinstance(raw, bool):
            raise AnswerError(code, _("Answer yes or no (true or false)."))
        return raw
    if method == Method.LEVELS:
        if not isinstance(raw, str):
            raise AnswerError(code, _("Choose one option by its label."))
        return raw
    if method == Method.CHECKS:
        if not isinstance(raw, list) or not all(isinstance(label, str) for label in raw):
            raise AnswerError(code, _("List the ticked conditions by their labels."))
        return tuple(raw)
    if method == Method.INFO and isinstance(raw, str):
        return raw
    return to_decimal(raw, code, _("The value"))


def answers_from_json(criteria: CriteriaSet, document: object) -> dict[str, Answer]:
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
