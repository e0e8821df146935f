"""Long work done in the background (a results PDF, a large export, the reminders): one row per job, which the
person who started it watches on its status page while a worker runs it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


class BackgroundJob(models.Model):
    """A piece of background work and how far it has got. ``kind`` is the import path of the task that does it
    (each app registers its own kinds by defining tasks, so ``home/`` names no other app); ``arguments`` are
    what the task needs, kept so that a failed job can be run again as it was."""

    # Its only link is to a person: nothing for Wagtail's reference index, which would be written on every save.
    wagtail_reference_index_ignore = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=200)
    title = models.CharField(_("title"), max_length=255)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=255, blank=True)
    # For the person, in Vietnamese; the traceback goes to the log only.
    error = models.TextField(_("error"), blank=True)
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The result, when it is a file: kept in the private evidence storage (home.jobs.RESULT_STORAGE).
    result_name = models.CharField(_("result file name"), max_length=255, blank=True)
    result_type = models.CharField(_("result content type"), max_length=100, blank=True)
    result_path = models.CharField(_("result path in storage"), max_length=500, blank=True)
    # The result, when it lives elsewhere on the site (the PDF a results page offers).
    result_url = models.CharField(_("result address"), max_length=500, blank=True)
    # What the link to the result says, when not "Download the result" (an imported list, approved results).
    result_label = models.CharField(_("result link text"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="home_job_status_created")]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"{self.title} · {self.get_status_display()}"

    @property
    def percentage(self) -> int:
        """Whole percent done; a finished job is at 100 % even when it never counted its items."""
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def has_file(self) -> bool:
        return bool(self.result_name) and bool(self.result_path)
