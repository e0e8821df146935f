"""Information pages: how to contact the office that runs the portal, the accessibility
statement, the privacy policy, and any other page of plain information under the home page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from home.blocks.information import InformationStreamBlock

from .search import FoldedSearchMixin


class InformationPage(FoldedSearchMixin, Page):
    """A page of text under the home page. Its body may show the contact details kept in the
    portal settings (the "contact details" block), so they are typed once. The footer links to
    the pages chosen in the portal settings as the contact, accessibility and privacy pages."""

    summary = models.TextField(_("summary"), blank=True, help_text=_("Shown under the title and in search results."))
    body = StreamField(InformationStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")

    def searchable_texts(self):
        yield from super().searchable_texts()
        yield self.summary
