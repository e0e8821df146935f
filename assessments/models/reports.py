"""Reports: an agency's answers for one period, their evidence and their history.

Answers are rows keyed by the report and the indicator's code, not a
JSON blob, so rankings, exports and audits can query them.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.storage import evidence_storage


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    DRAFT = "draft", _("in progress")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    APPRAISED = "appraised", _("appraised")
    # An update period (3, 6, 9 months) is not appraised for score: the appraiser marks it received.
    RECEIVED = "received", _("received")


# The statuses of a report its agency has handed in: submitted, and then appraised or received.
HANDED_IN = (ReportStatus.SUBMITTED, ReportStatus.APPRAISED, ReportStatus.RECEIVED)


class Report(models.Model):
    """One agency's report for one period. It belongs to the agency, not to a browser session."""

    period = models.ForeignKey(
        "assessments.ReportingPeriod", verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    agency = models.ForeignKey(
        "assessments.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.NOT_STARTED
    )
    # Optimistic locking: every save of answers or status raises it; a save made
    # against an older version is refused instead of overwriting someone's work.
    version = models.PositiveIntegerField(_("version"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    late = models.BooleanField(_("submitted late"), default=False)
    reopened_until = models.DateTimeField(
        _("reopened until"), null=True, blank=True, help_text=_("An appraiser reopened this report for changes.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The receipt (assessments/reporting/receipt/codes.py): set by the first submission and kept by
    # every resubmission, so letters and files that cite the report keep one number.
    reference = models.CharField(
        _("reference"), max_length=20, unique=True, null=True, blank=True, editable=False, default=None
    )
    # Renewed by each submission: only the latest submitted version's receipt checks as current.
    verification_code = models.CharField(_("verification code"), max_length=20, blank=True, editable=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["period", "agency"], name="one_report_per_agency_and_period")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.period}"


# Every number an agency enters lies within ±ANSWER_NUMBER_LIMIT with at most ANSWER_DECIMAL_PLACES
# decimals. SQLite keeps decimals as 8-byte floats, exact to 15 significant digits: 10 digits before
# the point and 4 after (999 999 999,9999) read back exactly there and on PostgreSQL, while a larger
# value (999999999999.9999) comes back rounded and can no longer be read as a decimal of the column.
ANSWER_NUMBER_LIMIT = Decimal(1_000_000_000)
ANSWER_DECIMAL_PLACES = 4


class EnteredValues(models.Model):
    """The columns that hold what was entered for one indicator, read and written by the method
    specifications (assessments/definitions/methods/): the agency's answer and the appraiser's
    correction share them, so both go through the same form fields and the same engine."""

    value_bool = models.BooleanField(null=True, blank=True)
    value_text = models.CharField(max_length=500, blank=True)
    value_choices = models.JSONField(default=list, blank=True)
    value_number = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    value_a = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    value_b = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    justification = models.TextField(_("justification"), blank=True)

    class Meta:
        abstract = True


class Answer(EnteredValues):
    """What the agency entered for one indicator, and the scores it earns."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="answers")
    code = models.CharField(_("indicator code"), max_length=20)
    explanation = models.TextField(_("explanation"), blank=True, help_text=_("Why evidence is missing (giải trình)."))
    self_score = models.DecimalField(_("self-score"), max_digits=8, decimal_places=2, null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    pending = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["report", "code"], name="one_answer_per_indicator")]

    def __str__(self) -> str:
        return f"{self.report} · {self.code}"


def private_storage():
    """Evidence lives in the private ``"evidence"`` storage (a folder outside the public media, or a private
    bucket); only the portal's views serve it. The migrations name this callable: keep its name."""
    return evidence_storage


def evidence_file_name(instance: "Evidence", filename: str) -> str:
    """A random stored name: the original name is kept in the database, never in the path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{instance.report_id}/{uuid.uuid4().hex}.{extension}"


class EvidenceKind(models.TextChoices):
    FILE = "file", _("file")
    DOCUMENT = "document", _("document reference")
    URL = "url", _("web address")


# The stored types a browser shows by itself (its PDF viewer, an image): these evidence files open in
# the browser; the office formats are only downloaded.
VIEWABLE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


class Evidence(models.Model):
    """Evidence for one indicator: a file, a document reference or a web address."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    code = models.CharField(_("indicator code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    file = models.FileField(_("file"), upload_to=evidence_file_name, storage=private_storage, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    document_summary = models.CharField(_("summary"), max_length=500, blank=True)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["code", "created_at"]

    def __str__(self) -> str:
        return self.original_name or self.document_number or self.url

    @property
    def viewable(self) -> bool:
        return bool(self.file) and self.content_type in VIEWABLE_TYPES

    @property
    def is_image(self) -> bool:
        return self.viewable and self.content_type.startswith("image/")


class EventAction(models.TextChoices):
    """What a history row records: a change of the report's content, or one workflow transition
    (one value per transition of :mod:`assessments.reporting.workflow`, so the history and the
    reminders read the transition from the action, not from the logged values)."""

    ANSWER = "answer", _("answer changed")
    EVIDENCE_ADDED = "evidence_added", _("evidence added")
    EVIDENCE_REMOVED = "evidence_removed", _("evidence removed")
    PREFILLED = "prefilled", _("pre-filled from the previous report")
    STARTED = "started", _("report started")
    SUBMITTED = "submitted", _("report submitted")
    RESUBMITTED = "resubmitted", _("report submitted again")
    RETURNED = "returned", _("report returned")
    REOPENED = "reopened", _("report reopened")
    APPROVED = "approved", _("appraisal approved")
    RECEIVED = "received", _("update received")
    REPLIED = "replied", _("reply to the appraiser")
    DECIDED = "decided", _("indicator appraised")
    REAPPRAISED = "reappraised", _("appraisal taken up again")


class ReportEvent(models.Model):
    """One change to a report: who, when, what, old → new. Never edited."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("action"), max_length=40, choices=EventAction.choices)
    code = models.CharField(max_length=20, blank=True)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.code}"


class ReminderSent(models.Model):
    """A reminder mailed to an agency, kept so each one is sent once."""

    period = models.ForeignKey("assessments.ReportingPeriod", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("assessments.Agency", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=40, blank=True, help_text=_("Distinguishes repeated events, e.g. each return."))
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "agency", "kind", "key"], name="one_reminder_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.period} · {self.kind}"
