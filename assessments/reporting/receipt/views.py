"""The public page where anyone checks a receipt by its reference and verification code."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from assessments.reporting.receipt.verification import ReceiptCheckForm, check_receipt


@require_GET
def check(request: HttpRequest) -> HttpResponse:
    """An empty form; with both values, the answer (a found receipt, or a message that none matches)."""
    context: dict = {"checked": False}
    status = 200
    if request.GET:
        form = ReceiptCheckForm(request.GET)
        if form.is_valid():
            context["checked"] = True
            context["found"] = check_receipt(form.cleaned_data["reference"], form.cleaned_data["code"])
        else:
            status = 400
    else:
        form = ReceiptCheckForm()
    context["form"] = form
    return TemplateResponse(request, "assessments/receipt_check.html", context, status=status)
