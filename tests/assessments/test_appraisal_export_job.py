"""The appraiser's export: a short list is downloaded at once, a list above the threshold is written by a
background job whose result is the file, seen only by the appraiser who asked (and staff)."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from assessments.appraisal.export import export_workspace
from assessments.models import RoleAssignment
from home.models import BackgroundJob, JobStatus

pytestmark = pytest.mark.django_db


def export(client, file_format, **params):
    return client.get(reverse("appraisal:workspace"), {"dinh-dang": file_format, **params})


def test_below_the_threshold_the_file_comes_at_once(client, world, settings):
    settings.APPRAISAL_EXPORT_JOB_ROWS = 2
    client.force_login(world.appraiser)
    response = export(client, "csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert not BackgroundJob.objects.exists()


def test_above_the_threshold_a_job_writes_the_file_with_the_screens_filters(client, world, settings):
    settings.APPRAISAL_EXPORT_JOB_ROWS = 1
    client.force_login(world.appraiser)
    response = export(client, "csv", sap_xep="ten", giam="1")

    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:status", args=[job.pk])
    assert job.kind == export_workspace.module_path and job.owner == world.appraiser
    assert (job.status, job.done, job.total, job.percentage) == (JobStatus.SUCCEEDED, 2, 2, 100)
    state = client.get(reverse("jobs:state", args=[job.pk])).json()
    assert state["download_url"] == reverse("jobs:download", args=[job.pk])
    download = client.get(state["download_url"])
    assert download.status_code == 200
    assert f'filename="tham-dinh-{world.period.kind}-{world.period.year}.csv"' in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8"))))
    names = [row[1] for row in rows[1:]]
    assert names == sorted([world.agency_a.name, world.agency_b.name], reverse=True)  # the screen's order

    xlsx_response = export(client, "xlsx")
    xlsx_job = BackgroundJob.objects.get(result_name__endswith=".xlsx")
    assert xlsx_response["Location"] == reverse("jobs:status", args=[xlsx_job.pk])
    content = b"".join(client.get(reverse("jobs:download", args=[xlsx_job.pk])).streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.max_row == 3

    # Another appraiser does not see it.
    client.force_login(world.officer_a)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_an_appraiser_who_lost_the_role_before_the_worker_ran_gets_a_reason(client, world, settings):
    settings.APPRAISAL_EXPORT_JOB_ROWS = 1
    client.force_login(world.appraiser)
    export(client, "csv")
    job = BackgroundJob.objects.get()
    RoleAssignment.objects.filter(user=world.appraiser).delete()
    BackgroundJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
    client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Bạn không còn thẩm định cơ quan nào của kỳ này: không có gì để xuất."
