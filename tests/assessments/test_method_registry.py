"""Each scoring method is specified in one place (assessments/definitions/methods/).

A made-up method, registered here with nothing but its specification (and a
scorer for the engine), is rendered by the report form, saved, read back and
written to and from the open-data JSON; every real method is registered and
goes the same way round.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.http import QueryDict

from assessments import scoring
from assessments.definitions.answers_json import answer_from_json, answer_to_json, answers_from_json
from assessments.definitions.indicator import IndicatorDefinition
from assessments.definitions.methods import METHODS, MethodSpec, Part, PartKind, Stored, expect_keys, register
from assessments.demo.reports import sample_input
from assessments.models import Answer as AnswerRow
from assessments.reporting.answers import answer_text, engine_answer, engine_answers
from assessments.reporting.forms import GroupForm
from assessments.scoring import (
    AnswerError,
    AnswerValue,
    CriteriaSet,
    Group,
    Indicator,
    Method,
    Option,
    Tier,
    TierInput,
    to_decimal,
)

DOUBLE = "DOUBLE"


class DoubleSpec(MethodSpec):
    """A number n, scored min(2n, max): the whole of what a new method needs outside the engine."""

    def parts(self, indicator: Indicator, definition: IndicatorDefinition) -> tuple[Part, ...]:
        return (Part("n", PartKind.NUMBER, definition.unit or "n"),)

    def main_part(self, indicator: Indicator) -> str:
        return "n"

    def to_stored(self, indicator: Indicator, typed: Mapping[str, object]) -> dict[str, object]:
        return {"value_number": typed.get("n")}

    def to_typed(self, indicator: Indicator, stored: Stored) -> dict[str, object]:
        return {"n": stored["value_number"]}

    def answer(self, indicator: Indicator, stored: Stored) -> AnswerValue:
        return stored["value_number"]

    def from_json(self, indicator: Indicator, value: Mapping) -> AnswerValue:
        expect_keys(indicator.code, value, {"n"})
        return to_decimal(value["n"], indicator.code, "n")

    def to_json(self, indicator: Indicator, answer: AnswerValue) -> dict | None:
        return None if answer is None else {"n": answer}

    def text(self, indicator: Indicator, answer: AnswerValue) -> str:
        return f"n = {answer}"

    def sample(self, indicator: Indicator, position: int) -> dict[str, str | list[str]]:
        return {"n": str(position + 1)}


def score_double(indicator: Indicator, answer: AnswerValue, cohort=None) -> Decimal:
    """DOUBLE's arithmetic, as the engine's scorers give it: points before rounding."""
    if not isinstance(answer, Decimal):
        raise AnswerError(indicator.code, "Enter a number.")
    return min(2 * answer, indicator.max_points)


@pytest.fixture
def double(monkeypatch):
    """DOUBLE registered for one test: its specification, and its scorer in the engine's table."""
    register(DOUBLE)(DoubleSpec)
    monkeypatch.setitem(scoring.SCORERS, DOUBLE, score_double)
    yield Indicator(code="9.1", title="Gấp đôi", max_points=Decimal(10), method=DOUBLE)
    del METHODS[DOUBLE]


def posted(data: Mapping[str, str | list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in data.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    return query


@pytest.mark.django_db
def test_a_method_registered_only_by_its_specification_is_entered_saved_read_back_and_exchanged(double, world):
    group = Group("9", "Nhóm thử", (double,))
    indicators = {"9.1": IndicatorDefinition(double, unit="lần")}

    blank = GroupForm(group=group, indicators=indicators)
    assert 'name="9.1__n"' in str(blank)
    assert blank["9.1__n"].label == "lần"
    refused = GroupForm(posted({"version": "0", "9.1__n": "-1"}), group=group, indicators=indicators)
    assert not refused.is_valid()
    assert "9.1__n" in refused.errors

    form = GroupForm(posted({"version": "0", **sample_input(double, 3)}), group=group, indicators=indicators)
    assert form.is_valid(), form.errors
    assert form.answers() == {"9.1": Decimal(4)}

    AnswerRow.objects.create(report=world.report_a, code="9.1", **form.row_values(double))
    row = AnswerRow.objects.get(report=world.report_a, code="9.1")
    assert engine_answer(double, row) == Decimal(4)
    assert answer_text(double, row) == "n = 4.0000"
    assert GroupForm.initial_from(group, {"9.1": row}, 1) == {
        "version": 1,
        "9.1__n": Decimal(4),
        "9.1__explanation": "",
    }
    criteria = CriteriaSet((group,))
    assert scoring.score_report(criteria, engine_answers(criteria, [row])).total == Decimal(8)

    written = json.loads(json.dumps({"answers": {"9.1": answer_to_json(double, Decimal(6))}}, cls=DjangoJSONEncoder))
    assert answers_from_json(criteria, written) == {"9.1": Decimal(6)}
    with pytest.raises(AnswerError):
        answer_from_json(double, {"value": 6})


def test_every_method_has_a_specification():
    assert set(Method) <= set(METHODS)


OPTIONS = (Option("Mức 1", Decimal("0.5")), Option("Mức 2", Decimal(1)))
TIERS = (Tier(Decimal(1), Decimal(5)), Tier(Decimal(3), Decimal(10)))
EXAMPLES = [
    Indicator("1", "BIN", Decimal(10), Method.BIN),
    Indicator("2", "LEVELS", Decimal(10), Method.LEVELS, options=OPTIONS),
    Indicator("3", "CHECKS", Decimal(10), Method.CHECKS, options=OPTIONS),
    Indicator("4", "TIERS", Decimal(10), Method.TIERS, tiers=TIERS),
    Indicator("5", "TIERS ratio", Decimal(10), Method.TIERS, tiers=TIERS, tier_input=TierInput.RATIO),
    Indicator("6", "RATIO", Decimal(10), Method.RATIO),
    Indicator("7", "TARGET", Decimal(10), Method.TARGET, target=Decimal(4)),
    Indicator("8", "MINMAX", Decimal(10), Method.MINMAX),
    Indicator("9", "MANUAL", Decimal(10), Method.MANUAL),
    Indicator("10", "INFO", Decimal(0), Method.INFO),
]


@pytest.mark.parametrize("indicator", EXAMPLES, ids=lambda indicator: indicator.title)
def test_each_method_goes_from_the_form_to_a_row_an_answer_json_and_back(indicator):
    group = Group("1", "Nhóm", (indicator,))
    indicators = {indicator.code: IndicatorDefinition(indicator)}
    form = GroupForm(posted({"version": "0", **sample_input(indicator, 2)}), group=group, indicators=indicators)
    assert form.is_valid(), form.errors
    row = AnswerRow(code=indicator.code, **form.row_values(indicator))
    answer = engine_answer(indicator, row)
    assert answer is not None
    assert answer_text(indicator, row) not in ("", "—")
    initial = GroupForm.initial_from(group, {indicator.code: row}, 0)
    again = GroupForm(
        posted({name: value for name, value in initial.items() if value not in (None, "")}),
        group=group,
        indicators=indicators,
    )
    assert again.is_valid(), again.errors
    assert again.answers() == {indicator.code: answer}
    written = json.loads(json.dumps(answer_to_json(indicator, answer), cls=DjangoJSONEncoder))
    assert answer_from_json(indicator, written) == answer
