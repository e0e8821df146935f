"""The report form of one criteria group, generated from the period's pinned criteria set.

Each indicator gets the inputs its method needs, named ``<code>__<part>``, and
an explanation (giải trình) box when it requires evidence. The form checks each
answer with the scoring engine, so a > b or an unknown option is reported
beside the input to fix, naming the inputs by their labels (the method's
:meth:`~assessments.definitions.methods.MethodSpec.objection`); every other
message comes from :mod:`assessments.reporting.messages`.
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
from assessments.reporting.messages import (
    ErrorLink,
    choice_messages,
    in_summary,
    input_id,
    multiple_choice_messages,
    number_messages,
    text_messages,
)
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
    return TypedNumberField(
        label=label,
        required=False,
        min_value=low,
        max_value=max_value,
        decimal_places=ANSWER_DECIMAL_PLACES,
        error_messages=number_messages(label, low, max_value),
    )


def input_field(part: Part) -> forms.Field:
    """The Django field of one input of a method (see :mod:`assessments.definitions.methods`)."""
    if part.kind == PartKind.NUMBER:
        return _number_field(
            part.label,
            min_value=None if part.negative else ZERO,
            max_value=ANSWER_NUMBER_LIMIT if part.max_value is None else part.max_value,
        )
    if part.kind == PartKind.TEXT:
        widget = forms.Textarea(attrs={"rows": part.rows}) if part.rows else None
        return forms.CharField(
            label=part.label,
            widget=widget,
            required=False,
            max_length=part.max_length,
            error_messages=text_messages(part.label),
        )
    options = YES_NO if part.kind == PartKind.YES_NO else [(label, label) for label in part.choices]
    if part.kind == PartKind.MANY_OPTIONS:
        return forms.MultipleChoiceField(
            label=part.label,
            choices=options,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            error_messages=multiple_choice_messages(part.label),
        )
    return forms.ChoiceField(
        label=part.label,
        choices=options,
        widget=forms.RadioSelect,
        required=False,
        error_messages=choice_messages(part.label),
    )


class GroupForm(forms.Form):
    """The inputs of one group. ``version`` is the report version the page was loaded at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, group: Group, indicators: Mapping[str, IndicatorDefinition], **kwargs):
        super().__init__(*args, **kwargs)
        # Only a page cut short, or a crafted request, comes without its version.
        stale = _("This page is incomplete: reload it, then enter your answers again.")
        self.fields["version"].error_messages.update(required=stale, invalid=stale, min_value=stale)
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
            self.fields[field_name(indicator.code, part.name)] = input_field(part)
        if definition.evidence_required:
            label = _("Explanation where evidence is missing")
            self.fields[field_name(indicator.code, "explanation")] = forms.CharField(
                label=label,
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=5000,
                error_messages=text_messages(label),
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
        for indicator in self.group.indicators:
            # An indicator with an input already refused is not scored (its answer would lack that input),
            # the others are: every error of the page is listed at once.
            if any(field.name in self.errors for field in self.fields_of(indicator.code)):
                continue
            answer = engine_answer(indicator, AnswerRow(code=indicator.code, **self.row_values(indicator)))
            try:
                score_indicator(indicator, answer)
            except AnswerError as error:
                definition = self.indicators[indicator.code]
                part, message = spec_for(indicator).objection(indicator, definition, answer, error)
                self.add_error(field_name(indicator.code, part), message)
        return cleaned

    def fields_of(self, code: str) -> list[forms.BoundField]:
        prefix = f"{code}__"
        return [self[name] for name in self.fields if name.startswith(prefix)]

    def error_links(self) -> list[ErrorLink]:
        """The errors in the order of the page, each leading to its input, for the list at the top."""
        links = [ErrorLink("", str(error)) for error in self.non_field_errors()]
        links += [ErrorLink("", str(error)) for error in self["version"].errors]
        for indicator in self.group.indicators:
            for field in self.fields_of(indicator.code):
                target = input_id(field)
                links += [ErrorLink(target, in_summary(indicator.code, str(error))) for error in field.errors]
        return links
