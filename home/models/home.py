from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .search import FoldedSearchMixin


class HomePage(FoldedSearchMixin, Page):
    """The portal's front page: what it is, the decisions in force, the guidance."""

    lead = models.TextField(_("lead"), blank=True, help_text=_("One or two sentences under the title."))
    body = RichTextField(_("body"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    # Home's own indexes and information pages; other apps add theirs through the HOME_CHILD_PAGE_TYPES
    # hook (home.registry).
    subpage_types = ["home.DecisionIndexPage", "home.GuidanceIndexPage", "home.InformationPage"]
    max_count = 1

    @classmethod
    def clean_subpage_models(cls):
        if cls._clean_subpage_models is None:
            from wagtail.coreutils import resolve_model_string

            from home.registry import home_child_page_types

            own = super().clean_subpage_models()
            registered = [resolve_model_string(label) for label in home_child_page_types()]
            cls._clean_subpage_models = [*own, *(model for model in registered if model not in own)]
        return cls._clean_subpage_models

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def searchable_texts(self):
        yield from super().searchable_texts()
        yield self.lead
        yield self.body

    def get_context(self, request, *args, **kwargs):
        from home.registry import home_sections

        from .decisions import DecisionPage
        from .guidance import GuidancePage

        context = super().get_context(request, *args, **kwargs)
        context["decisions"] = DecisionPage.objects.live().descendant_of(self).in_force()
        context["guidance_pages"] = GuidancePage.objects.live().descendant_of(self).order_by("path")
        context["sections"] = home_sections(request)
        return context
