"""What the public reads of a year's results: the cohorts its published page holds, ranked as approved,
with the change against the previous published year; and one agency's results across the years.

Reads approved snapshots only, and only those a live results page publishes (``snapshot_ids`` of its
published revision): an unapproved cohort, or a year without a live page, is simply not there.
A constant number of queries whatever the number of agencies.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.utils.text import slugify

from assessments.models import ResultSnapshot

RANKED = "ranked"


class GroupCell(NamedTuple):
    code: str
    title: str
    score: Decimal | None
    maximum: Decimal


# Plain (not frozen) slotted classes: a frozen dataclass sets each field through object.__setattr__, and a
# cohort of 3,000 agencies over two years builds 6,000 rows.
@dataclass(slots=True)
class Row:
    code: str
    name: str
    rank: int | None
    groups: tuple[GroupCell, ...]
    total: Decimal | None
    index: Decimal | None
    band: str
    rank_change: int | None = None  # places gained since the previous year (positive: up)
    total_change: Decimal | None = None
    new: bool = False  # not in the previous year's cohort

    @property
    def reported(self) -> bool:
        return self.total is not None


@dataclass(frozen=True)
class PublishedCohort:
    key: str  # for URLs and anchors: "department", "commune-huyen-can-loc"
    title: str
    level: str
    within_code: str | None
    within_name: str | None
    version: int
    approved_at: datetime.datetime
    approving_agency: str
    reason: str
    criteria_title: str
    criteria_revision: int
    groups: tuple[tuple[str, str, Decimal], ...]  # code, title, max points
    rows: tuple[Row, ...]
    snapshot: ResultSnapshot = field(repr=False)

    @property
    def ranked(self) -> list[Row]:
        return [row for row in self.rows if row.reported]

    @property
    def maximum(self) -> Decimal:
        return sum((maximum for _code, _title, maximum in self.groups), Decimal(0))


def _number(value: object) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def cohort_key(snapshot: ResultSnapshot) -> str:
    return f"{snapshot.level.code}-{slugify(snapshot.within.code)}" if snapshot.within_id else snapshot.level.code


def _rows(data: Mapping, previous: Mapping[str, tuple[int | None, Decimal | None]] | None) -> tuple[Row, ...]:
    groups = data["criteria"]["groups"]
    rows = []
    # Read once per cohort, not once per agency: a cohort of 3,000 agencies builds 15,000 cells.
    heads = [(group["code"], group["title"], Decimal(str(group["max_points"]))) for group in groups]
    for entry in data["agencies"]:
        scores = entry.get("scores") or {}
        reported = entry.get("standing") == RANKED and bool(scores)
        by_group = scores.get("groups", {}) if reported else {}
        cells = tuple(
            GroupCell(code, title, _number(by_group[code].get("score")) if code in by_group else None, maximum)
            for code, title, maximum in heads
        )
        total = _number(scores.get("total")) if reported else None
        rank = entry.get("rank") if reported else None
        before = previous.get(entry["code"]) if previous is not None else None
        rows.append(
            Row(
                code=entry["code"],
                name=entry["name"],
                rank=rank,
                groups=cells,
                total=total,
                index=_number(scores.get("index")) if reported else None,
                band=(scores.get("band") or "") if reported else "",
                rank_change=(before[0] - rank) if before and before[0] and rank else None,
                total_change=(total - before[1]) if before and before[1] is not None and total is not None else None,
                new=previous is not None and before is None,
            )
        )
    # Ranked first, by rank then name; then those that did not report, by name.
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.name))
    return tuple(rows)


def standings(data: Mapping) -> dict[str, tuple[int | None, Decimal | None]]:
    """Each agency's rank and total in a snapshot's data, for the next year's comparison."""
    result = {}
    for entry in data["agencies"]:
        scores = entry.get("scores") or {}
        result[entry["code"]] = (entry.get("rank"), _number(scores.get("total")))
    return result


def cohort_title(snapshot: ResultSnapshot) -> str:
    """ "UBND cấp xã", or "UBND cấp xã · UBND huyện Can Lộc" for a district's communes."""
    return f"{snapshot.level.name} · {snapshot.within.name}" if snapshot.within_id else snapshot.level.name


def slim(data: Mapping) -> dict:
    """A snapshot's data as the ranking pages read it, in the snapshot's own shape: per agency only its code,
    name, standing and rank, and its total, index, band and score per group (no answers, corrections,
    per-indicator scores or group maxima, which the criteria hold)."""
    agencies = []
    for entry in data["agencies"]:
        kept = {key: entry.get(key) for key in ("code", "name", "standing", "rank")}
        scores = entry.get("scores")
        if scores:
            kept["scores"] = {key: scores.get(key) for key in ("total", "index", "band")}
            kept["scores"]["groups"] = {code: {"score": group.get("score")} for code, group in scores["groups"].items()}
        agencies.append(kept)
    return {**{key: value for key, value in data.items() if key != "agencies"}, "agencies": agencies}


def ensure_rankings(ids: Sequence[int]) -> None:
    """Makes the published rankings of the snapshots that have none yet (at publication)."""
    from publications.models import PublishedRanking

    have = set(PublishedRanking.objects.filter(snapshot_id__in=list(ids)).values_list("snapshot_id", flat=True))
    missing = ResultSnapshot.objects.filter(pk__in=[pk for pk in ids if pk not in have])
    PublishedRanking.objects.bulk_create(
        [PublishedRanking(snapshot=snapshot, data=slim(snapshot.data)) for snapshot in missing],
        ignore_conflicts=True,  # two editors saving at once make the same rows
    )


def to_cohort(snapshot: ResultSnapshot, previous: ResultSnapshot | None) -> PublishedCohort:
    data = snapshot.ranking
    title = cohort_title(snapshot)
    return PublishedCohort(
        key=cohort_key(snapshot),
        title=title,
        level=snapshot.level.code,
        within_code=snapshot.within.code if snapshot.within_id else None,
        within_name=snapshot.within.name if snapshot.within_id else None,
        version=snapshot.version,
        approved_at=snapshot.approved_at,
        approving_agency=snapshot.approving_agency.name,
        reason=snapshot.reason,
        criteria_title=data["criteria"]["title"],
        criteria_revision=data["criteria"]["revision"],
        groups=tuple((g["code"], g["title"], Decimal(str(g["max_points"]))) for g in data["criteria"]["groups"]),
        rows=_rows(data, standings(previous.ranking) if previous is not None else None),
        snapshot=snapshot,
    )


def _cohort_order(snapshot: ResultSnapshot) -> tuple:
    """Province-wide cohorts first, by level; then the districts' cohorts, by district."""
    return (snapshot.within_id is not None, snapshot.level.order, snapshot.within.name if snapshot.within_id else "")


def snapshots_by_id(ids: Sequence[int]) -> list[ResultSnapshot]:
    """The snapshots a page publishes, province-wide cohorts first by level, then districts' by name."""
    snapshots = ResultSnapshot.objects.filter(pk__in=list(ids)).select_related(
        "period", "level", "within", "approving_agency"
    )
    return sorted(snapshots, key=_cohort_order)


def ranked_snapshots(ids: Sequence[int]) -> list[ResultSnapshot]:
    """:func:`snapshots_by_id` without their full data, each with its published ranking as ``ranking``
    (two queries; a snapshot published before rankings were kept gets its ranking made now)."""
    from publications.models import PublishedRanking

    snapshots = ResultSnapshot.objects.filter(pk__in=list(ids)).defer("data")
    snapshots = sorted(snapshots.select_related("period", "level", "within", "approving_agency"), key=_cohort_order)
    rankings = dict(PublishedRanking.objects.filter(snapshot_id__in=list(ids)).values_list("snapshot_id", "data"))
    if len(rankings) < len(snapshots):
        ensure_rankings(ids)
        rankings = dict(PublishedRanking.objects.filter(snapshot_id__in=list(ids)).values_list("snapshot_id", "data"))
    for snapshot in snapshots:
        snapshot.ranking = rankings[snapshot.pk]
    return snapshots


def _same_cohort(a: ResultSnapshot, b: ResultSnapshot) -> bool:
    return a.level_id == b.level_id and a.within_id == b.within_id


def published_cohorts(ids: Sequence[int], previous_ids: Sequence[int] = ()) -> list[PublishedCohort]:
    """The cohorts of a year's page, each compared with the same cohort of the previous published year."""
    current = ranked_snapshots(ids)
    earlier = ranked_snapshots(previous_ids) if previous_ids else []
    return [to_cohort(s, next((p for p in earlier if _same_cohort(s, p)), None)) for s in current]


def band_counts(cohort: PublishedCohort) -> list[tuple[str, int]]:
    """How many agencies in each band, in the order bands first appear from the top of the ranking."""
    counts: dict[str, int] = {}
    for row in cohort.ranked:
        counts[row.band] = counts.get(row.band, 0) + 1
    return list(counts.items())


@dataclass(frozen=True)
class YearResult:
    year: int
    cohort_title: str
    row: Row | None  # None: listed in no cohort that year
    criteria_title: str
    criteria_revision: int
    indicators: tuple[tuple[str, str, Decimal | None, Mapping | None], ...]  # code, title, score, change
    page_url: str


def agency_years(pages: Sequence, code: str) -> list[YearResult]:
    """One agency's published results in each year's page (its province-wide cohort), oldest first."""
    ids = [pk for page in pages for pk in page.snapshot_ids]
    snapshots = [s for s in snapshots_by_id(ids) if s.within_id is None]
    years = []
    for page in sorted(pages, key=lambda p: p.year):
        published = set(page.snapshot_ids)
        for snapshot in (s for s in snapshots if s.pk in published):
            entry = next((a for a in snapshot.data["agencies"] if a["code"] == code), None)
            if entry is None:
                continue
            row = next(r for r in _rows({**snapshot.data, "agencies": [entry]}, None))
            scores = (entry.get("scores") or {}).get("indicators", {})
            changes = entry.get("changes") or {}
            indicators = tuple(
                (i["code"], i["title"], _number((scores.get(i["code"]) or {}).get("score")), changes.get(i["code"]))
                for g in snapshot.data["criteria"]["groups"]
                for i in g["indicators"]
            )
            years.append(
                YearResult(
                    year=page.year,
                    cohort_title=snapshot.level.name,
                    row=row,
                    criteria_title=snapshot.data["criteria"]["title"],
                    criteria_revision=snapshot.data["criteria"]["revision"],
                    indicators=indicators,
                    page_url=page.url,
                )
            )
    return years
