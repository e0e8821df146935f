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

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
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
    # The link's words when they are not "Download the result": a page is opened, not downloaded.
    label: str = ""


# Long enough for any job; a finished job's row holds its final counts, so a lost entry loses nothing.
PROGRESS_CACHE_SECONDS = 6 * 60 * 60


def _progress_key(job_id) -> str:
    return f"job-progress:{job_id}"


def with_live_progress(job: BackgroundJob) -> BackgroundJob:
    """The job with the latest counts its worker reported, which may be ahead of its row while the work runs in a
    transaction that has not committed yet (the shared cache holds them: Redis in production)."""
    if job.status == JobStatus.RUNNING:
        live = cache.get(_progress_key(job.pk))
        if live and live["done"] >= job.done:
            job.done, job.total, job.message = live["done"], live["total"], live["message"]
    return job


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
        # Work done in one transaction (an import, an approval under its lock) would show no progress until it
        # commits if the row were the only record: the cache, which no transaction holds back, carries it too.
        cache.set(
            _progress_key(self.job.pk),
            {"done": self.job.done, "total": self.job.total, "message": self.job.message[:255]},
            PROGRESS_CACHE_SECONDS,
        )
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
    cache.delete(_progress_key(job_id))  # counts of an earlier attempt
    return BackgroundJob.objects.get(pk=job_id)


def finish(job: BackgroundJob, outcome: Outcome | None = None) -> None:
    """Records the outcome, if the job is still this worker's: one marked abandoned meanwhile (and perhaps
    retried, another worker now running it) is left as it is, and what this worker made is dropped."""
    outcome = outcome or Outcome()
    job.status = JobStatus.SUCCEEDED
    job.done = max(job.done, job.total)
    job.finished_at = timezone.now()
    job.error = ""
    if outcome.message:
        job.message = outcome.message[:255]
    job.result_url = outcome.url
    job.result_label = outcome.label[:100]
    if outcome.content is not None:
        _store_result(job, outcome)
    fields = ["status", "done", "finished_at", "error", "message", "result_url", "result_label"]
    fields += ["result_name", "result_type", "result_path"]
    finished = BackgroundJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        updated_at=job.finished_at, **{field: getattr(job, field) for field in fields}
    )
    if not finished:
        logger.warning("job %s finished after it was marked abandoned: its outcome is not recorded", job.pk)
        job.refresh_from_db()


def _store_result(job: BackgroundJob, outcome: Outcome) -> None:
    job.result_name = outcome.name
    job.result_type = outcome.content_type
    job.result_path = storages[RESULT_STORAGE].save(f"jobs/{job.pk}/{outcome.name}", ContentFile(outcome.content))


def open_result(job: BackgroundJob):
    """The result file as an open binary file."""
    return storages[RESULT_STORAGE].open(job.result_path, "rb")


def fail(job: BackgroundJob, reason: str) -> None:
    BackgroundJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
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


def fail_abandoned(now=None, *, job: BackgroundJob | None = None) -> int:
    """Marks failed every running job (or only ``job``) not updated for ``settings.JOB_ABANDONED_AFTER``: its
    worker was killed (a restart, out of memory) and nothing else would ever end it. Returns how many.

    A live job is not caught: :class:`Progress` writes ``updated_at`` at least once a second while the work
    advances, so a running job is that old only when its worker is gone, or when one single step (a PDF built
    in one go) takes longer than the setting; raise ``JOB_ABANDONED_MINUTES`` then. One UPDATE whose WHERE
    repeats the status: a job that finishes at the same moment is no longer running and is left as it is.

    A row another transaction holds locked is skipped (PostgreSQL; SQLite has no row locks): a worker whose work
    runs in one transaction updates the row there, so it looks old from here until it commits, yet a worker
    holding a lock is alive (the database drops a dead one's). Skipping it also keeps a status page from
    waiting for that commit."""
    now = now or timezone.now()
    stale = BackgroundJob.objects.filter(status=JobStatus.RUNNING, updated_at__lt=now - settings.JOB_ABANDONED_AFTER)
    if job is not None:
        stale = stale.filter(pk=job.pk)
    # Stored for the person who started the job, in the site's language whoever's request (an admin in
    # English, the worker's command) notices it.
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("The worker running this job stopped before it finished. You can try again.")
    with transaction.atomic():
        unlocked = list(stale.select_for_update(skip_locked=True).values_list("pk", flat=True))
        count = stale.filter(pk__in=unlocked).update(
            status=JobStatus.FAILED, error=reason, finished_at=now, updated_at=now
        )
    if count:
        logger.warning(
            "%d abandoned job(s) marked failed: running, not updated for %s", count, settings.JOB_ABANDONED_AFTER
        )
    return count


def can_see(user, job: BackgroundJob) -> bool:
    """The owner, staff, and whoever may read the admin's listing of every job (``home.view_backgroundjob``)."""
    return user.is_authenticated and (
        user.is_staff or user.is_superuser or job.owner_id == user.pk or user.has_perm("home.view_backgroundjob")
    )


def may_retry(user, job: BackgroundJob) -> bool:
    """Its owner, or a superuser: a job runs again with its owner's authority (an import, an approval in their
    name), so those who may only read every job (staff, ``home.view_backgroundjob``) do not restart one."""
    return user.is_authenticated and (job.owner_id == user.pk or user.is_superuser)


def retry(job: BackgroundJob, user) -> bool:
    """Puts a failed job back in the queue, for its owner or a superuser; False when it is not failed (already
    retried by someone else, or never failed) or the user may not."""
    if not may_retry(user, job):
        return False
    reset = BackgroundJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED, error="", done=0, message="", finished_at=None, updated_at=timezone.now()
    )
    if not reset:
        return False
    import_string(job.kind).enqueue(str(job.pk))
    job.refresh_from_db()
    return True
