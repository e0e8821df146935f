"""Background work of the results pages: building a published year's official PDF again.

Publishing a year with thousands of agencies used to build its PDF inside the editor's request; it is now a job
(:mod:`home.jobs`), so the publication returns at once and the editor can watch the PDF being made.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from home import jobs
from home.models import BackgroundJob


def start_pdf_build(page, owner=None) -> BackgroundJob:
    return jobs.start(
        build_results_pdf,
        title=_("Official results PDF of %(year)s") % {"year": page.year},
        owner=owner,
        arguments={"page": page.pk},
        total=2,
    )


def _build(job: BackgroundJob, progress: jobs.Progress) -> jobs.Outcome:
    from publications.cache import purge
    from publications.downloads import PDF, store_document
    from publications.models import AnnualResultsPage

    page = AnnualResultsPage.objects.live().filter(pk=job.arguments.get("page")).first()
    if page is None:
        raise jobs.JobError(_("The results page is no longer published: there is no official PDF to build."))
    if not page.snapshot_ids:
        raise jobs.JobError(_("The results page publishes no approved results yet: there is nothing to print."))
    progress.start(2, _("Building the PDF from the approved results…"))
    document = store_document(page)
    progress.advance(1, _("Clearing the cached results pages…"))
    # The pages show the PDF's digest: drop their cached copies so they show the new one.
    purge()
    progress.advance(1)
    return jobs.Outcome(
        url=reverse("publications:download", args=[page.year, PDF]),
        message=_("PDF built (SHA-256 %(digest)s…).") % {"digest": document.sha256[:12]},
    )


@task()
def build_results_pdf(job_id: str) -> None:
    jobs.run(job_id, _build)
