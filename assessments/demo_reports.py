"""Demo reports in every state for the current period, filled in through the same code as the forms."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.http import QueryDict

from assessments import report_service
from assessments.models import Agency, EvidenceKind, Report, ReportEvent, ReportingPeriod, ReportStatus
from assessments.report_forms import GroupForm, field_name
from assessments.scoring import Indicator, Method


def sample_input(indicator: Indicator, position: int) -> dict[str, str]:
    """Plausible form input for an indicator; ``position`` varies the values between agencies."""
    code = indicator.code
    if indicator.takes_ratio:
        whole = 20 + position * 7
        return {field_name(code, "a"): str(whole - position % 5), field_name(code, "b"): str(whole)}
    if indicator.method == Method.BIN:
        return {field_name(code, "value"): "yes" if position % 4 else "no"}
    if indicator.method in (Method.LEVELS, Method.CHECKS):
        label = indicator.options[position % len(indicator.options)].label
        return {field_name(code, "value"): label}
    if indicator.method == Method.MANUAL:
        points = (indicator.max_points / 2).quantize(Decimal(1))
        return {
            field_name(code, "points"): str(points),
            field_name(code, "justification"): "Theo báo cáo tổng kết năm.",
        }
    if indicator.method == Method.INFO:
        return {field_name(code, "value"): str(10 + position)}
    return {field_name(code, "value"): str(1 + position % 4)}


def fill_in(report: Report, user, position: int) -> Report:
    criteria = report_service.pinned_criteria(report.period)
    for group in criteria.scoring.groups:
        data = QueryDict(mutable=True)
        data["version"] = str(report.version)
        for indicator in group.indicators:
            for name, value in sample_input(indicator, position).items():
                data.setlist(name, value if isinstance(value, list) else [value])
            if criteria.definitions[indicator.code].get("evidence_required"):
                data[field_name(indicator.code, "explanation")] = ""
        form = GroupForm(data, group=group, definitions=criteria.definitions)
        if not form.is_valid():
            raise ValueError(f"demo answers for {report}: {form.errors}")
        report = report_service.save_group(report.pk, group, form, user)
    for code, definition in criteria.definitions.items():
        if definition.get("evidence_required"):
            report_service.add_evidence(
                report.pk,
                code,
                user,
                kind=EvidenceKind.DOCUMENT,
                document_number=f"{position + 10}/BC-{report.agency.code}",
                document_date=report.period.data_start,
                document_summary="Báo cáo kết quả thực hiện",
            )
    return Report.objects.get(pk=report.pk)


def load_demo_reports(spec: dict, log: Callable[[str], None]) -> None:
    """``spec``: the period (year, kind), the appraiser who returns reports, and for each agency the state
    its report is brought to: not_started, draft, submitted or returned."""
    users = get_user_model().objects
    for position, entry in enumerate(spec["plan"]):
        agency = Agency.objects.get(code=entry["agency"])
        period = (
            ReportingPeriod.objects.filter(levels=agency.level_id, kind=spec["kind"], year=spec["year"])
            .select_related("criteria_revision")
            .get()
        )
        report, created = Report.objects.get_or_create(period=period, agency=agency)
        if not created or entry["state"] == ReportStatus.NOT_STARTED:
            continue
        officer = users.get(username=entry["officer"])
        report = fill_in(report, officer, position)
        if entry["state"] in (ReportStatus.SUBMITTED, ReportStatus.RETURNED):
            report = report_service.submit(report.pk, users.get(username=entry["head"]))
        if entry["state"] == ReportStatus.RETURNED:
            ReportEvent.objects.create(
                report=report,
                user=users.get(username=spec["appraiser"]),
                action="status",
                old=report.status,
                new=ReportStatus.RETURNED,
            )
            report.status = ReportStatus.RETURNED
            report.version += 1
            report.save(update_fields=["status", "version", "updated_at"])
        log(f"Report {agency.code} {period}: {report.get_status_display()}")
