"""The published results as spreadsheets: each cohort's ranking, and every agency's score on every indicator.

Built from approved results snapshots only (their ``data``, as :func:`assessments.results.snapshots.snapshot_data`
writes it), through django-import-export resources over plain row dicts, and written only through
:mod:`assessments.admin.spreadsheets` (``export_dataset``, ``stream_csv``), which escapes formulae: an agency
named ``=HYPERLINK(...)`` comes out as text. Points, indices, ranks and years stay numbers, so a reader can
sort and sum them in Excel.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

import tablib
from django.utils.translation import pgettext, pgettext_lazy
from import_export import fields, resources, widgets

from assessments.admin.spreadsheets import stream_csv
from assessments.models import ResultSnapshot


@dataclass(frozen=True)
class PublishedCohort:
    """One cohort's approved results as published: the year, the cohort's title and the snapshot's data."""

    year: int
    title: str
    data: Mapping


def published_cohort(snapshot: ResultSnapshot) -> PublishedCohort:
    """A snapshot as a published cohort, titled as the results screen titles it ("UBND cấp xã · UBND huyện X").

    Reads the snapshot's period, level and within: select them with the snapshot.
    """
    title = snapshot.level.name
    if snapshot.within_id:
        title = f"{title} · {snapshot.within.name}"
    return PublishedCohort(year=snapshot.period.year, title=title, data=snapshot.data)


def _number(text: object) -> Decimal | None:
    """A snapshot's number ("966.10", "30") as a Decimal, keeping its places; None stays blank."""
    return None if text is None or text == "" else Decimal(str(text))


def _text(label) -> fields.Field:
    return fields.Field(column_name=label)


def _integer(label) -> fields.Field:
    return fields.Field(column_name=label, widget=widgets.IntegerWidget(coerce_to_string=False))


def _decimal(label) -> fields.Field:
    return fields.Field(column_name=label, widget=widgets.DecimalWidget(coerce_to_string=False))


class _RowResource(resources.Resource):
    """A resource over plain dicts: each field reads the row key of its own name."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name, field in self.fields.items():
            field.attribute = name


# --- rankings ---------------------------------------------------------------------------------------------------


def _group_key(group: Mapping) -> tuple[str, str]:
    return (str(group["code"]), str(group["title"]))


def _group_field(position: int) -> str:
    return f"group_{position}"


def _groups(cohorts: Iterable[PublishedCohort]) -> list[tuple[str, str]]:
    """Every criteria group of the cohorts, once each, in the order the criteria list them.

    Cohorts of different levels may have different groups; a group that shares its code and title
    with another cohort's shares its column.
    """
    seen: dict[tuple[str, str], None] = {}
    for cohort in cohorts:
        for group in cohort.data["criteria"]["groups"]:
            seen.setdefault(_group_key(group))
    return list(seen)


class RankingResource(_RowResource):
    """One row per agency per cohort, a column per criteria group between the agency and its total."""

    year = _integer(pgettext_lazy("published results column", "Year"))
    cohort = _text(pgettext_lazy("published results column", "Cohort"))
    rank = _integer(pgettext_lazy("published results column", "Rank"))
    code = _text(pgettext_lazy("published results column", "Code"))
    name = _text(pgettext_lazy("published results column", "Agency"))
    total = _decimal(pgettext_lazy("published results column", "Total score"))
    index = _decimal(pgettext_lazy("published results column", "Index"))
    band = _text(pgettext_lazy("published results column", "Band"))
    standing = _text(pgettext_lazy("published results column", "Standing"))

    HEAD = ("year", "cohort", "rank", "code", "name")
    TAIL = ("total", "index", "band", "standing")

    def __init__(self, groups: list[tuple[str, str]], **kwargs):
        super().__init__(**kwargs)
        columns = {}
        for position, (code, title) in enumerate(groups):
            field = _decimal(f"{code}. {title}")
            field.attribute = _group_field(position)
            columns[field.attribute] = field
        # Fields export in the order of this dict: the group columns go between the agency and its total.
        self.fields = {
            **{name: self.fields[name] for name in self.HEAD},
            **columns,
            **{name: self.fields[name] for name in self.TAIL},
        }


def _standing_label(standing: str) -> str:
    if standing == "ranked":
        return pgettext("published standing", "Ranked")
    return pgettext("published standing", "Not reported")


def _ranking_rows(cohort: PublishedCohort, group_fields: Mapping[tuple[str, str], str]) -> Iterator[dict]:
    groups = {str(group["code"]): group_fields[_group_key(group)] for group in cohort.data["criteria"]["groups"]}
    for entry in cohort.data["agencies"]:
        scores = entry.get("scores") or {}
        scored_groups = scores.get("groups") or {}
        yield {
            "year": cohort.year,
            "cohort": cohort.title,
            "rank": entry.get("rank"),
            "code": entry["code"],
            "name": entry["name"],
            **{field: _number((scored_groups.get(code) or {}).get("score")) for code, field in groups.items()},
            "total": _number(scores.get("total")),
            "index": _number(scores.get("index")),
            "band": scores.get("band") or "",
            "standing": _standing_label(entry["standing"]),
        }


def ranking_dataset(cohorts: Iterable[PublishedCohort]) -> tablib.Dataset:
    """The cohorts' rankings, one row per agency in ranking order, the agencies that did not report last."""
    cohorts = list(cohorts)
    groups = _groups(cohorts)
    group_fields = {group: _group_field(position) for position, group in enumerate(groups)}
    rows = (row for cohort in cohorts for row in _ranking_rows(cohort, group_fields))
    return RankingResource(groups).export(queryset=rows)


# --- indicator scores -------------------------------------------------------------------------------------------


class IndicatorResource(_RowResource):
    """One row per agency and indicator: what the agency claimed, what the appraiser set, what counts and why."""

    year = _integer(pgettext_lazy("published results column", "Year"))
    cohort = _text(pgettext_lazy("published results column", "Cohort"))
    agency_code = _text(pgettext_lazy("published results column", "Agency code"))
    agency = _text(pgettext_lazy("published results column", "Agency"))
    indicator_code = _text(pgettext_lazy("published results column", "Indicator code"))
    indicator = _text(pgettext_lazy("published results column", "Indicator"))
    self_score = _decimal(pgettext_lazy("published results column", "Self-assessed score"))
    appraised_score = _decimal(pgettext_lazy("published results column", "Appraised score"))
    final_score = _decimal(pgettext_lazy("published results column", "Final score"))
    reason = _text(pgettext_lazy("published results column", "Reason for the change"))


def _indicator_rows(cohort: PublishedCohort) -> Iterator[dict]:
    """The cohort's rows, agency by agency as the snapshot lists them; an agency that did not report has none.

    The self-assessed score is the one the appraiser changed where there is a change, else the final score:
    an unchanged indicator scores what the agency claimed. A MINMAX indicator has none of its own, since it
    is scored against the whole cohort only once every report is in.
    """
    indicators = [
        (str(item["code"]), item["title"], item["method"])
        for group in cohort.data["criteria"]["groups"]
        for item in group["indicators"]
    ]
    for entry in cohort.data["agencies"]:
        scores = entry.get("scores")
        if scores is None:
            continue
        changes = entry.get("changes") or {}
        for code, title, method in indicators:
            final = _number((scores["indicators"].get(code) or {}).get("score"))
            change = changes.get(code)
            if change:
                self_score, appraised = _number(change["self_score"]), _number(change["appraised_score"])
            else:
                self_score, appraised = (None if method == "MINMAX" else final), None
            yield {
                "year": cohort.year,
                "cohort": cohort.title,
                "agency_code": entry["code"],
                "agency": entry["name"],
                "indicator_code": code,
                "indicator": title,
                "self_score": self_score,
                "appraised_score": appraised,
                "final_score": final,
                "reason": change["reason"] if change else "",
            }


def indicator_dataset(cohorts: Iterable[PublishedCohort]) -> tablib.Dataset:
    """Every indicator score of every agency that reported, in long format (one row per agency × indicator)."""
    rows = (row for cohort in cohorts for row in _indicator_rows(cohort))
    return IndicatorResource().export(queryset=rows)


def stream_indicator_csv(cohorts: Iterable[PublishedCohort]) -> Iterator[str]:
    """The indicator scores as a CSV file, piece by piece, for ``StreamingHttpResponse``.

    The same file as ``export_dataset(indicator_dataset(cohorts), "csv")``, but rows are made one at a time
    as the response is sent, so memory holds the snapshots and one row, whatever the number of rows. The
    headers are taken now, in the active language; the rows need no translation.
    """
    resource = IndicatorResource()
    rows = (resource.export_resource(row) for cohort in cohorts for row in _indicator_rows(cohort))
    return stream_csv(resource.get_export_headers(), rows)
