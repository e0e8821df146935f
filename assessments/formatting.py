"""Numbers, scores and times as Vietnamese readers write them, for pages, PDFs, mails and exports alike.

One place, so a score reads the same on the form, the check page, the live
update and the PDF, and an indicator without a number (not scored,
not applicable, waiting for its cohort) is written as words, never formatted
as a number it does not have.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _

from assessments.scoring import IndicatorScore


def points(value: object) -> str:
    """A number as people write it: 40 not 40.00, "0,5" in Vietnamese; "—" when there is none."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value))
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return number_format(number, force_grouping=False)


def fixed(value: object, places: int = 2) -> str:
    """A number with a set count of decimals, as results tables print scores so their columns line up:
    "966,10", an index "0,9661"; "—" when there is none. Rounded half up, as the scoring engine rounds.

    Written directly rather than through Django's number_format (the portal never groups thousands):
    a results table of 3,000 agencies prints over 100,000 of these, at a sixth of the cost."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format(number, "f").replace(".", get_format("DECIMAL_SEPARATOR"))


def read_number(text: str) -> str:
    """A number as it may be typed in Vietnam, in the form ``Decimal`` reads; anything else unchanged.

    The comma is the decimal mark and the dot groups thousands ("2,5" → "2.5", "1.234,5" → "1234.5",
    "1.000.000" → "1000000"); spaces group thousands too. Where both marks appear, the last one is the
    decimal mark ("1,234.5" → "1234.5"). A single dot reads as a decimal point ("2.5", "0.25"), except
    before exactly three digits ("1.000"), which is how a thousand is written here.
    """
    cleaned = "".join(text.split())  # spaces, no-break spaces included
    commas, dots = cleaned.count(","), cleaned.count(".")
    if commas and dots:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        grouping = "." if decimal_mark == "," else ","
        return cleaned.replace(grouping, "").replace(decimal_mark, ".")
    if commas:
        return cleaned.replace(",", ".") if commas == 1 else cleaned.replace(",", "")
    if dots > 1:
        return cleaned.replace(".", "")
    if dots == 1:
        whole, fraction = cleaned.split(".")
        if len(fraction) == 3 and whole.lstrip("+-").isdigit() and whole.lstrip("+-") not in ("", "0"):
            return cleaned.replace(".", "")
    return cleaned


def score_text(score: IndicatorScore) -> str:
    """An indicator's score, or why it has none."""
    if score.pending:
        return _("known when the cohort is complete")
    if score.not_applicable:
        return _("not applicable")
    if score.score is None:
        return _("not scored")
    return points(score.score)


def _local(moment: datetime.datetime) -> datetime.datetime:
    # Every date and deadline is read in the portal's zone (Asia/Ho_Chi_Minh), whatever the server's.
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE))


def day(moment: datetime.datetime) -> str:
    """29/11/2026"""
    return _local(moment).strftime("%d/%m/%Y")


def minute(moment: datetime.datetime) -> str:
    """14:05 29/11/2026, as deadlines are written."""
    return _local(moment).strftime("%H:%M %d/%m/%Y")


def second(moment: datetime.datetime) -> str:
    """14:05:09 29/11/2026, as submissions are receipted."""
    return _local(moment).strftime("%H:%M:%S %d/%m/%Y")


def stamp(moment: datetime.datetime) -> str:
    """29/11/2026 14:05, as a signed document records when it was submitted."""
    return _local(moment).strftime("%d/%m/%Y %H:%M")


def clock(moment: datetime.datetime) -> str:
    """14:05:09, for "saved at" within the day."""
    return _local(moment).strftime("%H:%M:%S")
