"""The editor's "Build the PDF again" for a published year, in the Wagtail admin: a confirmation, then the job's
status page (the PDF of a year with thousands of agencies takes a while)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from publications.models import AnnualResultsPage
from publications.tasks import start_pdf_build


def may_rebuild(page, user) -> bool:
    """Whoever may edit the year's page: the PDF is made again from what is already published and approved,
    nothing new goes public, so an editor needs no moderator for it."""
    return page.live and page.permissions_for_user(user).can_edit()


@require_http_methods(["GET", "POST"])
def rebuild_pdf(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(AnnualResultsPage, pk=page_id)
    if not may_rebuild(page, request.user):
        raise PermissionDenied
    if request.method == "POST":
        job = start_pdf_build(page, owner=request.user)
        return redirect("jobs:status", job_id=job.pk)
    title = _("Build the official results PDF of %(year)s again") % {"year": page.year}
    context = {"page": page, "page_title": title, "header_title": title, "header_icon": "doc-full"}
    return TemplateResponse(request, "publications/admin/rebuild_pdf.html", context)
