"""Factories for agencies, people, criteria sets and periods."""

import datetime
from decimal import Decimal

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import (
    Agency,
    AgencyLevel,
    CriteriaSetBand,
    CriteriaSetPage,
    Report,
    ReportingPeriod,
    RoleAssignment,
)
from assessments.period_rules import end_of_day, start_of_day
from home.stream_data import StableIds

ILLUSTRATIVE_BANDS = [("Xuất sắc", 90), ("Tốt", 75), ("Khá", 60), ("Trung bình", 50), ("Yếu", 0)]


class AgencyLevelFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"level-{n}")
    name = factory.Sequence(lambda n: f"Cấp {n}")
    order = factory.Sequence(int)

    class Meta:
        model = AgencyLevel
        django_get_or_create = ("code",)


class AgencyFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"CQ-{n}")
    name = factory.Sequence(lambda n: f"Cơ quan {n}")
    level = factory.SubFactory(AgencyLevelFactory, code="commune", name="UBND cấp xã")
    evaluated = True

    class Meta:
        model = Agency


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu-2853")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    role = "officer"
    agency = factory.SubFactory(AgencyFactory)

    class Meta:
        model = RoleAssignment


def indicator(code: str, method: str = "BIN", max_points: int | str = 10, **params) -> dict:
    """A definition-shaped indicator, as the StreamField stores it."""
    value = {
        "code": code,
        "title": f"Chỉ số {code}",
        "max_points": str(max_points),
        "unit": "",
        "method": method,
        "options": [],
        "tier_input": "count",
        "tiers": [],
        "numerator_label": "",
        "denominator_label": "",
        "when_denominator_zero": "zero",
        "numerator_may_exceed": False,
        "target": None,
        "evidence_required": False,
        "evidence_kinds": ["file", "document", "url"],
        "evidence_description": "",
        "data_source": "",
        "guidance": "",
    }
    value.update(params)
    return value


def groups_data(groups: list[tuple[str, str, list[dict]]], seed: str = "factory") -> list[dict]:
    """StreamField raw data for ``[(code, title, [indicator, ...]), ...]``."""
    ids = StableIds(seed)
    data = []
    for code, title, indicators in groups:
        children = []
        for item in indicators:
            value = dict(item)
            value["options"] = [ids.item(option) for option in item.get("options", [])]
            value["tiers"] = [ids.item(tier) for tier in item.get("tiers", [])]
            children.append(ids.block("indicator", value))
        data.append(ids.block("group", {"code": code, "title": title, "max_points": None, "indicators": children}))
    return data


def default_groups() -> list[dict]:
    return groups_data(
        [
            (
                "1",
                "Môi trường chính sách",
                [
                    indicator("1.1", "BIN", 40),
                    indicator(
                        "1.2", "RATIO", 60, numerator_label="Số văn bản ký số", denominator_label="Tổng số văn bản"
                    ),
                ],
            ),
            (
                "2",
                "An toàn thông tin",
                [
                    indicator(
                        "2.1",
                        "TIERS",
                        50,
                        tiers=[{"threshold": "2", "points": "50"}, {"threshold": "1", "points": "30"}],
                    )
                ],
            ),
        ]
    )


class CriteriaSetPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Bộ tiêu chí {n}")
    slug = factory.Sequence(lambda n: f"bo-tieu-chi-{n}")
    appendix = "Phụ lục 4"
    applies_to = "UBND các xã, phường, thị trấn"
    year_from = 2021
    max_total = Decimal(150)
    groups = factory.LazyFunction(default_groups)

    class Meta:
        model = CriteriaSetPage
        # The bands hook publishes; saving the instance again afterwards would mark it unpublished.
        skip_postgeneration_save = True

    @factory.post_generation
    def levels(self, create, extracted, **kwargs):
        if create:
            self.levels.set(extracted or [AgencyLevelFactory(code="commune", name="UBND cấp xã")])

    @factory.post_generation
    def bands(self, create, extracted, **kwargs):
        if create:
            for label, percent in extracted or ILLUSTRATIVE_BANDS:
                CriteriaSetBand.objects.create(page=self, label=label, min_percent=percent)
            # The published revision must hold the levels and bands, as an editor's publish would.
            self.save_revision().publish()


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime.datetime:
    """An aware datetime in the portal's zone."""
    from assessments.period_rules import local_zone

    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=local_zone())


def _published_revision(period) -> object:
    """The criteria set's live revision as stored (the factory's in-memory page may predate its publication)."""
    return CriteriaSetPage.objects.get(pk=period.criteria_set.pk).live_revision


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    """A period pinned to its criteria set's published revision, as ``generate_periods`` pins it.

    Pass ``criteria_set``. The levels default to the set's levels; the deadline defaults to the end of
    the day 30 days from now and the opening 90 days before it, so the period is open. Years differ
    between periods so several can share a set.
    """

    year = factory.Sequence(lambda n: 2026 + n % 50)
    kind = "annual"
    criteria_set = None
    criteria_revision = factory.LazyAttribute(_published_revision)
    data_start = factory.LazyAttribute(lambda period: datetime.date(period.year - 1, 11, 10))
    data_end = factory.LazyAttribute(lambda period: datetime.date(period.year, 11, 10))
    submission_deadline = factory.LazyFunction(lambda: end_of_day(timezone.localdate() + datetime.timedelta(days=30)))
    # Opened 90 days before its deadline, so a period with a deadline ahead is open.
    opens_at = factory.LazyAttribute(
        lambda period: start_of_day(timezone.localdate(period.submission_deadline) - datetime.timedelta(days=90))
    )
    allow_late = False

    class Meta:
        model = ReportingPeriod
        skip_postgeneration_save = True

    @factory.post_generation
    def levels(self, create, extracted, **kwargs):
        if create:
            self.levels.set(extracted if extracted is not None else self.criteria_set.levels.all())


class ReportFactory(factory.django.DjangoModelFactory):
    """A report, not started. Pass ``period``; the agency defaults to a new commune."""

    period = None
    agency = factory.SubFactory(AgencyFactory)

    class Meta:
        model = Report
