"""Demo reports, placed relative to the day the demo is loaded, filled in through the same code as the forms.

Whatever the date, the demo holds the period open that day with reports in
every state, and the annual evaluations closed before it complete: every
evaluated agency submitted within the period's window, except the agencies the
demo file lists as not having reported, and every submitted report appraised
and approved (assessments/demo/appraisals.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from assessments.access import can_appraise
from assessments.definitions.methods import spec_for
from assessments.demo.appraisals import appraise, approve_results
from assessments.demo.evidence import sample_pdf
from assessments.models import (
    Agency,
    EvidenceKind,
    PeriodKind,
    Report,
    ReportingPeriod,
    ReportStatus,
    Role,
    RoleAssignment,
)
from assessments.reporting import services as report_service
from assessments.reporting.forms import GroupForm, field_name
from assessments.reporting.workflow import Action, transition
from assessments.scoring import Indicator

# Past reports are filled in a week before the deadline and submitted two days before it.
FILLED_BEFORE_DEADLINE = datetime.timedelta(days=7)
SUBMITTED_BEFORE_DEADLINE = datetime.timedelta(days=2)


YEARS_OF_VARIETY = 5


class DemoDateError(RuntimeError):
    """No period is open on the day the demo is loaded: generate the periods of that year first."""


def sample_input(indicator: Indicator, position: int) -> dict[str, str | list[str]]:
    """Plausible form input for an indicator; ``position`` varies the values between agencies."""
    sample = spec_for(indicator).sample(indicator, position)
    return {field_name(indicator.code, part): value for part, value in sample.items()}


def fill_in(report: Report, user, position: int, now: datetime.datetime | None = None) -> Report:
    """Answers every group and adds the required evidence, as an officer would, at ``now``."""
    criteria = report_service.pinned_criteria(report.period)
    # The sample varies with the agency, the indicator and the year, so that scores and ranks move from one
    # year to the next in the published results, as they do in life.
    shift = report.period.year % YEARS_OF_VARIETY
    for group in criteria.scoring.groups:
        data = QueryDict(mutable=True)
        data["version"] = str(report.version)
        for ordinal, indicator in enumerate(group.indicators):
            for name, value in sample_input(indicator, position + shift + ordinal).items():
                data.setlist(name, value if isinstance(value, list) else [value])
            if criteria.indicators[indicator.code].evidence_required:
                data[field_name(indicator.code, "explanation")] = ""
        form = GroupForm(data, group=group, indicators=criteria.indicators)
        if not form.is_valid():
            raise ValueError(f"demo answers for {report}: {form.errors}")
        report = report_service.save_group(report.pk, group, form.group_values(), form.loaded_version, user, now=now)
    for code, definition in criteria.indicators.items():
        if definition.evidence_required:
            report_service.add_evidence(
                report.pk,
                code,
                user,
                now=now,
                kind=EvidenceKind.DOCUMENT,
                document_number=f"{position + 10}/BC-{report.agency.code}",
                document_date=report.period.data_start,
                document_summary="Báo cáo kết quả thực hiện",
            )
    required = [code for code, definition in criteria.indicators.items() if definition.evidence_required]
    if position == 0 and required:
        # One scanned record per period and level, so appraisers can open a file in the browser.
        content = sample_pdf(report.agency.name, required[0], report.period.year)
        report_service.add_evidence(
            report.pk,
            required[0],
            user,
            now=now,
            kind=EvidenceKind.FILE,
            file=content,
            original_name=f"bien-ban-kiem-tra-{required[0]}.pdf",
            content_type="application/pdf",
            size=content.size,
        )
    return Report.objects.get(pk=report.pk)


def open_period(agency: Agency, now: datetime.datetime) -> ReportingPeriod:
    """The period of ``agency``'s level open at ``now`` (the earliest deadline if several are)."""
    period = (
        ReportingPeriod.objects.filter(levels=agency.level_id, opens_at__lte=now, submission_deadline__gte=now)
        .order_by("submission_deadline")
        .first()
    )
    if period is None:
        raise DemoDateError(f"no period is open for {agency.name} at {now:%Y-%m-%d}")
    return period


def load_current_reports(spec: dict, now: datetime.datetime, log: Callable[[str], None]) -> None:
    """Reports in every state (not started, draft, submitted, returned) in the period open ``now``."""
    users = get_user_model().objects
    for position, entry in enumerate(spec["current"]):
        agency = Agency.objects.get(code=entry["agency"])
        period = open_period(agency, now)
        if entry["state"] == ReportStatus.NOT_STARTED or Report.objects.filter(period=period, agency=agency).exists():
            continue
        officer = users.get(username=entry["officer"])
        with transaction.atomic():
            report = report_service.open_report(period, agency, officer)
            report = fill_in(report, officer, position, now=now)
            if entry["state"] in (ReportStatus.SUBMITTED, ReportStatus.RETURNED):
                report = report_service.submit(report.pk, users.get(username=entry["head"]), now=now, confirm=False)
            if entry["state"] == ReportStatus.RETURNED:
                _return(report, users.get(username=spec["appraiser"]), now)
        log(f"Report {agency.code} {period}: {Report.objects.get(pk=report.pk).get_status_display()}")


def _return(report: Report, appraiser, now: datetime.datetime) -> None:
    """Returned through the workflow, as the appraisal screens do. Only an appraiser of the agency's
    appraising agency may return it: where the demo file's appraiser is not one, the agency's is."""
    if not can_appraise(appraiser, report):
        appraiser = demo_person(report.agency.appraiser, Role.APPRAISER, "thamdinh", "Thẩm định viên")
    reason = "Bổ sung tài liệu kiểm chứng cho chỉ số còn thiếu."
    transition(report.pk, Action.RETURN, appraiser, now=now, reason=reason)


def past_annual_periods(count: int, now: datetime.datetime) -> list[ReportingPeriod]:
    """The annual evaluations of the ``count`` latest years whose deadline has passed at ``now``."""
    closed = ReportingPeriod.objects.filter(kind=PeriodKind.ANNUAL, submission_deadline__lt=now)
    years = sorted(set(closed.values_list("year", flat=True)), reverse=True)[:count]
    return list(closed.filter(year__in=years).prefetch_related("levels").order_by("year", "pk"))


def demo_person(agency: Agency, role: Role, prefix: str, title: str):
    """The agency's person in ``role``: a demo person where the demo file names one, else an account made
    here that cannot log in, so that every past report has someone who submitted it and someone who
    appraises it."""
    assignment = RoleAssignment.objects.filter(agency=agency, role=role).select_related("user").first()
    if assignment is not None:
        return assignment.user
    user, created = get_user_model().objects.get_or_create(
        username=f"{prefix}.{agency.code.lower()}", defaults={"first_name": f"{title} {agency.name}"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    RoleAssignment.objects.get_or_create(user=user, role=role, agency=agency)
    return user


def load_past_reports(spec: dict, now: datetime.datetime, log: Callable[[str], None]) -> None:
    """Every evaluated agency's submitted report in the latest closed annual evaluations, but the absent ones."""
    absent = set(spec.get("absent_in_past", ()))
    for period in past_annual_periods(spec["past_annual_evaluations"], now):
        agencies = (
            Agency.objects.existing_in(period.year)
            .evaluated()
            .filter(level__in=period.levels.all())
            .exclude(code__in=absent)
            .exclude(reports__period=period)
            .select_related("appraiser")
            .order_by("code")
        )
        filled = period.submission_deadline - FILLED_BEFORE_DEADLINE
        submitted = period.submission_deadline - SUBMITTED_BEFORE_DEADLINE
        count = 0
        for position, agency in enumerate(agencies):
            head = demo_person(agency, Role.HEAD, "lanhdao", "Lãnh đạo")
            appraiser = None
            if agency.appraiser is not None:
                appraiser = demo_person(agency.appraiser, Role.APPRAISER, "thamdinh", "Thẩm định viên")
            with transaction.atomic():
                report = Report.objects.create(period=period, agency=agency)
                fill_in(report, head, position, now=filled)
                report_service.submit(report.pk, head, now=submitted, confirm=False)
                if appraiser is not None:
                    appraise(report, appraiser, head, position, now)
            count += 1
        log(f"Reports {period}: {count} submitted and appraised")
        approver = lambda agency: demo_person(agency, Role.APPRAISER, "thamdinh", "Thẩm định viên")  # noqa: E731
        approved = approve_results(period, approver, log, now)
        log(f"Results {period}: {approved} cohorts approved")


def load_demo_reports(spec: dict, log: Callable[[str], None], now: datetime.datetime | None = None) -> None:
    """``spec``: the appraiser who returns reports, the state of each listed agency's report in the period
    open today, how many closed annual evaluations are complete, and who did not report in them."""
    now = now or timezone.now()
    load_past_reports(spec, now, log)
    load_current_reports(spec, now, log)
