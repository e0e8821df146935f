"""The national data set of the load tests (assessments/demo/national.py): its shape, that the generated
reports reach the published results, that a generated officer can autosave the draft the load test
saves, and that a second run is refused."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments.demo.national import PREFIX, PROVINCES, AlreadyGenerated, generate, plan_provinces
from assessments.demo.reports import past_annual_periods
from assessments.models import Agency, Evidence, Report, ReportStatus, ResultSnapshot
from assessments.reporting import services as report_service
from publications.demo import publish_again
from publications.models import AnnualResultsPage


def test_the_plan_is_national_and_the_same_for_the_same_seed():
    provinces = plan_provinces(len(PROVINCES), seed=2853)
    assert plan_provinces(len(PROVINCES), seed=2853) == provinces
    assert plan_provinces(len(PROVINCES), seed=1) != provinces
    assert len(provinces) == 34
    codes = [plan.code for _, _, plans in provinces for plan in plans]
    assert len(codes) == len(set(codes))
    for _, full, plans in provinces:
        levels = [plan.level for plan in plans]
        assert 18 <= levels.count("department") <= 22
        assert 8 <= levels.count("central") <= 12
        assert 60 <= levels.count("commune") <= 140
        names = [plan.name for plan in plans]
        assert len(names) == len(set(names))
        assert all(name.endswith((full, f"({full})")) for name in names)
    communes = sum(plan.level == "commune" for _, _, plans in provinces for plan in plans)
    assert 2_800 <= communes <= 4_000  # Vietnam has 3,321 communes and wards since July 2025


@pytest.fixture(scope="module")
def generated_once(demo_content, django_db_blocker):
    """One province generated once for the module, inside the demo's transaction (rolled back with it)."""
    with django_db_blocker.unblock():
        report_service._pinned.cache_clear()
        counts = generate(provinces=1, years=1, password="mat-khau-tai-thu")
        publish_again(counts.years, lambda message: None)  # the command's last step
        return counts


@pytest.fixture
def generated(generated_once, db):
    return generated_once


def test_generated_reports_are_appraised_and_published(generated):
    agencies = Agency.objects.filter(code__startswith=PREFIX)
    assert generated.agencies == agencies.count() > 100
    (period, *_) = past_annual_periods(1, timezone.now())
    year = period.year
    appraised = Report.objects.filter(agency__in=agencies, period__year=year, status=ReportStatus.APPRAISED)
    assert appraised.count() == agencies.count()
    # Every copy has the template's answers; the evidence rows share a few stored files.
    assert all(report.answers.exists() for report in appraised[:50])
    files = Evidence.objects.filter(report__agency__in=agencies).exclude(file="")
    assert files.count() > 10
    assert files.values("file").distinct().count() <= 3
    page = AnnualResultsPage.objects.get(year=year)
    page.refresh_from_db()
    published = ResultSnapshot.objects.filter(pk__in=page.get_latest_revision_as_object().snapshot_ids)
    listed = {entry["code"] for snapshot in published for entry in snapshot.data["agencies"] if entry["rank"]}
    assert set(agencies.values_list("code", flat=True)) <= listed


def test_a_generated_officer_autosaves_the_draft_the_load_test_uses(generated, client):
    from bench.load.plan import officers

    (officer,) = officers(1)
    assert client.login(username=officer["username"], password="mat-khau-tai-thu")
    url = f"/bao-cao/{officer['report']}/nhom/{officer['group']}/"
    page = client.get(url)
    assert page.status_code == 200
    version = Report.objects.get(pk=officer["report"]).version
    response = client.post(url, {"version": version, **officer["forms"][1]}, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["version"] == version + 1


def test_a_second_run_is_refused(generated):
    with pytest.raises(AlreadyGenerated):
        generate(provinces=1, years=1)
    with pytest.raises(CommandError, match="already holds the national data set"):
        call_command("generate_national_data", "--provinces", "1", stdout=io.StringIO())
