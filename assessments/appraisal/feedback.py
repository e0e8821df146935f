"""What the agency reads of the appraisal while its report is back in its hands: the appraiser's comment,
the date to answer by, and the reason given for each queried or corrected indicator."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from assessments.models import AppraisalRound, Report, ReportStatus, RoundOutcome


@dataclass(frozen=True)
class Feedback:
    comment: str
    respond_by: datetime.datetime | None
    returned_at: datetime.datetime
    reasons: dict[str, str]  # indicator code → the appraiser's reason


def open_feedback(report: Report) -> Feedback | None:
    """The round that sent the report back, while the agency is answering it (none for an ordinary draft,
    two queries at most otherwise)."""
    # A return and a reopening always give the agency a date (reopened_until); an ordinary draft has none,
    # so the group pages an officer saves all day ask nothing more of the database.
    if report.status not in (ReportStatus.RETURNED, ReportStatus.DRAFT) or report.reopened_until is None:
        return None
    last = (
        AppraisalRound.objects.filter(report=report, closed_at__isnull=False)
        .order_by("-number")
        .prefetch_related("decisions")
        .first()
    )
    if last is None or last.outcome not in (RoundOutcome.RETURNED, RoundOutcome.REOPENED):
        return None
    reasons = {decision.code: decision.reason for decision in last.decisions.all() if decision.reason}
    return Feedback(last.comment, last.respond_by, last.closed_at, reasons)
