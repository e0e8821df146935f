"""Approving a cohort larger than APPROVAL_JOB_AGENCIES runs as a background job: the same approval (one
version under the period lock, a reason for the next), its progress counted per agency, a refusal shown as the
job's failure, a second click joining the approval already queued, a stranger refused before anything queues."""

import pytest
from django.test import override_settings
from django.urls import reverse

from assessments.models import ResultSnapshot
from assessments.results import approval_jobs
from assessments.results.cohorts import find_cohort
from home.models import BackgroundJob, JobStatus
from tests.assessments.reporting import make_three_tier, text_of
from tests.assessments.test_results_views import approved
from tests.factories.assessments import RoleAssignmentFactory

pytestmark = pytest.mark.django_db

QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _small_cohorts_run_as_jobs(settings):
    settings.APPROVAL_JOB_AGENCIES = 1


def approve_url(world) -> str:
    return f"{reverse('appraisal:approve_results')}?ky={world.period.pk}&nhom={world.agency_a.level.code}"


def test_a_large_cohort_is_approved_by_a_job_whose_page_links_to_the_results(client, world):
    approved(world)
    client.force_login(world.appraiser)
    form = client.get(reverse("appraisal:results"), {"ky": world.period.pk, "nhom": world.agency_a.level.code})
    assert "Nhóm có 2 cơ quan: việc phê duyệt chạy nền" in text_of(form)

    response = client.post(approve_url(world), {"close_missing": "on"})

    job = BackgroundJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cong-viec/{job.pk}/"
    assert job.status == JobStatus.SUCCEEDED
    # Two agencies, each ranked, then frozen.
    assert (job.done, job.total) == (4, 4)
    snapshot = ResultSnapshot.objects.get()
    assert (snapshot.version, snapshot.approved_by) == (1, world.appraiser)
    page = text_of(client.get(response["Location"]))
    assert "Đã phê duyệt kết quả của" in page and "(phiên bản 1)" in page
    results = f"{reverse('appraisal:results')}?ky={world.period.pk}&amp;nhom={world.agency_a.level.code}"
    assert (
        f'href="{results}" data-job-download-link>Xem kết quả đã phê duyệt</a>'
        in client.get(response["Location"]).content.decode()
    )


def test_a_refused_approval_fails_its_job_with_the_reason_and_freezes_nothing(client, world):
    approved(world)
    client.force_login(world.appraiser)

    client.post(approve_url(world), {})

    job = BackgroundJob.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error == ("1 cơ quan chưa có báo cáo được phê duyệt: hãy chốt nhóm để ghi các cơ quan này là không nộp.")
    assert not ResultSnapshot.objects.exists()


def test_someone_who_may_not_approve_is_refused_before_anything_is_queued(client, world):
    province, _other = make_three_tier(world)
    RoleAssignmentFactory(role="appraiser", agency=province)
    approved(world)
    client.force_login(world.appraiser)  # the district sees the province-wide cohort; the province approves it

    response = client.post(approve_url(world), {"close_missing": "on"})

    assert response.status_code == 409
    assert "Chỉ cán bộ thẩm định của cơ quan thẩm định nhóm này mới phê duyệt được kết quả" in text_of(response)
    assert not BackgroundJob.objects.exists()


def test_a_second_click_joins_the_approval_already_queued(client, world):
    approved(world)
    client.force_login(world.appraiser)
    with override_settings(TASKS=QUEUE_ONLY):
        first = client.post(approve_url(world), {"close_missing": "on"})
        second = client.post(approve_url(world), {"close_missing": "on"})

    job = BackgroundJob.objects.get()
    assert first["Location"] == second["Location"] == f"/cong-viec/{job.pk}/"
    assert job.status == JobStatus.QUEUED


def test_two_approvals_queued_together_make_one_version_and_the_second_asks_for_a_reason(world):
    approved(world)
    cohort = find_cohort(world.period, world.agency_a.level.code)
    with override_settings(TASKS=QUEUE_ONLY):
        jobs = [
            approval_jobs.start_approval_job(world.appraiser, world.period, cohort, close_missing=True, reason="")
            for _click in range(2)
        ]

    for job in jobs:
        approval_jobs.approve_results.call(str(job.pk))

    first, second = (BackgroundJob.objects.get(pk=job.pk) for job in jobs)
    assert first.status == JobStatus.SUCCEEDED
    assert second.status == JobStatus.FAILED
    assert second.error == "Kết quả này đã được phê duyệt trước đó: hãy nêu lý do phê duyệt phiên bản mới."
    assert ResultSnapshot.objects.count() == 1


def test_an_approval_whose_appraiser_lost_the_role_fails_when_it_runs(world):
    approved(world)
    cohort = find_cohort(world.period, world.agency_a.level.code)
    with override_settings(TASKS=QUEUE_ONLY):
        job = approval_jobs.start_approval_job(world.appraiser, world.period, cohort, close_missing=True, reason="")
    world.appraiser.role_assignments.all().delete()

    approval_jobs.approve_results.call(str(job.pk))

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Chỉ cán bộ thẩm định")
    assert not ResultSnapshot.objects.exists()
