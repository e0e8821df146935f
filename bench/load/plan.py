"""What the load test's simulated people do, read from the national data set: ``python bench/load/plan.py OUT``.

Writes a JSON file for the locustfile, which runs outside Django: for each officer of the deadline
rush, the account, the agency's draft in the period open today, a group of it and two versions of that
group's answers as the form posts them (the officer alternates between them, so every autosave changes
something); and for the citizens, the published results pages, the API's years and cohorts, agency
codes and one static file. Needs the settings of the run (DATABASE_URL) in the environment.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup() -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()


def group_form(report, group, position: int) -> dict[str, list[str]]:
    """The group's answers as the form's fields post them (what ``FormData(form)`` holds), minus the
    token and the version, which the officer takes from the page."""
    from assessments.demo.reports import sample_input
    from assessments.reporting.forms import field_name
    from assessments.reporting.services import pinned_criteria

    criteria = pinned_criteria(report.period)
    data: dict[str, list[str]] = {}
    for ordinal, indicator in enumerate(group.indicators):
        for name, value in sample_input(indicator, position + ordinal).items():
            data[name] = value if isinstance(value, list) else [value]
        if criteria.indicators[indicator.code].evidence_required:
            data[field_name(indicator.code, "explanation")] = [""]
    return data


def officers(count: int) -> list[dict]:
    """One officer for each of the first ``count`` generated agencies, province by province (one person per
    report: two saving the same report would refuse each other's versions, as they do in life)."""
    from assessments.demo.national import PREFIX, PROVINCES, ascii_code
    from assessments.models import Report, ReportStatus, Role
    from assessments.reporting.services import pinned_criteria

    order = {ascii_code(name): position for position, (_, name) in enumerate(PROVINCES)}
    drafts = (
        Report.objects.filter(agency__code__startswith=PREFIX, status=ReportStatus.DRAFT)
        .select_related("period", "agency")
        .order_by("agency__code")
    )
    drafts = sorted(drafts, key=lambda report: (order[report.agency.code.split("-")[1]], report.agency.code))
    plan = []
    for report in drafts[:count]:
        assignment = report.agency.role_assignments.filter(role=Role.OFFICER).select_related("user").first()
        group = pinned_criteria(report.period).scoring.groups[0]
        plan.append(
            {
                "username": assignment.user.username,
                "agency": report.agency.code,
                "report": report.pk,
                "group": group.code,
                "forms": [group_form(report, group, 0), group_form(report, group, 3)],
            }
        )
    return plan


def citizens() -> dict:
    from django.contrib.staticfiles.storage import staticfiles_storage

    from assessments.models import ResultSnapshot
    from publications.models import AnnualResultsPage

    pages = AnnualResultsPage.objects.live().order_by("-year")
    latest = pages.first()
    snapshots = ResultSnapshot.objects.filter(pk__in=latest.snapshot_ids, within__isnull=True).select_related("level")
    cohorts = [snapshot.level.code for snapshot in snapshots]
    codes = [entry["code"] for snapshot in snapshots for entry in snapshot.data["agencies"][::97]]
    return {
        "pages": [page.url for page in pages],
        "year": latest.year,
        "cohorts": cohorts,
        "agencies": codes,
        "static": staticfiles_storage.url("css/portal.css"),
    }


def main() -> None:
    setup()
    out = Path(sys.argv[1])
    count = int(os.environ.get("OFFICERS", "270"))
    plan = {"officers": officers(count), "citizens": citizens()}
    out.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    print(f"plan: {len(plan['officers'])} officers, results pages {plan['citizens']['pages']}")


if __name__ == "__main__":
    main()
