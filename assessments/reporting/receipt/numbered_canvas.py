"""A canvas that writes "Trang x/y" and the receipt's reference on every page.

The number of pages is known only once the story is laid out, so the canvas keeps each page's state
and draws the footers when the document is saved (reportlab's two-pass canvas recipe).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from assessments.reporting.receipt import fonts

FOOTER_SIZE = 8


class NumberedCanvas(canvas.Canvas):
    def __init__(self, *args, footer: str = "", margins: tuple[float, float] = (20 * mm, 15 * mm), **kwargs):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._margins = margins
        self._pages: list[dict] = []

    def showPage(self):  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width, _height = self._pagesize
        left, right = self._margins
        self.saveState()
        self.setFont(fonts.REGULAR, FOOTER_SIZE)
        self.setFillColor(colors.HexColor("#444444"))
        y = 10 * mm
        if self._footer:
            self.drawString(left, y, self._footer)
        self.drawRightString(
            width - right, y, _("Page %(page)d/%(pages)d") % {"page": self._pageNumber, "pages": total}
        )
        self.restoreState()
