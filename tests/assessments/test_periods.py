"""Reporting periods: generated from the rules, editable afterwards, and pinned to a criteria revision."""

import copy
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from assessments.models import CriteriaSetPage, PeriodKind, ReportingPeriod
from assessments.period_generation import generate_periods
from assessments.scoring import Ratio, score_report
from tests.factories.assessments import AgencyFactory, AgencyLevelFactory, CriteriaSetPageFactory, local

pytestmark = pytest.mark.django_db

# Answers to the factory's default set: 1.1 BIN (40), 1.2 RATIO (60), 2.1 TIERS (2 → 50, 1 → 30).
ANSWERS = {"1.1": True, "1.2": Ratio(Decimal(1), Decimal(2)), "2.1": Decimal(1)}


@pytest.fixture
def commune_level():
    level = AgencyLevelFactory(code="commune", name="UBND cấp xã", annual_cutoff_day=10, appraisal_days=4)
    AgencyFactory(level=level)  # periods are made only for levels that have evaluated agencies
    return level


@pytest.fixture
def department_levels():
    levels = [
        AgencyLevelFactory(code="department", name="Sở, ban, ngành", annual_cutoff_day=15),
        AgencyLevelFactory(code="central", name="Cơ quan Trung ương", annual_cutoff_day=15),
    ]
    for level in levels:
        AgencyFactory(level=level)
    return levels


def published_set(**fields) -> CriteriaSetPage:
    """A criteria set as an editor leaves it after publishing.

    CriteriaSetPageFactory publishes in its ``bands`` hook, but factory_boy then saves the stale
    instance again, which writes ``live_revision = None`` and ``has_unpublished_changes = True``
    back over the publication; publishing once more from the database restores the real state.
    """
    page = CriteriaSetPageFactory(**fields)
    CriteriaSetPage.objects.get(pk=page.pk).save_revision().publish()
    return CriteriaSetPage.objects.get(pk=page.pk)


@pytest.fixture
def commune_set(decision, commune_level):
    return published_set(parent=decision, levels=[commune_level], title="Bộ tiêu chí cấp xã")


@pytest.fixture
def department_set(decision, department_levels):
    return published_set(
        parent=decision, levels=department_levels, title="Bộ tiêu chí sở, ban, ngành", appendix="Phụ lục 1"
    )


def periods_of(criteria_set) -> dict[str, ReportingPeriod]:
    return {period.kind: period for period in ReportingPeriod.objects.filter(criteria_set=criteria_set)}


def period_state(period: ReportingPeriod) -> tuple:
    period.refresh_from_db()
    return (
        period.criteria_revision_id,
        period.data_start,
        period.data_end,
        period.submission_deadline,
        period.appraisal_deadline,
        period.publication_deadline,
        period.allow_late,
        sorted(period.levels.values_list("code", flat=True)),
    )


def publish_edited_groups(page_id: int, edit) -> CriteriaSetPage:
    """What an editor does in the CMS: change the latest revision's groups and publish."""
    page = CriteriaSetPage.objects.get(pk=page_id).get_latest_revision_as_object()
    raw = copy.deepcopy(list(page.groups.raw_data))
    edit(raw)
    page.groups = raw
    page.save_revision().publish()
    return CriteriaSetPage.objects.get(pk=page_id)


def indicator_value(raw: list[dict], code: str) -> dict:
    for group in raw:
        for indicator in group["value"]["indicators"]:
            if indicator["value"]["code"] == code:
                return indicator["value"]
    raise LookupError(code)


# --- generation -----------------------------------------------------------------------------------------------


def test_each_set_in_force_gets_the_annual_period_and_three_updates(commune_set, department_set):
    periods = generate_periods(2023)

    assert len(periods) == 8
    assert ReportingPeriod.objects.filter(year=2023).count() == 8
    for criteria_set in (commune_set, department_set):
        assert set(periods_of(criteria_set)) == set(PeriodKind.values)

    commune = periods_of(commune_set)
    assert commune[PeriodKind.ANNUAL].data_start == datetime.date(2022, 11, 10)
    assert commune[PeriodKind.ANNUAL].data_end == datetime.date(2023, 11, 10)
    assert commune[PeriodKind.ANNUAL].submission_deadline == local(2023, 11, 10, 23, 59, 59)
    assert commune[PeriodKind.ANNUAL].appraisal_deadline == local(2023, 11, 14, 23, 59, 59)
    assert commune[PeriodKind.MONTHS_6].data_start == datetime.date(2022, 11, 10)
    assert commune[PeriodKind.MONTHS_6].data_end == datetime.date(2023, 6, 14)
    assert commune[PeriodKind.MONTHS_6].submission_deadline == local(2023, 6, 14, 23, 59, 59)

    department = periods_of(department_set)
    assert department[PeriodKind.ANNUAL].data_start == datetime.date(2022, 11, 15)
    assert department[PeriodKind.ANNUAL].submission_deadline == local(2023, 11, 15, 23, 59, 59)
    assert department[PeriodKind.MONTHS_9].submission_deadline == local(2023, 9, 14, 23, 59, 59)


def test_periods_carry_the_levels_of_their_set_and_pin_its_live_revision(commune_set, department_set):
    generate_periods(2023)

    for criteria_set in (commune_set, department_set):
        criteria_set.refresh_from_db()
        expected_levels = sorted(criteria_set.levels.values_list("code", flat=True))
        for period in periods_of(criteria_set).values():
            assert sorted(period.levels.values_list("code", flat=True)) == expected_levels
            assert period.criteria_revision_id == criteria_set.live_revision_id
            assert period.criteria_revision.object_id == str(criteria_set.pk)
    assert sorted(periods_of(department_set)[PeriodKind.ANNUAL].levels.values_list("code", flat=True)) == [
        "central",
        "department",
    ]


def test_stored_deadlines_read_back_as_the_same_instants(commune_set):
    generate_periods(2023)
    annual = ReportingPeriod.objects.get(criteria_set=commune_set, kind=PeriodKind.ANNUAL)
    assert annual.submission_deadline == datetime.datetime(2023, 11, 10, 16, 59, 59, tzinfo=datetime.UTC)
    assert annual.is_open(local(2023, 11, 10, 23, 59, 59))
    assert not annual.is_open(local(2023, 11, 11))


def test_generating_again_creates_nothing_and_keeps_edits(commune_set, department_set):
    first = generate_periods(2023)
    edited = periods_of(commune_set)[PeriodKind.ANNUAL]
    edited.submission_deadline = local(2023, 11, 20, 17, 0, 0)
    edited.allow_late = True
    edited.save()
    edited.levels.clear()
    before = {period.pk: period_state(period) for period in ReportingPeriod.objects.all()}

    second = generate_periods(2023)

    assert sorted(period.pk for period in second) == sorted(period.pk for period in first)
    assert ReportingPeriod.objects.count() == 8
    assert {period.pk: period_state(period) for period in ReportingPeriod.objects.all()} == before
    edited.refresh_from_db()
    assert edited.submission_deadline == local(2023, 11, 20, 17, 0, 0)
    assert edited.allow_late


def test_generating_after_a_new_publication_does_not_repin_existing_periods(commune_set):
    generate_periods(2023)
    pinned = periods_of(commune_set)[PeriodKind.ANNUAL].criteria_revision_id
    live = publish_edited_groups(commune_set.pk, lambda raw: indicator_value(raw, "2.1").update(guidance="Mới"))
    assert live.live_revision_id != pinned

    generate_periods(2023)
    assert periods_of(commune_set)[PeriodKind.ANNUAL].criteria_revision_id == pinned
    # A new year pins the revision that is live then.
    generate_periods(2024)
    period_2024 = ReportingPeriod.objects.get(criteria_set=commune_set, year=2024, kind=PeriodKind.ANNUAL)
    assert period_2024.criteria_revision_id == live.live_revision_id


@pytest.mark.parametrize(
    ("year_from", "year_to"),
    [pytest.param(2025, None, id="not yet in force"), pytest.param(2019, 2022, id="no longer in force")],
)
def test_sets_not_in_force_that_year_are_skipped(decision, commune_level, department_set, year_from, year_to):
    other = published_set(parent=decision, levels=[commune_level], year_from=year_from, year_to=year_to)

    periods = generate_periods(2023)

    assert {period.criteria_set_id for period in periods} == {department_set.pk}
    assert not ReportingPeriod.objects.filter(criteria_set=other).exists()


def test_sets_in_force_from_or_until_that_very_year_are_included(decision, commune_level, department_levels):
    starting = published_set(parent=decision, levels=[commune_level], year_from=2023)
    ending = published_set(parent=decision, levels=department_levels, year_from=2019, year_to=2023)

    generate_periods(2023)

    assert len(periods_of(starting)) == 4
    assert len(periods_of(ending)) == 4


def test_unpublished_sets_are_skipped(commune_set, department_set):
    department_set.unpublish()

    periods = generate_periods(2023)

    assert {period.criteria_set_id for period in periods} == {commune_set.pk}


def test_a_level_without_agencies_that_year_gets_no_periods(decision, commune_set):
    """After the 2025 reform there are no districts, so no district periods."""
    district = AgencyLevelFactory(code="district", name="UBND cấp huyện")
    AgencyFactory.create_batch(2, level=district, year_from=2021, year_to=2024)
    district_set = published_set(parent=decision, levels=[district], title="Bộ tiêu chí cấp huyện")

    generate_periods(2024)
    generate_periods(2025)

    assert set(ReportingPeriod.objects.filter(criteria_set=district_set).values_list("year", flat=True)) == {2024}
    assert ReportingPeriod.objects.filter(criteria_set=commune_set, year=2025).count() == 4


def test_a_level_whose_agencies_are_all_not_evaluated_gets_no_periods(decision, commune_set):
    military = AgencyLevelFactory(code="military", name="Lực lượng vũ trang")
    AgencyFactory(level=military, evaluated=False, not_evaluated_reason="Không đánh giá theo Điều 2")
    military_set = published_set(parent=decision, levels=[military])

    generate_periods(2023)

    assert not ReportingPeriod.objects.filter(criteria_set=military_set).exists()


def test_a_period_carries_only_the_levels_with_agencies_that_year(decision, commune_level):
    ended = AgencyLevelFactory(code="district", name="UBND cấp huyện")
    AgencyFactory(level=ended, year_to=2024)
    criteria_set = published_set(parent=decision, levels=[commune_level, ended])

    generate_periods(2025)

    for period in periods_of(criteria_set).values():
        assert list(period.levels.values_list("code", flat=True)) == ["commune"]


# --- validation -----------------------------------------------------------------------------------------------


def make_period(criteria_set, **fields) -> ReportingPeriod:
    values = {
        "year": 2023,
        "kind": PeriodKind.ANNUAL,
        "criteria_set": criteria_set,
        "criteria_revision": criteria_set.live_revision,
        "data_start": datetime.date(2022, 11, 15),
        "data_end": datetime.date(2023, 11, 15),
        "opens_at": local(2023, 9, 15),
        "submission_deadline": local(2023, 11, 15, 23, 59, 59),
        **fields,
    }
    return ReportingPeriod(**values)


def test_a_generated_period_is_valid(commune_set):
    make_period(commune_set).full_clean()


def test_a_window_ending_before_it_starts_is_refused(commune_set):
    period = make_period(commune_set, data_start=datetime.date(2023, 11, 15), data_end=datetime.date(2022, 11, 15))
    with pytest.raises(ValidationError) as error:
        period.clean()
    assert "data_end" in error.value.message_dict


def test_a_revision_of_another_set_is_refused(commune_set, department_set):
    period = make_period(commune_set, criteria_revision=department_set.live_revision)
    with pytest.raises(ValidationError) as error:
        period.clean()
    assert "criteria_revision" in error.value.message_dict


def test_a_period_made_by_hand_pins_the_live_revision(commune_set):
    period = make_period(commune_set, criteria_revision=None)
    period.full_clean(exclude=["criteria_revision"])  # as the admin form, which has no revision field
    assert period.criteria_revision_id == commune_set.live_revision_id
    period.save()


def test_a_period_of_an_unpublished_set_is_refused(commune_set):
    commune_set.unpublish()
    period = make_period(CriteriaSetPage.objects.get(pk=commune_set.pk), criteria_revision=None)
    with pytest.raises(ValidationError) as error:
        period.clean()
    assert "criteria_set" in error.value.message_dict


def test_a_period_opening_after_its_deadline_is_refused(commune_set):
    period = make_period(commune_set, opens_at=local(2023, 11, 16))
    with pytest.raises(ValidationError) as error:
        period.clean()
    assert "opens_at" in error.value.message_dict


def test_appraisal_before_the_submission_deadline_is_refused(commune_set):
    period = make_period(commune_set, appraisal_deadline=local(2023, 11, 1))
    with pytest.raises(ValidationError) as error:
        period.clean()
    assert "appraisal_deadline" in error.value.message_dict


# --- the pinning rule ----------------------------------------------------------------------------------------


def test_publishing_a_changed_set_does_not_change_the_scoring_of_generated_periods(commune_set):
    generate_periods(2023)
    period = periods_of(commune_set)[PeriodKind.ANNUAL]
    before = period.pinned_criteria().scoring
    old = score_report(before, ANSWERS)
    assert old.total == Decimal("100.00")  # 40 + 60 × 1/2 + 30

    def edit(raw):
        # Points move between indicators (the total stays 150) and a tier is worth less.
        indicator_value(raw, "1.1")["max_points"] = "60"
        indicator_value(raw, "1.2")["max_points"] = "40"
        indicator_value(raw, "2.1")["tiers"][1]["value"]["points"] = "10"

    live = publish_edited_groups(commune_set.pk, edit)

    period.refresh_from_db()
    pinned = period.pinned_criteria()
    assert pinned.scoring == before
    assert pinned.scoring.indicator("1.1").max_points == Decimal(40)
    assert score_report(pinned.scoring, ANSWERS) == old
    new = score_report(live.scoring, ANSWERS)
    assert live.scoring.indicator("1.1").max_points == Decimal(60)
    assert new.total == Decimal("90.00")  # 60 + 40 × 1/2 + 10
    assert new != old


def test_changing_a_method_after_generation_leaves_the_pinned_method(commune_set):
    generate_periods(2023)
    period = periods_of(commune_set)[PeriodKind.MONTHS_3]

    def edit(raw):
        ratio = indicator_value(raw, "1.2")
        ratio["when_denominator_zero"] = "full"

    live = publish_edited_groups(commune_set.pk, edit)
    answers = {"1.1": False, "1.2": Ratio(Decimal(0), Decimal(0)), "2.1": Decimal(0)}

    period.refresh_from_db()
    assert score_report(period.pinned_criteria().scoring, answers).total == Decimal(0)
    assert score_report(live.scoring, answers).total == Decimal("60.00")


# --- the command ---------------------------------------------------------------------------------------------


def test_the_command_prints_the_periods_it_put_in_place(commune_set):
    out = io.StringIO()
    call_command("generate_periods", "2023", stdout=out)

    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 4
    assert ReportingPeriod.objects.filter(year=2023).count() == 4
    assert all(commune_set.title in line for line in lines)
    text = out.getvalue()
    assert "14/03/2023 23:59" in text
    assert "10/11/2023 23:59" in text


def test_the_command_prints_local_deadlines_when_the_periods_already_exist(commune_set):
    call_command("generate_periods", "2023", stdout=io.StringIO())
    out = io.StringIO()
    call_command("generate_periods", "2023", stdout=out)

    assert ReportingPeriod.objects.filter(year=2023).count() == 4
    # Existing periods come back from the database in UTC; the command must still print Vietnamese time.
    assert "14/03/2023 23:59" in out.getvalue()
    assert "10/11/2023 23:59" in out.getvalue()


@pytest.mark.parametrize("year", ["1800", "2101"])
def test_the_command_refuses_an_implausible_year(commune_set, year):
    with pytest.raises(CommandError):
        call_command("generate_periods", year, stdout=io.StringIO())
    assert not ReportingPeriod.objects.exists()
