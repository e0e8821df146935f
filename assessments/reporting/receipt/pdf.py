"""The PDF of a submitted report: the scores computed from its saved answers, then the receipt drawn."""

from __future__ import annotations

from assessments.models import Report
from assessments.reporting.answers import score_rows
from assessments.reporting.receipt.document import build_receipt
from assessments.reporting.receipt.layout import render
from assessments.reporting.services import pinned_criteria
from home.models import PortalSettings


def report_pdf(report: Report, check_address: str = "") -> bytes:
    """``report`` (submitted) as the document its head signs and files; ``check_address`` is where anyone
    can check the receipt, printed on it."""
    criteria = pinned_criteria(report.period)
    rows = {row.code: row for row in report.answers.all()}
    score = score_rows(criteria.scoring, rows.values())
    receipt = build_receipt(
        report,
        criteria.scoring,
        criteria.titles,
        score,
        rows,
        report.evidence.all(),
        province=PortalSettings.load().province,
        check_address=check_address,
    )
    return render(receipt)
