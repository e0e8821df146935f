"""The results screen: a cohort's ranking as it stands, approval through HTTP, forged values, other roles."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.appraisal.decisions import approve_report
from assessments.models import ReportingPeriod, ResultSnapshot
from assessments.reporting import services as report_service
from assessments.results.snapshots import approve_cohort
from assessments.results.views import DistrictApproval
from tests.assessments.reporting import fill_in, make_three_tier, text_of
from tests.factories.assessments import AgencyFactory, RoleAssignmentFactory

pytestmark = pytest.mark.django_db


def approved(world):
    fill_in(world.report_a, world.officer_a)
    report_service.submit(world.report_a.pk, world.head_a, confirm=False)
    approve_report(world.report_a.pk, world.appraiser)


def results_url(world, **extra):
    query = {"ky": world.period.pk, "nhom": world.agency_a.level.code, **extra}
    return reverse("appraisal:results"), query


def test_the_ranking_as_it_stands_and_its_approval(client, world):
    approved(world)
    client.force_login(world.appraiser)
    url, query = results_url(world)
    page = client.get(url, query)
    assert page.status_code == 200
    assert [p.code for p in page.context["standing"].ranking.placings] == ["XA-A", "XA-B"]
    assert "UBND xã Bình Minh" in text_of(page)

    approve_url = f"{reverse('appraisal:approve_results')}?ky={world.period.pk}&nhom={world.agency_a.level.code}"
    refused = client.post(approve_url, {})
    assert refused.status_code == 409
    assert not ResultSnapshot.objects.exists()
    done = client.post(approve_url, {"close_missing": "on"})
    assert done.status_code == 302
    snapshot = ResultSnapshot.objects.get()
    assert snapshot.version == 1
    assert "Phiên bản 1" in text_of(client.get(url, query))


@pytest.mark.parametrize("extra", [{"ky": "0"}, {"ky": "x"}, {"nhom": "village"}, {"nhom": "commune:999999"}])
def test_forged_choices_are_a_400(client, world, extra):
    client.force_login(world.appraiser)
    url, query = results_url(world, **extra)
    assert client.get(url, query).status_code == 400
    assert (
        client.post(
            f"{reverse('appraisal:approve_results')}?{'&'.join(f'{k}={v}' for k, v in query.items())}",
            {"close_missing": "on"},
        ).status_code
        == 400
    )
    assert not ResultSnapshot.objects.exists()


@pytest.mark.parametrize("who", ["officer_a", "head_a"])
def test_agency_people_cannot_see_or_approve_results(client, world, who):
    approved(world)
    client.force_login(getattr(world, who))
    url, query = results_url(world)
    assert client.get(url, query).status_code == 403
    assert client.post(reverse("appraisal:approve_results"), {"close_missing": "on"}).status_code == 403


def test_another_districts_appraiser_sees_no_cohort_of_this_district(client, world):
    approved(world)
    other = AgencyFactory(code="HUYEN-2", name="UBND huyện Khác", level=world.appraiser_agency.level)
    stranger = RoleAssignmentFactory(role="appraiser", agency=other).user
    client.force_login(stranger)
    url, query = results_url(world)
    assert client.get(url, query).status_code == 400
    assert not ResultSnapshot.objects.exists()


def test_in_three_tier_years_the_district_approves_its_communes_and_the_province_the_whole_cohort(client, world):
    province, other = make_three_tier(world)
    province_appraiser = RoleAssignmentFactory(role="appraiser", agency=province).user
    approved(world)
    level = world.agency_a.level.code
    district_key = f"{level}:{world.appraiser_agency.pk}"

    client.force_login(world.appraiser)
    district_view = client.get(reverse("appraisal:results"), {"ky": world.period.pk, "nhom": district_key})
    assert (district_view.status_code, district_view.context["may_approve"]) == (200, True)
    whole = client.get(reverse("appraisal:results"), {"ky": world.period.pk, "nhom": level})
    assert (whole.status_code, whole.context["may_approve"]) == (200, False)

    client.force_login(province_appraiser)
    page = client.get(reverse("appraisal:results"), {"ky": world.period.pk, "nhom": level})
    assert (page.status_code, page.context["may_approve"]) == (200, True)
    assert [(district.cohort.within, district.snapshot) for district in page.context["districts"]] == [
        (other, None),
        (world.appraiser_agency, None),
    ]
    assert "chưa phê duyệt" in text_of(page)

    # The decision's 15 November: one district reports on time, the other after it; both dates shown.
    due = timezone.now() - datetime.timedelta(days=2)
    ReportingPeriod.objects.filter(pk=world.period.pk).update(publication_deadline=due)
    approve_cohort(
        world.period, district_key, world.appraiser, close_missing=True, now=due - datetime.timedelta(days=1)
    )
    page = client.get(reverse("appraisal:results"), {"ky": world.period.pk, "nhom": level})
    flags = {d.cohort.within: (d.snapshot is not None, d.late, d.overdue) for d in page.context["districts"]}
    assert flags == {world.appraiser_agency: (True, False, False), other: (False, False, True)}
    text = text_of(page)
    assert due.astimezone(timezone.get_current_timezone()).strftime("%d/%m/%Y") in text
    assert "quá hạn" in text


def test_a_district_approving_after_the_deadline_is_flagged_late(world):
    due = timezone.now() - datetime.timedelta(days=3)
    approval = DistrictApproval(
        cohort=None, snapshot=ResultSnapshot(approved_at=due + datetime.timedelta(seconds=1)), due=due
    )
    on_time = DistrictApproval(cohort=None, snapshot=ResultSnapshot(approved_at=due), due=due)
    assert (approval.late, on_time.late, approval.overdue) == (True, False, False)
