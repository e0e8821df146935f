"""Jobs a killed worker left running (home.jobs.fail_abandoned): failed once they are older than
JOB_ABANDONED_AFTER, with a reason in Vietnamese on their page, and retried like any failed job; live, waiting and
finished jobs are left alone. Time passes by writing ``updated_at`` with an UPDATE (auto_now only acts on save)."""

import logging
import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from home import jobs
from home.models import BackgroundJob, JobStatus
from tests.factories.assessments import UserFactory
from tests.home.job_tasks import count_items

pytestmark = pytest.mark.django_db

REASON = "Tiến trình chạy công việc này đã dừng trước khi hoàn thành. Bạn có thể thử lại."


@pytest.fixture
def owner():
    return UserFactory(username="nguoi-chay")


def job_in(status: str, owner, *, minutes_ago: int, **arguments) -> BackgroundJob:
    job = BackgroundJob.objects.create(
        kind=count_items.module_path, title="Đếm", owner=owner, status=status, arguments=arguments
    )
    age(job, minutes_ago)
    return job


def age(job: BackgroundJob, minutes: int) -> None:
    BackgroundJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=minutes))


def status_of(job: BackgroundJob) -> str:
    return BackgroundJob.objects.get(pk=job.pk).status


def test_a_running_job_not_updated_for_longer_than_the_setting_is_failed_and_logged(owner, caplog):
    stale = job_in(JobStatus.RUNNING, owner, minutes_ago=16)
    caplog.set_level(logging.WARNING, logger="home.jobs")

    assert jobs.fail_abandoned() == 1

    stale.refresh_from_db()
    assert (stale.status, stale.error) == (JobStatus.FAILED, REASON)
    assert stale.finished_at is not None
    assert "1 abandoned job(s) marked failed" in caplog.text


def test_live_waiting_and_finished_jobs_are_left_alone(owner):
    fresh = job_in(JobStatus.RUNNING, owner, minutes_ago=14)
    untouched = {
        status: job_in(status, owner, minutes_ago=600)
        for status in (JobStatus.QUEUED, JobStatus.SUCCEEDED, JobStatus.FAILED)
    }

    assert jobs.fail_abandoned() == 0

    assert status_of(fresh) == JobStatus.RUNNING
    for status, job in untouched.items():
        assert status_of(job) == status
        assert BackgroundJob.objects.get(pk=job.pk).error == ""


def test_the_delay_is_a_setting(owner):
    job = job_in(JobStatus.RUNNING, owner, minutes_ago=16)
    with override_settings(JOB_ABANDONED_AFTER=timedelta(hours=1)):
        assert jobs.fail_abandoned() == 0
    assert jobs.fail_abandoned(now=timezone.now() - timedelta(minutes=2)) == 0  # 14 minutes old then
    assert jobs.fail_abandoned() == 1
    assert status_of(job) == JobStatus.FAILED


def test_the_status_page_fails_its_own_abandoned_job_and_says_why_in_vietnamese(client, owner):
    stale = job_in(JobStatus.RUNNING, owner, minutes_ago=16)
    other = job_in(JobStatus.RUNNING, owner, minutes_ago=16)
    client.force_login(owner)

    html = client.get(reverse("jobs:status", args=[stale.pk])).content.decode()

    assert REASON in html
    assert "Bị lỗi" in html and "Thử lại" in html
    assert status_of(other) == JobStatus.RUNNING  # only the job asked about
    state = client.get(reverse("jobs:state", args=[other.pk])).json()
    assert (state["status"], state["status_label"], state["error"], state["finished"]) == (
        "failed",
        "Bị lỗi",
        REASON,
        True,
    )


def test_the_status_page_leaves_a_live_job_running(client, owner):
    live = job_in(JobStatus.RUNNING, owner, minutes_ago=1)
    client.force_login(owner)

    assert client.get(reverse("jobs:state", args=[live.pk])).json()["status"] == "running"
    assert status_of(live) == JobStatus.RUNNING


def test_the_command_prints_how_many_it_failed(owner):
    job_in(JobStatus.RUNNING, owner, minutes_ago=30)
    job_in(JobStatus.RUNNING, owner, minutes_ago=20)
    job_in(JobStatus.RUNNING, owner, minutes_ago=5)

    out = StringIO()
    call_command("fail_abandoned_jobs", stdout=out)
    assert out.getvalue() == "2 abandoned job(s) marked failed.\n"

    again = StringIO()
    call_command("fail_abandoned_jobs", stdout=again)
    assert again.getvalue() == "0 abandoned job(s) marked failed.\n"


def test_an_abandoned_job_retried_runs_its_work_again(client, owner, tmp_path):
    log = tmp_path / "runs.txt"
    job = job_in(JobStatus.QUEUED, owner, minutes_ago=0, log=str(log), items=2)
    assert jobs.claim(str(job.pk)) is not None  # a worker took it and was killed before doing anything
    age(job, 16)
    assert jobs.fail_abandoned() == 1
    client.force_login(owner)

    response = client.post(reverse("jobs:retry", args=[job.pk]))

    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error, job.percentage) == (JobStatus.SUCCEEDED, 2, "", 100)
    assert log.read_text().splitlines() == [f"{job.pk} 2"]


# Skipped before the database is set up: a transactional test empties the database on its way out, which on SQLite
# would take the pages the browser tests need (tests/e2e/conftest.py). On PostgreSQL it puts back what the
# migrations made (serialized_rollback), as the other transactional tests do: emptied without it, the next one's
# restore of the content types collides with those Django recreates (tests/home/test_job_workers.py failed so).
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL=postgres://…)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_locked_by_a_live_workers_transaction_is_skipped_without_waiting(owner):
    """A worker whose work runs in one transaction holds the row locked: it is alive, however old the committed
    row looks. PostgreSQL only: SQLite has no row locks."""
    job = job_in(JobStatus.RUNNING, owner, minutes_ago=16)
    locked, release = threading.Event(), threading.Event()

    def worker():
        try:
            with transaction.atomic():
                BackgroundJob.objects.select_for_update().get(pk=job.pk)
                locked.set()
                release.wait(30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert locked.wait(10)
        started = time.monotonic()
        assert jobs.fail_abandoned() == 0
        assert time.monotonic() - started < 5
    finally:
        release.set()
        thread.join()
    assert jobs.fail_abandoned() == 1  # the lock gone (as when the database drops a dead worker's connection)


def test_a_worker_finishing_a_job_already_marked_abandoned_does_not_overwrite_it(owner):
    job = job_in(JobStatus.RUNNING, owner, minutes_ago=16)
    assert jobs.fail_abandoned() == 1

    jobs.finish(job, jobs.Outcome(message="xong muộn"))

    job.refresh_from_db()
    assert (job.status, job.error, job.message) == (JobStatus.FAILED, REASON, "")
