"""The appraiser's forms: the workspace filters, a decision on one indicator, returning a report."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from assessments.appraisal.workspace import Sort, status_choices
from assessments.definitions.indicator import IndicatorDefinition
from assessments.definitions.methods import spec_for
from assessments.definitions.methods.base import Part
from assessments.models import Verdict
from assessments.reporting.forms import field_name, input_field
from assessments.scoring import Indicator, Method

SORT_CHOICES = [
    (Sort.NAME, gettext_lazy("Agency")),
    (Sort.STATUS, gettext_lazy("Status")),
    (Sort.SUBMITTED, gettext_lazy("Submitted at")),
    (Sort.SELF, gettext_lazy("Self-score")),
    (Sort.APPRAISED, gettext_lazy("Appraised score")),
]


class WorkspaceFilterForm(forms.Form):
    """The workspace's query string; every value is checked, a forged one is a 400 with a message."""

    ky = forms.TypedChoiceField(label=gettext_lazy("Period"), coerce=int, required=False)
    trang_thai = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    cap = forms.ChoiceField(label=pgettext_lazy("agency level", "Level"), required=False)
    q = forms.CharField(label=gettext_lazy("Agency name or code"), required=False, max_length=100)
    sap_xep = forms.ChoiceField(label=gettext_lazy("Sort by"), choices=SORT_CHOICES, required=False)
    giam = forms.BooleanField(label=gettext_lazy("Highest first"), required=False)

    def __init__(self, *args, periods, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ky"].choices = [
            (p.pk, f"{p.get_kind_display()} {p.year} · {p.criteria_set.title}") for p in periods
        ]
        self.fields["trang_thai"].choices = status_choices()
        self.fields["cap"].choices = [("", _("All levels")), *[(level.code, level.name) for level in levels]]


DECISION_CHOICES = [
    (Verdict.CONFIRMED, gettext_lazy("Confirm the agency's answer")),
    (Verdict.CORRECTED, gettext_lazy("Correct the answer")),
    (Verdict.QUERIED, gettext_lazy("Ask the agency to change it")),
]


def correction_parts(indicator: Indicator, definition: IndicatorDefinition) -> tuple[Part, ...]:
    """The inputs a correction takes: the agency's own inputs, or for MANUAL only the points."""
    parts = spec_for(indicator).parts(indicator, definition)
    if indicator.method == Method.MANUAL:
        return tuple(
            Part(part.name, part.kind, _("Appraised points"), max_value=part.max_value)
            for part in parts
            if part.name == "points"
        )
    return parts


class DecisionForm(forms.Form):
    """One indicator's decision. The corrected inputs are the method's own fields, named as in the report form."""

    verdict = forms.ChoiceField(label=gettext_lazy("Decision"), choices=DECISION_CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Required when you correct the answer or ask for a change; the agency sees it."),
    )

    def __init__(self, *args, indicator: Indicator, definition: IndicatorDefinition, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.parts = correction_parts(indicator, definition) if indicator.is_scored else ()
        if not indicator.is_scored:
            self.fields["verdict"].choices = [c for c in DECISION_CHOICES if c[0] != Verdict.CORRECTED]
        for part in self.parts:
            self.fields[field_name(indicator.code, part.name)] = input_field(part)
        self.fields["verdict"].error_messages["required"] = _("Choose a decision.")

    def clean(self):
        cleaned = super().clean()
        verdict = cleaned.get("verdict")
        if verdict in (Verdict.CORRECTED, Verdict.QUERIED) and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason: the agency reads it."))
        return cleaned

    def typed(self) -> dict[str, object]:
        return {part.name: self.cleaned_data.get(field_name(self.indicator.code, part.name)) for part in self.parts}

    def correction_fields(self) -> list[forms.BoundField]:
        return [self[field_name(self.indicator.code, part.name)] for part in self.parts]


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment to the agency"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    respond_by = forms.DateField(
        label=gettext_lazy("Answer by (dd/mm/yyyy)"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"required": gettext_lazy("Give the date by which the agency answers.")},
    )

    def clean_respond_by(self) -> datetime.datetime:
        day = self.cleaned_data["respond_by"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("Give a date after today."))
        # The agency has the whole day: until 23:59:59 local time.
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


class ReappraiseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the approved appraisal is corrected"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Give the reason for appraising the report again.")},
    )


class ReopenForm(ReturnForm):
    """Reopening for changes (the agency asked, or the appraiser decides): open to the agency until a date."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].label = gettext_lazy("Why the report is reopened")
        self.fields["respond_by"].label = gettext_lazy("Open until (dd/mm/yyyy)")
