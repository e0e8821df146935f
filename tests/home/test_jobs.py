"""Background jobs (home/jobs.py): progress that moves and shows in the JSON the status page polls, a failure
that says why in Vietnamese and a retry that succeeds, a job seen only by its owner and staff, a job run once
however many times it is delivered."""

import pytest
from django.urls import reverse

from home import jobs
from home.models import BackgroundJob, JobStatus
from tests.home.job_tasks import count_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user("nguoi-chay", password="x")


def queued(owner, **arguments) -> BackgroundJob:
    return BackgroundJob.objects.create(kind=count_items.module_path, title="Đếm", owner=owner, arguments=arguments)


def test_a_job_runs_at_once_in_tests_and_leaves_its_file(client, owner):
    job = jobs.start(count_items, title="Xuất số liệu", owner=owner, arguments={"items": 4})
    assert job.status == JobStatus.SUCCEEDED
    assert (job.done, job.total, job.percentage, job.attempts) == (4, 4, 100, 1)
    client.force_login(owner)
    state = client.get(reverse("jobs:state", args=[job.pk])).json()
    assert state["status"] == "succeeded"
    assert state["status_label"] == "Đã xong"
    assert state["download_url"] == reverse("jobs:download", args=[job.pk])
    response = client.get(state["download_url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"a,b\n1,2\n"
    assert 'filename="so-lieu.csv"' in response["Content-Disposition"]


def test_progress_moves_and_the_json_shows_it(client, owner):
    job = queued(owner)
    claimed = jobs.claim(str(job.pk))
    progress = jobs.Progress(claimed, every=1)
    progress.start(8, "Đang đếm")
    client.force_login(owner)
    url = reverse("jobs:state", args=[job.pk])
    first = client.get(url).json()
    assert (first["status"], first["done"], first["total"], first["percentage"]) == ("running", 0, 8, 0)
    for _item in range(2):
        progress.advance()
    second = client.get(url).json()
    assert (second["done"], second["percentage"], second["message"]) == (2, 25, "Đang đếm")
    assert second["finished"] is False
    html = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert '<progress id="job-progress" max="100" value="25"' in html
    assert "25 %" in html
    assert "· 2 trên 8</span>" in html and 'data-template="{done} trên {total}"' in html
    assert "hãy tải lại trang để xem công việc đã đến đâu" in html  # without the script, the page says to reload


def test_progress_is_written_every_n_items_or_each_second_not_each_item(owner):
    job = jobs.claim(str(queued(owner).pk))
    progress = jobs.Progress(job, every=10, seconds=3600)
    progress.start(100)
    for _item in range(9):
        progress.advance()
    assert BackgroundJob.objects.get(pk=job.pk).done == 0
    progress.advance()
    assert BackgroundJob.objects.get(pk=job.pk).done == 10
    slow = jobs.Progress(job, every=1000, seconds=0)
    slow.advance()
    assert BackgroundJob.objects.get(pk=job.pk).done == 11


def test_a_failure_says_why_in_vietnamese_and_a_retry_succeeds(client, owner):
    job = jobs.start(count_items, title="Thử lại", owner=owner, arguments={"fail_until_attempt": 2})
    assert job.status == JobStatus.FAILED
    assert job.error == "Trang kết quả không còn được đăng: không có tệp PDF chính thức nào để tạo."
    client.force_login(owner)
    html = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert job.error in html
    assert "Thử lại" in html and 'action="/cong-viec/' in html
    response = client.post(reverse("jobs:retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error, job.percentage) == (JobStatus.SUCCEEDED, 2, "", 100)
    # Succeeded: nothing to retry; the page says so with a 409, and nothing runs again.
    again = client.post(reverse("jobs:retry", args=[job.pk]))
    assert again.status_code == 409
    assert "Chỉ có thể chạy lại một công việc bị lỗi." in again.content.decode()
    job.refresh_from_db()
    assert job.attempts == 2


def test_an_unexpected_error_is_logged_and_the_person_reads_plain_vietnamese(owner, caplog):
    job = jobs.start(count_items, title="Lỗi", owner=owner, arguments={"crash": True})
    assert job.status == JobStatus.FAILED
    assert "programming error" not in job.error
    assert job.error.startswith("Công việc dừng lại vì một lỗi không lường trước")
    assert "RuntimeError: a programming error" in caplog.text  # the traceback is in the log


def test_only_the_owner_and_staff_see_a_job(client, owner, django_user_model):
    job = jobs.start(count_items, title="Riêng", owner=owner)
    urls = [reverse(name, args=[job.pk]) for name in ("jobs:status", "jobs:state", "jobs:download")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 302
    client.force_login(django_user_model.objects.create_user("nguoi-khac", password="x"))
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 404
    client.force_login(django_user_model.objects.create_user("can-bo", password="x", is_staff=True))
    for url in urls:
        assert client.get(url).status_code == 200
    assert client.get("/cong-viec/khong-phai-uuid/").status_code == 404


def test_a_job_delivered_twice_runs_once(owner, tmp_path):
    log = tmp_path / "runs.txt"
    job = queued(owner, log=str(log))
    count_items.enqueue(str(job.pk))
    count_items.enqueue(str(job.pk))
    assert log.read_text().splitlines() == [f"{job.pk} 1"]
    assert jobs.claim(str(job.pk)) is None
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 1)


def test_retry_refuses_a_job_that_is_not_failed_and_a_stranger(owner, django_user_model):
    job = queued(owner)
    assert jobs.retry(job, owner) is False
    BackgroundJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
    job.refresh_from_db()
    assert jobs.retry(job, django_user_model.objects.create_user("la", password="x")) is False
    assert jobs.retry(job, owner) is True
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


def test_a_result_file_goes_to_the_private_evidence_storage(client, owner):
    from django.core.files.storage import storages

    job = jobs.start(count_items, title="Kho", owner=owner)
    assert job.result_path == f"jobs/{job.pk}/so-lieu.csv"
    with storages["evidence"].open(job.result_path, "rb") as file:
        assert file.read() == b"a,b\n1,2\n"
    client.force_login(owner)
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert b"".join(response.streaming_content) == b"a,b\n1,2\n"
