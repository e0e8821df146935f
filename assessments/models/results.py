"""Approved results: a frozen snapshot of one cohort's scores and ranks for one annual evaluation.

Publication reads only these. A snapshot is never changed: a correction after approval is a new
version with its reason, and the earlier versions stay readable.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ResultSnapshot(models.Model):
    period = models.ForeignKey(
        "assessments.ReportingPeriod", verbose_name=_("period"), on_delete=models.PROTECT, related_name="snapshots"
    )
    level = models.ForeignKey("assessments.AgencyLevel", verbose_name=_("level"), on_delete=models.PROTECT)
    # The district whose communes the cohort holds (a district approves its own communes' results);
    # empty for a cohort of the whole province.
    within = models.ForeignKey(
        "assessments.Agency",
        verbose_name=_("within"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveSmallIntegerField(_("version"))
    criteria_revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.PROTECT, related_name="+")
    approving_agency = models.ForeignKey("assessments.Agency", on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("reason for the new version"), blank=True)
    data = models.JSONField(_("results"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("approved results")
        verbose_name_plural = _("approved results")
        ordering = ["period", "level", "within", "-version"]
        constraints = [
            # NULL never equals NULL in a unique index, so the province-wide cohorts need their own rule.
            models.UniqueConstraint(
                fields=["period", "level", "version"],
                condition=Q(within__isnull=True),
                name="one_province_snapshot_version",
            ),
            models.UniqueConstraint(
                fields=["period", "level", "within", "version"],
                condition=Q(within__isnull=False),
                name="one_district_snapshot_version",
            ),
        ]

    def __str__(self) -> str:
        where = f" · {self.within}" if self.within_id else ""
        return f"{self.period} · {self.level}{where} · v{self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("An approved results snapshot is never changed: approve a new version instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("An approved results snapshot is never deleted.")
