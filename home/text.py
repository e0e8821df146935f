"""Text helpers for Vietnamese content."""

import re
import unicodedata

from unidecode import unidecode

_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII form of ``text``: "Hà Tĩnh, Đ" -> "ha tinh, d".

    Search compares folded text with the folded query, so a citizen typing on a
    keyboard without Vietnamese input finds the same pages as one typing with it.
    ``đ`` is a letter of its own, not ``d`` plus a mark, so plain Unicode
    decomposition would leave it; unidecode maps it to ``d``.
    """
    return unidecode(unicodedata.normalize("NFC", text)).lower()


def search_terms(text: str) -> list[str]:
    """The words of a folded query, with every operator or symbol dropped."""
    return _WORD.findall(fold(text))
