"""The receipt drawn as an A4 administrative document (Decree 30/2020/NĐ-CP): letterhead and motto,
number and date lines, "BÁO CÁO" and its summary, the receipt box, the tables, the signature and the
recipients, and "Trang x/y" with the reference on every page."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from assessments.reporting.receipt import fonts, letterhead
from assessments.reporting.receipt.document import Receipt
from assessments.reporting.receipt.letterhead import nfc
from assessments.reporting.receipt.numbered_canvas import NumberedCanvas

# Margins within Decree 30's ranges (top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm),
# at their narrow end so the indicator tables keep room.
LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 15 * mm, 20 * mm, 20 * mm
WIDTH = A4[0] - LEFT - RIGHT
GRID = colors.HexColor("#888888")
SHADE = colors.HexColor("#eef2f6")
RULE_ROOM = 4  # points between a line and the rule under it


def markup(value: object) -> str:
    """NFC text, escaped for reportlab's paragraph markup (an agency's name may hold "<" or "&")."""
    return escape(nfc(value))


@dataclass(frozen=True)
class Line:
    text: str
    size: float = 12
    bold: bool = False
    italic: bool = False
    # A line under the text, as a share of its width: a third to a half under the agency's name,
    # the whole width under "Độc lập - Tự do - Hạnh phúc" (Decree 30).
    rule: float = 0


class Lines(Flowable):
    """Lines centred in the width they are given, wrapped to it. Bold lines are filled and stroked:
    the font package ships only a variable font, which reportlab draws at its regular weight."""

    def __init__(self, lines: list[Line]):
        super().__init__()
        self.lines = lines
        self._wrapped: list[tuple[Line, list[str]]] = []

    @staticmethod
    def _font(line: Line) -> str:
        return fonts.ITALIC if line.italic else fonts.REGULAR

    def _parts(self, line: Line, width: float) -> list[str]:
        text = nfc(line.text)
        if stringWidth(text, self._font(line), line.size) <= width:
            return [text]  # kept whole, so the blank of "Số:      /BC-UBND" and empty lines keep their room
        return simpleSplit(text, self._font(line), line.size, width)

    def wrap(self, available_width, available_height):
        self.width = available_width
        self._wrapped = [(line, self._parts(line, available_width)) for line in self.lines]
        self.height = sum(
            len(parts) * line.size * 1.3 + (RULE_ROOM if line.rule else 0) for line, parts in self._wrapped
        )
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        y = self.height
        for line, parts in self._wrapped:
            font = self._font(line)
            canvas.setFont(font, line.size)
            canvas.setLineWidth(line.size * 0.04)
            widest = 0.0
            for part in parts:
                y -= line.size * 1.3
                canvas.drawCentredString(self.width / 2, y + line.size * 0.3, part, mode=2 if line.bold else 0)
                widest = max(widest, stringWidth(part, font, line.size))
            if line.rule:
                y -= RULE_ROOM
                length = widest * line.rule
                canvas.setLineWidth(0.6)
                canvas.line((self.width - length) / 2, y + 1.5, (self.width + length) / 2, y + 1.5)


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    heading: ParagraphStyle
    centred: ParagraphStyle


@functools.cache
def styles() -> Styles:
    fonts.register()
    body = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=11, leading=15, spaceAfter=3)
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=9, leading=12, spaceAfter=0),
        cell=ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11, spaceAfter=0),
        heading=ParagraphStyle("heading", parent=body, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4),
        centred=ParagraphStyle("centred", parent=body, alignment=TA_CENTER),
    )


def letterhead_table(*, superior: str, issuer: str, number_line: str, date_line: str, width: float = WIDTH) -> Table:
    """Decree 30's header across ``width``: the issuing agency (under its superior, when it has one) and
    the document's number on the left; the national motto and the place-date line on the right."""
    left_width = 72 * mm
    agency = [Line(superior, 12)] if superior else []
    agency += [Line(issuer, 12, bold=True, rule=0.4), Line(number_line, 12)]
    motto = [
        Line(letterhead.MOTTO, 11.5, bold=True),
        Line(letterhead.SLOGAN, 12.5, bold=True, rule=1),
        Line(date_line, 12, italic=True),
    ]
    table = Table([[Lines(agency), Lines(motto)]], colWidths=[left_width, width - left_width])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _letterhead(receipt: Receipt) -> Table:
    return letterhead_table(
        superior=receipt.superior,
        issuer=receipt.issuer,
        number_line=receipt.number_line,
        date_line=receipt.date_line,
    )


def _receipt_box(receipt: Receipt, style: Styles) -> Table:
    submitted = _("Submitted at %(when)s by %(who)s") % {"when": receipt.submitted_at, "who": receipt.submitted_by}
    if receipt.late:
        submitted += " " + _("(after the deadline)")
    lines = [
        _("Report reference: %(reference)s") % {"reference": receipt.reference},
        _("Verification code: %(code)s") % {"code": receipt.verification_code},
        submitted,
    ]
    if receipt.check_address:
        lines.append(_("Anyone can check this receipt at %(address)s") % {"address": receipt.check_address})
    table = Table([[Paragraph(markup(line), style.small)] for line in lines], colWidths=[WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, GRID),
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _grid(data: list, widths: list[float], shaded_rows: list[int]) -> Table:
    table = Table(data, colWidths=widths, repeatRows=1)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
    ]
    commands += [("BACKGROUND", (0, row), (-1, row), SHADE) for row in shaded_rows]
    table.setStyle(TableStyle(commands))
    return table


def _scores(receipt: Receipt, style: Styles) -> Table:
    cell = style.cell
    headers = (_("Group"), _("Criteria group"), _("Self-score"), _("Maximum"))
    data = [[Paragraph(markup(header), cell) for header in headers]]
    for group in receipt.groups:
        data.append(
            [Paragraph(markup(value), cell) for value in (group.code, group.title, group.score, group.max_points)]
        )
    data.append(
        [Paragraph("", cell), Paragraph(markup(_("Total")), cell)]
        + [Paragraph(markup(value), cell) for value in (receipt.total, receipt.max_points)]
    )
    data.append([Paragraph("", cell), Paragraph(markup(_("Band")), cell), Paragraph(markup(receipt.band), cell), ""])
    return _grid(data, [16 * mm, WIDTH - 66 * mm, 25 * mm, 25 * mm], shaded_rows=[len(data) - 2, len(data) - 1])


def _indicators(receipt: Receipt, style: Styles) -> list:
    cell = style.cell
    widths = [13 * mm, 47 * mm, 40 * mm, 20 * mm, WIDTH - 120 * mm]
    headers = (_("Code"), _("Indicator"), _("Answer"), _("Self-score"), _("Evidence"))
    flowables = []
    for group in receipt.groups:
        heading = _("Group %(code)s. %(title)s: %(score)s / %(max)s points") % {
            "code": group.code,
            "title": group.title,
            "score": group.score,
            "max": group.max_points,
        }
        flowables.append(Paragraph(markup(heading), style.body))
        data = [[Paragraph(markup(header), cell) for header in headers]]
        for line in group.indicators:
            data.append(
                [
                    Paragraph(markup(value), cell)
                    for value in (line.code, line.title, line.answer, line.score, line.evidence)
                ]
            )
        flowables += [_grid(data, widths, shaded_rows=[]), Spacer(1, 3 * mm)]
    return flowables


def _signature(receipt: Receipt, style: Styles) -> KeepTogether:
    left_width, right_width = 80 * mm, WIDTH - 80 * mm
    recipients = [Paragraph(f"<i>{markup(letterhead.RECIPIENTS_HEADING)}</i>", style.small)]
    recipients += [Paragraph(markup(f"- {line}"), style.small) for line in receipt.recipients]
    signer = Lines(
        [
            Line(receipt.signer_title, 12, bold=True),
            Line(letterhead.SIGNER_NOTE, 10, italic=True),
            Line(" ", 12),
            Line(" ", 12),
            Line(" ", 12),
            Line(receipt.signer_name or " ", 12, bold=True),
        ]
    )
    table = Table([[recipients, signer]], colWidths=[left_width, right_width])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([Spacer(1, 6 * mm), table])


def story(receipt: Receipt) -> list:
    style = styles()
    period = _("Period: %(period)s (%(window)s).") % {"period": receipt.period, "window": receipt.data_window}
    criteria = _("Criteria set: %(criteria)s") % {"criteria": receipt.criteria}
    if receipt.decision:
        criteria += ", " + _("issued with %(decision)s") % {"decision": receipt.decision}
    return [
        _letterhead(receipt),
        Spacer(1, 8 * mm),
        Lines([Line(letterhead.DOCUMENT_TYPE, 14, bold=True), Line(receipt.summary, 12, bold=True, rule=0.25)]),
        Spacer(1, 5 * mm),
        _receipt_box(receipt, style),
        Paragraph(markup(_("I. Period and criteria set")), style.heading),
        Paragraph(markup(period), style.body),
        Paragraph(markup(criteria + "."), style.body),
        Paragraph(markup(_("II. Self-assessment results")), style.heading),
        _scores(receipt, style),
        Paragraph(markup(_("III. Indicator by indicator")), style.heading),
        *_indicators(receipt, style),
        _signature(receipt, style),
    ]


def render(receipt: Receipt) -> bytes:
    """The receipt as PDF bytes."""
    fonts.register()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=receipt.title,
        author=receipt.issuer,
        subject=receipt.summary,
    )
    footer = _("%(reference)s · verification code %(code)s") % {
        "reference": receipt.reference,
        "code": receipt.verification_code,
    }
    canvas_maker = functools.partial(NumberedCanvas, footer=nfc(footer), margins=(LEFT, RIGHT))
    document.build(story(receipt), canvasmaker=canvas_maker)
    return buffer.getvalue()
