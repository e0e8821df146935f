"""The spreadsheet imports of the admin (agencies, people) and the background job that runs a large one.

A file of up to ``settings.IMPORT_JOB_ROWS`` rows is imported in the request, as it always was; a larger one
(every agency of a country, a province's accounts at the start of a year) is kept in the private storage and
imported by a worker, while the person watches its progress on the job's page. Either way the import is
all-or-nothing through :func:`assessments.admin.spreadsheets.run_import`, and a file with problems lists them,
one a line, with the line of the file each is on.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_tasks import task
from import_export.resources import Resource

from assessments.admin.resources import AgencyResource, PersonResource, role_names
from assessments.admin.spreadsheets import ImportOutcome, SpreadsheetError, read_spreadsheet, run_import
from home import jobs
from home.models import BackgroundJob

# A failed job's reason lists this many problems; the rest are counted (the file has them all on its lines).
PROBLEMS_LISTED = 50


@dataclass(frozen=True)
class SpreadsheetImport:
    """What one import screen imports: a resource, the permissions it needs, where to go after,
    and where its template file is (``template_url_name`` takes the format, ``template_filename`` has none)."""

    key: str
    title: str
    resource_class: type[Resource]
    permissions: tuple[str, ...]
    index_url_name: str
    columns_help: str
    template_url_name: str
    template_filename: str

    def resource(self) -> Resource:
        return self.resource_class()


AGENCY_IMPORT = SpreadsheetImport(
    key="agencies",
    title=gettext_lazy("Import agencies"),
    resource_class=AgencyResource,
    permissions=("assessments.add_agency", "assessments.change_agency"),
    index_url_name="assessments_agency_modeladmin_index",
    columns_help=gettext_lazy(
        "Required columns: code, name and level (its code or its name); the others may be left out. "
        "Yes/no columns take “có” or “không”. Columns may also be headed by their codes "
        "(code, name, level, parent_code, evaluated, verified, note, not_evaluated_reason, appraiser_code, "
        "year_from, year_to)."
    ),
    template_url_name="assessments_agency_import_template",
    template_filename="mau-co-quan-don-vi",
)
PEOPLE_IMPORT = SpreadsheetImport(
    key="people",
    title=gettext_lazy("Import people"),
    resource_class=PersonResource,
    permissions=("assessments.add_roleassignment", "auth.add_user", "auth.change_user"),
    index_url_name="assessments_roleassignment_modeladmin_index",
    columns_help=format_lazy(
        gettext_lazy(
            "One role per row, one of: {roles}. Officers, heads and appraisers act for the agency whose code is "
            "given; editors and administrators for none. Columns may also be headed by their codes (username, "
            "full_name, email, role, agency_code) and roles written as officer, head, appraiser, editor or "
            "administrator. New people receive an e-mail with a one-time link to set their password."
        ),
        roles=lazy(role_names, str)(),
    ),
    template_url_name="assessments_people_import_template",
    template_filename="mau-can-bo-vai-tro",
)
IMPORTS = {spec.key: spec for spec in (AGENCY_IMPORT, PEOPLE_IMPORT)}


def runs_as_job(rows: int) -> bool:
    return rows > settings.IMPORT_JOB_ROWS


def start_import_job(user, spec: SpreadsheetImport, name: str, content: bytes, *, check_only: bool) -> BackgroundJob:
    """Keeps the uploaded file where the workers read it (the private storage: it may hold people's addresses)
    and queues its import. The file is deleted once its rows have been read through; work stopped by an
    unexpected error keeps it, so that it can be tried again."""
    path = storages[jobs.RESULT_STORAGE].save(f"imports/{uuid.uuid4()}/upload", ContentFile(content))
    title = _("%(import)s (check only): %(file)s") if check_only else _("%(import)s: %(file)s")
    return jobs.start(
        import_spreadsheet,
        title=title % {"import": spec.title, "file": name},
        owner=user,
        arguments={"spec": spec.key, "name": name, "path": path, "check_only": check_only},
    )


def problems_text(outcome: ImportOutcome) -> str:
    """The reason a failed import gives: how many problems, then one a line as the import page's table has them."""
    count = len(outcome.problems)
    lines = [
        ngettext(
            "The file has %(count)d problem. Nothing was imported.",
            "The file has %(count)d problems. Nothing was imported.",
            count,
        )
        % {"count": count}
    ]
    for problem in outcome.problems[:PROBLEMS_LISTED]:
        where = _("Line %(line)d") % {"line": problem.line}
        if problem.column:
            where += f", {problem.column}"
        lines.append(f"{where}: {problem.message}")
    if count > PROBLEMS_LISTED:
        lines.append(_("… and %(count)d more.") % {"count": count - PROBLEMS_LISTED})
    return "\n".join(lines)


def _import(job: BackgroundJob, progress: jobs.Progress) -> jobs.Outcome:
    spec = IMPORTS.get(job.arguments.get("spec", ""))
    if spec is None:
        raise jobs.JobError(_("This kind of import no longer exists."))
    # The person's permissions are checked again when the work runs: they may have lost them while it waited.
    if job.owner is None or not job.owner.is_active or not job.owner.has_perms(spec.permissions):
        raise jobs.JobError(_("You may no longer import this list."))
    storage = storages[jobs.RESULT_STORAGE]
    path = job.arguments.get("path", "")
    if not path or not storage.exists(path):
        raise jobs.JobError(_("The uploaded file is no longer kept: upload it again."))
    with storage.open(path, "rb") as upload:
        content = upload.read()
    try:
        dataset = read_spreadsheet(job.arguments.get("name", ""), content)
    except SpreadsheetError as error:
        raise jobs.JobError(str(error)) from error
    check_only = bool(job.arguments.get("check_only"))
    resource = spec.resource()
    # Every row is checked once, then, when all are good, saved once.
    progress.start(len(dataset) * (1 if check_only else 2), _("Checking and importing the rows…"))
    resource.on_row = progress.advance
    outcome = run_import(resource, dataset, dry_run=check_only)
    # The file has given its answer; only work stopped by an unexpected error keeps it, to be tried again.
    storage.delete(path)
    if outcome.problems:
        raise jobs.JobError(problems_text(outcome))
    if check_only:
        message = _("The file is valid: %(new)d new and %(updated)d updated rows. Nothing was imported yet.")
        return jobs.Outcome(message=message % {"new": outcome.new, "updated": outcome.updated})
    return jobs.Outcome(
        url=reverse(spec.index_url_name),
        label=_("Open the imported list"),
        message=_("Imported: %(new)d new, %(updated)d updated.") % {"new": outcome.new, "updated": outcome.updated},
    )


@task()
def import_spreadsheet(job_id: str) -> None:
    jobs.run(job_id, _import)
