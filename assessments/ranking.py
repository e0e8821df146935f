"""Ranking a cohort: MINMAX across the cohort, then every agency's scores and its rank.

Plain typed functions over plain data, beside :mod:`assessments.scoring`: the
appraiser's workspace, the approved results snapshot and (through the snapshot)
publication all rank with :func:`rank_cohort`, and ``manage.py rank_cohort``
recomputes a published ranking from the open data with the same function.

Rules (DESIGN.md §3):
- MINMAX indicators are scaled between the lowest and highest value among the
  agencies of the cohort that reported; agencies that did not report and
  excluded agencies take no part in the range;
- agencies are ordered by total, highest first, then by name in Vietnamese
  alphabetical order; equal totals share a rank and the next rank skips
  (1, 2, 2, 4);
- an agency that did not report is listed after the ranked ones, unranked,
  never dropped; an excluded agency (not evaluated under the decision) is
  never listed.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from assessments.scoring import (
    ZERO,
    AnswerValue,
    CriteriaSet,
    Method,
    Range,
    ReportScore,
    cohort_ranges,
    score_report,
)


class Standing(enum.StrEnum):
    RANKED = "ranked"
    NOT_REPORTED = "not_reported"


@dataclass(frozen=True)
class Member:
    """One agency of a cohort, with its final answers (``None`` when it did not report)."""

    code: str
    name: str
    answers: Mapping[str, AnswerValue] | None
    excluded: bool = False


@dataclass(frozen=True)
class Placing:
    code: str
    name: str
    standing: Standing
    rank: int | None
    score: ReportScore | None


@dataclass(frozen=True)
class CohortRanking:
    ranges: dict[str, Range]
    placings: tuple[Placing, ...]

    def placing(self, code: str) -> Placing | None:
        return next((placing for placing in self.placings if placing.code == code), None)


# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
# Letters with a breve, circumflex or horn (and đ) are letters of their own; the five tone marks
# only break ties, after the letters, as dictionaries order them.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def name_key(name: str) -> tuple[tuple, tuple]:
    """Sort key for a Vietnamese name: letters first (đ after d, ư after u), tones as tie-breakers."""
    letters: list[tuple[str, int]] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", name).casefold():
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        if char == "đ":
            letters.append(("d", 9))
            tones.append(0)
            continue
        letters.append((base, sum(_LETTER_MARKS.get(mark, 0) for mark in marks)))
        tones.append(sum(_TONE_MARKS.get(mark, 0) for mark in marks))
    return tuple(letters), tuple(tones)


def competition_ranks(totals: Sequence[Decimal]) -> list[int]:
    """Ranks of totals already sorted highest first: equal totals share a rank, the next one skips."""
    ranks: list[int] = []
    for position, total in enumerate(totals, start=1):
        ranks.append(ranks[-1] if ranks and totals[position - 2] == total else position)
    return ranks


def rank_cohort(
    criteria: CriteriaSet, members: Iterable[Member], ranges: Mapping[str, Range] | None = None
) -> CohortRanking:
    """Scores and ranks a cohort.

    ``ranges`` gives the MINMAX ranges of a wider cohort: a district's communes are
    ranked within the district with the ranges of every commune of the province, so a
    commune's score is the same in both rankings. Without it the ranges come from
    ``members`` themselves.
    """
    counted = [member for member in members if not member.excluded]
    reported = [member for member in counted if member.answers is not None]
    cohort = dict(ranges) if ranges is not None else cohort_ranges(criteria, (m.answers for m in reported))
    # A MINMAX indicator nobody answered has no range; with the cohort complete it scores 0 for all
    # rather than staying pending for ever.
    for indicator in criteria.indicators():
        if indicator.method == Method.MINMAX:
            cohort.setdefault(indicator.code, Range(ZERO, ZERO))
    scored = [(member, score_report(criteria, member.answers, cohort)) for member in reported]
    scored.sort(key=lambda pair: (-pair[1].total, name_key(pair[0].name), pair[0].code))
    ranks = competition_ranks([score.total for _, score in scored])
    placings = [
        Placing(member.code, member.name, Standing.RANKED, rank, score)
        for (member, score), rank in zip(scored, ranks, strict=True)
    ]
    missing = sorted((m for m in counted if m.answers is None), key=lambda m: (name_key(m.name), m.code))
    placings.extend(Placing(member.code, member.name, Standing.NOT_REPORTED, None, None) for member in missing)
    return CohortRanking(ranges=cohort, placings=tuple(placings))
