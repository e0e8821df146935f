"""Blocks for guidance pages: how to report, the calendar, questions and answers."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock

from home.registry import guidance_blocks

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"))
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading.html"


class RichTextBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Rich text")
        template = "blocks/rich_text.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted box for a deadline, a warning or a tip."""

    tone = blocks.ChoiceBlock(
        label=_("Tone"),
        choices=[("info", _("Information")), ("warning", _("Important")), ("success", _("Tip"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("Title"), required=False)
    body = blocks.RichTextBlock(label=_("Body"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "blocks/callout.html"


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "blocks/question_answer.html"


class DocumentDownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Link text"), required=False, help_text=_("Defaults to the document's title."))
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "download"
        label = _("Document download")
        template = "blocks/document_download.html"


class GuidanceStreamBlock(blocks.StreamBlock):
    """Home's own blocks, then those other apps register (``home.registry.GUIDANCE_BLOCKS``).

    Give the StreamField the class, not an instance: it builds the block when first used, once
    every app's hooks can be read (an instance made at import would ask before they are loaded).
    """

    heading = HeadingBlock()
    rich_text = RichTextBlock(features=[*RICH_TEXT_FEATURES, "h3"])
    callout = CalloutBlock()
    question_answer = QuestionAnswerBlock()
    document = DocumentDownloadBlock()
    table = TableBlock(label=_("Table"), icon="table", table_options={"startRows": 3, "startCols": 3})

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__([*guidance_blocks(), *(local_blocks or [])], **kwargs)
