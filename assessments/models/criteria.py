"""Criteria sets: pages under their decision whose StreamField is both the public text and the form."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from assessments.blocks import CriteriaStreamBlock
from assessments.definitions.rules import build_criteria_set, structure_problems
from assessments.scoring import CriteriaSet
from home.models.search import FoldedSearchMixin


class CriteriaSetPageForm(WagtailAdminPageForm):
    """Checks the groups against the declared total only when both are valid.

    Done here rather than in the model's clean(): when the groups have errors,
    the model still holds the old groups, and comparing those with a new total
    would send the editor after a problem that is not there.
    """

    def clean(self):
        cleaned_data = super().clean()
        groups, max_total = cleaned_data.get("groups"), cleaned_data.get("max_total")
        if groups is not None and max_total is not None and not self.has_error("groups"):
            for problem in structure_problems([child.value for child in groups], max_total):
                self.add_error("max_total", problem)
        return cleaned_data


class CriteriaSetPage(FoldedSearchMixin, Page):
    """One appendix of a decision: the criteria for one or more levels of agency."""

    appendix = models.CharField(_("appendix"), max_length=80, help_text=_('For example "Phụ lục 1".'))
    applies_to = models.TextField(_("applies to"), help_text=_("Who is evaluated with this set, as the decision says."))
    levels = ParentalManyToManyField("assessments.AgencyLevel", verbose_name=_("agency levels"), blank=False)
    year_from = models.PositiveSmallIntegerField(_("in force from year"))
    year_to = models.PositiveSmallIntegerField(_("in force until year"), null=True, blank=True)
    max_total = models.DecimalField(_("maximum total"), max_digits=8, decimal_places=2, default=Decimal(1000))
    note = models.TextField(_("note"), blank=True)
    notice = models.TextField(
        _("notice"),
        blank=True,
        help_text=_(
            "Shown as a warning at the top of the public page, for instance when this set is an illustrative "
            "stand-in for the official appendix. Leave empty for an official set."
        ),
    )
    groups = StreamField(CriteriaStreamBlock(), verbose_name=_("criteria groups"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("notice"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("appendix"), FieldPanel("max_total")]),
                FieldPanel("applies_to"),
                FieldPanel("levels"),
                FieldRowPanel([FieldPanel("year_from"), FieldPanel("year_to")]),
                FieldPanel("note"),
            ],
            heading=_("Criteria set"),
        ),
        InlinePanel("bands", heading=_("Classification bands"), label=_("Band"), min_num=1),
        FieldPanel("groups"),
    ]
    search_fields = [*FoldedSearchMixin.search_fields, index.SearchField("appendix")]

    base_form_class = CriteriaSetPageForm
    parent_page_types = ["home.DecisionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")

    def searchable_texts(self):
        yield from super().searchable_texts()
        yield from (self.appendix, self.applies_to, self.note, self.notice)

    def clean(self):
        super().clean()
        errors = {}
        if self.year_to and self.year_to < self.year_from:
            errors["year_to"] = _("The last year comes before the first.")
        if errors:
            raise ValidationError(errors)

    @cached_property
    def scoring(self) -> CriteriaSet:
        """The engine's view of this set (as saved on this instance, which may be a past revision)."""
        bands = [{"label": band.label, "min_percent": band.min_percent} for band in self.bands.all()]
        return build_criteria_set([child.value for child in self.groups], bands, self.max_total)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["levels"] = [level.name for level in self.levels.all()]
        context["bands"] = sorted(self.bands.all(), key=lambda band: band.min_percent, reverse=True)
        return context

    def in_force(self, year: int) -> bool:
        return self.year_from <= year and (self.year_to is None or year <= self.year_to)


class CriteriaSetBand(Orderable):
    """A classification band (Xếp loại): reached when the share of points is at least ``min_percent``."""

    page = ParentalKey(CriteriaSetPage, on_delete=models.CASCADE, related_name="bands")
    label = models.CharField(_("band"), max_length=60)
    min_percent = models.DecimalField(
        # xgettext:no-python-format
        _("from (% of applicable max)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("min_percent")])]

    class Meta(Orderable.Meta):
        verbose_name = _("classification band")
        verbose_name_plural = _("classification bands")
