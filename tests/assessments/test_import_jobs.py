"""Large spreadsheet imports run as background jobs: the upload kept privately, the rows counted as they are
checked and saved, the problems listed on the job's page, the person's permission checked again when it runs."""

import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import storages
from django.test import override_settings

from assessments.admin import imports
from assessments.admin.imports import AGENCY_IMPORT, PEOPLE_IMPORT, start_import_job
from assessments.admin.spreadsheets import read_spreadsheet, run_import
from assessments.models import Agency, RoleAssignment
from home import jobs
from home.models import BackgroundJob, JobStatus
from tests.assessments import test_admin
from tests.assessments.test_admin import AGENCY_LIST, BAD_AGENCIES, GOOD_AGENCIES, PEOPLE_HEADER, upload
from tests.factories.assessments import UserFactory

pytestmark = pytest.mark.django_db

# The admin screens' own fixtures: the four levels, a superuser's client, the Sở Nội vụ.
levels = test_admin.levels
admin_client = test_admin.admin_client
so_nv = test_admin.so_nv
AGENCY_IMPORT_URL = test_admin.AGENCY_IMPORT
PEOPLE_IMPORT_URL = test_admin.PEOPLE_IMPORT

QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _no_uploads_left():
    """Uploads of queued jobs outlive the test's rolled-back rows: each test starts and ends without any."""
    folder = Path(storages[jobs.RESULT_STORAGE].path("imports"))
    shutil.rmtree(folder, ignore_errors=True)
    yield
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def small_threshold(settings):
    settings.IMPORT_JOB_ROWS = 2


def only_job() -> BackgroundJob:
    return BackgroundJob.objects.get()


def stored_uploads() -> list[str]:
    storage = storages[jobs.RESULT_STORAGE]
    if not storage.exists("imports"):
        return []
    folders, _files = storage.listdir("imports")
    return [name for folder in folders for name in storage.listdir(f"imports/{folder}")[1]]


def test_a_file_above_the_threshold_is_imported_by_a_job_and_its_page_links_to_the_list(
    admin_client, levels, small_threshold
):
    response = admin_client.post(AGENCY_IMPORT_URL, {"file": upload("co-quan.csv", GOOD_AGENCIES)})

    job = only_job()
    assert response.status_code == 302
    assert response["Location"] == f"/cong-viec/{job.pk}/"
    assert job.status == JobStatus.SUCCEEDED
    assert job.kind == "assessments.admin.imports.import_spreadsheet"
    # Three rows checked, then three saved.
    assert (job.done, job.total) == (6, 6)
    assert set(Agency.objects.values_list("code", flat=True)) == {"SO-NV", "H-CANLOC", "X-LAC"}
    assert stored_uploads() == []

    page = admin_client.get(response["Location"])
    text = page.content.decode()
    assert "Nhập cơ quan, đơn vị: co-quan.csv" in text
    assert "Đã nhập: 3 bản ghi mới, 0 bản ghi được cập nhật." in text
    assert f'href="{AGENCY_LIST}"' in text
    assert "Mở danh sách đã nhập" in text


def test_a_file_at_the_threshold_is_still_imported_in_the_request(admin_client, levels, settings):
    settings.IMPORT_JOB_ROWS = 3
    assert "Tệp có hơn 3 dòng được nhập chạy nền" in admin_client.get(AGENCY_IMPORT_URL).content.decode()
    response = admin_client.post(AGENCY_IMPORT_URL, {"file": upload("co-quan.csv", GOOD_AGENCIES)})
    assert response["Location"] == AGENCY_LIST
    assert not BackgroundJob.objects.exists()


def test_a_bad_large_file_fails_its_job_with_each_problem_on_its_line_and_imports_nothing(
    admin_client, levels, small_threshold
):
    response = admin_client.post(AGENCY_IMPORT_URL, {"file": upload("co-quan.csv", BAD_AGENCIES)})

    job = only_job()
    assert job.status == JobStatus.FAILED
    assert job.error.splitlines() == [
        "Tệp có 1 lỗi. Không có dữ liệu nào được nhập.",
        "Dòng 4, parent_code: Không có cơ quan nào mang mã “H-KHONGCO” để làm đơn vị cấp trên.",
    ]
    assert not Agency.objects.exists()
    assert stored_uploads() == []
    page = admin_client.get(response["Location"])
    assert "Dòng 4, parent_code" in page.content.decode()
    assert 'class="error-message job__error"' in page.content.decode()


def test_a_long_list_of_problems_is_cut_and_counted(admin_client, levels, small_threshold):
    rows = "".join(f"X-{number},Xã {number},commune,H-KHONGCO,yes,no,\n" for number in range(60))
    admin_client.post(AGENCY_IMPORT_URL, {"file": upload("co-quan.csv", BAD_AGENCIES.splitlines()[0] + "\n" + rows)})

    lines = only_job().error.splitlines()
    assert lines[0] == "Tệp có 60 lỗi. Không có dữ liệu nào được nhập."
    assert len(lines) == 1 + imports.PROBLEMS_LISTED + 1
    assert lines[-1] == "… và 10 lỗi khác."


def test_checking_a_large_file_imports_nothing_and_says_it_is_valid(admin_client, levels, small_threshold):
    admin_client.post(AGENCY_IMPORT_URL, {"file": upload("co-quan.csv", GOOD_AGENCIES), "check_only": "on"})

    job = only_job()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.done, job.total) == (3, 3)
    assert job.message == "Tệp hợp lệ: 3 dòng mới và 0 dòng cập nhật. Chưa có dữ liệu nào được nhập."
    assert job.title == "Nhập cơ quan, đơn vị (chỉ kiểm tra): co-quan.csv"
    assert not Agency.objects.exists()


def test_a_large_people_file_creates_the_accounts_and_mails_their_links_when_the_job_commits(
    admin_client, so_nv, small_threshold, mailoutbox, django_user_model, django_capture_on_commit_callbacks
):
    content = PEOPLE_HEADER + "".join(
        f"canbo.{number},Cán bộ {number},canbo.{number}@example.org,officer,SO-NV\n" for number in range(3)
    )
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(PEOPLE_IMPORT_URL, {"file": upload("can-bo.csv", content)})

    assert only_job().status == JobStatus.SUCCEEDED
    assert RoleAssignment.objects.filter(role="officer", agency=so_nv).count() == 3
    assert len(mailoutbox) == 3


def test_the_job_checks_the_permission_again_when_it_runs(levels):
    editor = UserFactory(username="bientap")
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_agency", "change_agency"], content_type__app_label="assessments")
    )
    with override_settings(TASKS=QUEUE_ONLY):
        job = start_import_job(editor, AGENCY_IMPORT, "co-quan.csv", GOOD_AGENCIES.encode(), check_only=False)
    assert job.status == JobStatus.QUEUED
    editor.user_permissions.clear()

    imports.import_spreadsheet.call(str(job.pk))

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Bạn không còn được nhập danh sách này."
    assert not Agency.objects.exists()


def test_a_job_stopped_by_an_unexpected_error_keeps_the_file_and_succeeds_when_tried_again(
    admin_client, levels, small_threshold, monkeypatch
):
    real_run_import = imports.run_import

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(imports, "run_import", broken)
    admin_client.post(AGENCY_IMPORT_URL, {"file": upload("co-quan.csv", GOOD_AGENCIES)})
    job = only_job()
    assert job.status == JobStatus.FAILED
    assert "the database went away" not in job.error
    assert len(stored_uploads()) == 1

    monkeypatch.setattr(imports, "run_import", real_run_import)
    response = admin_client.post(f"/cong-viec/{job.pk}/thu-lai/")

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert Agency.objects.count() == 3
    assert stored_uploads() == []


def test_the_upload_is_kept_in_the_private_storage_not_the_public_media(levels):
    with override_settings(TASKS=QUEUE_ONLY):
        job = start_import_job(None, PEOPLE_IMPORT, "can-bo.csv", b"username\n", check_only=True)
    path = job.arguments["path"]
    assert path.startswith("imports/")
    assert storages[jobs.RESULT_STORAGE].exists(path)
    assert not storages["default"].exists(path)


def test_each_row_is_counted_once_when_checked_and_once_when_saved(levels):
    resource = AGENCY_IMPORT.resource()
    counted = []
    resource.on_row = lambda: counted.append(1)
    outcome = run_import(resource, read_spreadsheet("co-quan.csv", GOOD_AGENCIES.encode()), dry_run=False)
    assert outcome.committed
    assert len(counted) == 6
