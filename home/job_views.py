"""A background job's pages: its status (with a bar a small script keeps up to date), the same as JSON for that
script, the result file, and Retry. Only the person who started the job, staff and those who may read the admin's
listing of jobs see it; to anyone else it does not exist (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from home import jobs
from home.models import BackgroundJob, JobStatus


def _job(request: HttpRequest, job_id) -> BackgroundJob:
    job = get_object_or_404(BackgroundJob, pk=job_id)
    if not jobs.can_see(request.user, job):
        raise Http404
    # A job whose worker died shows as failed (and may be retried) the first time someone looks at it.
    if job.status == JobStatus.RUNNING and jobs.fail_abandoned(job=job):
        job.refresh_from_db()
    return job


def download_url(job: BackgroundJob) -> str:
    if job.status != JobStatus.SUCCEEDED:
        return ""
    if job.result_name:
        return reverse("jobs:download", args=[job.pk])
    return job.result_url


def state(job: BackgroundJob) -> dict:
    """What the status page shows, as the script reads it."""
    job = jobs.with_live_progress(job)
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "done": job.done,
        "total": job.total,
        "percentage": job.percentage,
        "message": job.message,
        "error": job.error,
        "finished": job.finished,
        "download_url": download_url(job),
        "result_label": job.result_label or _("Download the result"),
    }


@login_required
@require_GET
def status(request: HttpRequest, job_id) -> HttpResponse:
    job = _job(request, job_id)
    context = {"job": job, "state": state(job), "may_retry": jobs.may_retry(request.user, job)}
    return TemplateResponse(request, "home/job_status.html", context)


@login_required
@require_GET
def status_json(request: HttpRequest, job_id) -> JsonResponse:
    return JsonResponse(state(_job(request, job_id)))


@login_required
@require_GET
def download(request: HttpRequest, job_id) -> HttpResponse:
    job = get_object_or_404(BackgroundJob, pk=job_id)
    if not jobs.can_see(request.user, job) or job.status != JobStatus.SUCCEEDED or not job.has_file:
        raise Http404
    return FileResponse(
        jobs.open_result(job), as_attachment=True, filename=job.result_name, content_type=job.result_type
    )


@login_required
@require_POST
def retry(request: HttpRequest, job_id) -> HttpResponse:
    job = _job(request, job_id)
    if not jobs.may_retry(request.user, job):
        return _refused(request, job, _("Only the person who started this job can try it again."), status=403)
    if not jobs.retry(job, request.user):
        return _refused(request, job, _("Only a failed job can be tried again."), status=409)
    messages.success(request, _("The job is queued again."))
    return redirect("jobs:status", job_id=job.pk)


def _refused(request: HttpRequest, job: BackgroundJob, refusal: str, *, status: int) -> HttpResponse:
    """The job's page again, saying why the retry was refused."""
    context = {"job": job, "state": state(job), "may_retry": jobs.may_retry(request.user, job), "refusal": refusal}
    return TemplateResponse(request, "home/job_status.html", context, status=status)
