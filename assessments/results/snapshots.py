"""Approving a cohort's results: a frozen snapshot of every number publication will show.

The snapshot holds, per agency, its standing and rank, its scores (the one serializer of
:mod:`assessments.definitions.scores_json`), its final answers in the open-data format and, for
every indicator the appraiser changed, the self-score, the appraised score, the reason, who and
when; and the criteria revision it was scored against. ``manage.py rank_cohort`` recomputes the
ranks and totals from the answers. A correction after approval is a new version with its reason.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.access import access_for
from assessments.appraisal.decisions import final_answers
from assessments.definitions.answers_json import answer_to_json
from assessments.definitions.cohort_json import ranking_to_json
from assessments.models import PeriodKind, ReportingPeriod, ResultSnapshot, Verdict
from assessments.reporting.services import pinned_criteria
from assessments.results.cohorts import Cohort, CohortStanding, find_cohort, standing


class ApprovalRefused(Exception):
    """The cohort's results cannot be approved now, or not by this person; the message says why."""


def _plain(value):
    """JSON-ready: decimals as plain strings ("12.5", never "1.25E+1"), containers walked."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def snapshot_data(state: CohortStanding, on_agency: Callable[[], object] | None = None) -> dict:
    cohort = state.cohort
    pinned = pinned_criteria(cohort.period)
    criteria = pinned.scoring
    data = ranking_to_json(state.ranking, cohort.level.code)
    by_code = {agency.code: agency for agency in cohort.members}
    for entry in data["agencies"]:
        if on_agency is not None:
            on_agency()
        agency = by_code[entry["code"]]
        report = state.reports.get(agency.pk)
        if report is None:
            continue
        decisions = state.decisions.get(report.pk, [])
        answers = final_answers(criteria, state.rows.get(report.pk, []), decisions)
        entry["answers"] = {
            indicator.code: _plain(answer_to_json(indicator, answers[indicator.code]))
            for indicator in criteria.indicators()
        }
        entry["changes"] = {
            decision.code: {
                "self_score": _plain(decision.self_score),
                "appraised_score": _plain(decision.appraised_score),
                "reason": decision.reason,
                "by": decision.decided_by.get_full_name() or decision.decided_by.get_username()
                if decision.decided_by
                else "",
                "at": decision.decided_at.isoformat(),
            }
            for decision in decisions
            if decision.verdict == Verdict.CORRECTED
        }
        entry["submitted_at"] = report.submitted_at.isoformat() if report.submitted_at else None
        entry["late"] = report.late
    data["period"] = {"year": cohort.period.year, "kind": cohort.period.kind, "id": cohort.period.pk}
    data["within"] = cohort.within.code if cohort.within else None
    data["criteria"] = {
        "title": cohort.period.criteria_set.title,
        "revision": cohort.period.criteria_revision_id,
        "groups": [
            {
                "code": group.code,
                "title": pinned.titles.get(group.code, ""),
                "max_points": _plain(group.max_points),
                "indicators": [
                    {"code": i.code, "title": i.title, "max_points": _plain(i.max_points), "method": str(i.method)}
                    for i in group.indicators
                ],
            }
            for group in criteria.groups
        ],
    }
    return data


def digest(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def approver_refusal(cohort: Cohort, user) -> str | None:
    """Why this person may not approve this cohort at all, whatever its reports (checked before a background
    approval is queued, and again when it runs)."""
    if cohort.period.kind != PeriodKind.ANNUAL:
        return _("Only an annual evaluation has results to approve.")
    if cohort.approver_id is None or cohort.approver_id not in access_for(user).appraising:
        return _("Only an appraiser of the agency that appraises this cohort can approve its results.")
    return None


def approval_refusal(cohort: Cohort, user, state: CohortStanding, close_missing: bool) -> str | None:
    refusal = approver_refusal(cohort, user)
    if refusal:
        return refusal
    if state.waiting:
        return _("%(count)d reports are still waiting for their appraisal: %(names)s.") % {
            "count": len(state.waiting),
            "names": ", ".join(agency.name for agency in state.waiting),
        }
    if state.missing and not close_missing:
        return _("%(count)d agencies have no approved report: close the cohort to list them as not reported.") % {
            "count": len(state.missing)
        }
    return None


@transaction.atomic
def approve_cohort(
    period: ReportingPeriod,
    key: str,
    user,
    *,
    close_missing: bool = False,
    reason: str = "",
    now: datetime.datetime | None = None,
    on_agency: Callable[[], object] | None = None,
) -> ResultSnapshot:
    """Freezes the cohort's results as a new version; the first version needs no reason, a later one does.
    ``on_agency`` is called twice an agency: once ranked, once frozen (a background approval's progress)."""
    cohort = find_cohort(period, key)
    if cohort is None:
        raise ApprovalRefused(_("This period has no such cohort."))
    # One approval at a time per cohort: the period row is the lock, so two clicks make one version.
    ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    state = standing(cohort, on_agency)
    refusal = approval_refusal(cohort, user, state, close_missing)
    if refusal:
        raise ApprovalRefused(refusal)
    previous = latest_snapshot(period, cohort)
    data = snapshot_data(state, on_agency)
    if previous is not None:
        if not reason.strip():
            raise ApprovalRefused(_("These results were approved before: say why a new version is approved."))
        if previous.sha256 == digest(data):
            raise ApprovalRefused(_("Nothing has changed since version %(version)d.") % {"version": previous.version})
    return ResultSnapshot.objects.create(
        period=period,
        level=cohort.level,
        within=cohort.within,
        version=(previous.version + 1) if previous else 1,
        criteria_revision_id=period.criteria_revision_id,
        approving_agency_id=cohort.approver_id,
        approved_at=now or timezone.now(),
        approved_by=user,
        reason=reason.strip(),
        data=data,
        sha256=digest(data),
    )


def latest_snapshot(period: ReportingPeriod, cohort: Cohort) -> ResultSnapshot | None:
    return (
        ResultSnapshot.objects.filter(period=period, level=cohort.level, within=cohort.within)
        .order_by("-version")
        .first()
    )


def snapshots_of(period: ReportingPeriod, cohort: Cohort) -> list[ResultSnapshot]:
    return list(
        ResultSnapshot.objects.filter(period=period, level=cohort.level, within=cohort.within)
        .select_related("approved_by")
        .order_by("-version")
    )
