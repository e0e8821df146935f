"""Tasks the job tests run (importable by path, as a worker imports them). Each run of the work appends a line
to a file named in the job's arguments: a count of runs kept apart from the job row the claim changes."""

import time
from pathlib import Path

from django.utils.translation import gettext as _
from django_tasks import task

from home import jobs


def _count(job, progress) -> jobs.Outcome:
    items = int(job.arguments.get("items", 3))
    log = job.arguments.get("log")
    if log:
        with Path(log).open("a", encoding="utf-8") as file:
            file.write(f"{job.pk} {job.attempts}\n")
    if job.attempts < int(job.arguments.get("fail_until_attempt", 0)):
        raise jobs.JobError(_("The results page is no longer published: there is no official PDF to build."))
    if job.arguments.get("crash"):
        raise RuntimeError("a programming error the person must not read")
    pause = float(job.arguments.get("pause", 0))
    progress.start(items)
    for _item in range(items):
        time.sleep(pause)
        progress.advance()
    return jobs.Outcome(name="so-lieu.csv", content=b"a,b\n1,2\n", content_type="text/csv", message="xong")


@task()
def count_items(job_id: str) -> None:
    jobs.run(job_id, _count)
