"""Cohorts: which agencies are ranked together for one annual evaluation, who approves their results,
and their ranking computed from the appraised reports.

A cohort is the evaluated agencies of one level existing that year (departments, central agencies,
districts, communes), or the communes of one district. Its results are approved by the agency that
appraises its members; where members are appraised by different agencies (communes by their
districts), by the agency that appraises those (the province).

Ranking reads each appraised report's final answers (the appraiser's corrections over the agency's
answers) with a constant number of queries, and ranks with :func:`assessments.ranking.rank_cohort`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from assessments.appraisal.decisions import final_answers
from assessments.models import (
    Agency,
    AgencyLevel,
    Answer,
    AppraisalRound,
    IndicatorDecision,
    Report,
    ReportingPeriod,
    ReportStatus,
    RoundOutcome,
)
from assessments.ranking import CohortRanking, Member, rank_cohort
from assessments.reporting.services import pinned_criteria


@dataclass(frozen=True)
class Cohort:
    period: ReportingPeriod
    level: AgencyLevel
    within: Agency | None
    members: tuple[Agency, ...]
    approver_id: int | None

    @property
    def key(self) -> str:
        """The cohort as a URL value: the level's code, and the district's id for a district's communes."""
        return f"{self.level.code}:{self.within.pk}" if self.within else self.level.code

    @property
    def title(self) -> str:
        return f"{self.level.name} · {self.within.name}" if self.within else self.level.name


def _approver(members: list[Agency], appraisers: dict[int, int | None]) -> int | None:
    """Who approves a cohort's results.

    The agency appraising every member; else, where members are appraised by several agencies that
    are themselves appraised by one (communes by their districts, districts by the province), that
    one; else the agency appraising most members (the province's department appraises every other
    department, while another agency appraises the department itself).
    """
    direct = Counter(agency.appraiser_id for agency in members if agency.appraiser_id is not None)
    if len(direct) == 1:
        return next(iter(direct))
    upper = {appraisers.get(agency_id) for agency_id in direct}
    if len(upper) == 1 and None not in upper:
        return next(iter(upper))
    ranked = direct.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def cohorts_for(period: ReportingPeriod) -> list[Cohort]:
    """Every cohort of ``period``: one per level, and one per district holding communes (three queries)."""
    levels = list(period.levels.order_by("order"))
    agencies = list(
        Agency.objects.existing_in(period.year)
        .evaluated()
        .filter(level__in=levels)
        .select_related("level", "parent")
        .order_by("name")
    )
    appraisers = dict(Agency.objects.filter(appraisees__in=agencies).distinct().values_list("pk", "appraiser_id"))
    cohorts = []
    for level in levels:
        members = [agency for agency in agencies if agency.level_id == level.pk]
        if not members:
            continue
        cohorts.append(Cohort(period, level, None, tuple(members), _approver(members, appraisers)))
        by_parent: dict[int, list[Agency]] = defaultdict(list)
        for agency in members:
            if agency.parent_id is not None:
                by_parent[agency.parent_id].append(agency)
        for parent_members in sorted(by_parent.values(), key=lambda group: group[0].parent.name):
            parent = parent_members[0].parent
            cohorts.append(Cohort(period, level, parent, tuple(parent_members), _approver(parent_members, appraisers)))
    return cohorts


def find_cohort(period: ReportingPeriod, key: str) -> Cohort | None:
    return next((cohort for cohort in cohorts_for(period) if cohort.key == key), None)


@dataclass(frozen=True)
class CohortStanding:
    """Where a cohort stands: its ranking (appraised reports only), and who is still waiting."""

    cohort: Cohort
    ranking: CohortRanking
    waiting: tuple[Agency, ...]  # submitted, waiting for the appraiser
    missing: tuple[Agency, ...]  # nothing handed in (or returned and not resubmitted)
    reports: dict[int, Report] = field(default_factory=dict)
    decisions: dict[int, list[IndicatorDecision]] = field(default_factory=dict)
    rows: dict[int, list[Answer]] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.waiting and not self.missing


def standing(cohort: Cohort, on_agency: Callable[[], object] | None = None) -> CohortStanding:
    """Ranks the cohort's approved reports; the others are listed as not reported (four queries).
    ``on_agency`` is called once each agency is placed (a background approval counts its progress with it)."""
    criteria = pinned_criteria(cohort.period).scoring
    reports = {
        report.agency_id: report for report in Report.objects.filter(period=cohort.period, agency__in=cohort.members)
    }
    approved = {aid: r for aid, r in reports.items() if r.status == ReportStatus.APPRAISED}
    rows: dict[int, list[Answer]] = defaultdict(list)
    for row in Answer.objects.filter(report__in=approved.values()):
        rows[row.report_id].append(row)
    rounds = AppraisalRound.objects.filter(report__in=approved.values(), outcome=RoundOutcome.APPROVED)
    decisions: dict[int, list[IndicatorDecision]] = defaultdict(list)
    for decision in IndicatorDecision.objects.filter(round__in=rounds).select_related("round", "decided_by"):
        decisions[decision.round.report_id].append(decision)
    members = []
    waiting, missing = [], []
    for agency in cohort.members:
        if on_agency is not None:
            on_agency()
        report = approved.get(agency.pk)
        if report is None:
            awaiting = agency.pk in reports and reports[agency.pk].status == ReportStatus.SUBMITTED
            (waiting if awaiting else missing).append(agency)
            members.append(Member(agency.code, agency.name, None))
            continue
        answers = final_answers(criteria, rows[report.pk], decisions[report.pk])
        members.append(Member(agency.code, agency.name, answers))
    return CohortStanding(
        cohort=cohort,
        ranking=rank_cohort(criteria, members),
        waiting=tuple(waiting),
        missing=tuple(missing),
        reports={report.agency_id: report for report in approved.values()},
        decisions=dict(decisions),
        rows=dict(rows),
    )
