"""The appraiser's results screen: a cohort's ranking as it stands, its approval and its versions, and
for the province, which districts have approved their communes' results and when."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from assessments.access import Access, access_of
from assessments.models import Agency, PeriodKind, ReportingPeriod, ResultSnapshot
from assessments.period_rules import is_on_time
from assessments.results.approval_jobs import pending_approval, results_url, runs_as_job, start_approval_job
from assessments.results.cohorts import Cohort, cohorts_for, standing
from assessments.results.snapshots import ApprovalRefused, approve_cohort, approver_refusal, snapshots_of


class CohortChoiceForm(forms.Form):
    ky = forms.TypedChoiceField(label=gettext_lazy("Annual evaluation"), coerce=int)
    nhom = forms.ChoiceField(label=gettext_lazy("Cohort"), required=False)


class ApproveForm(forms.Form):
    close_missing = forms.BooleanField(
        label=gettext_lazy("List the agencies without an approved report as not reported"), required=False
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for a new version"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Needed only when these results were approved before."),
    )


def _visible(cohort: Cohort, access: Access) -> bool:
    """The cohorts a user approves, and those holding agencies the user appraises."""
    return cohort.approver_id in access.appraising or any(a.appraiser_id in access.appraising for a in cohort.members)


def _periods(access: Access) -> list[ReportingPeriod]:
    """The opened annual evaluations of the agencies the user appraises, and of those appraised by them:
    the province approves the province-wide cohort of the communes its districts appraise."""
    appraised = Q(appraiser_id__in=access.appraising) | Q(appraiser__appraiser_id__in=access.appraising)
    levels = Agency.objects.filter(appraised).values("level_id")
    return list(
        ReportingPeriod.objects.filter(levels__in=levels, kind=PeriodKind.ANNUAL, opens_at__lte=timezone.now())
        .distinct()
        .select_related("criteria_set")
        .order_by("-submission_deadline")
    )


def _choose(request: HttpRequest, data) -> tuple[dict, int]:
    """The period and cohort asked for; a value that names none the user may see is a 400."""
    access = access_of(request)
    if not access.appraising:
        raise PermissionDenied
    periods = _periods(access)
    form = CohortChoiceForm(data or None)
    form.fields["ky"].choices = [(p.pk, f"{p.year} · {p.criteria_set.title}") for p in periods]
    context: dict = {"form": form, "periods": periods, "cohorts": [], "cohort": None}
    # The cohorts offered depend on the period, so the period is read first, then both are checked.
    asked = data.get("ky", "") if data else ""
    period = next((p for p in periods if str(p.pk) == asked), None) if asked else (periods[0] if periods else None)
    every_cohort = cohorts_for(period) if period else []
    cohorts = [cohort for cohort in every_cohort if _visible(cohort, access)]
    form.fields["nhom"].choices = [("", "—"), *[(c.key, c.title) for c in cohorts]]
    if data and not form.is_valid():
        return context, 400
    if period is None:
        return context, 200
    key = (form.cleaned_data.get("nhom") if data else "") or (cohorts[0].key if cohorts else "")
    cohort = next((c for c in cohorts if c.key == key), None)
    context.update(period=period, cohorts=cohorts, cohort=cohort)
    if cohort is not None:
        context.update(
            standing=standing(cohort),
            snapshots=snapshots_of(period, cohort),
            may_approve=cohort.approver_id in access.appraising,
            approval_runs_as_job=runs_as_job(cohort),
            approve_form=ApproveForm(),
            districts=_district_approvals(period, _districts_reporting_to(every_cohort, access)),
        )
    return context, 200


def _districts_reporting_to(cohorts: list[Cohort], access: Access) -> list[Cohort]:
    """The districts' own cohorts that the user's agency receives (it appraises the district) or approves."""
    return [
        cohort
        for cohort in cohorts
        if cohort.within is not None
        and (cohort.within.appraiser_id in access.appraising or cohort.approver_id in access.appraising)
    ]


@dataclass(frozen=True)
class DistrictApproval:
    """A district's cohort of communes and the first approval of its results, the day it reported them to
    the province; late when after the period's publication deadline (the decision's 15 November)."""

    cohort: Cohort
    snapshot: ResultSnapshot | None
    due: datetime.datetime | None

    @property
    def late(self) -> bool:
        return (
            self.snapshot is not None and self.due is not None and not is_on_time(self.snapshot.approved_at, self.due)
        )

    @property
    def overdue(self) -> bool:
        return self.snapshot is None and self.due is not None and not is_on_time(timezone.now(), self.due)


def _district_approvals(period: ReportingPeriod, district_cohorts: list[Cohort]) -> list[DistrictApproval]:
    if not district_cohorts:
        return []
    first: dict[int, ResultSnapshot] = {}
    for snapshot in ResultSnapshot.objects.filter(period=period, within__isnull=False).order_by("version"):
        first.setdefault(snapshot.within_id, snapshot)
    return [DistrictApproval(c, first.get(c.within.pk), period.publication_deadline) for c in district_cohorts]


@login_required
@require_GET
def results(request: HttpRequest) -> HttpResponse:
    context, status = _choose(request, request.GET)
    return TemplateResponse(request, "assessments/appraisal/results.html", context, status=status)


@login_required
@require_POST
def approve(request: HttpRequest) -> HttpResponse:
    context, status = _choose(request, request.GET)
    cohort = context.get("cohort")
    if status != 200 or cohort is None:
        return TemplateResponse(request, "assessments/appraisal/results.html", context, status=400)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        context["approve_form"] = form
        return TemplateResponse(request, "assessments/appraisal/results.html", context, status=400)
    if runs_as_job(cohort):
        refusal = approver_refusal(cohort, request.user)
        if refusal:
            context.update(approve_form=form, refusal=refusal)
            return TemplateResponse(request, "assessments/appraisal/results.html", context, status=409)
        job = pending_approval(context["period"], cohort) or start_approval_job(
            request.user,
            context["period"],
            cohort,
            close_missing=form.cleaned_data["close_missing"],
            reason=form.cleaned_data["reason"],
        )
        return redirect("jobs:status", job_id=job.pk)
    try:
        snapshot = approve_cohort(
            context["period"],
            cohort.key,
            request.user,
            close_missing=form.cleaned_data["close_missing"],
            reason=form.cleaned_data["reason"],
        )
    except ApprovalRefused as refusal:
        context.update(approve_form=form, refusal=str(refusal))
        return TemplateResponse(request, "assessments/appraisal/results.html", context, status=409)
    messages.success(
        request,
        _("The results of %(cohort)s are approved (version %(version)d).")
        % {"cohort": cohort.title, "version": snapshot.version},
    )
    return redirect(results_url(context["period"], cohort))
