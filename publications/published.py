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
from functools import cached_property
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


# A ranking row as stored for the pages (PublishedRanking.data["rows"]), in the order the table lists it:
# code, name, rank, total, index, band and the score of each group (numbers as the snapshot writes them,
# None where the agency did not report). Plain lists: a cohort of 3,000 agencies reads in milliseconds.
CODE, NAME, RANK, TOTAL, INDEX, BAND, GROUPS = range(7)


@dataclass(frozen=True)
class PublishedCohort:
    """A cohort as published. Its rows are built from the stored ranking only when asked for, and
    :meth:`rows_between` builds a page of them: a page of 300 of 3,000 agencies builds 300 rows."""

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
    table: Sequence[list] = field(repr=False)  # the stored rows, in the table's order
    previous: Mapping[str, tuple[int | None, str | None]] | None = field(repr=False)  # code: rank, total
    snapshot: ResultSnapshot = field(repr=False)

    def rows_between(self, start: int, stop: int) -> tuple[Row, ...]:
        return tuple(_row(stored, self.groups, self.previous) for stored in self.table[start:stop])

    @cached_property
    def rows(self) -> tuple[Row, ...]:
        return self.rows_between(0, len(self.table))

    @property
    def count(self) -> int:
        return len(self.table)

    @cached_property
    def ranked_count(self) -> int:
        return sum(1 for stored in self.table if stored[TOTAL] is not None)

    def leaders(self, count: int) -> tuple[Row, ...]:
        return self.rows_between(0, min(count, self.ranked_count))

    @property
    def leader(self) -> Row | None:
        return next(iter(self.leaders(1)), None)

    @cached_property
    def bands(self) -> tuple[tuple[str, int], ...]:
        """How many agencies in each band, in the order bands first appear from the top of the ranking."""
        counts: dict[str, int] = {}
        for stored in self.table[: self.ranked_count]:
            counts[stored[BAND]] = counts.get(stored[BAND], 0) + 1
        return tuple(counts.items())

    @property
    def maximum(self) -> Decimal:
        return sum((maximum for _code, _title, maximum in self.groups), Decimal(0))


def _number(value: object) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def cohort_key(snapshot: ResultSnapshot) -> str:
    return f"{snapshot.level.code}-{slugify(snapshot.within.code)}" if snapshot.within_id else snapshot.level.code


def stored_rows(data: Mapping) -> list[list]:
    """A snapshot's agencies as the stored ranking keeps them (see ``CODE`` … ``GROUPS``): ranked first, by
    rank then name; then those that did not report, by name."""
    codes = [group["code"] for group in data["criteria"]["groups"]]
    rows = []
    for entry in data["agencies"]:
        scores = entry.get("scores") or {}
        if entry.get("standing") == RANKED and scores and scores.get("total") not in (None, ""):
            by_group = scores.get("groups") or {}
            cells = [(by_group.get(code) or {}).get("score") for code in codes]
            rank = entry.get("rank")
            rows.append(
                [
                    entry["code"],
                    entry["name"],
                    rank,
                    scores["total"],
                    scores.get("index"),
                    scores.get("band") or "",
                    cells,
                ]
            )
        else:
            rows.append([entry["code"], entry["name"], None, None, None, "", []])
    rows.sort(key=lambda row: (row[TOTAL] is None, row[RANK] or 0, row[NAME]))
    return rows


def _row(stored: Sequence, groups: Sequence[tuple[str, str, Decimal]], previous: Mapping[str, tuple] | None) -> Row:
    code, name, rank, total_text, index_text, band, scores = stored
    total = _number(total_text)
    if total is None:
        cells = tuple(GroupCell(code_, title, None, maximum) for code_, title, maximum in groups)
    else:
        cells = tuple(
            GroupCell(code_, title, _number(value), maximum)
            for (code_, title, maximum), value in zip(groups, scores, strict=True)
        )
    before = previous.get(code) if previous is not None else None
    earlier_total = _number(before[1]) if before else None
    return Row(
        code=code,
        name=name,
        rank=rank,
        groups=cells,
        total=total,
        index=_number(index_text),
        band=band,
        rank_change=(before[0] - rank) if before and before[0] and rank else None,
        total_change=(total - earlier_total) if earlier_total is not None and total is not None else None,
        new=previous is not None and before is None,
    )


def standings(rows: Sequence[Sequence]) -> dict[str, tuple[int | None, str | None]]:
    """Each agency's rank and total in a stored ranking, for the next year's comparison."""
    return {row[CODE]: (row[RANK], row[TOTAL]) for row in rows}


def cohort_title(snapshot: ResultSnapshot) -> str:
    """ "UBND cấp xã", or "UBND cấp xã · UBND huyện Can Lộc" for a district's communes."""
    return f"{snapshot.level.name} · {snapshot.within.name}" if snapshot.within_id else snapshot.level.name


def slim(data: Mapping) -> dict:
    """A snapshot's data as the ranking pages read it: the criteria's title, revision and groups, and one
    plain row per agency (:func:`stored_rows`); no answers, corrections or per-indicator scores."""
    criteria = data["criteria"]
    groups = [
        {
            **{key: group[key] for key in ("code", "title", "max_points")},
            "indicators": [{"code": item["code"], "title": item["title"]} for item in group["indicators"]],
        }
        for group in criteria["groups"]
    ]
    return {
        "criteria": {"title": criteria["title"], "revision": criteria["revision"], "groups": groups},
        "rows": stored_rows(data),
    }


def entry_of(agency: Mapping) -> dict:
    """An agency's entry as its results page reads it: the snapshot's entry without the final answers."""
    return {key: value for key, value in agency.items() if key != "answers"}


def ensure_rankings(ids: Sequence[int]) -> None:
    """Makes the published rankings, and each agency's entry, of the snapshots that have none yet (at
    publication); a snapshot at a time, so a national cohort's data is held once."""
    from publications.models import PublishedAgencyResult, PublishedRanking

    have = set(PublishedRanking.objects.filter(snapshot_id__in=list(ids)).values_list("snapshot_id", flat=True))
    for snapshot in ResultSnapshot.objects.filter(pk__in=[pk for pk in ids if pk not in have]).iterator():
        # Two editors saving at once make the same rows: the second's are ignored.
        PublishedAgencyResult.objects.bulk_create(
            [
                PublishedAgencyResult(snapshot=snapshot, code=agency["code"], data=entry_of(agency))
                for agency in snapshot.data["agencies"]
            ],
            batch_size=500,
            ignore_conflicts=True,
        )
        PublishedRanking.objects.bulk_create(
            [PublishedRanking(snapshot=snapshot, data=slim(snapshot.data))], ignore_conflicts=True
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
        table=data["rows"],
        previous=standings(previous.ranking["rows"]) if previous is not None else None,
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
    """One agency's published results in each year's page (its province-wide cohort), oldest first: its own
    entries and each snapshot's criteria, never the other agencies' (four queries, five the first time)."""
    from publications.models import PublishedAgencyResult, PublishedRanking

    if "\x00" in code:  # in an address as %00: no agency has it, and PostgreSQL refuses it in a query
        return []
    ids = [pk for page in pages for pk in page.snapshot_ids]
    snapshots = ResultSnapshot.objects.filter(pk__in=ids, within__isnull=True).defer("data").select_related("level")
    snapshots = sorted(snapshots, key=_cohort_order)
    criteria = dict(PublishedRanking.objects.filter(snapshot_id__in=ids).values_list("snapshot_id", "data__criteria"))
    if len(criteria) < len(set(ids)):
        ensure_rankings(ids)
        criteria = dict(
            PublishedRanking.objects.filter(snapshot_id__in=ids).values_list("snapshot_id", "data__criteria")
        )
    entries = dict(
        PublishedAgencyResult.objects.filter(snapshot_id__in=[s.pk for s in snapshots], code=code).values_list(
            "snapshot_id", "data"
        )
    )
    years = []
    for page in sorted(pages, key=lambda p: p.year):
        published = set(page.snapshot_ids)
        for snapshot in (s for s in snapshots if s.pk in published and s.pk in entries):
            entry, shape = entries[snapshot.pk], criteria[snapshot.pk]
            groups = [(g["code"], g["title"], Decimal(str(g["max_points"]))) for g in shape["groups"]]
            row = _row(stored_rows({"criteria": shape, "agencies": [entry]})[0], groups, None)
            scores = (entry.get("scores") or {}).get("indicators", {})
            changes = entry.get("changes") or {}
            indicators = tuple(
                (i["code"], i["title"], _number((scores.get(i["code"]) or {}).get("score")), changes.get(i["code"]))
                for g in shape["groups"]
                for i in g["indicators"]
            )
            years.append(
                YearResult(
                    year=page.year,
                    cohort_title=snapshot.level.name,
                    row=row,
                    criteria_title=shape["title"],
                    criteria_revision=shape["revision"],
                    indicators=indicators,
                    page_url=page.url,
                )
            )
    return years
