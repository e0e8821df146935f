"""Appraisal: the appraiser's rounds over a submitted report and a decision per indicator.

Nothing here overwrites what the agency entered: a correction is a row of its own holding the
corrected inputs (or, for MANUAL, the points) and the score the engine gives them, with the
reason, who and when. The final score of an indicator is the appraised one where the appraiser
corrected it, the self-score otherwise (assessments/appraisal/decisions.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .reports import EnteredValues, Report


class RoundOutcome(models.TextChoices):
    RETURNED = "returned", _("returned for changes")
    REOPENED = "reopened", _("reopened for changes")
    APPROVED = "approved", _("approved")
    RECEIVED = "received", _("received")


class AppraisalRound(models.Model):
    """One pass of the appraiser over one submission: opened by the submission, closed by a return,
    a reopening or the approval. Earlier rounds stay, so what was asked, and when, is kept."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="appraisal_rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    submitted_at = models.DateTimeField(_("submitted at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=RoundOutcome.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    respond_by = models.DateTimeField(_("answer by"), null=True, blank=True)

    class Meta:
        verbose_name = _("appraisal round")
        verbose_name_plural = _("appraisal rounds")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="one_round_number_per_report")]

    def __str__(self) -> str:
        return f"{self.report} · {self.number}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Verdict(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    CORRECTED = "corrected", _("corrected")
    QUERIED = "queried", _("asked to change")


class IndicatorDecision(EnteredValues):
    """The appraiser's decision on one indicator in one round.

    CONFIRMED keeps the agency's answer; CORRECTED holds the corrected inputs in the entered-value
    columns (the same columns and method specification as the agency's answer) and the engine's
    score for them; QUERIED asks the agency to change its answer when the report is returned.
    """

    round = models.ForeignKey(AppraisalRound, on_delete=models.CASCADE, related_name="decisions")
    code = models.CharField(_("indicator code"), max_length=20)
    verdict = models.CharField(_("decision"), max_length=20, choices=Verdict.choices)
    reason = models.TextField(_("reason"), blank=True)
    self_score = models.DecimalField(_("self-score"), max_digits=8, decimal_places=2, null=True, blank=True)
    appraised_score = models.DecimalField(_("appraised score"), max_digits=8, decimal_places=2, null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    pending = models.BooleanField(default=False)
    decided_at = models.DateTimeField(_("decided at"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # The agency's answer to the reason, written while the report is back in its hands; the appraiser
    # reads it in the next round beside what was asked.
    reply = models.TextField(_("the agency's reply"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("indicator decision")
        verbose_name_plural = _("indicator decisions")
        ordering = ["round", "code"]
        constraints = [models.UniqueConstraint(fields=["round", "code"], name="one_decision_per_indicator_and_round")]

    def __str__(self) -> str:
        return f"{self.round} · {self.code} · {self.verdict}"
