"""Numbers, scores and dates as Vietnamese readers write them, for pages, PDFs and exports alike.

One place, so a score reads the same on the form, the check page, the live
update and the PDF, and an indicator without a number (not scored,
not applicable, waiting for its cohort) is written as words, never formatted
as a number it does not have.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from assessments.scoring import IndicatorScore


def points(value: object) -> str:
    """A number as people write it: 40 not 40.00, "0,5" in Vietnamese; "—" when there is none."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value))
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return number_format(number, force_grouping=False)


def score_text(score: IndicatorScore) -> str:
    """An indicator's score, or why it has none."""
    if score.pending:
        return _("known when the cohort is complete")
    if score.not_applicable:
        return _("not applicable")
    if score.score is None:
        return _("not scored")
    return points(score.score)
