"""The appraiser's screens on the public site: the workspace, one report, decisions, return, approve, receive.

Views are thin: a report is found only among those the user's agency appraises (any other id is a
404), the work is done by :mod:`assessments.appraisal.decisions`, and a refusal is shown with a 4xx.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessments.access import access_of
from assessments.appraisal import decisions
from assessments.appraisal import export as appraisal_export
from assessments.appraisal.forms import DecisionForm, ReappraiseForm, ReopenForm, ReturnForm, WorkspaceFilterForm
from assessments.appraisal.review import build_review
from assessments.appraisal.workspace import Filters, Sort, periods_in_scope, workspace_rows
from assessments.models import AgencyLevel, PeriodKind, Report, ReportStatus
from assessments.reporting.services import pinned_criteria
from assessments.templatetags.criteria_tags import code_anchor

EXPORT_FORMATS = appraisal_export.FORMATS


def _appraiser(request: HttpRequest):
    access = access_of(request)
    if not access.appraising:
        raise PermissionDenied(_("This account does not appraise any agency."))
    return access


def _report(request: HttpRequest, report_id: int) -> Report:
    access = _appraiser(request)
    return get_object_or_404(
        Report.objects.filter(agency__appraiser_id__in=access.appraising).select_related(
            "period", "period__criteria_set", "agency", "agency__appraiser", "agency__level"
        ),
        pk=report_id,
    )


@login_required
@require_GET
def workspace(request: HttpRequest) -> HttpResponse:
    access = _appraiser(request)
    now = timezone.now()
    periods = periods_in_scope(access, now)
    levels = AgencyLevel.objects.filter(agencies__appraiser_id__in=access.appraising).distinct().order_by("name")
    form = WorkspaceFilterForm(request.GET or None, periods=periods, levels=levels)
    context = {"form": form, "periods": periods, "rows": [], "period": None}
    if request.GET and not form.is_valid():
        return TemplateResponse(request, "assessments/appraisal/workspace.html", context, status=400)
    data = form.cleaned_data if request.GET else {}
    period = next((p for p in periods if p.pk == data.get("ky")), periods[0] if periods else None)
    if period is None:
        return TemplateResponse(request, "assessments/appraisal/workspace.html", context)
    filters = Filters(
        status=data.get("trang_thai", ""),
        level=data.get("cap", ""),
        query=data.get("q", ""),
        sort=Sort(data.get("sap_xep") or Sort.NAME),
        descending=bool(data.get("giam")),
    )
    rows = workspace_rows(access, period, filters, now)
    export = request.GET.get("dinh-dang", "")
    if export:
        if export not in EXPORT_FORMATS:
            return TemplateResponse(request, "assessments/appraisal/workspace.html", context, status=400)
        if len(rows) > appraisal_export.job_threshold():
            # A long list is written by a worker; the appraiser watches it and downloads the file there.
            job = appraisal_export.start_export_job(request.user, period, filters, export, len(rows))
            return redirect("jobs:status", job_id=job.pk)
        return _export(rows, period, export)
    context.update(period=period, rows=rows, query=request.GET.urlencode())
    return TemplateResponse(request, "assessments/appraisal/workspace.html", context)


def _export(rows, period, file_format: str) -> HttpResponse:
    content = appraisal_export.export_file(rows, file_format)
    response = HttpResponse(content, content_type=EXPORT_FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{appraisal_export.file_name(period, file_format)}"'
    return response


def _review_context(report: Report, forms: dict | None = None, errors: dict | None = None) -> dict:
    review = build_review(report)
    forms, errors = forms or {}, errors or {}
    decidable = report.status == ReportStatus.SUBMITTED
    for item in review.indicators:
        code = item.indicator.code
        if decidable:
            initial = {"verdict": item.decision.verdict, "reason": item.decision.reason} if item.decision else {}
            item.form = forms.get(code) or DecisionForm(
                initial=initial, indicator=item.indicator, definition=item.definition, prefix=f"d{code}"
            )
        item.error = errors.get(code, "")
    annual = report.period.kind == PeriodKind.ANNUAL
    return {
        "report": report,
        "review": review,
        "decidable": decidable,
        "annual": annual,
        "return_form": forms.get("__return__") or ReturnForm(),
        "reopen_form": forms.get("__reopen__") or ReopenForm(prefix="mo-lai"),
        "reappraise_form": (forms.get("__reappraise__") or ReappraiseForm())
        if report.status == ReportStatus.APPRAISED
        else None,
    }


@login_required
@require_GET
def report_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    return TemplateResponse(request, "assessments/appraisal/report.html", _review_context(report))


@login_required
@require_POST
def decide_view(request: HttpRequest, report_id: int, code: str) -> HttpResponse:
    report = _report(request, report_id)
    pinned = pinned_criteria(report.period)
    indicator = pinned.scoring.indicator(code)
    if indicator is None:
        raise Http404
    form = DecisionForm(request.POST, indicator=indicator, definition=pinned.indicators[code], prefix=f"d{code}")
    if not form.is_valid():
        context = _review_context(report, forms={code: form})
        return TemplateResponse(request, "assessments/appraisal/report.html", context, status=400)
    try:
        decisions.decide(
            report.pk,
            code,
            verdict=form.cleaned_data["verdict"],
            reason=form.cleaned_data["reason"],
            typed=form.typed(),
            user=request.user,
        )
    except decisions.AppraisalRefused as refusal:
        context = _review_context(report, forms={code: form}, errors={code: str(refusal)})
        return TemplateResponse(request, "assessments/appraisal/report.html", context, status=409)
    messages.success(request, _("Indicator %(code)s: decision saved.") % {"code": code})
    return redirect(f"{report_url(report)}#chi-so-{code_anchor(code)}")


def report_url(report: Report) -> str:
    return reverse("appraisal:report", args=[report.pk])


def _refused(request, report, message: str, forms: dict | None = None) -> HttpResponse:
    context = _review_context(report, forms=forms)
    context["refusal"] = message
    return TemplateResponse(request, "assessments/appraisal/report.html", context, status=409)


def _invalid(request: HttpRequest, report: Report, forms: dict) -> HttpResponse:
    """The review again, with the refused form's messages beside its fields (400)."""
    return TemplateResponse(
        request, "assessments/appraisal/report.html", _review_context(report, forms=forms), status=400
    )


def _act(request: HttpRequest, report: Report, action: Callable[[], object], success: str, forms=None) -> HttpResponse:
    """Runs one appraisal step; a refusal shows the review with its reason (409), a success goes back to it."""
    try:
        action()
    except decisions.workflow.EditRefused as refusal:
        return _refused(request, report, str(refusal), forms=forms)
    messages.success(request, success)
    return redirect(report_url(report))


@login_required
@require_POST
def return_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _invalid(request, report, {"__return__": form})
    data = form.cleaned_data
    return _act(
        request,
        report,
        lambda: decisions.return_report(
            report.pk, request.user, comment=data["comment"], respond_by=data["respond_by"]
        ),
        _("The report was returned to %(agency)s.") % {"agency": report.agency.name},
        forms={"__return__": form},
    )


@login_required
@require_POST
def reopen_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    form = ReopenForm(request.POST, prefix="mo-lai")
    if not form.is_valid():
        return _invalid(request, report, {"__reopen__": form})
    data = form.cleaned_data
    return _act(
        request,
        report,
        lambda: decisions.reopen_report(report.pk, request.user, comment=data["comment"], until=data["respond_by"]),
        _("The report of %(agency)s is open again for changes.") % {"agency": report.agency.name},
        forms={"__reopen__": form},
    )


@login_required
@require_POST
def approve_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    return _act(
        request,
        report,
        lambda: decisions.approve_report(report.pk, request.user),
        _("The appraisal of %(agency)s is approved.") % {"agency": report.agency.name},
    )


@login_required
@require_POST
def receive_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    return _act(
        request,
        report,
        lambda: decisions.receive_report(report.pk, request.user),
        _("The update of %(agency)s is marked as received.") % {"agency": report.agency.name},
    )


@login_required
@require_POST
def reappraise_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    form = ReappraiseForm(request.POST)
    if not form.is_valid():
        return _invalid(request, report, {"__reappraise__": form})
    return _act(
        request,
        report,
        lambda: decisions.reappraise_report(report.pk, request.user, reason=form.cleaned_data["reason"]),
        _("The appraisal is open again: correct it, then approve it."),
        forms={"__reappraise__": form},
    )
