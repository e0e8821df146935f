"""The appraiser workspace's export (CSV or XLSX): one row per agency of the period in scope, with the filters
and order of the screen. Small lists are downloaded at once; a list longer than ``job_threshold()`` rows (a
ministry appraising several provinces) is made by a background job the appraiser watches, whose result is the
file."""

from __future__ import annotations

from collections.abc import Iterable

import tablib
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_tasks import task

from assessments import formatting
from assessments.admin.spreadsheets import export_dataset
from assessments.appraisal.workspace import Filters, Sort, WorkspaceRow
from home import jobs
from home.models import BackgroundJob

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def job_threshold() -> int:
    """Rows above which the export runs as a job (``APPRAISAL_EXPORT_JOB_ROWS``, 1,000 unless set)."""
    return settings.APPRAISAL_EXPORT_JOB_ROWS


def file_name(period, file_format: str) -> str:
    return f"tham-dinh-{period.kind}-{period.year}.{file_format}"


def export_file(rows: Iterable[WorkspaceRow], file_format: str, progress: jobs.Progress | None = None) -> bytes:
    dataset = tablib.Dataset(
        headers=[
            _("Agency code"),
            _("Agency"),
            pgettext("spreadsheet column", "Level"),
            _("Status"),
            _("Submitted at"),
            _("Late"),
            _("Self-score"),
            _("Appraised score"),
        ],
        title=_("Appraisal"),
    )
    for row in rows:
        dataset.append(
            [
                row.agency.code,
                row.agency.name,
                row.agency.level.name,
                row.status_label,
                formatting.minute(row.submitted_at) if row.submitted_at else "",
                _("yes") if row.late else "",
                row.self_total,
                row.appraised_total,
            ]
        )
        if progress is not None:
            progress.advance()
    return export_dataset(dataset, file_format)


def start_export_job(user, period, filters: Filters, file_format: str, rows: int) -> BackgroundJob:
    return jobs.start(
        export_workspace,
        title=_("Appraisal export %(period)s (%(format)s)") % {"period": period, "format": file_format.upper()},
        owner=user,
        arguments={
            "period": period.pk,
            "format": file_format,
            "filters": {
                "status": filters.status,
                "level": filters.level,
                "query": filters.query,
                "sort": str(filters.sort),
                "descending": filters.descending,
            },
        },
        total=rows,
    )


def _export(job: BackgroundJob, progress: jobs.Progress) -> jobs.Outcome:
    from assessments.access import access_for
    from assessments.appraisal.workspace import periods_in_scope, workspace_rows

    # The owner's access as it is now: an appraiser who lost the role while the job waited exports nothing.
    access = access_for(job.owner) if job.owner else None
    periods = periods_in_scope(access, timezone.now()) if access else []
    period = next((p for p in periods if p.pk == job.arguments["period"]), None)
    if period is None:
        raise jobs.JobError(_("You no longer appraise any agency of this period: there is nothing to export."))
    saved = job.arguments.get("filters", {})
    filters = Filters(
        status=saved.get("status", ""),
        level=saved.get("level", ""),
        query=saved.get("query", ""),
        sort=Sort(saved.get("sort") or Sort.NAME),
        descending=bool(saved.get("descending")),
    )
    file_format = job.arguments["format"]
    rows = workspace_rows(access, period, filters)
    progress.start(len(rows), _("Writing the rows…"))
    content = export_file(rows, file_format, progress)
    return jobs.Outcome(name=file_name(period, file_format), content=content, content_type=FORMATS[file_format])


@task()
def export_workspace(job_id: str) -> None:
    jobs.run(job_id, _export)
