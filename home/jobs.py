"""Background jobs: start one, claim it in the worker, report its progress, finish or fail it, retry it.

A task that does long work takes the job's id and nothing else, and runs its work through :func:`run`::

    @task()
    def rebuild(job_id: str) -> None:
        jobs.run(job_id, build)          # build(job, progress) -> Outcome | None

    job = jobs.start(rebuild, title=_("…"), owner=request.user, arguments={"page": page.pk})

The job row is the truth the person sees: the task framework only delivers it. A task delivered twice, or picked
up by two workers at once, still runs its work once, because :func:`claim` moves the row from queued to running
in one conditional UPDATE that only one of them can win.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks.base import Task

from home.models import BackgroundJob, JobStatus

logger = logging.getLogger(__name__)

# Results are kept with the private evidence files (a folder, or the private bucket in production).
RESULT_STORAGE = "evidence"


class JobError(Exception):
    """A failure the person can act on; its message (in Vietnamese) is shown on the job's page as it is."""


@dataclass(frozen=True)
class Outcome:
    """What a finished job leaves: a file to download, or a link to where the result is on the site."""

    name: str = ""
    content: bytes | None = None
    content_type: str = "application/octet-stream"
    url: str = ""
    message: str = ""


class Progress:
    """Counts the items a job has done, writing to the database at most every ``every`` items or ``seconds``,
    so that a job over 100,000 rows spends its time on the rows and the status page still moves each second."""

    def __init__(self, job: BackgroundJob, *, every: int = 100, seconds: float = 1.0):
        self.job = job
        self.every = every
        self.seconds = seconds
        self._written_done = job.done
        self._written_at = time.monotonic()

    def start(self, total: int, message: str = "") -> None:
        self.job.total = total
        self.job.done = 0
        if message:
            self.job.message = message
        self._write()

    def advance(self, count: int = 1, message: str = "") -> None:
        self.job.done += count
        if message:
            self.job.message = message
        due = self.job.done - self._written_done >= self.every or time.monotonic() - self._written_at >= self.seconds
        if due or self.job.done >= self.job.total or message:
            self._write()

    def _write(self) -> None:
        BackgroundJob.objects.filter(pk=self.job.pk, status=JobStatus.RUNNING).update(
            done=self.job.done, total=self.job.total, message=self.job.message[:255], updated_at=timezone.now()
        )
        self._written_done = self.job.done
        self._written_at = time.monotonic()


def start(task: Task, *, title: str, owner=None, arguments: dict | None = None, total: int = 0) -> BackgroundJob:
    """Creates the job and hands it to a worker. With the database backend the task's row is written in the
    same transaction as the job's, so a worker sees both once the request commits, and a rolled-back request
    leaves neither; with the immediate backend (development, tests) the work is done before this returns."""
    job = BackgroundJob.objects.create(
        kind=task.module_path,
        title=title[:255],
        owner=owner if owner is not None and owner.is_authenticated else None,
        arguments=arguments or {},
        total=total,
    )
    task.enqueue(str(job.pk))
    job.refresh_from_db()
    return job


def claim(job_id: str) -> BackgroundJob | None:
    """Moves a queued job to running and returns it; None when another worker has it, it has run, or it is
    gone. One UPDATE … WHERE status = 'queued': the database lets one caller change the row."""
    claimed = BackgroundJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
        finished_at=None,
        attempts=F("attempts") + 1,
        updated_at=timezone.now(),
    )
    if not claimed:
        return None
    return BackgroundJob.objects.get(pk=job_id)


def finish(job: BackgroundJob, outcome: Outcome | None = None) -> None:
    outcome = outcome or Outcome()
    job.status = JobStatus.SUCCEEDED
    job.done = max(job.done, job.total)
    job.finished_at = timezone.now()
    job.error = ""
    if outcome.message:
        job.message = outcome.message[:255]
    job.result_url = outcome.url
    if outcome.content is not None:
        _store_result(job, outcome)
    job.save()


def _store_result(job: BackgroundJob, outcome: Outcome) -> None:
    job.result_name = outcome.name
    job.result_type = outcome.content_type
    job.result_path = storages[RESULT_STORAGE].save(f"jobs/{job.pk}/{outcome.name}", ContentFile(outcome.content))


def open_result(job: BackgroundJob):
    """The result file as an open binary file."""
    return storages[RESULT_STORAGE].open(job.result_path, "rb")


def fail(job: BackgroundJob, reason: str) -> None:
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error=reason, finished_at=timezone.now(), updated_at=timezone.now()
    )
    job.refresh_from_db()


def run(job_id: str, work: Callable[[BackgroundJob, Progress], Outcome | None]) -> bool:
    """Claims the job and does its work; False when there was nothing to do (someone else had it). A
    :class:`JobError` is shown to the person as it is; anything else is logged with its traceback and the
    person reads that the work stopped and may be tried again."""
    job = claim(job_id)
    if job is None:
        logger.info("job %s was not queued any more: not run again", job_id)
        return False
    try:
        outcome = work(job, Progress(job))
    except JobError as error:
        logger.warning("job %s (%s) failed: %s", job.pk, job.kind, error)
        fail(job, str(error))
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        fail(job, _("The work stopped because of an unexpected error. It has been logged; you can try again."))
    else:
        finish(job, outcome)
    return True


def can_see(user, job: BackgroundJob) -> bool:
    return user.is_authenticated and (user.is_staff or user.is_superuser or job.owner_id == user.pk)


def retry(job: BackgroundJob, user) -> bool:
    """Puts a failed job back in the queue, for its owner or staff; False when it is not failed (already
    retried by someone else, or never failed) or the user may not."""
    if not can_see(user, job):
        return False
    reset = BackgroundJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED, error="", done=0, message="", finished_at=None, updated_at=timezone.now()
    )
    if not reset:
        return False
    import_string(job.kind).enqueue(str(job.pk))
    job.refresh_from_db()
    return True
