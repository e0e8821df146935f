"""Progress of work that runs in one transaction (an import, an approval under its lock): the job's row is only
written when the work commits, so the counts travel through the shared cache and the status page reads them."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from home import jobs
from home.models import BackgroundJob, JobStatus
from tests.home.job_tasks import count_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user("nguoi-chay", password="x")


@pytest.fixture
def running(owner):
    job = BackgroundJob.objects.create(kind=count_items.module_path, title="Nhập", owner=owner)
    return jobs.claim(str(job.pk))


def row_not_committed_yet(job) -> None:
    """What another connection reads while the worker's transaction is open: the row as it was at the claim."""
    BackgroundJob.objects.filter(pk=job.pk).update(done=0, total=0, message="")


def test_the_status_reads_the_counts_from_the_cache_while_the_row_lags(client, owner, running):
    progress = jobs.Progress(running, every=1)
    progress.start(40, "Đang nhập các dòng")
    for _row in range(10):
        progress.advance()
    row_not_committed_yet(running)

    client.force_login(owner)
    state = client.get(reverse("jobs:state", args=[running.pk])).json()
    assert (state["done"], state["total"], state["percentage"], state["message"]) == (10, 40, 25, "Đang nhập các dòng")
    html = client.get(reverse("jobs:status", args=[running.pk])).content.decode()
    assert '<progress id="job-progress" max="100" value="25"' in html


def test_a_finished_job_shows_its_row_not_what_the_cache_last_held(client, owner, running):
    progress = jobs.Progress(running, every=1)
    progress.start(40)
    progress.advance(10)
    jobs.fail(running, "Tệp có 1 lỗi.")

    client.force_login(owner)
    state = client.get(reverse("jobs:state", args=[running.pk])).json()
    assert state["status"] == JobStatus.FAILED
    assert state["error"] == "Tệp có 1 lỗi."


def test_a_retried_job_does_not_show_the_counts_of_its_earlier_attempt(owner, running):
    progress = jobs.Progress(running, every=1)
    progress.start(40)
    progress.advance(30)
    jobs.fail(running, "dừng")
    BackgroundJob.objects.filter(pk=running.pk).update(status=JobStatus.QUEUED, done=0)

    again = jobs.claim(str(running.pk))

    assert jobs.with_live_progress(again).done == 0


def test_without_a_cache_entry_the_row_is_shown(running):
    cache.clear()
    BackgroundJob.objects.filter(pk=running.pk).update(done=3, total=9)
    running.refresh_from_db()
    assert (jobs.with_live_progress(running).done, running.total) == (3, 9)
