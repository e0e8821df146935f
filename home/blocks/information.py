"""Blocks for information pages: contact, the accessibility statement, the privacy policy."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .guidance import (
    RICH_TEXT_FEATURES,
    CalloutBlock,
    DocumentDownloadBlock,
    HeadingBlock,
    QuestionAnswerBlock,
    RichTextBlock,
)


class ContactDetailsBlock(blocks.StaticBlock):
    """The responsible office, address, phone and e-mail from the portal settings.

    Kept in the settings rather than typed into each page, so a new phone number is changed once
    and the contact page, the footer and the privacy policy all show it.
    """

    class Meta:
        icon = "mail"
        label = _("Contact details (from the portal settings)")
        admin_text = _("Shows the responsible office, address, phone and e-mail entered in Settings → Portal settings.")
        template = "blocks/contact_details.html"

    def get_context(self, value, parent_context=None):
        # Imported here: blocks are loaded by the models module, which must not be imported first.
        from home.models.settings import PortalSettings

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        context["portal"] = PortalSettings.load(request_or_site=request)
        return context


class InformationStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    rich_text = RichTextBlock(features=[*RICH_TEXT_FEATURES, "h3"])
    callout = CalloutBlock()
    question_answer = QuestionAnswerBlock()
    document = DocumentDownloadBlock()
    contact_details = ContactDetailsBlock()
