"""The public results pages: an index under the home page and one page per evaluated year.

A year's page publishes exactly the approved results it was saved with: each revision records the latest
approved version of every cohort of the year at the time it is saved (``snapshot_ids``), so a version
approved afterwards reaches the public only when an editor publishes the page again (through Wagtail's
moderation and scheduling, like any page), and the earlier revision stays readable in the page history.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from assessments.models import PeriodKind, ResultSnapshot

RICH_TEXT = ["bold", "italic", "link", "ol", "ul"]


def latest_snapshot_ids(year: int) -> list[int]:
    """The latest approved version of every cohort of ``year``'s annual evaluations (two queries)."""
    latest = (
        ResultSnapshot.objects.filter(period__year=year, period__kind=PeriodKind.ANNUAL)
        .values("period", "level", "within")
        .annotate(version=Max("version"))
    )
    wanted = models.Q(pk__in=[])
    for row in latest:
        wanted |= models.Q(period=row["period"], level=row["level"], within=row["within"], version=row["version"])
    return sorted(ResultSnapshot.objects.filter(wanted).values_list("pk", flat=True)) if latest else []


class CachedForVisitors:
    """Anonymous visitors get a cached copy (publications.cache), dropped whenever results are published."""

    def serve(self, request, *args, **kwargs):
        from publications.cache import serve_cached

        return serve_cached(request, lambda: super(CachedForVisitors, self).serve(request, *args, **kwargs))


class ResultsIndexPage(CachedForVisitors, RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["publications.AnnualResultsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("results index")
        verbose_name_plural = _("results indexes")

    def get_context(self, request, *args, **kwargs):
        from publications.views import live_years

        context = super().get_context(request, *args, **kwargs)
        context["years"] = live_years(self)
        return context

    @path("co-quan/<str:code>/", name="agency")
    def agency(self, request, code: str):
        from publications import views

        return views.agency_history(request, self, code)


class AnnualResultsPage(CachedForVisitors, RoutablePageMixin, Page):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT)
    # What this revision publishes: filled in when the page is saved (see the module's docstring).
    snapshot_ids = models.JSONField(default=list, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("year"),
        FieldPanel("intro"),
        HelpPanel(
            content=_(
                "Saving the page takes the latest approved results of every cohort of the year; "
                "publish it again after a new version of the results is approved."
            )
        ),
    ]
    parent_page_types = ["publications.ResultsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("annual results page")
        verbose_name_plural = _("annual results pages")

    def save_revision(self, *args, **kwargs):
        from publications.published import ensure_rankings

        self.snapshot_ids = latest_snapshot_ids(self.year)
        ensure_rankings(self.snapshot_ids)
        return super().save_revision(*args, **kwargs)

    @path("")
    def results(self, request):
        from publications import views

        return views.annual_results(request, self)

    @path("huyen/<str:code>/", name="district")
    def district(self, request, code: str):
        from publications import views

        return views.district_results(request, self, code)


class PublishedDocument(models.Model):
    """The official results PDF of a published revision, built once when it is published and kept."""

    page = models.ForeignKey(AnnualResultsPage, on_delete=models.CASCADE, related_name="documents")
    revision = models.ForeignKey("wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+")
    snapshot_ids = models.JSONField(default=list)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    built_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-built_at", "-pk"]
        verbose_name = _("published results document")
        verbose_name_plural = _("published results documents")

    def __str__(self) -> str:
        return f"{self.page} · {self.sha256[:12]}"


class PublishedRanking(models.Model):
    """A snapshot's ranking as the pages show it: the criteria's groups and one plain row per agency
    (:func:`publications.published.slim`), without the answers, the corrections and the per-indicator
    scores (most of the snapshot's size). Made once, when a page first publishes the snapshot (approved
    snapshots never change), so a page view reads a few kilobytes per cohort, not megabytes."""

    snapshot = models.OneToOneField(ResultSnapshot, on_delete=models.CASCADE, primary_key=True, related_name="+")
    data = models.JSONField()

    class Meta:
        verbose_name = _("published ranking")
        verbose_name_plural = _("published rankings")

    def __str__(self) -> str:
        return str(self.snapshot_id)


class PublishedAgencyResult(models.Model):
    """One agency's entry of a published snapshot (standing, rank, scores per group and indicator, the
    appraiser's corrections), made with the snapshot's :class:`PublishedRanking`: an agency's page reads its
    own few kilobytes per year, not every agency's answers of every year (megabytes at national scale)."""

    snapshot = models.ForeignKey(ResultSnapshot, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=64)
    data = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "code"], name="publications_one_entry_per_agency")]
        indexes = [models.Index(fields=["code"], name="publications_entry_code")]
        verbose_name = _("published agency result")
        verbose_name_plural = _("published agency results")

    def __str__(self) -> str:
        return f"{self.snapshot_id} · {self.code}"
