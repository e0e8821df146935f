"""The import screens' template files: Vietnamese headers, readable role names, one example row, and back in."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.admin.resources import PersonResource
from assessments.admin.spreadsheets import read_spreadsheet, run_import
from assessments.models import Agency, CriteriaSetPage, RoleAssignment
from tests.factories.assessments import AgencyFactory, AgencyLevelFactory, UserFactory

pytestmark = pytest.mark.django_db

AGENCY_TEMPLATE = "/admin/assessments/agencies/import/template/{}/"
PEOPLE_TEMPLATE = "/admin/assessments/people/import/template/{}/"
CRITERIA_TEMPLATE = "/admin/assessments/criteria/table-template/{}/"
AGENCY_HEADERS = [
    "Mã",
    "Tên cơ quan, đơn vị",
    "Cấp",
    "Mã đơn vị cấp trên",
    "Thuộc đối tượng đánh giá (có/không)",
    "Đã xác minh (có/không)",
    "Ghi chú",
    "Lý do không đánh giá",
    "Mã cơ quan thẩm định",
    "Từ năm",
    "Đến năm",
]
PEOPLE_HEADERS = ["Tên đăng nhập", "Họ và tên", "Thư điện tử", "Vai trò", "Mã cơ quan, đơn vị"]
ROLE_NAMES = {
    "Cán bộ nhập liệu": "officer",
    "Thủ trưởng": "head",
    "Cán bộ thẩm định": "appraiser",
    "Biên tập viên": "editor",
    "Quản trị viên": "administrator",
}


@pytest.fixture
def admin_client(client, django_user_model, home_page):
    client.force_login(django_user_model.objects.create_superuser("quantri", "quantri@example.org", "x"))
    return client


@pytest.fixture
def agencies():
    district = AgencyLevelFactory(code="district", name="UBND cấp huyện", order=3)
    commune = AgencyLevelFactory(code="commune", name="UBND cấp xã", order=4)
    canloc = AgencyFactory(code="H-CANLOC", name="UBND huyện Can Lộc", level=district)
    AgencyFactory(code="X-LAC", name="UBND xã Thiên Lộc", level=commune, parent=canloc)
    return {"district": district, "commune": commune, "canloc": canloc}


def rows_of(content: bytes, file_format: str) -> list[list[str]]:
    """Every row of a downloaded file as a person's spreadsheet program shows it (openpyxl for XLSX)."""
    if file_format == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def file_of(rows: list[list[str]], file_format: str) -> SimpleUploadedFile:
    """The rows saved again as the person would, in the same format."""
    if file_format == "xlsx":
        workbook = openpyxl.Workbook()
        for row in rows:
            workbook.active.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return SimpleUploadedFile("mau.xlsx", buffer.getvalue())
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return SimpleUploadedFile("mau.csv", text.getvalue().encode("utf-8"))


def download(client, url: str, file_format: str) -> list[list[str]]:
    response = client.get(url.format(file_format))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith(f'.{file_format}"')
    return rows_of(response.content, file_format)


# --- agencies -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_agency_template_has_vietnamese_headers_and_an_example_row(admin_client, agencies, file_format):
    header, example, *rest = download(admin_client, AGENCY_TEMPLATE, file_format)

    assert header == AGENCY_HEADERS
    assert rest == []
    row = dict(zip(header, example, strict=True))
    assert row["Cấp"] == "UBND cấp xã"  # the level by its name, as people know it
    assert row["Mã đơn vị cấp trên"] == "H-CANLOC"
    assert row["Thuộc đối tượng đánh giá (có/không)"] == "có"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_filled_agency_template_imports(admin_client, agencies, file_format):
    header, _example = download(admin_client, AGENCY_TEMPLATE, file_format)
    row = dict.fromkeys(header, "")
    row.update(
        {
            "Mã": "X-THACHKIM",
            "Tên cơ quan, đơn vị": "UBND xã Thạch Kim",
            "Cấp": "UBND cấp xã",
            "Mã đơn vị cấp trên": "H-CANLOC",
            "Thuộc đối tượng đánh giá (có/không)": "có",
            "Đã xác minh (có/không)": "không",
            "Từ năm": "2021",
        }
    )

    response = admin_client.post(
        "/admin/assessments/agencies/import/", {"file": file_of([header, list(row.values())], file_format)}
    )

    assert response.status_code == 302, response.context and response.context["outcome"].problems
    agency = Agency.objects.get(code="X-THACHKIM")
    assert (agency.name, agency.level, agency.parent, agency.evaluated, agency.verified, agency.year_from) == (
        "UBND xã Thạch Kim",
        agencies["commune"],
        agencies["canloc"],
        True,
        False,
        2021,
    )


def test_the_agency_template_example_row_is_itself_valid(admin_client, agencies):
    """The example shows what a good row is: checking the template as it comes finds no problem."""
    content = admin_client.get(AGENCY_TEMPLATE.format("csv")).content

    response = admin_client.post(
        "/admin/assessments/agencies/import/",
        {"file": SimpleUploadedFile("mau.csv", content), "check_only": "on"},
    )

    assert response.status_code == 200
    assert response.context["outcome"].problems == []
    assert response.context["outcome"].new == 1


def test_a_problem_in_a_vietnamese_headed_file_names_the_column_as_headed(admin_client, agencies):
    header = AGENCY_HEADERS[:4]
    rows = [header, ["X-MOI", "UBND xã Mới", "UBND cấp xã", "H-KHONGCO"]]

    response = admin_client.post("/admin/assessments/agencies/import/", {"file": file_of(rows, "csv")})

    assert response.status_code == 400
    [problem] = response.context["outcome"].problems
    assert (problem.line, problem.column) == (2, "Mã đơn vị cấp trên")
    assert "H-KHONGCO" in problem.message


def test_a_missing_column_of_a_vietnamese_headed_file_is_named_in_vietnamese(admin_client, agencies):
    rows = [["Mã", "Cấp"], ["X-MOI", "UBND cấp xã"]]

    response = admin_client.post("/admin/assessments/agencies/import/", {"file": file_of(rows, "csv")})

    assert response.status_code == 400
    assert [(problem.line, problem.column) for problem in response.context["outcome"].problems] == [
        (1, "Tên cơ quan, đơn vị")
    ]


# --- people and roles -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_people_template_has_vietnamese_headers_and_a_readable_role(admin_client, agencies, file_format):
    header, example, *rest = download(admin_client, PEOPLE_TEMPLATE, file_format)

    assert header == PEOPLE_HEADERS
    assert rest == []
    assert dict(zip(header, example, strict=True))["Vai trò"] == "Cán bộ nhập liệu"


def test_the_people_screen_lists_the_role_names(admin_client, agencies):
    page = admin_client.get("/admin/assessments/people/import/").content.decode()

    for name in ROLE_NAMES:
        assert name in page
    assert PEOPLE_TEMPLATE.format("xlsx") in page
    assert PEOPLE_TEMPLATE.format("csv") in page


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_filled_people_template_imports_with_role_names(
    admin_client, agencies, file_format, django_user_model, mailoutbox, django_capture_on_commit_callbacks
):
    header, _example = download(admin_client, PEOPLE_TEMPLATE, file_format)
    rows = [
        header,
        ["canbo.canloc", "Nguyễn Văn An", "canbo.canloc@example.org", "Cán bộ nhập liệu", "H-CANLOC"],
        ["lanhdao.canloc", "Trần Thị Bình", "lanhdao.canloc@example.org", "Thủ trưởng", "H-CANLOC"],
        ["thamdinh.canloc", "Lê Văn Cường", "thamdinh.canloc@example.org", "cán bộ thẩm định", "H-CANLOC"],
        ["bientap.moi", "Phạm Thị Dung", "bientap.moi@example.org", "Biên tập viên", ""],
        ["quantri.moi", "Hoàng Văn Em", "quantri.moi@example.org", "Quản trị viên", ""],
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/assessments/people/import/", {"file": file_of(rows, file_format)})

    assert response.status_code == 302, response.context and response.context["outcome"].problems
    assert set(RoleAssignment.objects.values_list("user__username", "role", "agency__code")) == {
        ("canbo.canloc", "officer", "H-CANLOC"),
        ("lanhdao.canloc", "head", "H-CANLOC"),
        ("thamdinh.canloc", "appraiser", "H-CANLOC"),
        ("bientap.moi", "editor", None),
        ("quantri.moi", "administrator", None),
    }
    assert django_user_model.objects.get(username="canbo.canloc").first_name == "Nguyễn Văn An"
    assert len(mailoutbox) == 5


def test_role_codes_still_import(agencies):
    content = "username,full_name,email,role,agency_code\nx.y,X,x@example.org,head,H-CANLOC\n"

    outcome = run_import(PersonResource(), read_spreadsheet("p.csv", content.encode()), dry_run=False)

    assert outcome.committed
    assert RoleAssignment.objects.get(user__username="x.y").role == "head"


def test_a_bad_role_name_is_a_vietnamese_problem_on_its_line(admin_client, agencies):
    UserFactory(username="canbo.canloc", email="canbo.canloc@example.org")
    rows = [
        PEOPLE_HEADERS,
        ["canbo.canloc", "Nguyễn Văn An", "canbo.canloc@example.org", "Cán bộ nhập liệu", "H-CANLOC"],
        ["giamdoc", "Giám đốc", "giamdoc@example.org", "Giám đốc", "H-CANLOC"],
    ]

    response = admin_client.post("/admin/assessments/people/import/", {"file": file_of(rows, "xlsx")})

    assert response.status_code == 400
    [problem] = response.context["outcome"].problems
    assert (problem.line, problem.column) == (3, "Vai trò")
    assert problem.message.startswith("“Giám đốc” không phải là vai trò hợp lệ")
    assert "Cán bộ nhập liệu, Thủ trưởng, Cán bộ thẩm định, Biên tập viên, Quản trị viên" in problem.message
    page = response.content.decode()
    assert "<td>3</td>" in page
    assert "Không có dữ liệu nào được nhập" in page
    assert not RoleAssignment.objects.exists()


def test_templates_need_the_import_permissions(client, agencies):
    client.force_login(UserFactory(username="nguoi.dan"))

    for url in (AGENCY_TEMPLATE, PEOPLE_TEMPLATE, CRITERIA_TEMPLATE):
        assert client.get(url.format("csv")).status_code in (302, 403)


def test_an_unknown_template_format_is_not_found(admin_client, agencies):
    for url in (AGENCY_TEMPLATE, PEOPLE_TEMPLATE, CRITERIA_TEMPLATE):
        assert admin_client.get(url.format("pdf")).status_code == 404


# --- criteria tables ------------------------------------------------------------------------------------------


@pytest.fixture
def live_criteria_set(criteria_set):
    criteria_set.get_latest_revision().publish()
    return CriteriaSetPage.objects.get(pk=criteria_set.pk)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_filled_criteria_template_imports_as_a_draft(admin_client, live_criteria_set, file_format):
    header, example = download(admin_client, CRITERIA_TEMPLATE, file_format)
    assert header[:5] == ["Mã nhóm", "Tên nhóm", "Mã chỉ số", "Chỉ số", "Điểm tối đa"]
    assert "Phương pháp chấm điểm" in header
    second = dict(zip(header, example, strict=True))
    second.update({"Mã chỉ số": "1.2", "Chỉ số": "Có cổng dịch vụ công", "Phương pháp chấm điểm": "BIN"})
    # The factory's set totals 150 points.
    second.update({"Tham số": "", "Điểm tối đa": "140", "Đơn vị tính": ""})
    rows = [header, example, list(second.values())]

    response = admin_client.post(
        f"/admin/assessments/criteria/{live_criteria_set.pk}/import-table/", {"file": file_of(rows, file_format)}
    )

    assert response.status_code == 302, response.context and response.context["problems"]
    draft = CriteriaSetPage.objects.get(pk=live_criteria_set.pk).get_latest_revision_as_object()
    assert draft.scoring.indicator("1.1").title == "Tỷ lệ văn bản đi được ký số"
    assert draft.scoring.indicator("1.2").title == "Có cổng dịch vụ công"


def test_the_criteria_table_screen_offers_the_template(admin_client, live_criteria_set):
    page = admin_client.get(f"/admin/assessments/criteria/{live_criteria_set.pk}/import-table/").content.decode()

    assert CRITERIA_TEMPLATE.format("xlsx") in page
    assert CRITERIA_TEMPLATE.format("csv") in page
