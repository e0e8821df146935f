"""The official results PDF as a background job: built when a year is first published (without holding up the
publication in production) and built again by an editor from the admin, who is sent to the job's page."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from home.models import BackgroundJob, JobStatus
from publications.downloads import latest_document
from publications.tasks import build_results_pdf
from tests.factories.publications import publish_year, results_index

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_publishing_a_year_builds_its_pdf_as_a_job(published):
    _year, _index, page = published
    job = BackgroundJob.objects.get(kind=build_results_pdf.module_path)
    assert job.status == JobStatus.SUCCEEDED
    assert job.arguments == {"page": page.pk}
    assert job.result_url == f"/tai-ve/ket-qua/{page.year}/ket-qua.pdf"
    assert latest_document(page) is not None


def test_in_production_publishing_returns_before_the_pdf_and_a_worker_builds_it(published_year, home_page, monkeypatch):
    # The worker runs in this test's transaction: it must not close the connection between tasks, as it does
    # (close_old_connections) in its own process; on PostgreSQL that would end the test's transaction.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    year = published_year.world.period.year
    with override_settings(TASKS=DATABASE_TASKS):
        page = publish_year(results_index(home_page), year)
        job = BackgroundJob.objects.get(kind=build_results_pdf.module_path)
        assert job.status == JobStatus.QUEUED  # published; the PDF waits for a worker
        assert latest_document(page) is None
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())
    job.refresh_from_db()
    assert (job.status, job.percentage, job.attempts) == (JobStatus.SUCCEEDED, 100, 1)
    assert latest_document(page) is not None


def test_an_editor_builds_the_pdf_again_and_follows_the_job(client, published, admin_user):
    _year, _index, page = published
    before = latest_document(page)
    client.force_login(admin_user)
    explorer = client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk])).content.decode()
    action = reverse("publications_rebuild_pdf", args=[page.pk])
    assert action in explorer
    confirm = client.get(action)
    assert confirm.status_code == 200
    assert "Tạo lại tệp PDF kết quả chính thức năm" in confirm.content.decode()

    response = client.post(action)

    job = BackgroundJob.objects.filter(owner=admin_user).get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:status", args=[job.pk])
    assert job.status == JobStatus.SUCCEEDED and job.title == f"Tệp PDF kết quả chính thức năm {page.year}"
    after = latest_document(page)
    assert after.pk != before.pk
    html = client.get(response["Location"]).content.decode()
    assert f'href="/tai-ve/ket-qua/{page.year}/ket-qua.pdf"' in html
    assert 'value="100"' in html and "Công việc đã hoàn thành." in html


def test_a_person_who_may_not_publish_cannot_build_it(client, published, django_user_model):
    _year, _index, page = published
    client.force_login(django_user_model.objects.create_user("doc-gia", password="x"))
    response = client.post(reverse("publications_rebuild_pdf", args=[page.pk]))
    assert response.status_code in (302, 403)
    assert not BackgroundJob.objects.filter(owner__username="doc-gia").exists()


def test_an_unpublished_year_fails_with_a_reason_and_retry_works_once_published_again(client, published, admin_user):
    _year, _index, page = published
    job = BackgroundJob.objects.get(kind=build_results_pdf.module_path)
    page.unpublish()
    BackgroundJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, owner=admin_user)
    build_results_pdf.enqueue(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Trang kết quả không còn được đăng: không có tệp PDF chính thức nào để tạo."
    page.save_revision().publish()
    client.force_login(admin_user)
    client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
