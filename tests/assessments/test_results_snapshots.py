"""Cohorts and approved results: completeness, who approves, the frozen snapshot, its versions, and
every number in it traced back to answers, corrections, reasons and people."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.appraisal.decisions import approve_report, decide, reappraise_report
from assessments.definitions.cohort_json import members_from_json
from assessments.models import ResultSnapshot, Verdict
from assessments.ranking import rank_cohort
from assessments.reporting import services as report_service
from assessments.reporting.services import pinned_criteria
from assessments.results.cohorts import cohorts_for, find_cohort, standing
from assessments.results.snapshots import ApprovalRefused, approve_cohort, snapshots_of
from tests.assessments.reporting import COMPLETE, fill_in
from tests.factories.assessments import AgencyFactory, ReportFactory, ReportingPeriodFactory, RoleAssignmentFactory
from tests.factories.results import approved

pytestmark = pytest.mark.django_db

# Agency B answers less: 1.1 yes (40), 1.2 1/4 (15), 2.1 one (30) = 85; agency A's COMPLETE is 135.
LESS = {"1": {**COMPLETE["1"], "1.2__a": "1"}, "2": {"2.1__value": "1"}}


def commune_key(world) -> str:
    return world.agency_a.level.code


def test_the_period_has_a_cohort_per_level_approved_by_the_common_appraiser(world):
    cohorts = cohorts_for(world.period)
    assert [(c.key, [a.code for a in c.members], c.approver_id) for c in cohorts] == [
        (commune_key(world), ["XA-A", "XA-B"], world.appraiser_agency.pk)
    ]


def test_a_districts_communes_form_a_cohort_of_their_own_approved_by_the_district(world):
    for agency in (world.agency_a, world.agency_b):
        agency.parent = world.appraiser_agency
        agency.save()
    keys = [cohort.key for cohort in cohorts_for(world.period)]
    assert keys == [commune_key(world), f"{commune_key(world)}:{world.appraiser_agency.pk}"]


def test_approval_freezes_ranks_scores_answers_and_corrections(world):
    approved(world, world.report_a, world.officer_a, world.head_a)
    fill_in(world.report_b, world.officer_b, answers=LESS)
    report_service.submit(world.report_b.pk, world.head_b, confirm=False)
    decide(
        world.report_b.pk,
        "1.1",
        verdict=Verdict.CORRECTED,
        typed={"value": "no"},
        reason="Không có văn bản.",
        user=world.appraiser,
    )
    approve_report(world.report_b.pk, world.appraiser)

    snapshot = approve_cohort(world.period, commune_key(world), world.appraiser)
    assert (snapshot.version, snapshot.approved_by, snapshot.approving_agency) == (
        1,
        world.appraiser,
        world.appraiser_agency,
    )
    assert snapshot.criteria_revision_id == world.period.criteria_revision_id
    agencies = snapshot.data["agencies"]
    assert [(a["code"], a["rank"], a["scores"]["total"]) for a in agencies] == [
        ("XA-A", 1, "135.00"),
        ("XA-B", 2, "45.00"),  # 85 − 40 for 1.1 corrected to no
    ]
    change = agencies[1]["changes"]["1.1"]
    assert (change["self_score"], change["appraised_score"], change["reason"]) == ("40", "0", "Không có văn bản.")
    assert change["by"] == world.appraiser.get_username()
    assert agencies[1]["answers"]["1.1"] == {"value": False}
    assert agencies[1]["answers"]["1.2"] == {"a": "1", "b": "4"}


def test_the_snapshot_recomputes_through_rank_cohort(world):
    """Anyone holding the open data gets the published totals and ranks back."""
    approved(world, world.report_a, world.officer_a, world.head_a)
    approved(world, world.report_b, world.officer_b, world.head_b, answers=LESS)
    snapshot = approve_cohort(world.period, commune_key(world), world.appraiser)
    criteria = pinned_criteria(world.period).scoring
    members = members_from_json(criteria, snapshot.data)
    again = rank_cohort(criteria, members)
    assert [(p.code, p.rank, f"{p.score.total:.2f}") for p in again.placings] == [
        (a["code"], a["rank"], a["scores"]["total"]) for a in snapshot.data["agencies"]
    ]


def test_a_cohort_with_a_report_waiting_for_appraisal_cannot_be_approved(world):
    approved(world, world.report_a, world.officer_a, world.head_a)
    fill_in(world.report_b, world.officer_b)
    report_service.submit(world.report_b.pk, world.head_b, confirm=False)
    with pytest.raises(ApprovalRefused, match="Bình Minh"):
        approve_cohort(world.period, commune_key(world), world.appraiser, close_missing=True)
    assert not ResultSnapshot.objects.exists()


def test_closing_the_cohort_lists_the_agencies_without_a_report_as_not_reported(world):
    approved(world, world.report_a, world.officer_a, world.head_a)
    with pytest.raises(ApprovalRefused):
        approve_cohort(world.period, commune_key(world), world.appraiser)
    snapshot = approve_cohort(world.period, commune_key(world), world.appraiser, close_missing=True)
    assert [(a["code"], a["standing"], a["rank"]) for a in snapshot.data["agencies"]] == [
        ("XA-A", "ranked", 1),
        ("XA-B", "not_reported", None),
    ]


def test_only_the_appraising_agencys_appraisers_approve(world):
    approved(world, world.report_a, world.officer_a, world.head_a)
    other = AgencyFactory(code="HUYEN-2", name="UBND huyện Khác", level=world.appraiser_agency.level)
    stranger = RoleAssignmentFactory(role="appraiser", agency=other).user
    for user in (world.officer_a, world.head_a, stranger):
        with pytest.raises(ApprovalRefused):
            approve_cohort(world.period, commune_key(world), user, close_missing=True)
    assert not ResultSnapshot.objects.exists()


def test_a_correction_after_approval_makes_a_new_version_with_its_reason(world):
    approved(world, world.report_a, world.officer_a, world.head_a)
    approved(world, world.report_b, world.officer_b, world.head_b, answers=LESS)
    first = approve_cohort(world.period, commune_key(world), world.appraiser)
    with pytest.raises(ApprovalRefused):
        approve_cohort(world.period, commune_key(world), world.appraiser, reason="Không đổi gì.")

    reappraise_report(world.report_a.pk, world.appraiser, reason="Phát hiện sai số liệu 1.2 sau khi phê duyệt.")
    decide(
        world.report_a.pk,
        "1.2",
        verdict=Verdict.CORRECTED,
        typed={"a": Decimal(0), "b": Decimal(4)},
        reason="Không có văn bản ký số.",
        user=world.appraiser,
    )
    with pytest.raises(ApprovalRefused):  # A is waiting for its appraisal again
        approve_cohort(world.period, commune_key(world), world.appraiser, reason="Sửa 1.2.")
    approve_report(world.report_a.pk, world.appraiser)
    with pytest.raises(ApprovalRefused):  # a new version needs its reason
        approve_cohort(world.period, commune_key(world), world.appraiser)
    second = approve_cohort(world.period, commune_key(world), world.appraiser, reason="Sửa 1.2 của xã An Bình.")

    assert second.version == 2
    assert second.reason == "Sửa 1.2 của xã An Bình."
    assert [(a["code"], a["rank"], a["scores"]["total"]) for a in second.data["agencies"]] == [
        ("XA-A", 1, "90.00"),
        ("XA-B", 2, "85.00"),
    ]
    first.refresh_from_db()
    assert first.data["agencies"][0]["scores"]["total"] == "135.00"  # the old version stays readable
    assert [s.version for s in snapshots_of(world.period, find_cohort(world.period, commune_key(world)))] == [2, 1]


def test_a_snapshot_is_never_changed_or_deleted(world):
    approved(world, world.report_a, world.officer_a, world.head_a)
    snapshot = approve_cohort(world.period, commune_key(world), world.appraiser, close_missing=True)
    snapshot.reason = "sửa lén"
    with pytest.raises(ValueError):
        snapshot.save()
    with pytest.raises(ValueError):
        snapshot.delete()
    assert ResultSnapshot.objects.get().reason == ""


def test_an_update_period_has_no_results_to_approve(world):
    update = ReportingPeriodFactory(criteria_set=world.criteria_set, kind="6m")
    with pytest.raises(ApprovalRefused):
        approve_cohort(update, commune_key(world), world.appraiser, close_missing=True)


def test_standing_runs_the_same_queries_with_2_and_22_agencies(world):
    approved(world, world.report_a, world.officer_a, world.head_a)
    cohort = find_cohort(world.period, commune_key(world))
    pinned_criteria(world.period)
    with CaptureQueriesContext(connection) as few:
        standing(cohort)
    for number in range(20):
        agency = AgencyFactory(
            code=f"XA-{number}", name=f"Xã {number}", appraiser=world.appraiser_agency, level=world.agency_a.level
        )
        head = RoleAssignmentFactory(role="head", agency=agency).user
        report = ReportFactory(period=world.period, agency=agency)
        approved(world, report, head, head)
    cohort = find_cohort(world.period, commune_key(world))
    with CaptureQueriesContext(connection) as many:
        state = standing(cohort)
    assert len(state.ranking.placings) == 22
    assert len(many) == len(few)


def test_an_unknown_cohort_is_refused(world):
    with pytest.raises(ApprovalRefused):
        approve_cohort(world.period, "village", world.appraiser)
