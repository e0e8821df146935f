"""The results API (/api/ket-qua/) and Wagtail's pages API (/api/v2/pages/): what a published year gives, in
numbers as the page publishes them; nothing of an unpublished year or an unapproved cohort; pagination; every
bad input a 4xx JSON answer in Vietnamese; the cache and its purge; a constant number of queries; and every
response true to the OpenAPI schema (publications/api_schema.py)."""

from __future__ import annotations

import json

import jsonschema_rs
import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.utils import timezone

from publications.api_schema import SCHEMA
from tests.factories.publications import bigger_version, publish_year
from tests.factories.results import CORRECTION, HOSTILE_NAME

pytestmark = pytest.mark.django_db

API = "/api/ket-qua/"


def conforms(template: str, response) -> object:
    """The response's JSON, after checking it against what the schema says ``template`` answers with that status."""
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    documented = SCHEMA["paths"][template]["get"]["responses"][str(response.status_code)]
    schema = {**documented["content"]["application/json"]["schema"], "components": SCHEMA["components"]}
    errors = [error.message for error in jsonschema_rs.validator_for(schema).iter_errors(body)]
    assert not errors, errors
    return body


def get(client, template: str, path: str, status: int = 200, **query):
    response = client.get(path, query)
    assert response.status_code == status, response.content
    return conforms(template, response)


YEARS, YEAR, COHORT, AGENCY = (
    "/api/ket-qua/",
    "/api/ket-qua/{year}/",
    "/api/ket-qua/{year}/{cohort_key}/",
    "/api/ket-qua/co-quan/{code}/",
)


def keys(year) -> tuple[str, str, str]:
    """The department, commune and district's commune cohorts' keys."""
    level = year.world.agency_a.level.code
    return "department", level, f"{level}-{year.world.appraiser_agency.code.lower()}"


def page_rows(client, page, cohort_title: str) -> dict[str, list[str]]:
    """The year page's ranking table of ``cohort_title``: each agency's name → its cells' text."""
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    table = next(t for t in soup.find_all("table") if t.caption and cohort_title in t.caption.get_text())
    rows = [[" ".join(c.get_text().split()) for c in r.find_all(["th", "td"])] for r in table.tbody.find_all("tr")]
    return {row[1]: row for row in rows}


def test_the_years_list_each_published_year_and_its_cohorts(client, published):
    year, _index, page = published
    body = get(client, YEARS, API)
    department, communes, district = keys(year)
    assert [(y["year"], y["title"], y["url"]) for y in body] == [(page.year, page.title, f"http://localhost{page.url}")]
    assert body[0]["api_url"] == f"{API}{page.year}/"
    cohorts = body[0]["cohorts"]
    # Province-wide cohorts first, by level, then the district's communes: as the page lists them.
    assert sorted(c["key"] for c in cohorts[:2]) == sorted([department, communes])
    assert cohorts[-1]["key"] == district
    detail = get(client, YEAR, body[0]["api_url"])
    # The listing titles cohorts itself (without their data): the same titles as the year's own answer.
    assert [(c["key"], c["title"]) for c in cohorts] == [(c["key"], c["title"]) for c in detail["cohorts"]]
    assert all(c["api_url"] == f"{API}{page.year}/{c['key']}/" for c in cohorts)


def test_a_year_gives_each_cohorts_approval_criteria_and_groups(client, published):
    year, _index, page = published
    body = get(client, YEAR, f"{API}{page.year}/")
    assert (body["year"], body["title"], body["url"]) == (page.year, page.title, f"http://localhost{page.url}")
    cohorts = {c["key"]: c for c in body["cohorts"]}
    department_key, communes_key, district_key = keys(year)

    departments = cohorts[department_key]
    snapshot = year.departments
    assert departments == {
        "key": "department",
        "title": "Sở, ban, ngành",
        "level": "department",
        "within": None,
        "version": 1,
        "approved_at": timezone.localtime(snapshot.approved_at).isoformat(timespec="seconds"),
        "approving_agency": "Sở Khoa học và Công nghệ",
        "reason": "",
        "criteria": {"title": snapshot.data["criteria"]["title"], "revision": snapshot.data["criteria"]["revision"]},
        "maximum": "100.00",
        "groups": [{"code": "1", "title": "Hạ tầng số", "max_points": "100.00"}],
        "agencies": 3,
        "ranked": 3,
        "api_url": f"{API}{page.year}/department/",
    }
    assert departments["approved_at"].endswith("+07:00")  # the portal's time zone, ISO 8601

    communes = cohorts[communes_key]
    assert (communes["agencies"], communes["ranked"], communes["maximum"]) == (4, 3, "150.00")
    assert [g["max_points"] for g in communes["groups"]] == ["100.00", "50.00"]
    district = cohorts[district_key]
    world = year.world
    assert district["within"] == {"code": world.appraiser_agency.code, "name": world.appraiser_agency.name}
    assert district["approving_agency"] == world.appraiser_agency.name


def test_a_cohorts_ranking_holds_the_numbers_the_page_publishes(client, published):
    year, _index, page = published
    body = get(client, COHORT, f"{API}{page.year}/department/")
    assert (body["count"], body["page"], body["page_size"], body["pages"]) == (3, 1, 100, 1)
    assert (body["next"], body["previous"]) == (None, None)
    assert body["cohort"]["key"] == "department"
    rows = body["results"]
    assert [(r["rank"], r["code"], r["name"], r["total"], r["index"]) for r in rows] == [
        (1, "SO-NV", "Sở Nội vụ", "100.00", "1.0000"),
        (2, "SO-TC", "Sở Tài chính", "50.00", "0.5000"),
        (3, "SO-YT", "Sở Y tế", "25.00", "0.2500"),
    ]
    assert rows[0]["groups"] == [{"code": "1", "score": "100.00"}]
    assert rows[0]["band"] == "Xuất sắc"
    # The first published year: nothing to compare with.
    assert all(r["rank_change"] is None and r["total_change"] is None and not r["new"] for r in rows)
    on_page = page_rows(client, page, "Sở, ban, ngành")
    for row in rows:
        cells = on_page[row["name"]]
        assert cells[0] == str(row["rank"])
        assert row["total"].replace(".", ",") in cells
        assert row["index"].replace(".", ",") in cells
        assert row["band"] in cells

    communes = get(client, COHORT, f"{API}{page.year}/{keys(year)[1]}/")["results"]
    assert [(r["name"], r["total"]) for r in communes] == [
        ("UBND xã An Bình", "135.00"),
        ("UBND xã Bình Minh", "95.00"),
        (HOSTILE_NAME, "85.00"),  # a formula-like name is data: given as it is
        ("UBND xã Cẩm Lộc", None),
    ]
    silent = communes[-1]
    assert silent == {
        "rank": None,
        "code": "XA-D",
        "name": "UBND xã Cẩm Lộc",
        "reported": False,
        "groups": [{"code": "1", "score": None}, {"code": "2", "score": None}],
        "total": None,
        "index": None,
        "band": "",
        "rank_change": None,
        "total_change": None,
        "new": False,
    }


def test_the_next_year_gives_the_change_since_the_previous_one(client, published, django_assert_num_queries):
    year, index, page = published
    later = bigger_version(year.departments, 0, period_year=page.year + 1, swap_first_two=True)
    next_page = publish_year(index, page.year + 1)
    assert next_page.snapshot_ids == [later.pk]
    cache.clear()
    with django_assert_num_queries(QUERIES["cohort"] + 2):  # the previous year's snapshots and rankings
        response = client.get(f"{API}{next_page.year}/department/")
    rows = conforms(COHORT, response)["results"]
    changes = {r["code"]: (r["rank"], r["rank_change"], r["total_change"], r["new"]) for r in rows}
    assert changes["SO-TC"] == (1, 1, "0.00", False)
    assert changes["SO-NV"] == (2, -1, "0.00", False)
    years = get(client, YEARS, API)
    assert [y["year"] for y in years] == [page.year + 1, page.year]  # newest first


def test_the_pages_of_a_ranking(client, published):
    year, _index, page = published
    url = f"{API}{page.year}/{keys(year)[1]}/"
    first = get(client, COHORT, url, page_size=3)
    assert (first["count"], first["page"], first["pages"], len(first["results"])) == (4, 1, 2, 3)
    assert first["next"] == f"{url}?page=2&page_size=3"
    assert first["previous"] is None
    second = get(client, COHORT, first["next"])
    assert [r["name"] for r in second["results"]] == ["UBND xã Cẩm Lộc"]
    assert (second["next"], second["previous"]) == (None, f"{url}?page=1&page_size=3")
    assert [r["code"] for r in first["results"] + second["results"]] == [
        r["code"] for r in get(client, COHORT, url)["results"]
    ]
    assert get(client, COHORT, url, page="1", page_size="1000")["page_size"] == 1000

    for past in ("3", "99999999999999999999", "9" * 5000):
        response = client.get(url, {"page": past, "page_size": "3"})
        error = conforms(COHORT, response)
        assert response.status_code == 404
        assert error == {"code": "page_out_of_range", "message": "Không có trang này: trang cuối cùng là trang 2."}


BAD_YEAR = {"code": "invalid_year", "message": "Năm phải là một số có bốn chữ số, ví dụ 2024."}
BAD_PAGE = {"code": "invalid_page", "message": "Số trang phải là số nguyên từ 1 trở lên."}
BAD_SIZE = {"code": "invalid_page_size", "message": "Số dòng mỗi trang phải là số nguyên từ 1 đến 1000."}
NO_YEAR = {"code": "year_not_published", "message": "Chưa có kết quả nào được công bố cho năm này."}
NO_COHORT = {"code": "cohort_not_published", "message": "Kết quả đã công bố của năm này không có nhóm xếp hạng này."}
NO_AGENCY = {"code": "agency_not_published", "message": "Không có kết quả đã công bố nào của cơ quan này."}
NOWHERE = {"code": "not_found", "message": "API kết quả không có địa chỉ này."}


BAD_INPUTS = [
    ("{api}abcd/", {}, 400, BAD_YEAR),
    ("{api}20266/", {}, 400, BAD_YEAR),
    ("{api}0999/", {}, 400, BAD_YEAR),
    ("{api}-202/", {}, 400, BAD_YEAR),
    ("{api}%00/", {}, 400, BAD_YEAR),
    ("{api}%D9%A2%D9%A0%D9%A2%D9%A6/", {}, 400, BAD_YEAR),  # ٢٠٢٦: digits, but not ASCII ones
    ("{api}1999/", {}, 404, NO_YEAR),
    ("{api}1999/department/", {}, 404, NO_YEAR),
    ("{api}{year}/district/", {}, 404, NO_COHORT),  # a level of the year without approved results
    ("{api}{year}/%00/", {}, 404, NO_COHORT),
    ("{api}{year}/%2e%2e%2fx/", {}, 404, NOWHERE),  # "../x", decoded: no such address
    ("{api}{year}/../x/", {}, 404, NOWHERE),
    ("{api}{year}/department/x/", {}, 404, NOWHERE),
    ("{api}{year}/department/", {"page": "0"}, 400, BAD_PAGE),
    ("{api}{year}/department/", {"page": "-1"}, 400, BAD_PAGE),
    ("{api}{year}/department/", {"page": "1.5"}, 400, BAD_PAGE),
    ("{api}{year}/department/", {"page": ""}, 400, BAD_PAGE),
    ("{api}{year}/department/", {"page": " 1"}, 400, BAD_PAGE),
    ("{api}{year}/department/", {"page": "٣"}, 400, BAD_PAGE),
    ("{api}{year}/department/", {"page": "<script>"}, 400, BAD_PAGE),
    ("{api}{year}/department/", {"page_size": "0"}, 400, BAD_SIZE),
    ("{api}{year}/department/", {"page_size": "1001"}, 400, BAD_SIZE),
    ("{api}{year}/department/", {"page_size": "9" * 5000}, 400, BAD_SIZE),
    ("{api}{year}/department/", {"page_size": "abc"}, 400, BAD_SIZE),
    ("{api}1999/department/", {"page": "x"}, 400, BAD_PAGE),  # the input is checked before the year is sought
    ("{api}co-quan/KHONG-CO/", {}, 404, NO_AGENCY),
    ("{api}co-quan/%00/", {}, 404, NO_AGENCY),
    ("{api}co-quan/{long}/", {}, 404, NO_AGENCY),
    ("{api}khong/co/dia/chi/", {}, 404, NOWHERE),
]


def test_every_bad_input_is_a_4xx_json_answer_in_vietnamese(client, published, subtests):
    """One published year for all the inputs (building it is most of a test's time), a subtest each."""
    _year, _index, page = published
    for path, query, status, expected in BAD_INPUTS:
        url = path.format(api=API, year=page.year, long="X" * 3000)
        with subtests.test(url=url[:80], query=str(query)[:80]):
            response = client.get(url, query)
            assert response.status_code == status
            assert response["Content-Type"] == "application/json"
            assert json.loads(response.content) == expected


@pytest.mark.parametrize(
    ("template", "path", "query", "message"),
    [
        (YEARS, "{api}", {"page": "1"}, "Tham số không được hỗ trợ: page. Địa chỉ này không nhận tham số nào."),
        (YEAR, "{api}{year}/", {"q": "x"}, "Tham số không được hỗ trợ: q. Địa chỉ này không nhận tham số nào."),
        (
            COHORT,
            "{api}{year}/department/",
            {"sap-xep": "ten", "nhom": "x"},
            "Tham số không được hỗ trợ: nhom, sap-xep. Địa chỉ này chỉ nhận: page, page_size.",
        ),
        (COHORT, "{api}{year}/department/", {"page": ["1", "2"]}, "Mỗi tham số chỉ được đưa một lần: page."),
        (AGENCY, "{api}co-quan/SO-NV/", {"format": "xml"}, "Tham số không được hỗ trợ: format. "),
    ],
)
def test_unknown_or_repeated_query_parameters_are_refused(client, published, template, path, query, message):
    response = client.get(path.format(api=API, year=published[2].year), query)
    assert response.status_code == 400
    assert conforms(template, response)["message"].startswith(message)


def test_only_get_and_head_are_answered(client, published):
    url = f"{API}{published[2].year}/department/"
    redirect = client.get(url.removesuffix("/"))  # like every address of the site
    assert (redirect.status_code, redirect["Location"]) == (301, url)
    assert client.head(url).status_code == 200
    for method in (client.post, client.put, client.delete):
        response = method(url)
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
        assert json.loads(response.content)["message"] == "API kết quả chỉ trả lời các yêu cầu GET và HEAD."


def test_an_agency_gives_its_published_years_with_the_appraisers_reason(client, published):
    year, _index, page = published
    response = client.get(f"{API}co-quan/XA-B/")
    body = conforms(AGENCY, response)
    assert (body["code"], body["name"]) == ("XA-B", "UBND xã Bình Minh")
    [only] = body["years"]
    assert (only["year"], only["url"], only["rank"], only["total"], only["index"], only["band"]) == (
        page.year,
        f"http://localhost{page.url}",
        2,
        "95.00",
        "0.6333",
        "Khá",
    )
    assert only["cohort"] == year.world.agency_a.level.name
    assert only["groups"][0] == {
        "code": "1",
        "title": "Môi trường chính sách",
        "score": "45.00",
        "max_points": "100.00",
    }
    corrected = next(i for i in only["indicators"] if i["code"] == "1.1")
    assert corrected == {
        "code": "1.1",
        "title": "Chỉ số 1.1",
        "score": "0.00",
        "change": {"self_score": "40.00", "appraised_score": "0.00", "reason": CORRECTION},
    }
    assert next(i for i in only["indicators"] if i["code"] == "1.2")["change"] is None
    # Who corrected it is not published.
    assert year.world.appraiser.username not in response.content.decode()
    assert '"by"' not in response.content.decode()

    silent = get(client, AGENCY, f"{API}co-quan/XA-D/")["years"][0]
    assert (silent["rank"], silent["reported"], silent["total"], silent["band"]) == (None, False, None, "")


def test_an_unpublished_year_or_unapproved_version_is_not_there(client, published):
    year, _index, page = published
    # A version approved after publication waits for the page to be published again.
    bigger = bigger_version(year.departments, 2)
    url = f"{API}{page.year}/department/"
    assert get(client, COHORT, url)["count"] == 3
    cache.clear()
    assert get(client, COHORT, url)["cohort"]["version"] == 1
    page.save_revision().publish()
    page.refresh_from_db()
    assert bigger.pk in page.snapshot_ids
    republished = get(client, COHORT, url)
    assert (republished["count"], republished["cohort"]["version"]) == (5, 2)
    assert republished["cohort"]["reason"] == "Thêm cơ quan để đếm truy vấn."

    page.unpublish()
    assert get(client, YEARS, API) == []
    for template, path in [
        (YEAR, f"{API}{page.year}/"),
        (COHORT, url),
        (AGENCY, f"{API}co-quan/SO-NV/"),
    ]:
        response = client.get(path)
        assert response.status_code == 404
        conforms(template, response)


def test_anonymous_answers_are_cached_and_purged_on_publication(client, published, django_user_model):
    _year, _index, page = published
    paths = [API, f"{API}{page.year}/", f"{API}{page.year}/department/", f"{API}co-quan/SO-NV/"]
    for path in paths:
        assert client.get(path)["X-Cache"] == "miss"
        cached = client.get(path)
        assert cached["X-Cache"] == "hit"
        assert cached["Content-Type"] == "application/json"
    page.title = "Kết quả năm (đã sửa)"
    page.save_revision().publish()
    for path in paths:
        response = client.get(path)
        assert response["X-Cache"] == "miss"
    assert json.loads(client.get(API).content)[0]["title"] == "Kết quả năm (đã sửa)"
    # Refusals are not kept: each is answered afresh.
    for _ in range(2):
        refused = client.get(f"{API}1999/")
        assert refused.status_code == 404
        assert "X-Cache" not in refused
    # Signed-in people are never served a copy.
    client.force_login(django_user_model.objects.create_user("nguoi-doc", password="x"))
    assert "X-Cache" not in client.get(API)


# Pinned, whatever the number of agencies: finding live pages is two queries (view restrictions, then the pages);
# the published snapshots one and their rankings one (two more for the previous year's, when there is one); the
# site's root paths one (for the page's address). The cohort finds its page and the previous year's page. The
# agency reads the snapshots, their criteria and its own entries, one query each.
QUERIES = {"years": 4, "year": 5, "cohort": 6, "agency": 6}


def test_each_endpoint_runs_the_same_queries_whatever_the_number_of_agencies(
    client, published, django_assert_num_queries
):
    year, _index, page = published
    paths = {
        "years": API,
        "year": f"{API}{page.year}/",
        "cohort": f"{API}{page.year}/department/",
        "agency": f"{API}co-quan/SO-NV/",
    }

    def measure(expected_rows: int) -> None:
        for name, path in paths.items():
            cache.clear()
            with django_assert_num_queries(QUERIES[name]):
                response = client.get(path)
            assert response.status_code == 200
        assert json.loads(client.get(paths["cohort"]).content)["count"] == expected_rows

    measure(3)
    bigger_version(year.departments, 300)
    bigger_version(year.communes, 300)
    page.save_revision().publish()
    measure(303)


def test_the_schema_is_served_and_describes_every_endpoint(client):
    response = client.get(f"{API}openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == SCHEMA
    assert sorted(SCHEMA["paths"]) == sorted([YEARS, YEAR, COHORT, AGENCY])
    # Every component is a valid JSON Schema (2020-12, which OpenAPI 3.1 uses).
    for name, schema in SCHEMA["components"]["schemas"].items():
        assert jsonschema_rs.validator_for({**schema, "components": SCHEMA["components"]}), name


def test_the_pages_api_gives_the_live_results_pages_with_their_fields(client, published, home_page):
    _year, index, page = published
    listing = client.get("/api/v2/pages/", {"type": "publications.AnnualResultsPage", "fields": "year,intro"})
    assert listing.status_code == 200
    items = json.loads(listing.content)["items"]
    assert [(item["id"], item["year"]) for item in items] == [(page.pk, page.year)]
    assert "Kết quả chính thức." in items[0]["intro"]

    detail = json.loads(client.get(f"/api/v2/pages/{page.pk}/").content)
    assert (detail["title"], detail["year"]) == (page.title, page.year)
    assert "snapshot_ids" not in detail
    assert "intro" in json.loads(client.get(f"/api/v2/pages/{index.pk}/").content)
    # Filtering by the page's own field works as for any API field.
    by_year = client.get("/api/v2/pages/", {"type": "publications.AnnualResultsPage", "year": str(page.year + 1)})
    assert json.loads(by_year.content)["items"] == []
    # A public API: no password is checked, whatever the request carries.
    assert client.get("/api/v2/pages/", HTTP_AUTHORIZATION="Basic bm9ib2R5Om5vdGhpbmc=").status_code == 200

    page.unpublish()
    titles = [item["title"] for item in json.loads(client.get("/api/v2/pages/").content)["items"]]
    assert page.title not in titles
    assert index.title in titles
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
