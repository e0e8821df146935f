"""Appraisal and ranking at scale (ratios measured in this one run):

- ranking a synthetic 10,000-agency cohort × 80 indicators with ``rank_cohort``, against scoring the same
  cohort without ranking (the ratio is what ranking adds);
- the appraiser's workspace: its queries with 30 and with 300 reports (must be equal);
- approving a cohort's results with 30 and with 300 appraised agencies: queries and time.

Set-up (criteria pages, agencies, reports, answers, rounds) writes rows directly and stays outside the
timed windows; the approvals themselves go through ``approve_cohort``.
"""

import datetime
import random
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.access import Access
from assessments.appraisal.workspace import Filters, workspace_rows
from assessments.definitions.rules import build_criteria_set
from assessments.models import (
    Agency,
    AgencyLevel,
    Answer,
    AppraisalRound,
    IndicatorDecision,
    Report,
    ReportStatus,
    Role,
    RoleAssignment,
    RoundOutcome,
    Verdict,
)
from assessments.period_generation import generate_periods
from assessments.ranking import Member, rank_cohort
from assessments.results.snapshots import approve_cohort
from assessments.scoring import cohort_ranges, score_report
from bench.bench_report_save import criteria_page
from bench.bench_scoring import AGENCIES, INDICATORS, synthetic_answers, synthetic_definition
from bench.timing import count_queries
from home.demo_content import load_demo_content as load_site
from home.models import DecisionPage

INDICATORS_PER_REPORT = 10


def bench_ranking() -> None:
    rng = random.Random(2853)
    criteria = build_criteria_set(synthetic_definition())
    cohort = [synthetic_answers(criteria, rng) for _ in range(AGENCIES)]
    members = [Member(f"A{n:05d}", f"Xã số {n}", answers) for n, answers in enumerate(cohort)]

    start = time.perf_counter()
    ranges = cohort_ranges(criteria, cohort)
    for answers in cohort:
        score_report(criteria, answers, ranges)
    scoring = time.perf_counter() - start

    start = time.perf_counter()
    ranking = rank_cohort(criteria, members)
    ranked = time.perf_counter() - start
    assert len(ranking.placings) == AGENCIES

    print(f"cohort                     {AGENCIES:,} agencies × {INDICATORS} indicators")
    print(f"score + ranges             {scoring:8.2f} s")
    print(f"rank_cohort (all of it)    {ranked:8.2f} s")
    print(f"ratio ranking / scoring    {ranked / scoring:8.2f}")


def cohort_of(decision, size: int, appraiser_agency: Agency, user) -> tuple:
    """A level with ``size`` agencies appraised by ``appraiser_agency``, each with an approved report."""
    level = AgencyLevel.objects.create(code=f"bench-appraisal-{size}", name=f"Bench {size}")
    agencies = Agency.objects.bulk_create(
        Agency(code=f"B{size}-{n:04d}", name=f"Cơ quan {n}", level=level, appraiser=appraiser_agency)
        for n in range(size)
    )
    page = criteria_page(decision, level, INDICATORS_PER_REPORT, name=f"appraisal-{size}")
    period = next(p for p in generate_periods(2030) if p.criteria_set_id == page.pk and p.kind == "annual")
    period.opens_at = timezone.now() - datetime.timedelta(days=30)
    period.save(update_fields=["opens_at"])
    now = timezone.now()
    reports = Report.objects.bulk_create(
        Report(period=period, agency=agency, status=ReportStatus.APPRAISED, submitted_at=now) for agency in agencies
    )
    Answer.objects.bulk_create(
        Answer(report=report, code=f"1.{i}", value_a=Decimal(n % 7), value_b=Decimal(7), self_score=Decimal(n % 7))
        for n, report in enumerate(reports)
        for i in range(1, INDICATORS_PER_REPORT + 1)
    )
    rounds = AppraisalRound.objects.bulk_create(
        AppraisalRound(report=report, number=1, submitted_at=now, closed_at=now, outcome=RoundOutcome.APPROVED)
        for report in reports
    )
    IndicatorDecision.objects.bulk_create(
        IndicatorDecision(round=round_, code=f"1.{i}", verdict=Verdict.CONFIRMED, decided_at=now, decided_by=user)
        for round_ in rounds
        for i in range(1, INDICATORS_PER_REPORT + 1)
    )
    return level, period


def run() -> None:
    bench_ranking()

    load_site()
    decision = DecisionPage.objects.get(number="2853/QĐ-UBND")
    user = get_user_model().objects.create(username="bench-appraiser")
    appraiser_agency = Agency.objects.create(
        code="BENCH-TINH", name="Sở Bench", level=AgencyLevel.objects.create(code="bench-province", name="Tỉnh")
    )
    RoleAssignment.objects.create(user=user, role=Role.APPRAISER, agency=appraiser_agency)
    access = Access(appraising=frozenset({appraiser_agency.pk}))

    print(f"\n{'agencies':<10}{'workspace queries':>19}{'approve queries':>17}{'approve s':>11}{'× 30':>7}")
    baseline = None
    for size in (30, 300):
        level, period = cohort_of(decision, size, appraiser_agency, user)
        workspace = count_queries(lambda period=period: workspace_rows(access, period, Filters()))
        start = time.perf_counter()
        queries = count_queries(lambda period=period, level=level: approve_cohort(period, level.code, user))
        seconds = time.perf_counter() - start
        baseline = baseline or seconds
        print(f"{size:<10}{workspace:>19}{queries:>17}{seconds:>11.2f}{seconds / baseline:>7.1f}")
