"""The public check of a receipt: given its reference and verification code, whether such a receipt
exists, with the report's status and submission time and nothing else.

Both values are required, and the code is about 60 random bits, so the check cannot be used to walk
through the reports by their references.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments import formatting
from assessments.models import Report
from assessments.reporting.receipt.codes import typed_code, typed_reference


class ReceiptCheckForm(forms.Form):
    reference = forms.CharField(
        label=_("Report reference"),
        max_length=30,
        help_text=_("As printed on the receipt, for example BC-2026-000123."),
        error_messages={"required": _("Enter the report reference printed on the receipt.")},
    )
    code = forms.CharField(
        label=_("Verification code"),
        max_length=30,
        help_text=_("Twelve letters and digits, for example K7QF-3MZP-WX9D."),
        error_messages={"required": _("Enter the verification code printed on the receipt.")},
    )

    def full_clean(self) -> None:
        super().full_clean()
        # A screen reader reads a refused field's message with the field (the template gives it this id).
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[name].id_for_label}-error"}
                )

    def clean_reference(self) -> str:
        return typed_reference(self.cleaned_data["reference"])

    def clean_code(self) -> str:
        return typed_code(self.cleaned_data["code"])


@dataclass(frozen=True)
class ReceiptFound:
    status: str
    submitted_at: str


def check_receipt(reference: str, code: str) -> ReceiptFound | None:
    """The report the receipt names, if its code is the current one; None otherwise."""
    report = Report.objects.filter(reference=reference).only("status", "submitted_at", "verification_code").first()
    # Compared in constant time: the answer's timing says nothing about how much of the code was right.
    if report is None or not report.verification_code or not secrets.compare_digest(report.verification_code, code):
        return None
    return ReceiptFound(
        status=str(report.get_status_display()),
        submitted_at=formatting.stamp(report.submitted_at) if report.submitted_at else "—",
    )
