"""The PDF of a submitted report, for the agency's records (reportlab, Noto Sans for every Vietnamese glyph)."""

from __future__ import annotations

import io
import unicodedata
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import fontpkg_noto_sans
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from assessments import formatting
from assessments.formatting import points, score_text
from assessments.models import Answer, Evidence, Report
from assessments.reporting.answers import answer_text
from assessments.scoring import CriteriaSet, ReportScore

FONT = "NotoSans"


@cache
def _register_font() -> str:
    path = Path(fontpkg_noto_sans.__file__).parent / "files" / "NotoSans[wdth,wght].ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(path)))
    return FONT


def _text(value: object) -> str:
    """NFC text, escaped for reportlab's paragraph markup."""
    return escape(unicodedata.normalize("NFC", str(value if value is not None else "")))


def report_pdf(
    report: Report,
    criteria: CriteriaSet,
    titles: dict[str, str],
    score: ReportScore,
    rows: dict[str, Answer],
    evidence: list[Evidence],
) -> bytes:
    font = _register_font()
    title = ParagraphStyle("title", fontName=font, fontSize=15, leading=19, spaceAfter=6)
    heading = ParagraphStyle("heading", fontName=font, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"{report.agency.name} {report.period}",
        author=report.agency.name,
    )
    submitted = formatting.second(report.submitted_at) if report.submitted_at else "—"
    story = [
        Paragraph(_text(report.agency.name), title),
        Paragraph(_text(f"{report.period}"), body),
        Paragraph(_text(_("Submitted at %(when)s") % {"when": submitted}), body),
        Paragraph(
            _text(
                _("Self-score: %(total)s / %(max)s")
                % {"total": points(score.total), "max": points(score.max_applicable)}
            )
            + (f" · {_text(score.band)}" if score.band else ""),
            body,
        ),
        Spacer(1, 4 * mm),
    ]
    indicators = {indicator.code: indicator for indicator in criteria.indicators()}
    evidence_by_code: dict[str, list[str]] = {}
    for item in evidence:
        label = item.original_name or " ".join(filter(None, [item.document_number, item.document_summary])) or item.url
        evidence_by_code.setdefault(item.code, []).append(label)
    for group_code, group_score in score.groups.items():
        story.append(
            Paragraph(
                _text(
                    f"{group_code}. {titles.get(group_code, '')} — "
                    f"{points(group_score.score)} / {points(group_score.max_points)}"
                ),
                heading,
            )
        )
        data = [[Paragraph(_text(header), body) for header in (_("Code"), _("Answer"), _("Self-score"), _("Evidence"))]]
        for indicator in next(group for group in criteria.groups if group.code == group_code).indicators:
            code = indicator.code
            indicator_score = score.indicators[code]
            row = rows.get(code)
            answer = answer_text(indicators[code], row)
            if row is not None and row.explanation:
                answer += f" · {_('Explanation')}: {row.explanation}"
            data.append(
                [
                    Paragraph(_text(code), body),
                    Paragraph(_text(answer), body),
                    Paragraph(_text(score_text(indicator_score)), body),
                    Paragraph(_text("; ".join(evidence_by_code.get(code, [])) or "—"), body),
                ]
            )
        table = Table(data, colWidths=[16 * mm, 92 * mm, 22 * mm, 50 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f6f9")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    document.build(story)
    return buffer.getvalue()
