"""Noto Sans for every Vietnamese glyph, registered once with reportlab.

The package ships variable fonts only, which reportlab reads at their default (regular) weight; bold
lines are drawn filled and stroked instead (see ``layout.Lines``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import fontpkg_noto_sans
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "NotoSans"
ITALIC = "NotoSans-Italic"


@cache
def register() -> None:
    files = Path(fontpkg_noto_sans.__file__).parent / "files"
    pdfmetrics.registerFont(TTFont(REGULAR, str(files / "NotoSans[wdth,wght].ttf")))
    pdfmetrics.registerFont(TTFont(ITALIC, str(files / "NotoSans-Italic[wdth,wght].ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=REGULAR, italic=ITALIC, boldItalic=ITALIC)
