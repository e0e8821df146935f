"""Demo data of the assessments: levels, agencies, criteria sets, periods and people.

Reads the files in ``assessments/demo/``; every step finds what an earlier run
made, so running it again changes nothing.
"""

import json
from collections.abc import Callable
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.admin.resources import AgencyResource
from assessments.admin.spreadsheets import read_spreadsheet, run_import
from assessments.criteria.pages import check_definition, definition_fields, levels_for
from assessments.definitions.json_format import read_document
from assessments.demo.reports import load_demo_reports
from assessments.models import Agency, AgencyLevel, CriteriaSetPage, Role, RoleAssignment
from assessments.period_generation import generate_periods
from home.demo_content import upsert_page
from home.models import DecisionPage

DEMO_DIR = Path(__file__).resolve().parent


def load_levels(data: dict) -> None:
    for level in data["levels"]:
        AgencyLevel.objects.update_or_create(code=level["code"], defaults=level)


def load_agencies(data: dict) -> int:
    """Imports each agency file with the same resource as the admin, then sets years and appraisers."""
    seen_by_file = []
    for entry in data["agency_files"]:
        path = DEMO_DIR / entry["file"]
        dataset = read_spreadsheet(path.name, path.read_bytes())
        outcome = run_import(AgencyResource(), dataset, dry_run=False)
        if outcome.problems:
            raise ValueError(f"{entry['file']}: {outcome.problems}")
        seen_by_file.append((entry, set(dataset["code"])))

    (first, first_codes), (second, second_codes) = seen_by_file
    organisers = {entry["organiser"]: Agency.objects.get(code=entry["organiser"]) for entry, _ in seen_by_file}
    organiser_appraiser = Agency.objects.get(code=data["organiser_appraiser"])
    for agency in Agency.objects.select_related("level", "parent"):
        in_first, in_second = agency.code in first_codes, agency.code in second_codes
        agency.year_from = first["year_from"] if in_first else second["year_from"]
        # The 2025 reform restructured these levels: whoever the new file does not
        # list ended in 2024. Other levels (central agencies) carry on.
        ended = in_first and not in_second and agency.level.code in second["replaces_levels"]
        agency.year_to = second["year_from"] - 1 if ended else None
        organiser = organisers[first["organiser"] if ended else second["organiser"]]
        # No agency appraises itself: the organising department is appraised by the province's office.
        agency.appraiser = agency.parent or (organiser if agency != organiser else organiser_appraiser)
        if not agency.evaluated:
            agency.not_evaluated_reason = data["not_evaluated_reason"]
        agency.save()
    return Agency.objects.count()


def load_criteria_sets(data: dict, log: Callable[[str], None]) -> list[CriteriaSetPage]:
    spec = data["criteria"]
    document = json.loads((DEMO_DIR / spec["file"]).read_text(encoding="utf-8"))
    decision = DecisionPage.objects.get(number=spec["decision"])
    pages = []
    for level, definition in read_document(document).items():
        check_definition(definition)
        fields = definition_fields(definition, seed=f"demo/{spec['decision']}/{level}")
        # The notice is the site's word on the set (the demo's sets are illustrative), not part of the definition.
        fields.update(title=spec["titles"][level], levels=levels_for(definition), notice=spec.get("notice", ""))
        page, changed = upsert_page(decision, CriteriaSetPage, f"bo-tieu-chi-{level}", fields)
        log(f"Criteria set: {page.title}{'' if changed else ' (unchanged)'}")
        pages.append(page)
    return pages


def load_people(data: dict) -> list[tuple[str, str, str]]:
    user_model = get_user_model()
    accounts = []
    for person in data["people"]:
        # ".invalid" addresses: the console mail backend shows the reminders, and no mail can leave.
        user, _ = user_model.objects.get_or_create(
            username=person["username"],
            defaults={"first_name": person["name"], "email": f"{person['username']}@demo.invalid"},
        )
        agency = Agency.objects.get(code=person["agency"]) if person["agency"] else None
        RoleAssignment.objects.get_or_create(user=user, role=person["role"], agency=agency)
        if agency is None:
            continue  # the site's own accounts (home's demo content) keep their passwords
        password = f"{person['username'].replace('.', '-')}-demo-2853"
        if not user.check_password(password):
            user.set_password(password)
            user.save()
        accounts.append((user.username, password, f"{Role(person['role']).label} · {agency.name}"))
    return accounts


def load_demo_content(log: Callable[[str], None] = lambda message: None) -> list[tuple[str, str, str]]:
    data = json.loads((DEMO_DIR / "demo.json").read_text(encoding="utf-8"))
    load_levels(data)
    log(f"Agencies: {load_agencies(data)}")
    load_criteria_sets(data, log)
    # Periods up to the year after today's, so the period open today exists whatever day the demo is loaded.
    for year in range(data["first_period_year"], timezone.localdate().year + 2):
        log(f"Reporting periods {year}: {len(generate_periods(year))}")
    accounts = load_people(data)
    load_demo_reports(data["reports"], log)
    return accounts
