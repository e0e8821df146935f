"""The admin's listing of background jobs (home/wagtail_hooks.py): in Vietnamese, filtered and searched, newest
first, each row opening the job's page; read-only; for superusers and holders of ``home.view_backgroundjob``, who
may then open every job's page."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import settings_menu

from home import jobs
from home.models import BackgroundJob, JobStatus
from home.moderation import EDITORS_GROUP
from tests.factories.assessments import UserFactory
from tests.home.job_tasks import count_items

pytestmark = pytest.mark.django_db

LISTING = "/admin/home/backgroundjob/"
MENU_LABEL = "Công việc chạy nền"


@pytest.fixture
def owner():
    return UserFactory(username="nguoi-chay")


@pytest.fixture
def superuser(home_page, django_user_model):
    return django_user_model.objects.create_superuser("quantri", "quantri@example.org", "x")


@pytest.fixture
def editor(home_page):
    user = UserFactory(username="bientap")
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def job_reader(editor):
    """An editor who was also given the view permission on jobs (a group's "view" box in the admin)."""
    editor.user_permissions.add(Permission.objects.get(codename="view_backgroundjob", content_type__app_label="home"))
    return type(editor).objects.get(pk=editor.pk)  # permissions are cached on the instance


@pytest.fixture
def listed(owner):
    """One job of each status, created a minute apart (the export the newest)."""
    rows = [
        ("Gửi nhắc việc", JobStatus.SUCCEEDED, "", 0, 0),
        ("Tạo tệp PDF kết quả", JobStatus.FAILED, "Trang kết quả không còn được đăng. " * 5, 0, 0),
        ("Chờ máy chạy", JobStatus.QUEUED, "", 0, 0),
        ("Xuất danh sách", JobStatus.RUNNING, "", 1, 2),
    ]
    now = timezone.now()
    created = {}
    for minutes, (title, status, error, done, total) in enumerate(rows):
        job = BackgroundJob.objects.create(
            kind=count_items.module_path, title=title, owner=owner, status=status, error=error, done=done, total=total
        )
        BackgroundJob.objects.filter(pk=job.pk).update(created_at=now - timedelta(minutes=10 - minutes))
        created[status] = job
    return created


def titles(response) -> list[str]:
    return [job.title for job in response.context["object_list"]]


def test_a_superuser_sees_every_job_newest_first_in_vietnamese(client, superuser, listed):
    client.force_login(superuser)

    response = client.get(LISTING)

    assert response.status_code == 200
    assert titles(response) == ["Xuất danh sách", "Chờ máy chạy", "Tạo tệp PDF kết quả", "Gửi nhắc việc"]
    html = response.content.decode()
    assert "4 trên tổng số 4" in html and "out of" not in html
    for label in ("Đang chạy", "Đang chờ xử lý", "Đã xong", "Bị lỗi"):
        assert label in html
    for header in ("Tiêu đề", "Loại công việc", "Người bắt đầu", "Tình trạng", "Tiến độ", "Lỗi"):
        assert header in html
    assert "count_items" in html and "tests.home.job_tasks" not in html  # the task's short name
    assert "50 %" in html  # 1 of 2
    assert "Trang kết quả không còn được đăng." in html
    assert listed[JobStatus.FAILED].error not in html  # the long reason is cut
    assert '<h3 class="filter-title">Theo tình trạng</h3>' in html
    for job in listed.values():
        assert f'href="{reverse("jobs:status", args=[job.pk])}"' in html
    # Read-only: no add, edit or delete buttons.
    assert "/admin/home/backgroundjob/create/" not in html
    assert "/admin/home/backgroundjob/edit/" not in html
    assert "/admin/home/backgroundjob/delete/" not in html


def test_the_listing_filters_by_status_and_searches_titles(client, superuser, listed):
    client.force_login(superuser)

    assert titles(client.get(LISTING, {"status__exact": "failed"})) == ["Tạo tệp PDF kết quả"]
    assert titles(client.get(LISTING, {"q": "danh sách"})) == ["Xuất danh sách"]


def test_the_listing_fails_abandoned_jobs_first(client, superuser, listed):
    running = listed[JobStatus.RUNNING]
    BackgroundJob.objects.filter(pk=running.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    client.force_login(superuser)

    assert titles(client.get(LISTING, {"status__exact": "running"})) == []
    running.refresh_from_db()
    assert running.status == JobStatus.FAILED


def test_an_editor_without_the_permission_is_refused(client, editor, listed):
    client.force_login(editor)

    response = client.get(LISTING)

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert MENU_LABEL not in menu_labels(editor)


def test_nothing_is_added_edited_or_deleted_even_by_a_superuser(client, superuser, listed):
    client.force_login(superuser)
    job = listed[JobStatus.FAILED]
    names = {
        "home_backgroundjob_modeladmin_create": [],
        "home_backgroundjob_modeladmin_edit": [job.pk],
        "home_backgroundjob_modeladmin_delete": [job.pk],
    }
    for name, args in names.items():
        url = reverse(name, args=args)
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"title": "Đổi", "kind": "x", "status": "queued"})
            assert response.status_code == 302 and response["Location"] == "/admin/", f"{method} {url}"
    assert BackgroundJob.objects.count() == 4
    job.refresh_from_db()
    assert (job.title, job.status) == ("Tạo tệp PDF kết quả", JobStatus.FAILED)


def test_a_holder_of_the_permission_sees_the_listing_and_every_jobs_page(client, job_reader, listed):
    client.force_login(job_reader)

    assert client.get(LISTING).status_code == 200
    assert MENU_LABEL in menu_labels(job_reader)
    job = listed[JobStatus.FAILED]  # started by someone else
    assert jobs.can_see(job_reader, job)
    page = client.get(reverse("jobs:status", args=[job.pk]))
    assert page.status_code == 200
    assert "Trang kết quả không còn được đăng." in page.content.decode()
    assert client.get(reverse("jobs:state", args=[job.pk])).json()["status"] == "failed"
    # Reading is not restarting: the job would run again in its owner's name.
    assert "Thử lại" not in page.content.decode()
    refused = client.post(reverse("jobs:retry", args=[job.pk]))
    assert refused.status_code == 403
    assert "Chỉ người đã bắt đầu công việc này mới được chạy lại." in refused.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_the_menu_item_is_under_settings_for_a_superuser(superuser):
    assert MENU_LABEL in menu_labels(superuser)


def test_groups_are_offered_only_the_view_permission_on_jobs():
    offered = {
        permission.codename
        for hook in hooks.get_hooks("register_permissions")
        for permission in hook()
        if permission.content_type.app_label == "home" and permission.content_type.model == "backgroundjob"
    }
    assert offered == {"view_backgroundjob"}


def menu_labels(user) -> list[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    return [str(item.label) for item in settings_menu.menu_items_for_request(request)]
