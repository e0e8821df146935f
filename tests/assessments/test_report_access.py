"""Who may read and change which report: every reporting URL, for every kind of person.

Agencies are untrusted users. A report is reachable only through the agencies a user holds a role
for, so another agency's report id gives a 404 (it reveals nothing), a report one may read but not
change gives a 403 on writes, and an anonymous visitor is sent to the login page.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from assessments.models import Report, ReportStatus
from tests.assessments.reporting import (
    COMPLETE,
    build_world,
    evidence_data,
    evidence_file,
    fill_in,
    minimal_pdf,
    report_state,
)
from tests.factories.assessments import (
    AgencyFactory,
    AgencyLevelFactory,
    ReportingPeriodFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# (URL name, the method the view serves, what it does): "read" views need read access,
# "write" views need to fill the report in, "submit" needs the agency head.
ROUTES = [
    ("report", "get", "read"),
    ("group", "get", "read"),
    ("group", "post", "write"),
    ("live_score", "post", "read"),
    ("add_evidence", "post", "write"),
    ("evidence", "get", "read"),
    ("view_evidence", "get", "read"),
    ("remove_evidence", "post", "write"),
    ("check", "get", "read"),
    ("submit", "post", "submit"),
    ("submitted", "get", "read"),
    ("history", "get", "read"),
]
ROUTE_IDS = [f"{name}-{method}" for name, method, _kind in ROUTES]
URL_NAMES = sorted({name for name, _method, _kind in ROUTES})
# Views that serve one method only: the other one is refused before the report is looked up.
SINGLE_METHOD = [(name, method) for name, method, _kind in ROUTES if name != "group"]


@pytest.fixture
def world(decision):
    world = build_world(decision)
    # Each report has answers and a file, so every URL has something to show, change or remove.
    for report, officer in ((world.report_a, world.officer_a), (world.report_b, world.officer_b)):
        fill_in(report, officer)
        report.refresh_from_db()
    world.evidence_a = evidence_file(world.report_a, minimal_pdf("A"))
    world.evidence_b = evidence_file(world.report_b, minimal_pdf("B"))
    return world


def url(name: str, report_id: int, evidence_id: int) -> str:
    args = {
        "group": [report_id, "1"],
        "live_score": [report_id, "1"],
        "add_evidence": [report_id, "1.1"],
        "evidence": [report_id, evidence_id],
        "view_evidence": [report_id, evidence_id],
        "remove_evidence": [report_id, evidence_id],
    }.get(name, [report_id])
    return reverse(f"reports:{name}", args=args)


def payload(name: str, report: Report) -> dict:
    """A request body the view would accept from someone allowed to send it."""
    if name in ("group", "live_score"):
        report.refresh_from_db()
        return {"version": str(report.version), **COMPLETE["1"], "1.2__a": "1"}
    if name == "add_evidence":
        return evidence_data(kind="url", url="https://xa-a.example.gov.vn/van-ban/1")
    return {}


def call(client, method: str, address: str, data: dict):
    return client.get(address) if method == "get" else client.post(address, data)


@pytest.mark.parametrize(("name", "method", "kind"), ROUTES, ids=ROUTE_IDS)
def test_an_officer_gets_404_for_every_url_of_another_agencys_report(client, world, name, method, kind):
    client.force_login(world.officer_a)
    before = report_state(world.report_b)

    response = call(client, method, url(name, world.report_b.pk, world.evidence_b.pk), payload(name, world.report_b))

    assert response.status_code == 404
    assert report_state(world.report_b) == before


@pytest.mark.parametrize(("name", "method", "kind"), ROUTES, ids=ROUTE_IDS)
def test_the_head_of_another_agency_gets_404_too(client, world, name, method, kind):
    client.force_login(world.head_b)
    before = report_state(world.report_a)

    response = call(client, method, url(name, world.report_a.pk, world.evidence_a.pk), payload(name, world.report_a))

    assert response.status_code == 404
    assert report_state(world.report_a) == before


@pytest.mark.parametrize(("name", "method"), SINGLE_METHOD, ids=[f"{n}-{m}" for n, m in SINGLE_METHOD])
def test_the_other_method_answers_the_same_for_another_agencys_report_as_for_no_report(client, world, name, method):
    """A view that serves GET only (or POST only) refuses the other method with 405 before looking the report
    up, so the answer cannot tell whether another agency's report exists."""
    client.force_login(world.officer_a)
    other = "post" if method == "get" else "get"
    before = report_state(world.report_b)

    foreign = call(client, other, url(name, world.report_b.pk, world.evidence_b.pk), payload(name, world.report_b))
    missing = call(client, other, url(name, 999_999, 999_999), {})

    assert foreign.status_code == missing.status_code
    assert foreign.status_code in (404, 405)
    assert report_state(world.report_b) == before


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", URL_NAMES)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, world, name, method):
    address = url(name, world.report_a.pk, world.evidence_a.pk)
    before = report_state(world.report_a)

    response = call(client, method, address, payload(name, world.report_a))

    assert response.status_code == 302
    target = urlsplit(response.url)
    assert target.path == "/dang-nhap/"
    assert parse_qs(target.query)["next"] == [address]
    assert report_state(world.report_a) == before


def test_the_login_page_is_at_dang_nhap(client, world):
    response = client.get("/dang-nhap/?next=/bao-cao/")
    assert response.status_code == 200

    response = client.post(
        "/dang-nhap/?next=/bao-cao/", {"username": "can.bo.a", "password": "mat-khau-thu-2853", "next": "/bao-cao/"}
    )
    assert response.status_code == 302
    assert response.url == "/bao-cao/"


# What the officer of the agency itself gets: the same URLs work, except submitting.
OWN_OFFICER = {
    "report-get": 200,
    "group-get": 200,
    "group-post": 302,
    "live_score-post": 200,
    "add_evidence-post": 302,
    "evidence-get": 200,
    "view_evidence-get": 200,
    "remove_evidence-post": 302,
    "check-get": 200,
    "submit-post": 403,
    "submitted-get": 302,  # not submitted yet: back to the report
    "history-get": 200,
}


@pytest.mark.parametrize(("name", "method", "kind"), ROUTES, ids=ROUTE_IDS)
def test_the_officer_of_the_agency_reaches_every_url_of_its_own_report(client, world, name, method, kind):
    """The control for the 404s above: the same requests on the agency's own report are served."""
    client.force_login(world.officer_a)

    response = call(client, method, url(name, world.report_a.pk, world.evidence_a.pk), payload(name, world.report_a))

    assert response.status_code == OWN_OFFICER[f"{name}-{method}"]


def test_an_officer_cannot_submit_but_the_head_of_the_same_agency_can(client, world):
    address = reverse("reports:submit", args=[world.report_a.pk])

    client.force_login(world.officer_a)
    assert client.post(address).status_code == 403
    world.report_a.refresh_from_db()
    assert world.report_a.status == ReportStatus.DRAFT

    client.force_login(world.head_a)
    response = client.post(address)
    assert response.status_code == 302
    assert response.url == reverse("reports:submitted", args=[world.report_a.pk])
    world.report_a.refresh_from_db()
    assert world.report_a.status == ReportStatus.SUBMITTED
    assert world.report_a.submitted_by == world.head_a


@pytest.mark.parametrize(("name", "method", "kind"), ROUTES, ids=ROUTE_IDS)
def test_the_appraiser_of_the_agency_can_read_but_not_write(client, world, name, method, kind):
    client.force_login(world.appraiser)
    before = report_state(world.report_a)

    response = call(client, method, url(name, world.report_a.pk, world.evidence_a.pk), payload(name, world.report_a))

    if kind == "read":
        if name == "submitted":  # the report is not submitted: the page sends the reader to the report
            assert response.status_code == 302
            assert response.url == reverse("reports:report", args=[world.report_a.pk])
        else:
            assert response.status_code == 200
    else:
        assert response.status_code == 403
    assert report_state(world.report_a) == before


def test_the_appraiser_sees_the_form_read_only(client, world):
    client.force_login(world.appraiser)
    response = client.get(reverse("reports:group", args=[world.report_a.pk, "1"]))
    assert response.status_code == 200
    assert response.context["can_fill_in"] is False
    assert "data-readonly" in response.content.decode()


@pytest.mark.parametrize(("name", "method", "kind"), ROUTES, ids=ROUTE_IDS)
def test_an_appraiser_of_another_district_gets_404(client, world, name, method, kind):
    other_district = AgencyFactory(code="HUYEN-2", level=AgencyLevelFactory(code="district"))
    stranger = UserFactory(username="tham.dinh.khac")
    RoleAssignmentFactory(user=stranger, role="appraiser", agency=other_district)
    client.force_login(stranger)
    before = report_state(world.report_a)

    response = call(client, method, url(name, world.report_a.pk, world.evidence_a.pk), payload(name, world.report_a))

    assert response.status_code == 404
    assert report_state(world.report_a) == before


def test_a_user_without_any_role_gets_404(client, world):
    client.force_login(UserFactory(username="nguoi.dan"))
    for name, method, _kind in ROUTES:
        response = call(
            client, method, url(name, world.report_a.pk, world.evidence_a.pk), payload(name, world.report_a)
        )
        assert response.status_code == 404, name


@pytest.mark.parametrize("name", ["evidence", "remove_evidence"])
def test_another_agencys_evidence_id_under_ones_own_report_is_404(client, world, name):
    client.force_login(world.officer_a)
    address = url(name, world.report_a.pk, world.evidence_b.pk)

    response = client.get(address) if name == "evidence" else client.post(address)

    assert response.status_code == 404
    assert world.report_b.evidence.filter(pk=world.evidence_b.pk).exists()


# Opening (creating) a report for a period.


def start_url(period_id: int, agency_id: int) -> str:
    return f"/bao-cao/ky/{period_id}/co-quan/{agency_id}/"


def test_starting_a_report_for_an_agency_without_a_role_there_is_404(client, world):
    fresh = AgencyFactory(code="XA-C", name="UBND xã Cẩm Thạch")
    client.force_login(world.officer_a)

    assert client.post(start_url(world.period.pk, fresh.pk)).status_code == 404
    assert client.post(start_url(world.period.pk, world.agency_b.pk)).status_code == 404
    assert not Report.objects.filter(agency=fresh).exists()


def test_an_appraiser_cannot_start_the_report_of_an_agency_it_appraises(client, world):
    Report.objects.filter(agency=world.agency_a).delete()
    client.force_login(world.appraiser)

    assert client.post(start_url(world.period.pk, world.agency_a.pk)).status_code == 404
    assert not Report.objects.filter(agency=world.agency_a).exists()


def test_an_officer_starts_the_report_of_their_agency_once(client, world):
    fresh = AgencyFactory(code="XA-C", name="UBND xã Cẩm Thạch")
    officer = UserFactory(username="can.bo.c")
    RoleAssignmentFactory(user=officer, role="officer", agency=fresh)
    client.force_login(officer)

    first = client.post(start_url(world.period.pk, fresh.pk))
    second = client.post(start_url(world.period.pk, fresh.pk))

    report = Report.objects.get(agency=fresh, period=world.period)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == reverse("reports:report", args=[report.pk])
    assert report.status == ReportStatus.NOT_STARTED


def test_starting_needs_post_and_a_period_of_the_agencys_level(client, world):
    fresh = AgencyFactory(code="XA-C")
    officer = UserFactory(username="can.bo.c")
    RoleAssignmentFactory(user=officer, role="officer", agency=fresh)
    district_period = ReportingPeriodFactory(
        criteria_set=world.criteria_set, levels=[AgencyLevelFactory(code="district")]
    )
    client.force_login(officer)

    assert client.get(start_url(world.period.pk, fresh.pk)).status_code == 405
    assert client.post(start_url(district_period.pk, fresh.pk)).status_code == 404
    assert not Report.objects.filter(agency=fresh).exists()


def test_starting_as_an_anonymous_visitor_goes_to_the_login_page(client, world):
    address = start_url(world.period.pk, world.agency_a.pk)
    response = client.post(address)
    assert response.status_code == 302
    assert response.url.startswith("/dang-nhap/?next=")
    assert parse_qs(urlsplit(response.url).query)["next"] == [address]
