"""Background work goes through Django's task framework: at once in tests and development, stored in the
database for a worker in production."""

import pytest
from django_tasks import task, task_backends
from django_tasks.base import TaskResultStatus

from tests.home.test_site import run_manage


@task()
def add(a: int, b: int) -> int:
    return a + b


def test_tasks_run_at_once_in_tests():
    result = add.enqueue(2, 3)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 5
    assert type(task_backends["default"]).__name__ == "ImmediateBackend"


@pytest.mark.django_db
def test_production_stores_tasks_in_the_database_for_a_worker():
    result = run_manage(
        "shell",
        "-c",
        "from django_tasks import task_backends as t; b = t['default']; print(type(b).__module__, type(b).__name__)",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="production-test-" + "x" * 50,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["django_tasks_db.backend", "DatabaseBackend"]
