"""Approving a large cohort's results as a background job.

A cohort of up to ``settings.APPROVAL_JOB_AGENCIES`` agencies is approved within the request, as it always was;
a larger one (a province's communes, 0.6 s for 300 on the benchmark machine and more on a busy server) is
approved by a worker while the appraiser watches the agencies being ranked and frozen. The work is the same
:func:`assessments.results.snapshots.approve_cohort`: under the period's row lock, in one transaction, so two
approvals at once still make one version and the other is asked for a reason. Its progress reaches the status
page through the shared cache while that transaction is open (:mod:`home.jobs`).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_tasks import task

from assessments.models import ReportingPeriod
from assessments.results.cohorts import Cohort, find_cohort
from assessments.results.snapshots import ApprovalRefused, approve_cohort
from home import jobs
from home.models import BackgroundJob, JobStatus


def runs_as_job(cohort: Cohort) -> bool:
    return len(cohort.members) > settings.APPROVAL_JOB_AGENCIES


def results_url(period: ReportingPeriod, cohort: Cohort) -> str:
    return f"{reverse('appraisal:results')}?{urlencode({'ky': period.pk, 'nhom': cohort.key})}"


def pending_approval(period: ReportingPeriod, cohort: Cohort) -> BackgroundJob | None:
    """The approval of this cohort already waiting or running, which a second click joins instead of queueing
    another (the lock would make the second one ask for a reason anyway)."""
    return (
        BackgroundJob.objects.filter(
            kind=approve_results.module_path,
            status__in=(JobStatus.QUEUED, JobStatus.RUNNING),
            arguments__period=period.pk,
            arguments__cohort=cohort.key,
        )
        .order_by("created_at")
        .first()
    )


def start_approval_job(user, period: ReportingPeriod, cohort: Cohort, *, close_missing: bool, reason: str):
    return jobs.start(
        approve_results,
        title=_("Approving the results of %(cohort)s") % {"cohort": cohort.title},
        owner=user,
        arguments={"period": period.pk, "cohort": cohort.key, "close_missing": close_missing, "reason": reason},
    )


def _approve(job: BackgroundJob, progress: jobs.Progress) -> jobs.Outcome:
    period = ReportingPeriod.objects.filter(pk=job.arguments.get("period")).first()
    cohort = find_cohort(period, str(job.arguments.get("cohort", ""))) if period else None
    if cohort is None:
        raise jobs.JobError(_("This period has no such cohort."))
    if job.owner is None or not job.owner.is_active:
        raise jobs.JobError(_("Only an appraiser of the agency that appraises this cohort can approve its results."))
    progress.start(2 * len(cohort.members), _("Ranking the agencies and freezing their results…"))
    try:
        # The appraiser's right to approve is checked here, when the work runs, as in the request.
        snapshot = approve_cohort(
            period,
            cohort.key,
            job.owner,
            close_missing=bool(job.arguments.get("close_missing")),
            reason=str(job.arguments.get("reason", "")),
            on_agency=progress.advance,
        )
    except ApprovalRefused as refusal:
        raise jobs.JobError(str(refusal)) from refusal
    return jobs.Outcome(
        url=results_url(period, cohort),
        label=_("See the approved results"),
        message=_("The results of %(cohort)s are approved (version %(version)d).")
        % {"cohort": cohort.title, "version": snapshot.version},
    )


@task()
def approve_results(job_id: str) -> None:
    jobs.run(job_id, _approve)
