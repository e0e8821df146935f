"""Between answer rows and the scoring engine: reading rows as engine answers, scoring a report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.definitions.methods import plain_decimal, spec_for
from assessments.models import Answer as AnswerRow
from assessments.scoring import AnswerValue, CriteriaSet, Indicator, ReportScore, score_report

# The columns of an answer row that hold what the agency entered.
VALUE_FIELDS = ("value_bool", "value_text", "value_choices", "value_number", "value_a", "value_b", "justification")


def stored_values(row: AnswerRow) -> dict[str, object]:
    """The entered columns of a row, as the method specifications read them."""
    return {name: getattr(row, name) for name in VALUE_FIELDS}


def engine_answer(indicator: Indicator, row: AnswerRow | None) -> AnswerValue:
    """The engine's answer held by a row (None when the indicator was not answered)."""
    if row is None:
        return None
    return spec_for(indicator).answer(indicator, stored_values(row))


def row_values(row: AnswerRow | None) -> dict:
    """The entered values of a row, as logged in the history (JSON-ready, numbers written alike)."""
    if row is None:
        return {}
    values = {}
    for name in VALUE_FIELDS:
        value = getattr(row, name)
        if value in (None, "", []):
            continue
        if isinstance(value, Decimal):
            value = str(plain_decimal(value))
        values[name] = value
    return values


def engine_answers(criteria: CriteriaSet, rows: Iterable[AnswerRow]) -> dict[str, AnswerValue]:
    by_code = {row.code: row for row in rows}
    return {
        indicator.code: engine_answer(indicator, by_code.get(indicator.code)) for indicator in criteria.indicators()
    }


def answered_codes(criteria: CriteriaSet, rows: Iterable[AnswerRow]) -> set[str]:
    """Codes of the indicators whose rows hold an answer (a saved but blank row is not one)."""
    indicators = {indicator.code: indicator for indicator in criteria.indicators()}
    return {row.code for row in rows if row.code in indicators and engine_answer(indicators[row.code], row) is not None}


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def label(self) -> str:
        return {
            "not_started": _("not started"),
            "in_progress": _("in progress"),
            "completed": _("completed"),
        }[self.state]

    @property
    def state(self) -> str:
        """GOV.UK task-list states: not started, in progress, completed."""
        if self.answered == 0:
            return "not_started"
        return "completed" if self.answered >= self.total else "in_progress"


def group_progress(criteria: CriteriaSet, answered_codes: set[str]) -> dict[str, Progress]:
    return {
        group.code: Progress(
            answered=sum(1 for indicator in group.indicators if indicator.code in answered_codes),
            total=len(group.indicators),
        )
        for group in criteria.groups
    }


def score_rows(
    criteria: CriteriaSet, rows: Iterable[AnswerRow], overrides: Mapping[str, AnswerValue] | None = None
) -> ReportScore:
    """The report's self-score from saved rows, with ``overrides`` (what is being typed) in front."""
    answers = engine_answers(criteria, rows)
    answers.update(overrides or {})
    return score_report(criteria, answers)


def answer_text(indicator: Indicator, row: AnswerRow | None) -> str:
    """What was entered, as a person reads it: "Có", "a = 67; b = 69", the chosen option..."""
    answer = engine_answer(indicator, row)
    if answer is None:
        return "—"
    return spec_for(indicator).text(indicator, answer)
