"""Guidance: how to report, the reporting calendar, questions and answers."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from home.blocks import GuidanceStreamBlock

from .search import FoldedSearchMixin


class GuidanceIndexPage(FoldedSearchMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.GuidancePage"]
    max_count = 1

    class Meta:
        verbose_name = _("guidance index")
        verbose_name_plural = _("guidance indexes")

    def searchable_texts(self):
        yield from super().searchable_texts()
        yield self.intro

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guidance_pages"] = GuidancePage.objects.child_of(self).live().order_by("path")
        return context


class GuidancePage(FoldedSearchMixin, Page):
    """A guidance page composed of headings, text, callouts, Q&A, downloads and tables."""

    summary = models.TextField(_("summary"), blank=True, help_text=_("Shown in lists and under the title."))
    body = StreamField(GuidanceStreamBlock, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]

    parent_page_types = ["home.GuidanceIndexPage", "home.GuidancePage"]
    subpage_types = ["home.GuidancePage"]

    class Meta:
        verbose_name = _("guidance page")
        verbose_name_plural = _("guidance pages")

    def searchable_texts(self):
        yield from super().searchable_texts()
        yield self.summary
