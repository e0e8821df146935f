import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Page


def tel_uri(phone: str) -> str:
    """A ``tel:`` link target for the first number written in ``phone`` ("" when it has none).

    The field is free text ("0239 000 0000, giờ hành chính"), so only the leading run of
    digits, spaces and punctuation is dialled; a second number or a note after it is left out.
    """
    match = re.match(r"\s*(\+?[\d\s().-]*\d)", phone)
    if match is None:
        return ""
    return "tel:" + re.sub(r"[^\d+]", "", match.group(1))


@register_setting(icon="site")
class PortalSettings(BaseGenericSetting):
    """Who runs the portal and how to reach them, shown in the footer of every page and on the
    contact page; and the pages the footer links to."""

    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("The body that runs the portal.")
    )
    office = models.CharField(
        _("responsible office"),
        max_length=200,
        blank=True,
        help_text=_("The office or department that runs the portal day to day and answers questions about it."),
    )
    province = models.CharField(_("province"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    # The footer's links to these pages follow them wherever editors move or rename them.
    contact_page = models.ForeignKey(
        Page, verbose_name=_("contact page"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accessibility_page = models.ForeignKey(
        Page,
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        Page, verbose_name=_("privacy policy"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Read with the settings in one query: the footer of every page shows them.
    select_related = ["contact_page", "accessibility_page", "privacy_page"]

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("office"),
                FieldPanel("province"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
            ],
            heading=_("Who runs the portal"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_page"), FieldPanel("accessibility_page"), FieldPanel("privacy_page")],
            heading=_("Pages linked from the footer"),
        ),
    ]

    class Meta:
        verbose_name = _("portal settings")

    @property
    def phone_uri(self) -> str:
        return tel_uri(self.phone)

    def footer_pages(self) -> list[Page]:
        """The contact, accessibility and privacy pages, in that order, leaving out any not chosen or
        not live (an unpublished page would answer 404)."""
        pages = [self.contact_page, self.accessibility_page, self.privacy_page]
        chosen: list[Page] = []
        for page in pages:
            if page is not None and page.live and page not in chosen:
                chosen.append(page)
        return chosen
