"""Demo appraisals of the closed annual evaluations, through the same services as the appraisal screens.

Every submitted past report is appraised and approved; some scores are corrected with a reason and
one report a year is returned, answered and resubmitted first, so the workspace, the rounds and
the history have something real to show.
"""

from __future__ import annotations

import datetime

from assessments.appraisal import decisions
from assessments.models import Agency, Answer, EvidenceKind, Report, Verdict
from assessments.reporting import services as report_service
from assessments.reporting.answers import engine_answer
from assessments.results.cohorts import cohorts_for
from assessments.results.snapshots import ApprovalRefused, approve_cohort, latest_snapshot
from assessments.scoring import Method

# The demo's appraisal happens inside each period's appraisal window (deadline → appraisal deadline: four
# days for communes, whose districts report their results before 15 November, three weeks for the others),
# at these fractions of it: the appraiser starts, a returned report is answered, reports are approved,
# then the results of the districts' communes and, last, the province's cohorts.
STARTED, ANSWERED, REPORTS_APPROVED, DISTRICT_RESULTS, PROVINCE_RESULTS = 0.2, 0.4, 0.6, 0.8, 0.9
# One report in CORRECT_EVERY has a score corrected; the first report of each year is returned once.
CORRECT_EVERY = 4
RETURNED_POSITION = 0

CORRECTION_REASON = "Tài liệu kiểm chứng không thể hiện nội dung đã kê khai; điều chỉnh theo số liệu đối chiếu."
QUERY_REASON = "Đề nghị bổ sung văn bản kiểm chứng có số, ngày ban hành."


def _correction(report: Report) -> tuple[str, dict] | None:
    """A plausible correction: the first yes/no indicator answered yes becomes no."""
    criteria = report_service.pinned_criteria(report.period).scoring
    rows = {row.code: row for row in Answer.objects.filter(report=report)}
    for indicator in criteria.indicators():
        if indicator.method == Method.BIN and engine_answer(indicator, rows.get(indicator.code)) is True:
            return indicator.code, {"value": "no"}
    return None


def in_window(period, fraction: float, now: datetime.datetime) -> datetime.datetime:
    """A moment ``fraction`` of the way through the period's appraisal window, or ``now`` (the demo's
    load time) for a window not yet over: the demo appraises nothing in the future."""
    deadline = period.submission_deadline
    window = (period.appraisal_deadline or deadline + datetime.timedelta(days=20)) - deadline
    return min(deadline + window * fraction, now)


def appraise(report: Report, appraiser, head, position: int, now: datetime.datetime) -> None:
    start = in_window(report.period, STARTED, now)
    approved = in_window(report.period, REPORTS_APPROVED, now)
    if position == RETURNED_POSITION:
        code = next(iter(report_service.pinned_criteria(report.period).indicators))
        decisions.decide(report.pk, code, verdict=Verdict.QUERIED, reason=QUERY_REASON, user=appraiser, now=start)
        decisions.return_report(report.pk, appraiser, comment=QUERY_REASON, respond_by=approved, now=start)
        answered = in_window(report.period, ANSWERED, now)
        report_service.add_evidence(
            report.pk,
            code,
            head,
            now=answered,
            kind=EvidenceKind.DOCUMENT,
            document_number=f"01/QĐ-{report.agency.code}",
            document_date=report.period.data_start,
            document_summary="Quyết định ban hành kế hoạch (bổ sung theo yêu cầu thẩm định)",
        )
        report_service.submit(report.pk, head, now=answered, confirm=False)
    correction = _correction(report) if position % CORRECT_EVERY == 1 else None
    if correction is not None:
        code, typed = correction
        decisions.decide(
            report.pk,
            code,
            verdict=Verdict.CORRECTED,
            typed=typed,
            reason=CORRECTION_REASON,
            user=appraiser,
            now=approved,
        )
    decisions.approve_report(report.pk, appraiser, now=approved)


def approve_results(period, appraiser_of, log, now: datetime.datetime) -> int:
    """Approves every cohort of a closed annual evaluation: the districts' communes first, as the decision
    has districts report their communes' results to the province, then the province's cohorts."""
    cohorts = sorted(cohorts_for(period), key=lambda cohort: cohort.within is None)
    count = 0
    for cohort in cohorts:
        if cohort.approver_id is None or latest_snapshot(period, cohort) is not None:
            continue
        approver = appraiser_of(Agency.objects.get(pk=cohort.approver_id))
        try:
            moment = in_window(period, DISTRICT_RESULTS if cohort.within else PROVINCE_RESULTS, now)
            approve_cohort(period, cohort.key, approver, close_missing=True, now=moment)
        except ApprovalRefused as refusal:
            log(f"Results {period} {cohort.title}: not approved ({refusal})")
            continue
        count += 1
    return count
