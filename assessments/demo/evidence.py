"""A scanned-document stand-in for the demo's file evidence: a one-page PDF naming the agency and the
indicator, made with the receipt's embedded font so the Vietnamese shows in any viewer."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from assessments.reporting.receipt import fonts


def sample_pdf(agency_name: str, code: str, year: int) -> ContentFile:
    fonts.register()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setTitle(f"Biên bản kiểm tra chỉ số {code}")
    page.setFont(fonts.REGULAR, 14)
    top = A4[1] - 30 * mm
    page.drawCentredString(A4[0] / 2, top, "BIÊN BẢN KIỂM TRA")
    page.setFont(fonts.REGULAR, 11)
    for offset, line in enumerate(
        (
            f"Cơ quan: {agency_name}",
            f"Chỉ số {code}, năm {year}",
            "Tài liệu minh họa của bản trình diễn, không có giá trị pháp lý.",
        ),
        start=1,
    ):
        page.drawString(25 * mm, top - offset * 9 * mm, line)
    page.showPage()
    page.save()
    return ContentFile(buffer.getvalue(), name="upload.pdf")
