"""Reporting periods: editable records generated from the decision's rules."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision

from assessments.period_rules import Kind, is_open


class PeriodKind(models.TextChoices):
    ANNUAL = Kind.ANNUAL, _("annual evaluation")
    MONTHS_3 = Kind.MONTHS_3, _("3-month update")
    MONTHS_6 = Kind.MONTHS_6, _("6-month update")
    MONTHS_9 = Kind.MONTHS_9, _("9-month update")


class ReportingPeriod(models.Model):
    """One round of reports, scored against one pinned revision of one criteria set."""

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    criteria_set = models.ForeignKey(
        "assessments.CriteriaSetPage", verbose_name=_("criteria set"), on_delete=models.PROTECT, related_name="periods"
    )
    criteria_revision = models.ForeignKey(
        Revision,
        verbose_name=_("criteria revision"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The version of the criteria set this period's reports are scored against."),
    )
    levels = models.ManyToManyField("assessments.AgencyLevel", verbose_name=_("agency levels"), related_name="periods")
    opens_at = models.DateTimeField(
        _("opens at"),
        help_text=_("The first moment reports can be started, changed or submitted (generated from the rules)."),
    )
    data_start = models.DateField(_("data from"))
    data_end = models.DateField(_("data until"))
    submission_deadline = models.DateTimeField(_("submission deadline"), help_text=_("The last accepted moment."))
    appraisal_deadline = models.DateTimeField(_("appraisal deadline"), null=True, blank=True)
    publication_deadline = models.DateTimeField(_("publication deadline"), null=True, blank=True)
    allow_late = models.BooleanField(
        _("accept late submissions"), default=False, help_text=_("Late submissions are accepted and flagged as late.")
    )

    class Meta:
        ordering = ["-year", "kind", "criteria_set__title"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "criteria_set"], name="one_period_per_set_and_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} · {self.criteria_set.title}"

    @property
    def is_evaluated(self) -> bool:
        return self.kind == PeriodKind.ANNUAL

    def is_open(self, moment=None) -> bool:
        """Whether reports are accepted at ``moment`` (now by default), late ones included where allowed."""
        moment = moment or timezone.now()
        if self.allow_late:
            return self.opens_at <= moment
        return is_open(moment, self.opens_at, self.submission_deadline)

    def clean(self):
        errors = {}
        if self.data_end and self.data_start and self.data_end < self.data_start:
            errors["data_end"] = _("The data window ends before it starts.")
        if self.opens_at and self.submission_deadline and self.submission_deadline <= self.opens_at:
            errors["opens_at"] = _("The period must open before its deadline.")
        if self.appraisal_deadline and self.submission_deadline and self.appraisal_deadline < self.submission_deadline:
            errors["appraisal_deadline"] = _("Appraisal cannot end before submissions close.")
        if (
            self.publication_deadline
            and self.appraisal_deadline
            and self.publication_deadline < self.appraisal_deadline
        ):
            errors["publication_deadline"] = _("Publication cannot come before appraisal ends.")
        if not self.criteria_revision_id and self.criteria_set_id:
            # A period added by hand pins the set's published version, as generated periods do.
            live = self.criteria_set.live_revision
            if live is None:
                errors["criteria_set"] = _("Publish this criteria set before opening a period with it.")
            else:
                self.criteria_revision = live
        pinned = self.criteria_revision if self.criteria_revision_id else None
        if pinned and self.criteria_set_id and pinned.object_id != str(self.criteria_set_id):
            errors["criteria_revision"] = _("This revision belongs to another criteria set.")
        if errors:
            raise ValidationError(errors)

    def pinned_criteria(self):
        """The criteria set as it was when the period was pinned (a CriteriaSetPage instance)."""
        return self.criteria_revision.as_object()
