"""Every demo report opens, for every agency level, as everyone who touches it; and the demo's reports
sit where the day it is loaded puts them."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    HANDED_IN,
    Agency,
    IndicatorDecision,
    PeriodKind,
    Report,
    ReportingPeriod,
    ReportStatus,
    ResultSnapshot,
    Role,
    RoleAssignment,
    RoundOutcome,
    Verdict,
)
from assessments.period_rules import local_zone
from assessments.reporting import services as report_service
from assessments.reporting.dashboard import Window, period_window
from assessments.results.cohorts import cohorts_for

pytestmark = pytest.mark.django_db

LEVELS = {"department", "central", "district", "commune"}
DONE = HANDED_IN


def load_demo() -> None:
    report_service._pinned.cache_clear()
    call_command("load_demo_content", stdout=io.StringIO())


def readers(report: Report) -> dict[str, list]:
    """The agency's own officers and heads, and the appraisers of the agency that appraises it."""
    people: dict[str, list] = {}
    own = RoleAssignment.objects.filter(agency=report.agency, role__in=[Role.OFFICER, Role.HEAD])
    appraisers = RoleAssignment.objects.filter(agency=report.agency.appraiser_id, role=Role.APPRAISER)
    for assignment in [*own, *appraisers]:
        people.setdefault(assignment.role, []).append(assignment.user)
    return people


def pages(report: Report, role: str) -> list[str]:
    criteria = report_service.pinned_criteria(report.period)
    urls = [reverse("reports:report", args=[report.pk])]
    urls += [reverse("reports:group", args=[report.pk, group.code]) for group in criteria.scoring.groups]
    urls += [reverse("reports:check", args=[report.pk]), reverse("reports:history", args=[report.pk])]
    if report.status in DONE:
        urls += [reverse("reports:submitted", args=[report.pk]), reverse("reports:pdf", args=[report.pk])]
    if role == Role.APPRAISER:
        urls.append(reverse("appraisal:report", args=[report.pk]))
    return urls


def test_every_page_of_every_demo_report_opens_for_its_officer_head_and_appraiser(client):
    load_demo()
    walked: Counter = Counter()
    reports = Report.objects.select_related("agency__level", "period").order_by("pk")
    assert reports.exists()
    for report in reports:
        people = readers(report)
        assert people.get(Role.APPRAISER), f"{report}: nobody appraises it"
        for role, users in people.items():
            client.force_login(users[0])
            for url in pages(report, role):
                response = client.get(url)
                assert response.status_code == 200, (role, users[0].username, url, response.status_code)
            walked[(report.agency.level.code, role)] += 1
    assert {level for level, _ in walked} == LEVELS
    assert {role for _, role in walked} == {Role.OFFICER, Role.HEAD, Role.APPRAISER}

    # The results screen of every cohort of every closed annual evaluation (three-tier and two-tier years,
    # districts' own cohorts included), as its approver sees it: the ranking as it stands and the versions.
    opened = set()
    for period in ReportingPeriod.objects.filter(kind=PeriodKind.ANNUAL, snapshots__isnull=False).distinct():
        for cohort in cohorts_for(period):
            approver = RoleAssignment.objects.filter(agency=cohort.approver_id, role=Role.APPRAISER).first()
            assert approver is not None, (period, cohort.key)
            client.force_login(approver.user)
            response = client.get(reverse("appraisal:results"), {"ky": period.pk, "nhom": cohort.key})
            assert response.status_code == 200, (period, cohort.key, response.status_code)
            assert response.context["snapshots"], (period, cohort.key)
            ranked = [p for p in response.context["standing"].ranking.placings if p.rank is not None]
            assert [p.rank for p in ranked] == sorted(p.rank for p in ranked)
            opened.add((period.year, cohort.level.code, cohort.within is not None))
    assert {level for _, level, _ in opened} == LEVELS
    assert any(within for *_, within in opened)  # a district's own communes (three-tier year)


def test_the_demo_holds_the_period_open_today_with_reports_in_every_state_and_complete_past_years(mailoutbox):
    load_demo()
    assert not mailoutbox, "the demo submits for people who are not there: it mails nobody"
    now = timezone.now()
    current = Report.objects.filter(period__opens_at__lte=now, period__submission_deadline__gte=now)
    assert {report.status for report in current} == {ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.RETURNED}
    # The plan's "not started" agencies have a period open and no report in it.
    for code in ("VP-UBND", "X-CAMBINH"):
        agency = Agency.objects.get(code=code)
        period = ReportingPeriod.objects.get(levels=agency.level, opens_at__lte=now, submission_deadline__gte=now)
        assert not Report.objects.filter(agency=agency, period=period).exists()
    # Nothing was started in a period that is not open yet, nor submitted outside its window.
    for report in Report.objects.select_related("period"):
        assert report.period.opens_at <= now
        if report.submitted_at:
            assert report.period.opens_at <= report.submitted_at
            # A report returned after the deadline is resubmitted while the appraiser keeps it open.
            until = max(report.period.submission_deadline, report.reopened_until or report.period.submission_deadline)
            assert report.submitted_at <= until
    # The latest closed annual evaluations are complete, but for the agencies the demo lists as absent.
    closed = ReportingPeriod.objects.filter(kind=PeriodKind.ANNUAL, submission_deadline__lt=now)
    latest_years = sorted(set(closed.values_list("year", flat=True)), reverse=True)[:3]
    assert len(latest_years) == 3
    for period in closed.filter(year__in=latest_years).prefetch_related("levels"):
        expected = set(
            Agency.objects.existing_in(period.year)
            .evaluated()
            .filter(level__in=period.levels.all())
            .exclude(code__in=["TW-KBNN", "X-CL-THIENLOC"])
        )
        submitted = {report.agency for report in period.reports.filter(status__in=DONE)}
        assert submitted == expected, period
        for report in period.reports.all():
            assert period_window(period, report, now) == Window.CLOSED
        # Appraised and approved: some scores corrected with a reason, one report returned and resubmitted,
        # every cohort's results approved.
        assert {report.status for report in period.reports.all()} == {ReportStatus.APPRAISED}
        decisions = IndicatorDecision.objects.filter(round__report__period=period)
        corrected = decisions.filter(verdict=Verdict.CORRECTED)
        assert corrected.exists() and not corrected.filter(reason="").exists(), period
        assert period.reports.filter(appraisal_rounds__outcome=RoundOutcome.RETURNED).count() == 1, period
        cohorts = cohorts_for(period)
        assert cohorts
        for cohort in cohorts:
            assert ResultSnapshot.objects.filter(period=period, level=cohort.level, within=cohort.within).exists()


@pytest.mark.parametrize(
    "today",
    [datetime.datetime(2027, 6, 20, 9, 0), datetime.datetime(2028, 11, 12, 9, 0)],
    ids=["mid-year", "between the commune and the department cut-offs"],
)
def test_the_demo_is_meaningful_whatever_day_it_is_loaded(monkeypatch, today):
    moment = today.replace(tzinfo=local_zone())
    monkeypatch.setattr(timezone, "now", lambda: moment)
    load_demo()
    current = Report.objects.filter(period__opens_at__lte=moment, period__submission_deadline__gte=moment)
    assert {report.status for report in current} == {ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.RETURNED}
    assert not Report.objects.filter(period__opens_at__gt=moment).exists()
    assert Report.objects.filter(period__kind=PeriodKind.ANNUAL, period__year=moment.year - 1, status__in=DONE).exists()
