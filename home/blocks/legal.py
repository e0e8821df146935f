"""Blocks for legal documents, shaped like a Vietnamese administrative decision.

A decision reads: the "Căn cứ" preamble, then articles (Điều) holding numbered
clauses (khoản) holding lettered points (điểm), then recipients (Nơi nhận) and
the signature block. Editors compose exactly those parts, so the public page can
lay them out the way the signed document is laid out.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


class PreambleItemBlock(blocks.StructBlock):
    """One line of the preamble: a legal basis ("Căn cứ ...") or the proposal it answers."""

    text = blocks.TextBlock(
        label=_("Text"), help_text=_('For example "Căn cứ Luật Công nghệ thông tin ngày 29/6/2006;"')
    )

    class Meta:
        icon = "openquote"
        label = _("Preamble item")
        template = "blocks/preamble_item.html"


class PreambleStreamBlock(blocks.StreamBlock):
    preamble_item = PreambleItemBlock()

    class Meta:
        required = False


class PointBlock(blocks.StructBlock):
    """A lettered point (điểm a, b, c) inside a clause, optionally with dashed items."""

    letter = blocks.CharBlock(label=_("Letter"), max_length=4, help_text=_('"a", "b", "đ"...'))
    text = blocks.TextBlock(label=_("Text"), required=False)
    items = blocks.ListBlock(blocks.TextBlock(label=_("Item")), label=_("Dashed items"), required=False)

    class Meta:
        icon = "list-ul"
        label = _("Point")
        template = "blocks/point.html"

    def clean(self, value):
        value = super().clean(value)
        if not value["text"] and not value["items"]:
            raise StructBlockValidationError(
                block_errors={"text": ValidationError(_("A point needs text or at least one item."))}
            )
        return value


class ClauseBlock(blocks.StructBlock):
    """A numbered clause (khoản 1, 2, 3) of an article."""

    number = blocks.CharBlock(label=_("Number"), max_length=8)
    text = blocks.TextBlock(label=_("Text"), required=False)
    points = blocks.ListBlock(PointBlock(), label=_("Points"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Clause")
        template = "blocks/clause.html"

    def clean(self, value):
        value = super().clean(value)
        if not value["text"] and not value["points"]:
            raise StructBlockValidationError(
                block_errors={"text": ValidationError(_("A clause needs text or at least one point."))}
            )
        letters = [point["letter"].strip().lower() for point in value["points"]]
        if len(letters) != len(set(letters)):
            raise StructBlockValidationError(
                block_errors={"points": ValidationError(_("Two points of a clause have the same letter."))}
            )
        return value


class ArticleContentBlock(blocks.StreamBlock):
    paragraph = blocks.TextBlock(label=_("Paragraph"), template="blocks/paragraph.html")
    clause = ClauseBlock()


class ArticleBlock(blocks.StructBlock):
    """An article (Điều) with its own heading, paragraphs and clauses."""

    number = blocks.CharBlock(label=_("Article number"), max_length=8)
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    content = ArticleContentBlock(label=_("Content"))

    class Meta:
        icon = "doc-full"
        label = _("Article")
        template = "blocks/article.html"

    def clean(self, value):
        value = super().clean(value)
        numbers = [child.value["number"].strip() for child in value["content"] if child.block_type == "clause"]
        if len(numbers) != len(set(numbers)):
            raise StructBlockValidationError(
                block_errors={"content": ValidationError(_("Two clauses of an article have the same number."))}
            )
        return value


class RecipientsBlock(blocks.StructBlock):
    """The "Nơi nhận" list printed at the bottom left of the document."""

    heading = blocks.CharBlock(label=_("Heading"), default="Nơi nhận:")
    recipients = blocks.ListBlock(blocks.CharBlock(label=_("Recipient")), label=_("Recipients"))

    class Meta:
        icon = "group"
        label = _("Recipients")
        template = "blocks/recipients.html"


class SignatureBlock(blocks.StructBlock):
    """The signature block: capacity lines (TM., KT., title) and the signer's name."""

    lines = blocks.ListBlock(
        blocks.CharBlock(label=_("Line")),
        label=_("Capacity lines"),
        help_text=_('For example "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH".'),
    )
    signer = blocks.CharBlock(label=_("Signer"), required=False)

    class Meta:
        icon = "edit"
        label = _("Signature")
        template = "blocks/signature.html"


class ClosingStreamBlock(blocks.StreamBlock):
    recipients = RecipientsBlock()
    signature = SignatureBlock()

    class Meta:
        required = False
        block_counts = {"recipients": {"max_num": 1}, "signature": {"max_num": 1}}


class ArticlesStreamBlock(blocks.StreamBlock):
    article = ArticleBlock()

    def clean(self, value):
        value = super().clean(value)
        numbers = [child.value["number"].strip() for child in value]
        duplicates = {number for number in numbers if numbers.count(number) > 1}
        if duplicates:
            raise blocks.StreamBlockValidationError(
                non_block_errors=[
                    ValidationError(
                        _("Article numbers must be unique: %(numbers)s") % {"numbers": ", ".join(sorted(duplicates))}
                    )
                ]
            )
        return value
