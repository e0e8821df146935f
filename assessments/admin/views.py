"""Admin screens beyond the model listings: spreadsheet imports and exports, period generation.

Each view checks the model permission it needs; importing runs all-or-nothing
through :func:`assessments.admin.spreadsheets.run_import`, in the request or, for a
large file, as a background job (:mod:`assessments.admin.imports`).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.resources import Resource

from assessments.admin.imports import SpreadsheetImport, runs_as_job, start_import_job
from assessments.admin.spreadsheets import SpreadsheetError, export_dataset, read_spreadsheet, run_import
from assessments.criteria.files import (
    export_json,
    export_spreadsheet,
    import_into_decision,
    import_table_into,
    read_json_bytes,
    table_template,
)
from assessments.definitions.json_format import CriteriaFormatError
from assessments.definitions.table_format import CriteriaTableError
from assessments.models import CriteriaSetPage
from assessments.period_generation import generate_periods
from home.models import DecisionPage


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (.csv or .xlsx)"))
    check_only = forms.BooleanField(
        label=gettext_lazy("Only check the file, import nothing"), required=False, initial=False
    )


def require(request: HttpRequest, permissions: tuple[str, ...]) -> None:
    if not request.user.has_perms(permissions):
        raise PermissionDenied


def import_view(request: HttpRequest, spec: SpreadsheetImport) -> HttpResponse:
    require(request, spec.permissions)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "spec": spec, "outcome": None, "job_rows": settings.IMPORT_JOB_ROWS}
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            upload_content = upload.read()
            dataset = read_spreadsheet(upload.name, upload_content)
        except SpreadsheetError as error:
            form.add_error("file", str(error))
            return TemplateResponse(request, "assessments/admin/import.html", context, status=400)
        if runs_as_job(len(dataset)):
            job = start_import_job(
                request.user, spec, upload.name, upload_content, check_only=form.cleaned_data["check_only"]
            )
            return redirect("jobs:status", job_id=job.pk)
        outcome = run_import(spec.resource(), dataset, dry_run=form.cleaned_data["check_only"])
        context["outcome"] = outcome
        if outcome.problems:
            status = 400
        elif outcome.committed:
            messages.success(
                request,
                _("Imported: %(new)d new, %(updated)d updated.") % {"new": outcome.new, "updated": outcome.updated},
            )
            return redirect(spec.index_url_name)
    elif request.method == "POST":
        status = 400
    return TemplateResponse(request, "assessments/admin/import.html", context, status=status)


EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def spreadsheet_response(body: bytes, file_format: str, filename: str) -> HttpResponse:
    content_type, extension = EXPORT_FORMATS[file_format]
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


def export_view(
    request: HttpRequest, resource: Resource, queryset, permissions: tuple[str, ...], filename: str
) -> HttpResponse:
    require(request, permissions)
    export_format = request.GET.get("format", "csv")
    if export_format not in EXPORT_FORMATS:
        return HttpResponse(_("Unknown format: use csv or xlsx."), status=400, content_type="text/plain; charset=utf-8")
    body = export_dataset(resource.export(queryset=queryset), export_format)
    return spreadsheet_response(body, export_format, filename)


def template_view(request: HttpRequest, spec: SpreadsheetImport, file_format: str) -> HttpResponse:
    """The import's template: Vietnamese column headers and one example row, as CSV or XLSX."""
    require(request, spec.permissions)
    if file_format not in EXPORT_FORMATS:
        raise Http404
    body = export_dataset(spec.resource().template(), file_format)
    return spreadsheet_response(body, file_format, spec.template_filename)


class GeneratePeriodsForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)


def generate_periods_view(request: HttpRequest) -> HttpResponse:
    require(request, ("assessments.add_reportingperiod",))
    form = GeneratePeriodsForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if form.is_valid():
            periods = generate_periods(form.cleaned_data["year"])
            messages.success(
                request,
                _("%(count)d reporting periods for %(year)d are in place.")
                % {"count": len(periods), "year": form.cleaned_data["year"]},
            )
            return redirect("assessments_reportingperiod_modeladmin_index")
        return TemplateResponse(request, "assessments/admin/generate_periods.html", {"form": form}, status=400)
    return TemplateResponse(request, "assessments/admin/generate_periods.html", {"form": form})


class CriteriaFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))


def _editable_page(request: HttpRequest, page_id: int, model):
    page = get_object_or_404(model, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def criteria_import_view(request: HttpRequest, decision_id: int) -> HttpResponse:
    """A JSON criteria document under a decision: every set becomes a draft for an editor to review."""
    decision = get_object_or_404(DecisionPage, pk=decision_id)
    permissions = decision.permissions_for_user(request.user)
    if not (permissions.can_add_subpage() and permissions.can_edit()):
        raise PermissionDenied
    form = CriteriaFileForm(request.POST or None, request.FILES or None)
    context = {"form": form, "target": decision, "title": _("Import criteria sets (JSON)"), "problems": []}
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                definitions = read_json_bytes(form.cleaned_data["file"].read())
                pages = import_into_decision(decision, definitions, user=request.user)
        except CriteriaFormatError as error:
            context["problems"] = [(None, message) for message in str(error).split("; ")]
            return TemplateResponse(request, "assessments/admin/criteria_import.html", context, status=400)
        messages.success(
            request, _("%(count)d criteria sets saved as drafts: review and publish them.") % {"count": len(pages)}
        )
        return redirect("wagtailadmin_explore", decision.pk)
    return TemplateResponse(request, "assessments/admin/criteria_import.html", context)


def criteria_table_import_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """A CSV/XLSX table of indicators as a new draft revision of one criteria set."""
    page = _editable_page(request, page_id, CriteriaSetPage)
    form = CriteriaFileForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "target": page,
        "title": _("Import indicators from a table"),
        "problems": [],
        "template_url_name": "assessments_criteria_table_template",
    }
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            with transaction.atomic():
                import_table_into(page, upload.name, upload.read(), user=request.user)
        except CriteriaTableError as error:
            context["problems"] = error.problems
            return TemplateResponse(request, "assessments/admin/criteria_import.html", context, status=400)
        except CriteriaFormatError as error:
            context["problems"] = [(None, message) for message in str(error).split("; ")]
            return TemplateResponse(request, "assessments/admin/criteria_import.html", context, status=400)
        messages.success(request, _("The indicators were saved as a draft: review and publish it."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(request, "assessments/admin/criteria_import.html", context)


def criteria_table_template_view(request: HttpRequest, file_format: str) -> HttpResponse:
    """The indicator table's template; it holds no data, so anyone in the admin may have it."""
    require(request, ("wagtailadmin.access_admin",))
    if file_format not in EXPORT_FORMATS:
        raise Http404
    return spreadsheet_response(table_template(file_format), file_format, "mau-bang-chi-so")


CRITERIA_EXPORT_TYPES = {"json": "application/json", **{key: value[0] for key, value in EXPORT_FORMATS.items()}}


def criteria_export_view(request: HttpRequest, page_id: int, file_format: str) -> HttpResponse:
    """The latest revision of a criteria set, as JSON, CSV or XLSX."""
    page = _editable_page(request, page_id, CriteriaSetPage)
    if file_format not in CRITERIA_EXPORT_TYPES:
        raise Http404
    latest = page.get_latest_revision_as_object()
    body = export_json([latest]) if file_format == "json" else export_spreadsheet(latest, file_format)
    response = HttpResponse(body, content_type=CRITERIA_EXPORT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="criteria-{page.slug}.{file_format}"'
    return response
