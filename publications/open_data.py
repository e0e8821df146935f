"""A year's approved results as open data: files from which anyone recomputes every published score and rank.

For each agency level, ``criteria-<level>.json``: the criteria set of the revision the results were scored
against, in the interchange format of docs/criteria-json.md. For each cohort, ``answers-<cohort>.json``:
every agency's final answers (the appraiser's corrections included) in the input format of
``manage.py rank_cohort``, and ``results-<cohort>.json``: the approved ranking as that command prints it.
So ``python manage.py rank_cohort criteria-<level>.json answers-<cohort>.json --level <level>`` prints the
results file again, and ``score_answers`` scores any one agency's answers. ``datapackage.json`` describes
the files as a Frictionless data package (licence, sources, SHA-256 of each file).

``<cohort>`` is the level's code, followed for a district's communes by the district's code
(``commune-huyen-1``): the portal's own key holds the district's database id, which means nothing outside.

Everything is read from approved results snapshots (:class:`assessments.models.ResultSnapshot`), never
from live reports. The bytes depend only on the snapshots: keys sorted, text as UTF-8, descriptions in
the portal's language whatever the visitor's, so a file's published hash holds for every download.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import zipfile
from collections.abc import Iterable

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assessments import formatting
from assessments.criteria.files import page_definition
from assessments.definitions.json_format import write_document
from assessments.models import CriteriaSetPage, ResultSnapshot
from publications.spreadsheets import published_cohort

DATAPACKAGE = "datapackage.json"
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
# What the cohort files keep of a snapshot's agency: the ranking part, exactly what rank_cohort prints.
RANKING_KEYS = ("code", "name", "standing", "rank", "scores")
# Every file of the zip carries this date, so the same snapshots make the same zip, byte for byte.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def json_bytes(document: object) -> bytes:
    """A document as published: keys sorted, text unescaped (UTF-8), indented for a person to read."""
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def cohort_key(snapshot: ResultSnapshot) -> str:
    """The cohort in file names: the level's code, and the district's code for a district's communes."""
    if snapshot.within_id:
        return f"{snapshot.level.code}-{slugify(snapshot.within.code)}"
    return snapshot.level.code


def criteria_document(page: CriteriaSetPage, level: str) -> dict:
    """A criteria set page (as a revision holds it) as a one-set interchange document for ``level``.

    The set is written for the snapshot's level, since a set may serve several levels (departments and
    central agencies) and the commands pick the set by level.
    """
    return write_document([dataclasses.replace(page_definition(page), level=level)])


def answers_document(data: dict) -> dict:
    """Each agency's final answers, or ``not_reported``, in ``rank_cohort``'s input format."""
    agencies = []
    for entry in data["agencies"]:
        agency = {"code": entry["code"], "name": entry["name"]}
        if entry["standing"] == "not_reported":
            agency["not_reported"] = True
        else:
            agency["answers"] = entry["answers"]
        agencies.append(agency)
    return {"agencies": agencies}


def results_document(data: dict) -> dict:
    """The approved ranking without answers, corrections or who made them: ``rank_cohort``'s output."""
    return {
        "level": data["level"],
        "minmax": data["minmax"],
        "agencies": [{key: entry[key] for key in RANKING_KEYS} for entry in data["agencies"]],
    }


def _resource(path: str, content: bytes, description: str) -> dict:
    return {
        "name": path.removesuffix(".json").lower(),
        "path": path,
        "profile": "data-resource",
        "format": "json",
        "mediatype": "application/json",
        "encoding": "utf-8",
        "bytes": len(content),
        "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
        "description": description,
    }


def _source(page: CriteriaSetPage) -> dict:
    """The decision whose criteria scored the results, with its public page where the site has one."""
    decision = page.get_parent().specific
    source = {"title": decision.title}
    url = decision.get_full_url()
    if url:
        source["path"] = url
    return source


def _checked(snapshots: Iterable[ResultSnapshot]) -> list[ResultSnapshot]:
    snapshots = list(snapshots)
    if not snapshots:
        raise ValueError("Open data needs at least one approved results snapshot.")
    years = {snapshot.period.year for snapshot in snapshots}
    if len(years) > 1:
        raise ValueError(f"Open data is published per year; these snapshots are of {sorted(years)}.")
    keys = [cohort_key(snapshot) for snapshot in snapshots]
    if len(set(keys)) < len(keys):
        raise ValueError("Give one snapshot (the version to publish) per cohort.")
    return snapshots


def open_data_files(snapshots: Iterable[ResultSnapshot]) -> dict[str, bytes]:
    """A year's open data: file name → content, ``datapackage.json`` last.

    ``snapshots`` are the approved versions to publish, one per cohort, all of one year; select their
    period, level, within, approving agency and criteria revision with them.
    """
    snapshots = _checked(snapshots)
    year = snapshots[0].period.year
    with translation.override(settings.LANGUAGE_CODE):
        files: dict[str, bytes] = {}
        resources: list[dict] = []
        revisions: dict[str, int] = {}
        sources: dict[str, dict] = {}
        for snapshot in snapshots:
            level = snapshot.level
            criteria = f"criteria-{level.code}.json"
            if criteria not in files:
                # The revision the period pinned, which the snapshot names: never the set as edited since.
                page = snapshot.criteria_revision.as_object()
                files[criteria] = json_bytes(criteria_document(page, level.code))
                revisions[criteria] = snapshot.criteria_revision_id
                description = _(
                    "The criteria set %(level)s were scored with (revision %(revision)d), in the interchange "
                    "format that manage.py score_answers and rank_cohort read."
                ) % {"level": level.name, "revision": snapshot.criteria_revision_id}
                resources.append(_resource(criteria, files[criteria], description))
                source = _source(page)
                sources.setdefault(source["title"], source)
            elif revisions[criteria] != snapshot.criteria_revision_id:
                raise ValueError(f"The snapshots of {level.code} were scored against different criteria revisions.")

            title = published_cohort(snapshot).title
            answers, results = f"answers-{cohort_key(snapshot)}.json", f"results-{cohort_key(snapshot)}.json"
            files[answers] = json_bytes(answers_document(snapshot.data))
            description = _(
                "The final answers of %(cohort)s, the appraisers' corrections included, in the input format "
                "of manage.py rank_cohort."
            ) % {"cohort": title}
            resources.append(_resource(answers, files[answers], description))
            files[results] = json_bytes(results_document(snapshot.data))
            description = _(
                "The ranking of %(cohort)s approved by %(agency)s on %(date)s (version %(version)d): each "
                "agency's scores, index, band and rank, as manage.py rank_cohort prints them."
            ) % {
                "cohort": title,
                "agency": snapshot.approving_agency.name,
                "date": formatting.day(snapshot.approved_at),
                "version": snapshot.version,
            }
            resources.append(_resource(results, files[results], description))

        package = {
            "profile": "data-package",
            "name": f"ket-qua-danh-gia-{year}",
            "title": _("Digital government assessment results, %(year)d") % {"year": year},
            "description": _(
                "The approved results of the %(year)d assessment and the criteria and final answers they were "
                "scored from. To recompute a cohort: python manage.py rank_cohort criteria-LEVEL.json "
                "answers-COHORT.json --level LEVEL prints its results file."
            )
            % {"year": year},
            "created": max(snapshot.approved_at for snapshot in snapshots).isoformat(),
            "licenses": [LICENSE],
            "sources": list(sources.values()),
            "resources": resources,
        }
    files[DATAPACKAGE] = json_bytes(package)
    return files


def open_data_zip(snapshots: Iterable[ResultSnapshot]) -> bytes:
    """The open data files in one zip: ``datapackage.json`` first, the same bytes for the same snapshots."""
    files = open_data_files(snapshots)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in [DATAPACKAGE, *(name for name in files if name != DATAPACKAGE)]:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()
