"""Decisions: the legal documents the portal implements, versioned over the years."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from home.blocks import ArticlesStreamBlock, ClosingStreamBlock, PreambleStreamBlock

from .search import FoldedSearchMixin


class DecisionStatus(models.TextChoices):
    NOT_YET_IN_FORCE = "not_yet_in_force", _("not yet in force")
    IN_FORCE = "in_force", _("in force")
    REPLACED = "replaced", _("no longer in force")


def decision_status(
    effective: datetime.date, replaced_from: datetime.date | None, today: datetime.date
) -> DecisionStatus:
    """Where a decision stands on ``today``.

    ``replaced_from`` is the date the replacing decision takes effect; until
    then the old decision still applies.
    """
    if replaced_from is not None and replaced_from <= today:
        return DecisionStatus.REPLACED
    if effective > today:
        return DecisionStatus.NOT_YET_IN_FORCE
    return DecisionStatus.IN_FORCE


def vietnamese_date_line(place: str, day: datetime.date) -> str:
    """The place-and-date line of a Vietnamese document: "Hà Tĩnh, ngày 11 tháng 8 năm 2021".

    Decree 30/2020/NĐ-CP writes days below 10 and months below 3 with a leading zero.
    """
    day_text = f"{day.day:02d}" if day.day < 10 else str(day.day)
    month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day_text} tháng {month_text} năm {day.year}"


class DecisionQuerySet(PageQuerySet):
    def with_replacements(self) -> "DecisionQuerySet":
        """Loads the live decisions replacing each one, for status without a query per row."""
        return self.prefetch_related(
            Prefetch(
                "replaced_by",
                queryset=DecisionPage.objects.live().order_by("effective_date"),
                to_attr="live_replacements",
            )
        )

    def in_force(self, today: datetime.date | None = None) -> "DecisionQuerySet":
        today = today or timezone.localdate()
        replaced = (
            DecisionPage.objects.live().filter(effective_date__lte=today, replaces__isnull=False).values("replaces_id")
        )
        return self.filter(effective_date__lte=today).exclude(pk__in=replaced).order_by("-date_issued")


DecisionManager = PageManager.from_queryset(DecisionQuerySet)


class DecisionIndexPage(FoldedSearchMixin, Page):
    """The list of decisions, newest first, each with its status."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.DecisionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("decision index")
        verbose_name_plural = _("decision indexes")

    def searchable_texts(self):
        yield from super().searchable_texts()
        yield self.intro

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["decisions"] = (
            DecisionPage.objects.child_of(self).live().with_replacements().order_by("-date_issued", "title")
        )
        return context


class DecisionPage(FoldedSearchMixin, Page):
    """One decision as the signed document reads: header, preamble, articles, recipients, signature."""

    document_type = models.CharField(_("document type"), max_length=80, default="Quyết định")
    number = models.CharField(_("number"), max_length=64, help_text=_('For example "2853/QĐ-UBND".'))
    issuer = models.CharField(_("issuing body"), max_length=200)
    place = models.CharField(_("place of issue"), max_length=100)
    date_issued = models.DateField(_("date issued"))
    effective_date = models.DateField(_("effective date"))
    subject = models.TextField(_("subject"), help_text=_("The summary line under the document type."))
    authority_heading = models.CharField(
        _("authority heading"),
        max_length=200,
        blank=True,
        help_text=_('The line above the preamble, for example "ỦY BAN NHÂN DÂN TỈNH".'),
    )
    replaces = models.ForeignKey(
        "home.DecisionPage",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        help_text=_("The earlier decision this one replaces; that decision then shows as replaced."),
    )
    preamble = StreamField(PreambleStreamBlock(), verbose_name=_("preamble"), blank=True)
    articles = StreamField(
        ArticlesStreamBlock(),
        verbose_name=_("articles"),
        blank=True,
        help_text=_("May stay empty for an older decision whose full text is not published here."),
    )
    closing = StreamField(ClosingStreamBlock(), verbose_name=_("recipients and signature"), blank=True)
    source_note = models.TextField(
        _("note on the source"), blank=True, help_text=_("Where this text comes from and what it leaves out.")
    )

    objects = DecisionManager()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("document_type"), FieldPanel("number")]),
                FieldPanel("issuer"),
                FieldRowPanel([FieldPanel("place"), FieldPanel("date_issued"), FieldPanel("effective_date")]),
                FieldPanel("subject"),
                FieldPanel("replaces"),
            ],
            heading=_("Document details"),
        ),
        FieldPanel("authority_heading"),
        FieldPanel("preamble"),
        FieldPanel("articles"),
        FieldPanel("closing"),
        FieldPanel("source_note"),
    ]

    parent_page_types = ["home.DecisionIndexPage"]
    # No subpage_types: criteria sets (in assessments) name DecisionPage as their parent,
    # so home never has to name the apps built on it.

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def searchable_texts(self):
        yield from super().searchable_texts()
        yield from (self.document_type, self.number, self.issuer, self.place, self.subject, self.authority_heading)

    def clean(self):
        super().clean()
        errors = {}
        if self.replaces_id and self.replaces_id == self.pk:
            errors["replaces"] = _("A decision cannot replace itself.")
        elif self.replaces_id and self.pk and self._replacement_chain_reaches_self():
            errors["replaces"] = _("This would make the two decisions replace each other.")
        # Compared in Python: SQLite folds case of ASCII letters only, and numbers hold "Đ".
        other_numbers = DecisionPage.objects.exclude(pk=self.pk).values_list("number", flat=True)
        if self.number and self.number.strip().casefold() in {number.strip().casefold() for number in other_numbers}:
            errors["number"] = _("Another decision already has this number.")
        if errors:
            raise ValidationError(errors)

    def _replacement_chain_reaches_self(self) -> bool:
        seen = set()
        current = self.replaces
        while current is not None and current.pk not in seen:
            if current.pk == self.pk:
                return True
            seen.add(current.pk)
            current = current.replaces
        return False

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The pages published under a decision are its annexes (the criteria sets).
        context["annexes"] = self.get_children().live().public().order_by("path")
        return context

    @cached_property
    def replacement(self) -> "DecisionPage | None":
        """The live decision that replaced this one, if any."""
        if hasattr(self, "live_replacements"):
            return self.live_replacements[0] if self.live_replacements else None
        return self.replaced_by.live().order_by("effective_date").first()

    @property
    def status(self) -> DecisionStatus:
        replacement = self.replacement
        return decision_status(
            self.effective_date, replacement.effective_date if replacement else None, timezone.localdate()
        )

    @property
    def date_line(self) -> str:
        return vietnamese_date_line(self.place, self.date_issued)

    @property
    def full_reference(self) -> str:
        """How other documents cite this one: "Quyết định số 2853/QĐ-UBND ngày 11/08/2021"."""
        return f"{self.document_type} số {self.number} ngày {self.date_issued:%d/%m/%Y}"
