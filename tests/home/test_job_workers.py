"""Two `manage.py db_worker` processes on one queue run every job once, on PostgreSQL (the production engine,
whose row locks both the task framework and the job's claim rely on):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> .venv/bin/pytest tests/home/test_job_workers.py

Each job is delivered twice (queued once by ``jobs.start``, once more by hand, as a retry racing a slow worker
would), so the two workers meet the same job; each run of a job's work appends a line to a file of its own."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from home import jobs
from home.models import BackgroundJob, JobStatus
from tests.home.job_tasks import count_items

ROOT = Path(__file__).resolve().parents[2]
JOBS = 8

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL and worker processes sharing its database; set DATABASE_URL=postgres://… to run",
    ),
    # The workers are other processes: they see only committed rows.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def worker_database_url() -> str:
    """The test database (pytest-django's ``test_<name>``), for the worker processes."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}{password}@{host}{port}/{db['NAME']}"


def worker() -> subprocess.Popen:
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment.update(DJANGO_SETTINGS_MODULE="tests.home.worker_settings", DATABASE_URL=worker_database_url())
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0.1"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_workers_run_every_job_exactly_once(tmp_path):
    assert str(connection.settings_dict["NAME"]).startswith("test_")
    logs = {}
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        for number in range(JOBS):
            log = tmp_path / f"job-{number}.txt"
            job = jobs.start(
                count_items, title=f"Công việc {number}", arguments={"items": 5, "pause": 0.05, "log": str(log)}
            )
            assert job.status == JobStatus.QUEUED
            count_items.enqueue(str(job.pk))  # delivered a second time
            logs[job.pk] = log
    assert DBTaskResult.objects.count() == 2 * JOBS

    first, second = worker(), worker()
    outputs = [process.communicate(timeout=180) for process in (first, second)]

    assert [first.returncode, second.returncode] == [0, 0], outputs  # both stopped by themselves
    for job in BackgroundJob.objects.all():
        assert (job.status, job.attempts, job.done) == (JobStatus.SUCCEEDED, 1, 5)
        assert logs[job.pk].read_text().splitlines() == [f"{job.pk} 1"]  # the work ran once
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2 * JOBS  # every delivery handled
    workers = {worker_id for ids in DBTaskResult.objects.values_list("worker_ids", flat=True) for worker_id in ids}
    assert len(workers) == 2  # both workers took part
