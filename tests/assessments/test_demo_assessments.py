"""The demo content of the assessments: agencies of 2021 and 2025, criteria sets, periods and people."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Revision

from assessments.models import Agency, AgencyLevel, CriteriaSetPage, PeriodKind, ReportingPeriod, RoleAssignment
from home.moderation import EDITORS_GROUP

pytestmark = pytest.mark.django_db

DEMO_DIR = Path(__file__).resolve().parents[2] / "assessments" / "demo"
THREE_TIER_YEARS = range(2021, 2025)
TWO_TIER_YEARS = range(2025, 2027)


def codes_in(file_name: str) -> set[str]:
    with (DEMO_DIR / file_name).open(encoding="utf-8") as handle:
        return {row["code"] for row in csv.DictReader(handle)}


CODES_2021 = codes_in("agencies-hatinh-2021.csv")
CODES_2025 = codes_in("agencies-hatinh-2025-partial.csv")


def load() -> str:
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {
        "levels": AgencyLevel.objects.count(),
        "agencies": Agency.objects.count(),
        "criteria sets": CriteriaSetPage.objects.count(),
        "periods": ReportingPeriod.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "users": get_user_model().objects.count(),
        "revisions": Revision.objects.count(),
    }


def agency_snapshot() -> dict:
    return {
        agency.code: (
            agency.name,
            agency.level_id,
            agency.parent_id,
            agency.appraiser_id,
            agency.evaluated,
            agency.not_evaluated_reason,
            agency.year_from,
            agency.year_to,
        )
        for agency in Agency.objects.all()
    }


def period_snapshot() -> dict:
    return {
        (period.year, period.kind, period.criteria_set_id): (
            period.criteria_revision_id,
            period.data_start,
            period.data_end,
            period.submission_deadline,
        )
        for period in ReportingPeriod.objects.all()
    }


@pytest.fixture
def demo(demo_content):
    """The demo, loaded once for this module (tests/conftest.py)."""


def test_running_the_demo_twice_changes_nothing():
    load()
    first = (counts(), agency_snapshot(), period_snapshot())

    load()

    assert (counts(), agency_snapshot(), period_snapshot()) == first


def test_the_demo_has_agencies_sets_and_people(demo):
    total = counts()
    assert total["levels"] == 4
    assert total["criteria sets"] == 4
    assert total["agencies"] == len(CODES_2021 | CODES_2025)
    people = json.loads((DEMO_DIR / "demo.json").read_text(encoding="utf-8"))["people"]
    listed = {person["username"] for person in people}
    assert RoleAssignment.objects.filter(user__username__in=listed).count() == len(people)
    # The other roles are the heads and appraisers the demo makes for past reports: none can log in.
    made = RoleAssignment.objects.exclude(user__username__in=listed).select_related("user")
    assert made.exists()
    assert all(not assignment.user.has_usable_password() for assignment in made)
    assert {assignment.role for assignment in made} == {"head", "appraiser"}
    assert set(CriteriaSetPage.objects.live().values_list("levels__code", flat=True)) == {
        "department",
        "central",
        "district",
        "commune",
    }


@pytest.mark.parametrize("year", THREE_TIER_YEARS)
def test_each_three_tier_year_has_sixteen_periods(demo, year):
    periods = ReportingPeriod.objects.filter(year=year)
    assert periods.count() == 16
    assert set(periods.values_list("kind", flat=True)) == set(PeriodKind.values)
    assert periods.values("criteria_set").distinct().count() == 4
    for period in periods.select_related("criteria_set"):
        assert period.criteria_revision.object_id == str(period.criteria_set_id)
        assert period.levels.exists()


@pytest.mark.parametrize("year", TWO_TIER_YEARS)
def test_two_tier_years_have_no_district_periods(demo, year):
    """The districts end in 2024, so their set gets no periods from 2025 on."""
    periods = ReportingPeriod.objects.filter(year=year)
    assert periods.count() == 12
    assert not periods.filter(levels__code="district").exists()
    assert set(periods.values_list("levels__code", flat=True)) == {"department", "central", "commune"}


def test_commune_periods_follow_the_commune_cut_off(demo):
    annual = ReportingPeriod.objects.get(year=2023, kind=PeriodKind.ANNUAL, criteria_set__levels__code="commune")
    assert (annual.data_start.day, annual.data_end.day, annual.data_end.month) == (10, 10, 11)
    department = ReportingPeriod.objects.get(year=2023, kind=PeriodKind.ANNUAL, criteria_set__levels__code="department")
    assert department.data_end.day == 15


def test_the_2021_districts_end_in_2024(demo):
    districts = Agency.objects.filter(level__code="district")
    assert districts.count() == 13
    assert set(districts.values_list("year_from", "year_to")) == {(2021, 2024)}
    assert not Agency.objects.existing_in(2026).filter(level__code="district").exists()
    assert Agency.objects.existing_in(2024).filter(level__code="district").count() == 13


def test_the_2021_communes_are_appraised_by_their_district(demo):
    communes = Agency.objects.filter(level__code="commune", year_to=2024).select_related("parent", "appraiser")
    assert communes.exists()
    for commune in communes:
        assert commune.parent is not None
        assert commune.parent.level.code == "district"
        assert commune.appraiser == commune.parent


def test_agencies_that_ended_in_2024_are_appraised_by_the_department_of_information(demo):
    organiser = Agency.objects.get(code="SO-TTTT")
    ended = Agency.objects.filter(year_to=2024, parent__isnull=True).exclude(pk=organiser.pk)
    assert ended.filter(level__code="district").count() == 13
    assert ended.filter(code="SO-KHDT").exists()  # merged into the Department of Finance in 2025
    assert set(ended.values_list("appraiser__code", flat=True)) == {"SO-TTTT"}


def test_only_the_agencies_missing_from_2025_end_in_2024(demo):
    for agency in Agency.objects.select_related("level"):
        if agency.code in CODES_2025:
            assert agency.year_to is None, agency.code
        assert agency.year_from == (2021 if agency.code in CODES_2021 else 2025), agency.code


def test_the_department_of_science_appraises_the_2025_departments(demo):
    organiser = Agency.objects.get(code="SO-KHCN")
    departments_2025 = Agency.objects.existing_in(2025).filter(level__code="department").exclude(pk=organiser.pk)
    assert departments_2025.exists()
    assert set(departments_2025.values_list("appraiser__code", flat=True)) == {"SO-KHCN"}
    assert organiser.appraiser.code == "VP-UBND"  # no agency appraises itself
    # The new communes of the two-tier structure have no district and are appraised by the province too.
    new_communes = Agency.objects.filter(level__code="commune", year_from=2025)
    assert new_communes.exists()
    assert set(new_communes.values_list("appraiser__code", flat=True)) == {"SO-KHCN"}
    assert not new_communes.filter(parent__isnull=False).exists()


@pytest.mark.parametrize("code", ["BCH-QS", "BCH-BP"])
def test_the_military_commands_are_not_evaluated_and_say_why_in_vietnamese(demo, code):
    agency = Agency.objects.get(code=code)
    assert not agency.evaluated
    assert "Quyết định số 2853/QĐ-UBND" in agency.not_evaluated_reason
    assert "Không đánh giá" in agency.not_evaluated_reason
    assert agency not in Agency.objects.evaluated()


def test_demo_people_hold_their_roles(demo):
    def roles(username):
        return set(RoleAssignment.objects.filter(user__username=username).values_list("role", "agency__code"))

    assert roles("canbo.xa") == {("officer", "X-THACHLAC")}
    assert roles("thamdinh.tinh") == {("appraiser", "SO-KHCN")}
    assert roles("thamdinh.huyen") == {("appraiser", "H-CANLOC")}
    assert roles("bientap") == {("editor", None)}
    user_model = get_user_model()
    assert user_model.objects.get(username="admin").is_superuser
    assert user_model.objects.get(username="bientap").groups.filter(name=EDITORS_GROUP).exists()
    assert not user_model.objects.get(username="canbo.xa").is_superuser
