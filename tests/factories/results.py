"""Approved results the way the portal makes them: reports filled in, submitted and approved by their appraiser."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from assessments.appraisal.decisions import approve_report, decide
from assessments.models import Report, ResultSnapshot, Verdict
from assessments.reporting import services as report_service
from assessments.results.snapshots import approve_cohort
from tests.assessments.reporting import COMPLETE, World, build_world, fill_in, published_set
from tests.factories.assessments import (
    AgencyFactory,
    AgencyLevelFactory,
    ReportFactory,
    ReportingPeriodFactory,
    RoleAssignmentFactory,
    indicator,
)


def approved(world, report, officer, head, answers=None) -> Report:
    """``report`` filled in by ``officer`` (``COMPLETE`` by default), submitted by ``head`` and approved by
    ``world.appraiser`` (``world``: a :class:`tests.assessments.reporting.World`, or any set-up with an
    ``appraiser`` of the agency appraising the report)."""
    fill_in(report, officer, answers=answers)
    report_service.submit(report.pk, head, confirm=False)
    approve_report(report.pk, world.appraiser)
    return Report.objects.get(pk=report.pk)


@dataclass
class PublishedYear:
    """A year's approved results: the communes of ``world`` (province-wide and within their district) and a
    department cohort whose criteria have a MINMAX indicator.

    Communes (REPORT_GROUPS, 150 points): An Bình 135 (COMPLETE); Bình Minh 95 (COMPLETE, 1.1 corrected to
    "no" by the appraiser); ``HOSTILE_NAME`` 85 (``LESS``); Cẩm Lộc did not report.
    Departments (1.1 BIN 50, 1.2 MINMAX 50 over 40..80): Sở Nội vụ 100 (yes, 80); Sở Tài chính 50 (yes, 40);
    Sở Y tế 25 (no, 60).
    """

    world: World
    departments: ResultSnapshot
    communes: ResultSnapshot
    district_communes: ResultSnapshot

    @property
    def snapshots(self) -> list[ResultSnapshot]:
        return [self.departments, self.communes, self.district_communes]


HOSTILE_NAME = '=HYPERLINK("http://x")'
# 1.1 yes (40), 1.2 1/4 (15), 2.1 one (30) = 85.
LESS = {"1": {**COMPLETE["1"], "1.2__a": "1"}, "2": {"2.1__value": "1"}}
CORRECTION = "Không có văn bản ban hành kế hoạch."
DEPARTMENT_GROUPS = [
    ("1", "Hạ tầng số", [indicator("1.1", "BIN", 50), indicator("1.2", "MINMAX", 50, unit="%")]),
]


def _department_cohort(decision, year: int) -> ResultSnapshot:
    level = AgencyLevelFactory(code="department", name="Sở, ban, ngành")
    criteria_set = published_set(decision, groups=DEPARTMENT_GROUPS, levels=[level], max_total=Decimal(100))
    period = ReportingPeriodFactory(criteria_set=criteria_set, year=year)
    province = AgencyFactory(
        code="SO-KHCN", name="Sở Khoa học và Công nghệ", level=AgencyLevelFactory(code="province", name="Cấp tỉnh")
    )
    appraiser = RoleAssignmentFactory(role="appraiser", agency=province).user
    for code, name, yes, value in [
        ("SO-NV", "Sở Nội vụ", "yes", "80"),
        ("SO-TC", "Sở Tài chính", "yes", "40"),
        ("SO-YT", "Sở Y tế", "no", "60"),
    ]:
        agency = AgencyFactory(code=code, name=name, level=level, appraiser=province)
        head = RoleAssignmentFactory(role="head", agency=agency).user
        report = ReportFactory(period=period, agency=agency)
        answers = {"1": {"1.1__value": yes, "1.2__value": value}}
        approved(SimpleNamespace(appraiser=appraiser), report, head, head, answers=answers)
    return approve_cohort(period, level.code, appraiser)


def build_published_year(decision) -> PublishedYear:
    """Reports filled in through the form, appraised (one correction with its reason) and approved per cohort."""
    world = build_world(decision)
    district = world.appraiser_agency
    hostile = AgencyFactory(code="XA-C", name=HOSTILE_NAME, appraiser=district, level=world.agency_a.level)
    silent = AgencyFactory(code="XA-D", name="UBND xã Cẩm Lộc", appraiser=district, level=world.agency_a.level)
    for agency in (world.agency_a, world.agency_b, hostile, silent):
        agency.parent = district  # so the district's communes are a cohort of their own too
        agency.save()

    approved(world, world.report_a, world.officer_a, world.head_a)
    fill_in(world.report_b, world.officer_b)
    report_service.submit(world.report_b.pk, world.head_b, confirm=False)
    no = {"value": "no"}
    decide(world.report_b.pk, "1.1", verdict=Verdict.CORRECTED, typed=no, reason=CORRECTION, user=world.appraiser)
    approve_report(world.report_b.pk, world.appraiser)
    head = RoleAssignmentFactory(role="head", agency=hostile).user
    approved(world, ReportFactory(period=world.period, agency=hostile), head, head, answers=LESS)

    level = world.agency_a.level.code
    communes = approve_cohort(world.period, level, world.appraiser, close_missing=True)
    district_communes = approve_cohort(world.period, f"{level}:{district.pk}", world.appraiser, close_missing=True)
    departments = _department_cohort(decision, world.period.year)
    return PublishedYear(world, departments, communes, district_communes)
