"""The report form of one criteria group, generated from the period's pinned criteria set.

Each indicator gets the inputs its method needs, named ``<code>__<part>``, and
an explanation (giải trình) box when it requires evidence. The form checks each
answer with the scoring engine, so a > b or an unknown option is reported
beside the indicator, in the words the engine uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.formatting import points
from assessments.models import ANSWER_DECIMAL_PLACES, ANSWER_NUMBER_LIMIT
from assessments.models import Answer as AnswerRow
from assessments.reporting.answers import engine_answer, plain_decimal
from assessments.scoring import Answer, AnswerError, Group, Indicator, Method, Proposal, score_indicator

ZERO = Decimal(0)
YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def field_name(code: str, part: str) -> str:
    return f"{code}__{part}"


def _number_field(label, *, min_value: Decimal | None = ZERO, max_value: Decimal = ANSWER_NUMBER_LIMIT):
    """A number within what both databases store exactly (see ANSWER_NUMBER_LIMIT), refused in words
    that say the range otherwise. ``min_value`` None lets negative values in (MINMAX)."""
    low = -ANSWER_NUMBER_LIMIT if min_value is None else min_value
    limits = {"low": points(low), "high": points(max_value), "places": ANSWER_DECIMAL_PLACES}
    out_of_range = _("Enter a number from %(low)s to %(high)s.") % limits
    return forms.DecimalField(
        label=label,
        widget=forms.NumberInput(attrs={"step": "any"}),
        required=False,
        min_value=low,
        max_value=max_value,
        decimal_places=ANSWER_DECIMAL_PLACES,
        error_messages={
            "invalid": _("Enter a number."),
            "min_value": out_of_range,
            "max_value": out_of_range,
            "max_digits": out_of_range,
            "max_whole_digits": out_of_range,
            "max_decimal_places": _("Enter at most %(places)d decimal places.") % limits,
        },
    )


class GroupForm(forms.Form):
    """The inputs of one group. ``version`` is the report version the page was loaded at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, group: Group, definitions: Mapping[str, Mapping], **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.definitions = definitions
        for indicator in group.indicators:
            self._add_fields(indicator, definitions[indicator.code])

    def _add_fields(self, indicator: Indicator, definition: Mapping) -> None:
        code, method = indicator.code, indicator.method
        if indicator.takes_ratio:
            self.fields[field_name(code, "a")] = _number_field(definition.get("numerator_label") or "a")
            self.fields[field_name(code, "b")] = _number_field(definition.get("denominator_label") or "b")
        elif method == Method.BIN:
            self.fields[field_name(code, "value")] = forms.ChoiceField(
                label=_("Answer"), choices=YES_NO, widget=forms.RadioSelect, required=False
            )
        elif method == Method.LEVELS:
            self.fields[field_name(code, "value")] = forms.ChoiceField(
                label=_("Level reached"),
                choices=[(option.label, option.label) for option in indicator.options],
                widget=forms.RadioSelect,
                required=False,
            )
        elif method == Method.CHECKS:
            self.fields[field_name(code, "value")] = forms.MultipleChoiceField(
                label=_("Conditions met"),
                choices=[(option.label, option.label) for option in indicator.options],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        elif method == Method.MANUAL:
            self.fields[field_name(code, "points")] = _number_field(
                _("Proposed points"), max_value=indicator.max_points
            )
            self.fields[field_name(code, "justification")] = forms.CharField(
                label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
            )
        elif method == Method.INFO:
            self.fields[field_name(code, "value")] = forms.CharField(label=_("Value"), required=False, max_length=500)
        else:  # TIERS by count, TARGET, MINMAX
            # A MINMAX value is compared within the cohort and may be negative (a change, a balance).
            low = None if method == Method.MINMAX else ZERO
            self.fields[field_name(code, "value")] = _number_field(definition.get("unit") or _("Number"), min_value=low)
        if definition.get("evidence_required"):
            self.fields[field_name(code, "explanation")] = forms.CharField(
                label=_("Explanation where evidence is missing"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=5000,
            )

    @classmethod
    def initial_from(cls, group: Group, rows: Mapping[str, AnswerRow], version: int) -> dict:
        initial: dict = {"version": version}
        for indicator in group.indicators:
            row = rows.get(indicator.code)
            if row is None:
                continue
            code = indicator.code
            if indicator.takes_ratio:
                initial[field_name(code, "a")] = plain_decimal(row.value_a)
                initial[field_name(code, "b")] = plain_decimal(row.value_b)
            elif indicator.method == Method.BIN:
                initial[field_name(code, "value")] = {True: "yes", False: "no"}.get(row.value_bool, "")
            elif indicator.method == Method.CHECKS:
                initial[field_name(code, "value")] = row.value_choices
            elif indicator.method == Method.MANUAL:
                initial[field_name(code, "points")] = plain_decimal(row.value_number)
                initial[field_name(code, "justification")] = row.justification
            elif indicator.method in (Method.LEVELS, Method.INFO):
                initial[field_name(code, "value")] = row.value_text
            else:
                initial[field_name(code, "value")] = plain_decimal(row.value_number)
            initial[field_name(code, "explanation")] = row.explanation
        return initial

    def row_values(self, indicator: Indicator) -> dict:
        """The answer-row columns the cleaned form sets for ``indicator``."""
        data, code = self.cleaned_data, indicator.code
        values = {
            "value_bool": None,
            "value_text": "",
            "value_choices": [],
            "value_number": None,
            "value_a": None,
            "value_b": None,
            "justification": "",
            "explanation": data.get(field_name(code, "explanation"), "") or "",
        }
        if indicator.takes_ratio:
            values["value_a"] = data.get(field_name(code, "a"))
            values["value_b"] = data.get(field_name(code, "b"))
        elif indicator.method == Method.BIN:
            values["value_bool"] = {"yes": True, "no": False}.get(data.get(field_name(code, "value")))
        elif indicator.method == Method.CHECKS:
            values["value_choices"] = list(data.get(field_name(code, "value")) or [])
        elif indicator.method == Method.MANUAL:
            values["value_number"] = data.get(field_name(code, "points"))
            values["justification"] = data.get(field_name(code, "justification"), "") or ""
        elif indicator.method in (Method.LEVELS, Method.INFO):
            values["value_text"] = data.get(field_name(code, "value")) or ""
        else:
            values["value_number"] = data.get(field_name(code, "value"))
        return values

    def answers(self) -> dict[str, Answer]:
        """The engine's answers for what was typed."""
        return {
            indicator.code: engine_answer(indicator, AnswerRow(code=indicator.code, **self.row_values(indicator)))
            for indicator in self.group.indicators
        }

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        for indicator in self.group.indicators:
            answer = engine_answer(indicator, AnswerRow(code=indicator.code, **self.row_values(indicator)))
            if indicator.method == Method.MANUAL and isinstance(answer, Proposal) and not answer.justification.strip():
                self.add_error(field_name(indicator.code, "justification"), _("Explain the proposed points."))
                continue
            try:
                score_indicator(indicator, answer)
            except AnswerError as error:
                self.add_error(self._main_field(indicator), error.message)
        return cleaned

    def _main_field(self, indicator: Indicator) -> str:
        if indicator.takes_ratio:
            return field_name(indicator.code, "a")
        if indicator.method == Method.MANUAL:
            return field_name(indicator.code, "points")
        return field_name(indicator.code, "value")

    def fields_of(self, code: str) -> list[forms.BoundField]:
        prefix = f"{code}__"
        return [self[name] for name in self.fields if name.startswith(prefix)]
