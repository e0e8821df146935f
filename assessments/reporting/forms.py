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

from assessments.definitions.indicator import IndicatorDefinition
from assessments.definitions.methods import YES_NO, Part, PartKind, spec_for
from assessments.formatting import points, read_number
from assessments.models import ANSWER_DECIMAL_PLACES, ANSWER_NUMBER_LIMIT
from assessments.models import Answer as AnswerRow
from assessments.reporting.answers import engine_answer, stored_values
from assessments.scoring import AnswerError, AnswerValue, Group, Indicator, score_indicator

ZERO = Decimal(0)


def field_name(code: str, part: str) -> str:
    return f"{code}__{part}"


class TypedNumberField(forms.DecimalField):
    """A number as people in Vietnam type it: "2,5" is two and a half, "1.000.000" a million (see
    formatting.read_number). A text input with the decimal keypad on phones: a number input would
    refuse the comma in some browsers and turn "2,5" into 25 in others."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        return super().to_python(read_number(value) if isinstance(value, str) else value)


def _number_field(label, *, min_value: Decimal | None = ZERO, max_value: Decimal = ANSWER_NUMBER_LIMIT):
    """A number within what both databases store exactly (see ANSWER_NUMBER_LIMIT), refused in words
    that say the range otherwise. ``min_value`` None lets negative values in (MINMAX)."""
    low = -ANSWER_NUMBER_LIMIT if min_value is None else min_value
    limits = {"low": points(low), "high": points(max_value), "places": ANSWER_DECIMAL_PLACES}
    out_of_range = _("Enter a number from %(low)s to %(high)s.") % limits
    return TypedNumberField(
        label=label,
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


def _field(part: Part) -> forms.Field:
    """The Django field of one input of a method (see :mod:`assessments.definitions.methods`)."""
    if part.kind == PartKind.NUMBER:
        return _number_field(
            part.label,
            min_value=None if part.negative else ZERO,
            max_value=ANSWER_NUMBER_LIMIT if part.max_value is None else part.max_value,
        )
    if part.kind == PartKind.TEXT:
        widget = forms.Textarea(attrs={"rows": part.rows}) if part.rows else None
        return forms.CharField(label=part.label, widget=widget, required=False, max_length=part.max_length)
    options = YES_NO if part.kind == PartKind.YES_NO else [(label, label) for label in part.choices]
    if part.kind == PartKind.MANY_OPTIONS:
        return forms.MultipleChoiceField(
            label=part.label, choices=options, widget=forms.CheckboxSelectMultiple, required=False
        )
    return forms.ChoiceField(label=part.label, choices=options, widget=forms.RadioSelect, required=False)


class GroupForm(forms.Form):
    """The inputs of one group. ``version`` is the report version the page was loaded at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, group: Group, indicators: Mapping[str, IndicatorDefinition], **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.indicators = indicators
        for indicator in group.indicators:
            self._add_fields(indicator, indicators[indicator.code])
        if not self.is_bound:
            # Saved numbers are shown as they are typed here: "2,5", not "2.5".
            for name, field in self.fields.items():
                if isinstance(field, TypedNumberField) and self.initial.get(name) not in (None, ""):
                    self.initial[name] = points(self.initial[name])

    def _add_fields(self, indicator: Indicator, definition: IndicatorDefinition) -> None:
        for part in spec_for(indicator).parts(indicator, definition):
            self.fields[field_name(indicator.code, part.name)] = _field(part)
        if definition.evidence_required:
            self.fields[field_name(indicator.code, "explanation")] = forms.CharField(
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
            for part, value in spec_for(indicator).to_typed(indicator, stored_values(row)).items():
                initial[field_name(code, part)] = value
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
        spec = spec_for(indicator)
        typed = {
            part.name: data.get(field_name(code, part.name)) for part in spec.parts(indicator, self.indicators[code])
        }
        values.update(spec.to_stored(indicator, typed))
        return values

    def group_values(self) -> dict[str, dict]:
        """Each indicator's answer-row columns, by code: what the service saves."""
        return {indicator.code: self.row_values(indicator) for indicator in self.group.indicators}

    @property
    def loaded_version(self) -> int:
        """The report version the page was loaded at."""
        return self.cleaned_data["version"]

    def answers(self) -> dict[str, AnswerValue]:
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
            try:
                score_indicator(indicator, answer)
            except AnswerError as error:
                part = spec_for(indicator).error_part(indicator, answer)
                self.add_error(field_name(indicator.code, part), error.message)
        return cleaned

    def fields_of(self, code: str) -> list[forms.BoundField]:
        prefix = f"{code}__"
        return [self[name] for name in self.fields if name.startswith(prefix)]
