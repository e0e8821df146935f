"""The parts of a Vietnamese administrative document that Decree 30/2020/NĐ-CP prescribes.

They are written in Vietnamese here, not translated: the decree fixes their wording, and the document
an official signs and files is Vietnamese whatever language the interface is in.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from home.models.decisions import vietnamese_date_line

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"
DOCUMENT_TYPE = "BÁO CÁO"
TYPE_CODE = "BC"
NOTICE = "THÔNG BÁO"  # how a province announces results it has approved
NOTICE_CODE = "TB"
RECIPIENTS_HEADING = "Nơi nhận:"
ARCHIVE = "Lưu: VT."
SIGNER_TITLE = "THỦ TRƯỞNG CƠ QUAN"
SIGNER_NOTE = "(Ký, ghi rõ họ tên và đóng dấu)"

# "UBND xã Thiên Lộc" → "Thiên Lộc": the place a People's Committee is named after.
_COMMITTEE = re.compile(
    r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn)\s+(.+)$",
    re.IGNORECASE,
)
_SKIPPED_IN_ABBREVIATIONS = {"và"}


def nfc(text: object) -> str:
    return unicodedata.normalize("NFC", str(text if text is not None else ""))


def capitals(name: str) -> str:
    """An agency's name as the letterhead writes it: "UBND xã Thiên Lộc" → "UBND XÃ THIÊN LỘC"."""
    return nfc(nfc(name).upper())


def abbreviation(name: str) -> str:
    """The short name in a document's number: "UBND" for a People's Committee, else the initials
    ("Sở Kế hoạch và Đầu tư" → "SKHĐT")."""
    words = nfc(name).split()
    if not words:
        return ""
    if words[0].upper() == "UBND" or nfc(name).lower().startswith(("ủy ban nhân dân", "uỷ ban nhân dân")):
        return "UBND"
    return "".join(word[0].upper() for word in words if word.lower() not in _SKIPPED_IN_ABBREVIATIONS)


def number_line(agency_name: str, type_code: str = TYPE_CODE) -> str:
    """ "Số:      /BC-UBND": the number is left for the agency's registry to write when it files the document.
    ``type_code`` is the document type's abbreviation in Decree 30's list ("BC" a report, "TB" a notice)."""
    return f"Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/{type_code}-{abbreviation(agency_name)}"


def place_of(province: str, agency_name: str) -> str:
    """The place of the date line: the province the portal serves, else the place the agency is named after."""
    if province.strip():
        return nfc(province.strip())
    match = _COMMITTEE.match(nfc(agency_name).strip())
    return match.group(1) if match else ""


def date_line(place: str, day: datetime.date) -> str:
    """ "Hà Tĩnh, ngày 29 tháng 11 năm 2026" (without a place: "Ngày 29 tháng 11 năm 2026")."""
    if place:
        return vietnamese_date_line(place, day)
    line = vietnamese_date_line("", day).removeprefix(", ")
    return line[0].upper() + line[1:]
