"""Agencies and their levels. Levels are data, so the 2021 three-tier and the 2025 two-tier structures coexist."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$", _("Use letters, digits, dots, hyphens and underscores only.")
)


class AgencyLevel(models.Model):
    """A kind of agency evaluated together (departments, districts, communes...).

    The annual evaluation window of the level is part of the data because the
    decision gives communes a different cut-off (10 November) from the others
    (15 November).
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    annual_cutoff_month = models.PositiveSmallIntegerField(
        _("annual cut-off month"), default=11, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    annual_cutoff_day = models.PositiveSmallIntegerField(
        _("annual cut-off day"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("The annual evaluation runs from this day of the previous year to this day of the year."),
    )
    appraisal_days = models.PositiveSmallIntegerField(
        _("days for appraisal"), default=20, help_text=_("Days from the submission deadline to the appraisal deadline.")
    )
    publication_days = models.PositiveSmallIntegerField(
        _("days to publication"),
        default=30,
        help_text=_("Days from the submission deadline to the publication deadline."),
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("agency level")
        verbose_name_plural = _("agency levels")

    def __str__(self) -> str:
        return self.name


class AgencyQuerySet(models.QuerySet):
    def existing_in(self, year: int) -> "AgencyQuerySet":
        """Agencies that exist in ``year`` (the districts abolished in 2025 are gone from then on)."""
        return self.filter(Q(year_from__isnull=True) | Q(year_from__lte=year)).filter(
            Q(year_to__isnull=True) | Q(year_to__gte=year)
        )

    def evaluated(self) -> "AgencyQuerySet":
        return self.filter(evaluated=True)


class Agency(models.Model):
    """A state agency that reports, appraises, or both."""

    # Its links (level, parent, appraiser) are no Wagtail content whose "usage" anyone reads; indexing them cost
    # 8 ms a row, a third of a large import's time (docs/background-jobs.md).
    wagtail_reference_index_ignore = True

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=200)
    level = models.ForeignKey(AgencyLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="agencies")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The district of a commune, in the three-tier years."),
    )
    evaluated = models.BooleanField(_("evaluated"), default=True)
    not_evaluated_reason = models.CharField(_("why not evaluated"), max_length=255, blank=True)
    appraiser = models.ForeignKey(
        "self",
        verbose_name=_("appraised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appraisees",
        help_text=_("The agency that appraises this agency's reports."),
    )
    year_from = models.PositiveSmallIntegerField(_("exists from year"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("exists until year"), null=True, blank=True)
    verified = models.BooleanField(_("verified"), default=False, help_text=_("Name and status checked."))
    note = models.TextField(_("note"), blank=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["level__order", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name

    def exists_in(self, year: int) -> bool:
        """Whether the agency exists in ``year`` (its years may be open-ended)."""
        return (self.year_from is None or self.year_from <= year) and (self.year_to is None or year <= self.year_to)

    def clean(self):
        errors = {}
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("An agency cannot be its own parent.")
        if self.appraiser_id and self.appraiser_id == self.pk:
            errors["appraiser"] = _("An agency cannot appraise itself.")
        if self.year_from and self.year_to and self.year_to < self.year_from:
            errors["year_to"] = _("The last year comes before the first.")
        if not self.evaluated and not self.not_evaluated_reason.strip():
            errors["not_evaluated_reason"] = _("Say why this agency is not evaluated.")
        if errors:
            raise ValidationError(errors)
