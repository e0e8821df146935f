"""The assessments' admin screens: listings, imports, exports, period generation and who may use them."""

import json

import pytest
import tablib
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.admin.spreadsheets import read_spreadsheet
from assessments.models import Agency, CriteriaSetPage, ReportingPeriod, RoleAssignment
from home.moderation import EDITORS_GROUP
from tests.factories.assessments import (
    AgencyFactory,
    AgencyLevelFactory,
    RoleAssignmentFactory,
    UserFactory,
    local,
)

pytestmark = pytest.mark.django_db

AGENCY_LIST = "/admin/assessments/agency/"
AGENCY_IMPORT = "/admin/assessments/agencies/import/"
AGENCY_EXPORT = "/admin/assessments/agencies/export/"
PEOPLE_IMPORT = "/admin/assessments/people/import/"
PEOPLE_EXPORT = "/admin/assessments/people/export/"
GENERATE = "/admin/assessments/periods/generate/"
AGENCY_HEADER = "code,name,level,parent_code,evaluated,verified,note\n"
GOOD_AGENCIES = (
    AGENCY_HEADER
    + "SO-NV,Sở Nội vụ,department,,yes,yes,\n"
    + "H-CANLOC,UBND huyện Can Lộc,district,,yes,yes,\n"
    + "X-LAC,UBND xã Thạch Lạc,commune,H-CANLOC,yes,no,\n"
)
BAD_AGENCIES = (
    AGENCY_HEADER
    + "SO-NV,Sở Nội vụ,department,,yes,yes,\n"
    + "H-CANLOC,UBND huyện Can Lộc,district,,yes,yes,\n"
    + "X-LAC,UBND xã Thạch Lạc,commune,H-KHONGCO,yes,no,\n"
)
PEOPLE_HEADER = "username,full_name,email,role,agency_code\n"


@pytest.fixture
def levels():
    return {
        code: AgencyLevelFactory(code=code, name=name, order=order)
        for order, (code, name) in enumerate(
            [
                ("department", "Sở, ban, ngành"),
                ("central", "Cơ quan Trung ương"),
                ("district", "UBND cấp huyện"),
                ("commune", "UBND cấp xã"),
            ],
            start=1,
        )
    }


@pytest.fixture
def admin_client(client, django_user_model, home_page):
    client.force_login(django_user_model.objects.create_superuser("quantri", "quantri@example.org", "x"))
    return client


@pytest.fixture
def live_criteria_set(criteria_set):
    # CriteriaSetPageFactory's final save writes live_revision = None over its own publication.
    criteria_set.get_latest_revision().publish()
    return CriteriaSetPage.objects.get(pk=criteria_set.pk)


def upload(name: str, content: str | bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode("utf-8") if isinstance(content, str) else content)


def problems_of(response) -> list:
    """The import problems a 400 answer lists (for assertion messages)."""
    outcome = response.context.get("outcome") if response.context else None
    return outcome.problems if outcome else []


def names(response) -> set[str]:
    return {agency.name for agency in response.context["object_list"]}


# --- the agency list ------------------------------------------------------------------------------------------


@pytest.fixture
def agency_tree(levels):
    canloc = AgencyFactory(code="H-CANLOC", name="UBND huyện Can Lộc", level=levels["district"])
    thachha = AgencyFactory(code="H-THACHHA", name="UBND huyện Thạch Hà", level=levels["district"])
    return {
        "canloc": canloc,
        "thachha": thachha,
        "so_nv": AgencyFactory(code="SO-NV", name="Sở Nội vụ", level=levels["department"]),
        "military": AgencyFactory(
            code="BCH-QS",
            name="Bộ Chỉ huy Quân sự tỉnh",
            level=levels["department"],
            evaluated=False,
            not_evaluated_reason="Không đánh giá",
        ),
        "tax": AgencyFactory(code="TW-THUE", name="Cục Thuế tỉnh", level=levels["central"]),
        "lac": AgencyFactory(code="X-LAC", name="UBND xã Thiên Lộc", level=levels["commune"], parent=canloc),
        "kim": AgencyFactory(code="X-KIM", name="UBND xã Thạch Kim", level=levels["commune"], parent=thachha),
    }


def test_the_agency_list_shows_every_agency(admin_client, agency_tree):
    response = admin_client.get(AGENCY_LIST)
    assert response.status_code == 200
    assert names(response) == {agency.name for agency in agency_tree.values()}
    assert AGENCY_IMPORT.encode() in response.content
    assert f"{AGENCY_EXPORT}?format=xlsx".encode() in response.content


def test_the_agency_list_filters_by_level(admin_client, agency_tree, levels):
    response = admin_client.get(AGENCY_LIST, {"level__id__exact": levels["commune"].pk})
    assert names(response) == {"UBND xã Thiên Lộc", "UBND xã Thạch Kim"}


def test_the_agency_list_filters_not_evaluated(admin_client, agency_tree):
    response = admin_client.get(AGENCY_LIST, {"evaluated__exact": "0"})
    assert names(response) == {"Bộ Chỉ huy Quân sự tỉnh"}


def test_the_agency_list_filters_communes_by_district(admin_client, agency_tree):
    response = admin_client.get(AGENCY_LIST, {"district": agency_tree["canloc"].pk})
    assert names(response) == {"UBND xã Thiên Lộc"}
    # The filter offers the districts that have communes.
    assert "UBND huyện Thạch Hà" in response.content.decode()


def test_a_nonsense_district_filter_is_ignored(admin_client, agency_tree):
    response = admin_client.get(AGENCY_LIST, {"district": "abc"})
    assert response.status_code == 200
    assert len(names(response)) == len(agency_tree)


@pytest.mark.parametrize(
    ("query", "found"), [("Thạch", {"UBND xã Thạch Kim", "UBND huyện Thạch Hà"}), ("TW-", {"Cục Thuế tỉnh"})]
)
def test_the_agency_list_searches_names_and_codes(admin_client, agency_tree, query, found):
    response = admin_client.get(AGENCY_LIST, {"q": query})
    assert names(response) == found


def test_the_agency_list_runs_the_same_number_of_queries_for_10_and_40_agencies(
    admin_client, levels, django_assert_num_queries
):
    district = AgencyFactory(level=levels["district"])
    AgencyFactory.create_batch(9, level=levels["commune"], parent=district, appraiser=district)
    assert Agency.objects.count() == 10
    admin_client.get(AGENCY_LIST)  # warm the per-process caches (content types, site, permissions)
    with CaptureQueriesContext(connection) as ten:
        response = admin_client.get(AGENCY_LIST)
    assert len(names(response)) == 10

    other = AgencyFactory(level=levels["district"])
    AgencyFactory.create_batch(29, level=levels["commune"], parent=other, appraiser=other)
    assert Agency.objects.count() == 40
    with django_assert_num_queries(len(ten.captured_queries)):
        response = admin_client.get(AGENCY_LIST)
    assert len(names(response)) == 40


# --- agency import and export ---------------------------------------------------------------------------------


def test_a_bad_agency_file_answers_400_lists_the_problem_and_imports_nothing(admin_client, levels):
    response = admin_client.post(AGENCY_IMPORT, {"file": upload("agencies.csv", BAD_AGENCIES)})

    assert response.status_code == 400
    problems = response.context["outcome"].problems
    assert [(problem.line, problem.column) for problem in problems] == [(4, "parent_code")]
    text = response.content.decode()
    assert "import-problems" in text
    assert "H-KHONGCO" in text
    assert not Agency.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("agencies.pdf", b"%PDF-1.4", id="pdf"),
        pytest.param("agencies.csv", b"", id="empty"),
        pytest.param("agencies.xlsx", GOOD_AGENCIES.encode(), id="text named xlsx"),
        pytest.param("agencies.csv", GOOD_AGENCIES.encode("utf-16"), id="utf-16"),
    ],
)
def test_an_unreadable_agency_file_answers_400(admin_client, levels, name, content):
    response = admin_client.post(AGENCY_IMPORT, {"file": upload(name, content)})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Agency.objects.exists()


def test_a_post_without_a_file_answers_400(admin_client, levels):
    response = admin_client.post(AGENCY_IMPORT, {"check_only": "on"})
    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert not Agency.objects.exists()


def test_the_import_screen_shows_its_form(admin_client, levels):
    response = admin_client.get(AGENCY_IMPORT)
    assert response.status_code == 200
    assert b'type="file"' in response.content


def test_a_good_agency_file_is_imported_and_redirects_to_the_list(admin_client, levels):
    response = admin_client.post(AGENCY_IMPORT, {"file": upload("agencies.csv", GOOD_AGENCIES)})

    assert response.status_code == 302
    assert response["Location"] == AGENCY_LIST
    assert set(Agency.objects.values_list("code", flat=True)) == {"SO-NV", "H-CANLOC", "X-LAC"}
    assert Agency.objects.get(code="X-LAC").parent.code == "H-CANLOC"


def test_check_only_imports_nothing(admin_client, levels):
    response = admin_client.post(AGENCY_IMPORT, {"file": upload("agencies.csv", GOOD_AGENCIES), "check_only": "on"})

    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert outcome.problems == []
    assert outcome.new == 3
    assert not Agency.objects.exists()


def test_an_xlsx_file_is_imported(admin_client, levels):
    dataset = tablib.Dataset().load(GOOD_AGENCIES, format="csv")
    response = admin_client.post(AGENCY_IMPORT, {"file": upload("agencies.xlsx", dataset.export("xlsx"))})
    assert response.status_code == 302, problems_of(response)
    assert Agency.objects.count() == 3


@pytest.mark.parametrize(
    ("file_format", "content_type", "magic"),
    [
        # A CSV starts with the UTF-8 byte order mark, without which Excel garbles Vietnamese.
        ("csv", "text/csv", b"\xef\xbb\xbfcode,name,level"),
        ("xlsx", "application/vnd.openxmlformats", b"PK\x03\x04"),
    ],
)
def test_agencies_export(admin_client, agency_tree, file_format, content_type, magic):
    response = admin_client.get(AGENCY_EXPORT, {"format": file_format})

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"] == f'attachment; filename="agencies.{file_format}"'
    assert response.content.startswith(magic)
    dataset = read_spreadsheet(f"agencies.{file_format}", response.content)
    assert {row[0] for row in dataset} == {agency.code for agency in agency_tree.values()}


def test_an_unknown_export_format_answers_400(admin_client, agency_tree):
    response = admin_client.get(AGENCY_EXPORT, {"format": "pdf"})
    assert response.status_code == 400


# --- people ---------------------------------------------------------------------------------------------------


@pytest.fixture
def so_nv(levels):
    return AgencyFactory(code="SO-NV", name="Sở Nội vụ", level=levels["department"])


def test_people_import_creates_accounts_and_mails_the_links(
    admin_client, so_nv, mailoutbox, django_user_model, django_capture_on_commit_callbacks
):
    content = PEOPLE_HEADER + "canbo.so,Cán bộ Sở Nội vụ,canbo.so@example.org,officer,SO-NV\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(PEOPLE_IMPORT, {"file": upload("people.csv", content)})

    assert response.status_code == 302, problems_of(response)
    assert response["Location"] == "/admin/assessments/roleassignment/"
    user = django_user_model.objects.get(username="canbo.so")
    assert not user.has_usable_password()
    assert RoleAssignment.objects.filter(user=user, role="officer", agency=so_nv).exists()
    assert len(mailoutbox) == 1


def test_a_bad_people_file_answers_400_and_imports_nobody(admin_client, so_nv, mailoutbox, django_user_model):
    content = PEOPLE_HEADER + "canbo.so,Cán bộ,canbo.so@example.org,officer,\n"
    response = admin_client.post(PEOPLE_IMPORT, {"file": upload("people.csv", content)})

    assert response.status_code == 400
    assert [(problem.line, problem.column) for problem in problems_of(response)] == [(2, "agency_code")]
    assert not django_user_model.objects.filter(username="canbo.so").exists()
    assert mailoutbox == []


def test_people_export(admin_client, so_nv):
    RoleAssignmentFactory(user=UserFactory(username="canbo.so"), role="officer", agency=so_nv)
    response = admin_client.get(PEOPLE_EXPORT, {"format": "csv"})

    assert response.status_code == 200
    dataset = read_spreadsheet("people.csv", response.content)
    rows = [dict(zip(dataset.headers, row, strict=True)) for row in dataset]
    assert [(row["username"], row["role"], row["agency_code"]) for row in rows] == [("canbo.so", "officer", "SO-NV")]
    assert admin_client.get(PEOPLE_EXPORT, {"format": "xlsx"}).content.startswith(b"PK\x03\x04")
    assert admin_client.get(PEOPLE_EXPORT, {"format": "pdf"}).status_code == 400


# --- periods --------------------------------------------------------------------------------------------------


def test_the_generate_screen_shows_a_year_form(admin_client):
    response = admin_client.get(GENERATE)
    assert response.status_code == 200
    assert b'name="year"' in response.content


def test_generating_a_year_creates_its_periods(admin_client, live_criteria_set):
    AgencyFactory()  # a commune: periods are made only for levels that have evaluated agencies
    response = admin_client.post(GENERATE, {"year": "2023"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/assessments/reportingperiod/"
    assert ReportingPeriod.objects.filter(year=2023, criteria_set=live_criteria_set).count() == 4
    listing = admin_client.get(response["Location"])
    assert listing.status_code == 200


@pytest.mark.parametrize("year", ["abc", "", "1800", "2101"])
def test_a_bad_year_answers_400(admin_client, live_criteria_set, year):
    response = admin_client.post(GENERATE, {"year": year})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not ReportingPeriod.objects.exists()


def test_a_period_added_by_hand_pins_the_live_revision(admin_client, live_criteria_set):
    level = live_criteria_set.levels.get()
    response = admin_client.post(
        "/admin/assessments/reportingperiod/create/",
        {
            "year": "2023",
            "kind": "annual",
            "criteria_set": live_criteria_set.pk,
            "levels": [level.pk],
            "data_start": "2022-11-10",
            "data_end": "2023-11-10",
            "opens_at": "2023-09-15 00:00",
            "submission_deadline": "2023-11-10 23:59",
            "appraisal_deadline": "",
            "publication_deadline": "",
        },
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else None
    period = ReportingPeriod.objects.get()
    assert period.criteria_revision_id == live_criteria_set.live_revision_id
    assert period.submission_deadline == local(2023, 11, 10, 23, 59)


def test_a_period_with_a_window_ending_before_it_starts_is_refused_in_the_admin(admin_client, live_criteria_set):
    response = admin_client.post(
        "/admin/assessments/reportingperiod/create/",
        {
            "year": "2023",
            "kind": "annual",
            "criteria_set": live_criteria_set.pk,
            "levels": [live_criteria_set.levels.get().pk],
            "data_start": "2023-11-10",
            "data_end": "2022-11-10",
            "opens_at": "2023-09-15 00:00",
            "submission_deadline": "2023-11-10 23:59",
        },
    )
    assert response.status_code == 200
    assert "data_end" in response.context["form"].errors
    assert not ReportingPeriod.objects.exists()


# --- criteria files -------------------------------------------------------------------------------------------


def export_url(page, file_format):
    return f"/admin/assessments/criteria/{page.pk}/export/{file_format}/"


def criteria_document(fraction: float) -> bytes:
    document = {
        "decision": "2853/QĐ-UBND",
        "year_from": 2021,
        "groups": [{"code": "1", "title": "Môi trường chính sách"}, {"code": "2", "title": "An toàn thông tin"}],
        "sets": [
            {
                "level": "commune",
                "appendix": "Phụ lục 4",
                "applies_to": "UBND các xã, phường, thị trấn",
                "max_total": 100,
                "indicators": [
                    {
                        "code": "1.1",
                        "group": "1",
                        "title": "Kế hoạch chuyển đổi số",
                        "max_points": 60,
                        "method": "LEVELS",
                        "options": [{"label": "Trước 31/01", "fraction": fraction}, {"label": "Không", "fraction": 0}],
                    },
                    {"code": "2.1", "group": "2", "title": "Diễn tập", "max_points": 40, "method": "BIN"},
                ],
            }
        ],
        "bands": {"bands": [{"label": "Tốt", "min_percent": 75}, {"label": "Yếu", "min_percent": 0}]},
    }
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def content_state(page_id: int) -> tuple:
    page = CriteriaSetPage.objects.get(pk=page_id)
    return (json.dumps(list(page.groups.raw_data), sort_keys=True, default=str), page.max_total, page.live_revision_id)


def test_criteria_export_as_json(admin_client, live_criteria_set):
    response = admin_client.get(export_url(live_criteria_set, "json"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="criteria-{live_criteria_set.slug}.json"'
    document = json.loads(response.content)
    assert [entry["level"] for entry in document["sets"]] == ["commune"]
    assert [row["code"] for row in document["sets"][0]["indicators"]] == ["1.1", "1.2", "2.1"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_criteria_export_as_a_table(admin_client, live_criteria_set, file_format):
    response = admin_client.get(export_url(live_criteria_set, file_format))

    assert response.status_code == 200
    dataset = read_spreadsheet(f"criteria.{file_format}", response.content)
    assert dataset.headers[:3] == ["group_code", "group_title", "code"]
    assert [row[2] for row in dataset] == ["1.1", "1.2", "2.1"]


def test_an_unknown_criteria_export_format_is_not_found(admin_client, live_criteria_set):
    assert admin_client.get(export_url(live_criteria_set, "pdf")).status_code == 404


def test_a_criteria_table_imports_back_as_a_draft(admin_client, live_criteria_set):
    table = admin_client.get(export_url(live_criteria_set, "csv")).content.decode("utf-8")
    table = table.replace("Chỉ số 1.1", "Chỉ số 1.1 đã sửa")
    before = content_state(live_criteria_set.pk)
    revisions = live_criteria_set.revisions.count()

    response = admin_client.post(
        f"/admin/assessments/criteria/{live_criteria_set.pk}/import-table/",
        {"file": upload("criteria.csv", table)},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{live_criteria_set.pk}/edit/"
    assert live_criteria_set.revisions.count() == revisions + 1
    assert content_state(live_criteria_set.pk) == before
    draft = CriteriaSetPage.objects.get(pk=live_criteria_set.pk).get_latest_revision_as_object()
    assert draft.scoring.indicator("1.1").title == "Chỉ số 1.1 đã sửa"


def test_a_bad_criteria_table_answers_400_and_changes_nothing(admin_client, live_criteria_set):
    table = (
        "group_code,group_title,code,title,max_points,method,parameters\n"
        "1,Môi trường chính sách,1.1,Kế hoạch,150,FOO,\n"
    )
    revisions = live_criteria_set.revisions.count()

    response = admin_client.post(
        f"/admin/assessments/criteria/{live_criteria_set.pk}/import-table/",
        {"file": upload("criteria.csv", table)},
    )

    assert response.status_code == 400
    assert response.context["problems"]
    assert "FOO" in response.content.decode()
    assert live_criteria_set.revisions.count() == revisions


def test_a_criteria_document_with_a_fraction_above_one_changes_nothing(admin_client, decision, live_criteria_set):
    before = content_state(live_criteria_set.pk)
    revisions = live_criteria_set.revisions.count()
    pages = CriteriaSetPage.objects.count()

    response = admin_client.post(
        f"/admin/assessments/criteria/import/{decision.pk}/", {"file": upload("criteria.json", criteria_document(1.5))}
    )

    assert response.status_code == 400
    problems = " ".join(message for _line, message in response.context["problems"])
    assert "1.1" in problems
    assert "Trước 31/01" in problems
    assert "Trước 31/01" in response.content.decode()
    assert content_state(live_criteria_set.pk) == before
    assert live_criteria_set.revisions.count() == revisions
    assert CriteriaSetPage.objects.count() == pages


@pytest.mark.parametrize(
    "content", [pytest.param(b"{not json", id="not json"), pytest.param(b'{"sets": []}', id="no sets")]
)
def test_a_malformed_criteria_document_answers_400(admin_client, decision, live_criteria_set, content):
    response = admin_client.post(
        f"/admin/assessments/criteria/import/{decision.pk}/", {"file": upload("criteria.json", content)}
    )
    assert response.status_code == 400
    assert response.context["problems"]


def test_a_valid_criteria_document_becomes_a_draft_until_published(admin_client, decision, live_criteria_set):
    before = content_state(live_criteria_set.pk)
    old_live_scoring = CriteriaSetPage.objects.get(pk=live_criteria_set.pk).scoring

    response = admin_client.post(
        f"/admin/assessments/criteria/import/{decision.pk}/", {"file": upload("criteria.json", criteria_document(1))}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{decision.pk}/"
    page = CriteriaSetPage.objects.get(pk=live_criteria_set.pk)
    assert CriteriaSetPage.objects.count() == 1
    assert content_state(page.pk) == before
    assert page.scoring == old_live_scoring
    assert page.has_unpublished_changes
    draft = page.get_latest_revision_as_object()
    assert [indicator.code for indicator in draft.scoring.indicators()] == ["1.1", "2.1"]
    assert draft.max_total == 100

    page.get_latest_revision().publish()
    live = CriteriaSetPage.objects.get(pk=page.pk)
    assert [indicator.code for indicator in live.scoring.indicators()] == ["1.1", "2.1"]
    assert live.max_total == 100


def test_a_criteria_document_for_a_new_level_creates_an_unpublished_set(admin_client, decision, live_criteria_set):
    AgencyLevelFactory(code="district", name="UBND cấp huyện")
    document = json.loads(criteria_document(1))
    document["sets"][0]["level"] = "district"

    response = admin_client.post(
        f"/admin/assessments/criteria/import/{decision.pk}/",
        {"file": upload("criteria.json", json.dumps(document).encode())},
    )

    assert response.status_code == 302
    created = CriteriaSetPage.objects.exclude(pk=live_criteria_set.pk).get()
    assert not created.live
    assert list(created.get_latest_revision_as_object().levels.values_list("code", flat=True)) == ["district"]


# --- who may use these screens --------------------------------------------------------------------------------


@pytest.fixture
def urls(levels, decision, live_criteria_set):
    """Every assessments admin URL, as (method, path, data)."""
    people = PEOPLE_HEADER + "ke.gian,Kẻ gian,ke.gian@example.org,administrator,\n"
    page = live_criteria_set.pk
    return {
        "agency list": ("get", AGENCY_LIST, None),
        "agency import form": ("get", AGENCY_IMPORT, None),
        "agency import": ("post", AGENCY_IMPORT, lambda: {"file": upload("agencies.csv", GOOD_AGENCIES)}),
        "agency export": ("get", f"{AGENCY_EXPORT}?format=csv", None),
        "people list": ("get", "/admin/assessments/roleassignment/", None),
        "people import form": ("get", PEOPLE_IMPORT, None),
        "people import": ("post", PEOPLE_IMPORT, lambda: {"file": upload("people.csv", people)}),
        "people export": ("get", f"{PEOPLE_EXPORT}?format=csv", None),
        "period list": ("get", "/admin/assessments/reportingperiod/", None),
        "generate form": ("get", GENERATE, None),
        "generate": ("post", GENERATE, lambda: {"year": "2023"}),
        "criteria json": ("get", f"/admin/assessments/criteria/{page}/export/json/", None),
        "criteria csv": ("get", f"/admin/assessments/criteria/{page}/export/csv/", None),
        "criteria xlsx": ("get", f"/admin/assessments/criteria/{page}/export/xlsx/", None),
        "criteria table form": ("get", f"/admin/assessments/criteria/{page}/import-table/", None),
        "criteria table": (
            "post",
            f"/admin/assessments/criteria/{page}/import-table/",
            lambda: {"file": upload("c.csv", "group_code,group_title,code,title,max_points,method\n")},
        ),
        "criteria import form": ("get", f"/admin/assessments/criteria/import/{decision.pk}/", None),
        "criteria import": (
            "post",
            f"/admin/assessments/criteria/import/{decision.pk}/",
            lambda: {"file": upload("c.json", criteria_document(1))},
        ),
    }


URL_NAMES = [
    "agency list",
    "agency import form",
    "agency import",
    "agency export",
    "people list",
    "people import form",
    "people import",
    "people export",
    "period list",
    "generate form",
    "generate",
    "criteria json",
    "criteria csv",
    "criteria xlsx",
    "criteria table form",
    "criteria table",
    "criteria import form",
    "criteria import",
]
# Criteria sets are pages: Wagtail's page permissions decide, and the Editors group may edit pages
# (editors keep the criteria pages), so editors are only refused the non-page screens.
PAGE_URL_NAMES = {name for name in URL_NAMES if name.startswith("criteria")}


@pytest.fixture
def visitor(request, client, django_user_model, home_page):
    kind = request.param
    if kind == "non-staff":
        client.force_login(UserFactory(username="nguoi.dan"))
    elif kind == "editor":
        editor = UserFactory(username="bientap")
        editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
        client.force_login(editor)
    return kind


def assert_refused(response):
    """403, or Wagtail's way of refusing: back to the login page (no admin access) or the dashboard."""
    if response.status_code == 403:
        return
    assert response.status_code == 302, response.status_code
    assert response["Location"].split("?")[0] in ("/admin/login/", "/admin/"), response["Location"]


REFUSALS = [
    pytest.param(visitor, name, id=f"{visitor}-{name}")
    for visitor in ("anonymous", "non-staff", "editor")
    for name in URL_NAMES
    if not (visitor == "editor" and name in PAGE_URL_NAMES)
]


@pytest.mark.parametrize(("visitor", "name"), REFUSALS, indirect=["visitor"])
def test_only_people_with_the_assessments_permissions_get_in(client, visitor, urls, name, django_user_model):
    method, path, data = urls[name]
    counts = (Agency.objects.count(), django_user_model.objects.count(), ReportingPeriod.objects.count())
    revisions = CriteriaSetPage.objects.get().revisions.count()

    response = getattr(client, method)(path, data() if data else None)

    assert_refused(response)
    if visitor == "anonymous":
        assert response["Location"].startswith("/admin/login/")
    assert (Agency.objects.count(), django_user_model.objects.count(), ReportingPeriod.objects.count()) == counts
    assert CriteriaSetPage.objects.get().revisions.count() == revisions
    assert not django_user_model.objects.filter(username="ke.gian").exists()


@pytest.mark.parametrize("name", sorted(PAGE_URL_NAMES))
def test_editors_may_use_the_criteria_files(client, urls, name, home_page):
    editor = UserFactory(username="bientap")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client.force_login(editor)
    method, path, data = urls[name]

    response = getattr(client, method)(path, data() if data else None)

    assert response.status_code in (200, 302, 400)
    if response.status_code == 302:
        assert response["Location"].split("?")[0] not in ("/admin/login/", "/admin/")
