"""The receipt of a submitted report: its reference and verification code, the PDF laid out as a
Vietnamese administrative document (Decree 30/2020/NĐ-CP), and the public check.

The PDFs are read back with pypdf, so each test checks the text an official would read: the
letterhead, the motto, every indicator, the scores, the reference and code, and "Trang x/N" on each
of the N pages.
"""

from __future__ import annotations

import importlib
import io
import re
import unicodedata

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments.models import Report, ReportStatus
from assessments.reporting import services as report_service
from assessments.reporting.receipt import codes, letterhead
from assessments.reporting.workflow import Action, transition
from home.models import PortalSettings
from tests.assessments.reporting import (
    evidence_file,
    fill_in,
    minimal_pdf,
    published_set,
    text_of,
    vietnamese,
)
from tests.factories.assessments import (
    AgencyFactory,
    AgencyLevelFactory,
    ReportFactory,
    ReportingPeriodFactory,
    RoleAssignmentFactory,
    UserFactory,
    indicator,
)

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$")
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"
GENUINE = "The receipt is genuine"
NO_MATCH = (
    "No receipt matches this reference and code. Check what you typed. A receipt printed before the report was "
    "returned and submitted again no longer matches: ask the agency for the latest one."
)


def pdf_pages(content: bytes) -> list[str]:
    """Each page's text, its whitespace (line breaks where a cell wraps) folded to single spaces."""
    assert content.startswith(b"%PDF")
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def assert_numbered(pages: list[str]) -> None:
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Trang {number}/{total}" in text, f"page {number} of {total}"
        assert not re.search(rf"Trang \d+/(?!{total}\b)\d+", text)


@pytest.fixture
def province():
    settings = PortalSettings.load()
    settings.province = "Hà Tĩnh"
    settings.save()
    return settings


@pytest.fixture
def commune(world, province):
    """Agency A as a commune of a district (the three-tier years), its head named, its report submitted."""
    district = world.appraiser_agency
    district.name = "UBND huyện Can Lộc"
    district.save()
    world.agency_a.name, world.agency_a.parent = "UBND xã Thiên Lộc", district
    world.agency_a.save()
    world.head_a.first_name, world.head_a.last_name = "Trần Thị", "Hoa"
    world.head_a.save()
    fill_in(world.report_a, world.officer_a)
    evidence_file(world.report_a, minimal_pdf(), name="bien-ban-kiem-tra.pdf", code="2.1")
    report_service.submit(world.report_a.pk, world.head_a)
    return Report.objects.get(pk=world.report_a.pk)


# The reference and the code.


def test_a_submission_gives_the_report_a_reference_and_a_verification_code(world):
    fill_in(world.report_a, world.officer_a)
    assert Report.objects.get(pk=world.report_a.pk).reference is None

    report_service.submit(world.report_a.pk, world.head_a)

    report = Report.objects.get(pk=world.report_a.pk)
    assert report.reference == f"BC-{report.period.year}-{report.pk:06d}"
    assert CODE.match(report.verification_code)


def test_a_resubmission_keeps_the_reference_and_draws_a_new_code(world):
    fill_in(world.report_a, world.officer_a)
    report_service.submit(world.report_a.pk, world.head_a)
    first = Report.objects.get(pk=world.report_a.pk)
    report_service.submit(world.report_a.pk, world.head_a)  # a double click changes nothing
    assert Report.objects.get(pk=first.pk).verification_code == first.verification_code

    transition(first.pk, Action.RETURN, world.appraiser, reason="Thiếu biên bản.")
    report_service.submit(first.pk, world.head_a)

    again = Report.objects.get(pk=first.pk)
    assert again.status == ReportStatus.SUBMITTED
    assert again.reference == first.reference
    assert CODE.match(again.verification_code)
    assert again.verification_code != first.verification_code


def test_codes_are_random_and_typed_codes_are_read_in_any_case_and_spacing():
    drawn = {codes.new_verification_code() for _ in range(200)}
    assert len(drawn) == 200
    assert all(CODE.match(code) for code in drawn)
    assert not set("01IO") & set("".join(drawn))
    assert codes.typed_code(" k7qf 3mzp-wx9d ") == "K7QF-3MZP-WX9D"
    assert codes.typed_reference(" bc-2026-000123 ") == "BC-2026-000123"


def test_the_migration_gives_reports_submitted_before_it_their_receipt(world):
    fill_in(world.report_a, world.officer_a)
    report_service.submit(world.report_a.pk, world.head_a)
    Report.objects.filter(pk=world.report_a.pk).update(reference=None, verification_code="")
    migration = importlib.import_module("assessments.migrations.0007_report_receipt")

    migration.receipt_for_submitted_reports(apps, None)

    report = Report.objects.get(pk=world.report_a.pk)
    assert report.reference == f"BC-{report.period.year}-{report.pk:06d}"
    assert CODE.match(report.verification_code)
    assert Report.objects.get(pk=world.report_b.pk).reference is None  # never submitted


# The submitted page and the mail.


def test_the_submitted_page_and_the_mail_give_the_reference_and_the_code(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    fill_in(world.report_a, world.officer_a)
    client.force_login(world.head_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:submit", args=[world.report_a.pk]))
    report = Report.objects.get(pk=world.report_a.pk)

    page = text_of(client.get(response.url))
    assert report.reference in page
    assert report.verification_code in page
    assert reverse("receipt_check") in page

    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert vietnamese("Report reference: %(reference)s", reference=report.reference) in body
    assert vietnamese("Verification code: %(code)s", code=report.verification_code) in body
    assert "/kiem-tra-bien-nhan/" in body


# The PDF.


def test_a_communes_receipt_is_a_signed_administrative_document(client, world, commune):
    client.force_login(world.head_a)

    response = client.get(reverse("reports:pdf", args=[commune.pk]))

    assert response.status_code == 200
    pages = pdf_pages(response.content)
    text = " ".join(pages)
    assert text == unicodedata.normalize("NFC", text)
    # The letterhead: the district over the commune, the motto, the number and the place and date.
    assert "UBND HUYỆN CAN LỘC UBND XÃ THIÊN LỘC" in text
    assert MOTTO in text and SLOGAN in text
    assert "/BC-UBND" in text
    submitted = timezone.localtime(commune.submitted_at)
    assert letterhead.date_line("Hà Tĩnh", submitted.date()) in text
    assert f"năm {submitted.year}" in text
    # The document type, its summary, the period and the criteria set with its decision.
    assert "BÁO CÁO" in text
    assert f"Kết quả tự đánh giá {world.criteria_set.title} kỳ đánh giá hằng năm năm {world.period.year}" in text
    assert f"{world.criteria_set.title} (Phụ lục 4)" in text
    assert "Quyết định số 2853/QĐ-UBND ngày 11/08/2021" in text
    # Every indicator: its code, title, answer, self-score and evidence.
    for code in ("1.1", "1.2", "2.1"):
        assert f"Chỉ số {code}" in text
    assert "1.1 Chỉ số 1.1 Có 40 Giải trình: Văn bản đang trình ký." in text
    assert "1.2 Chỉ số 1.2 a = 3; b = 4 45" in text
    assert "2.1 Chỉ số 2.1" in text and "bien-ban-kiem-tra.pdf" in text
    # Groups, total and band.
    assert "1 Môi trường chính sách 85 100" in text
    assert "2 An toàn thông tin 50 50" in text
    assert "Tổng cộng 135 150" in text
    assert "Mức xếp loại Xuất sắc" in text
    # Who submitted it, when, the receipt's reference and code, the signature and the recipients.
    assert f"Nộp lúc {submitted:%d/%m/%Y %H:%M} bởi Trần Thị Hoa" in text
    assert commune.reference in text and commune.verification_code in text
    assert "THỦ TRƯỞNG CƠ QUAN" in text and text.rstrip().count("Trần Thị Hoa") >= 2
    assert "Nơi nhận: - UBND huyện Can Lộc (để thẩm định); - Lưu: VT." in text
    assert "/kiem-tra-bien-nhan/" in text
    # "Trang x/N" and the reference on every page.
    assert_numbered(pages)
    assert all(commune.reference in page for page in pages)


DEPARTMENT_GROUPS = [
    (
        "1",
        "Hạ tầng và nền tảng số",
        [
            *(indicator(f"1.{number}", "BIN", 10) for number in range(1, 31)),
            indicator("1.31", "INFO", 0, title="Số dịch vụ công trực tuyến toàn trình đang cung cấp"),
        ],
    ),
    (
        "2",
        "Dữ liệu số",
        [indicator("2.1", "RATIO", 50, numerator_label="Số CSDL đã kết nối", denominator_label="Tổng số CSDL")],
    ),
]


@pytest.fixture
def department(decision, province):
    """A department (no parent: the province's People's Committee is its superior) with a long report
    whose INFO indicator scores nothing, submitted."""
    level = AgencyLevelFactory(code="department", name="Sở, ban, ngành")
    criteria_set = published_set(decision, groups=DEPARTMENT_GROUPS, max_total=350, levels=[level])
    period = ReportingPeriodFactory(criteria_set=criteria_set)
    organiser = AgencyFactory(code="SO-NV", name="Sở Nội vụ", level=level)
    agency = AgencyFactory(code="SO-TTTT", name="Sở Thông tin và Truyền thông", level=level, appraiser=organiser)
    head = UserFactory(username="giam.doc", first_name="Lê Văn", last_name="Bình")
    RoleAssignmentFactory(user=head, role="head", agency=agency)
    report = ReportFactory(period=period, agency=agency)
    answers = {
        "1": {
            **{f"1.{number}__value": "yes" if number % 3 else "no" for number in range(1, 31)},
            "1.31__value": "12 dịch vụ",
        },
        "2": {"2.1__a": "1", "2.1__b": "4"},
    }
    fill_in(report, head, answers=answers)
    report_service.submit(report.pk, head)
    return Report.objects.get(pk=report.pk), head


def test_a_departments_long_receipt_numbers_its_pages_and_scores_nothing_for_info(client, department):
    report, head = department
    client.force_login(head)

    pages = pdf_pages(client.get(reverse("reports:pdf", args=[report.pk])).content)

    assert len(pages) >= 2
    assert_numbered(pages)
    text = " ".join(pages)
    assert text == unicodedata.normalize("NFC", text)
    assert "UBND TỈNH HÀ TĨNH SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in text
    assert MOTTO in text and SLOGAN in text
    assert "/BC-STTTT" in text
    # The INFO indicator: its title and answer, and no score.
    assert "Số dịch vụ công trực tuyến toàn trình đang cung cấp" in text
    assert "12 dịch vụ không tính điểm" in text
    # 20 of the 30 yes/no indicators answered yes (10 points each); 2.1 scores 50 × 1/4 = 12,5.
    assert "1.3 Chỉ số 1.3 Không 0" in text
    assert "1.4 Chỉ số 1.4 Có 10" in text
    assert "2.1 Chỉ số 2.1 a = 1; b = 4 12,5" in text
    assert "1 Hạ tầng và nền tảng số 200 300" in text
    assert "Tổng cộng 212,5 350" in text
    assert "Mức xếp loại Khá" in text  # 212.5 / 350 = 60.7 %
    assert "Lê Văn Bình" in text
    assert "Sở Nội vụ (để thẩm định)" in text
    assert report.reference in text and report.verification_code in text


def test_the_letterhead_reads_as_the_decree_writes_it():
    import datetime

    assert letterhead.capitals("UBND xã Thiên Lộc") == "UBND XÃ THIÊN LỘC"
    assert letterhead.abbreviation("UBND xã Thiên Lộc") == "UBND"
    assert letterhead.abbreviation("Sở Kế hoạch và Đầu tư") == "SKHĐT"
    assert letterhead.place_of("", "UBND xã Thiên Lộc") == "Thiên Lộc"
    assert letterhead.place_of("Hà Tĩnh", "UBND xã Thiên Lộc") == "Hà Tĩnh"
    assert letterhead.date_line("Hà Tĩnh", datetime.date(2026, 2, 5)) == "Hà Tĩnh, ngày 05 tháng 02 năm 2026"
    assert letterhead.date_line("", datetime.date(2026, 11, 29)) == "Ngày 29 tháng 11 năm 2026"


# The public check.


def check(client, **params):
    return client.get(reverse("receipt_check"), params)


def test_anyone_can_check_a_receipt_and_learns_only_its_status_and_time(client, world, commune):
    response = check(client, reference=commune.reference.lower(), code=commune.verification_code.replace("-", " "))

    assert response.status_code == 200
    page = text_of(response)
    assert vietnamese(GENUINE) in page
    assert vietnamese("submitted") in page
    assert timezone.localtime(commune.submitted_at).strftime("%d/%m/%Y %H:%M") in page
    for private in ("Thiên Lộc", "Trần Thị Hoa", "Chỉ số"):
        assert private not in page
    # The total score, 135, is not shown (the digits may appear inside the reference, BC-2039-001352).
    assert not re.search(r"(?<!\d)135(?!\d)", page)


def test_a_wrong_code_or_an_unknown_reference_gets_a_message_not_a_404(client, world, commune):
    for reference, code in ((commune.reference, "AAAA-BBBB-CCCC"), ("BC-2000-999999", commune.verification_code)):
        response = check(client, reference=reference, code=code)
        assert response.status_code == 200
        assert vietnamese(GENUINE) not in text_of(response)
        assert vietnamese(NO_MATCH) in text_of(response)


def test_the_check_needs_both_values(client, world, commune):
    assert check(client).status_code == 200  # the empty form
    response = check(client, reference=commune.reference)
    assert response.status_code == 400
    assert vietnamese("Enter the verification code printed on the receipt.") in text_of(response)
    assert vietnamese(GENUINE) not in text_of(response)


def test_a_receipt_printed_before_a_resubmission_no_longer_checks(client, world, commune):
    old_code = commune.verification_code
    transition(commune.pk, Action.RETURN, world.appraiser, reason="Thiếu biên bản.")
    report_service.submit(commune.pk, world.head_a)
    current = Report.objects.get(pk=commune.pk)

    assert vietnamese(GENUINE) not in text_of(check(client, reference=current.reference, code=old_code))
    assert vietnamese(GENUINE) in text_of(check(client, reference=current.reference, code=current.verification_code))


def test_a_refused_field_is_marked_for_screen_readers(client, world):
    page = text_of(check(client, reference="BC-2026-000001"))
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_code-error"' in page
    assert 'id="id_code-error"' in page
