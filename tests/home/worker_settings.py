"""Settings of the `db_worker` processes the two-worker test starts: the test settings, with tasks kept in the
database (as production keeps them) so that the workers find what the test queued."""

from portal.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
