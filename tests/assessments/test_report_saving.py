"""Saving a criteria group: answer rows scored by the engine, optimistic locking, history, atomicity, queries."""

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.formatting import points
from assessments.models import Answer, EventAction, Report, ReportEvent, ReportStatus
from assessments.reporting import services as report_service
from tests.assessments.reporting import (
    group_data,
    published_set,
    report_state,
    save,
    text_of,
    valid_form,
    vietnamese,
)
from tests.factories.assessments import ReportFactory, ReportingPeriodFactory, UserFactory, indicator

pytestmark = pytest.mark.django_db

FETCH = {"X-Requested-With": "fetch"}
CONFLICT = (
    "Someone else saved this report while you were working. Your changes were not saved: "
    "the page now shows what they saved. Compare, then enter your changes again."
)


def group_url(report, code="1") -> str:
    return reverse("reports:group", args=[report.pk, code])


def answers_of(report) -> dict[str, Answer]:
    return {row.code: row for row in Answer.objects.filter(report=report)}


def test_saving_a_group_stores_one_row_per_indicator_with_the_engines_scores(client, world):
    client.force_login(world.officer_a)

    response = client.post(
        group_url(world.report_a),
        group_data({"1.1__value": "yes", "1.1__explanation": "", "1.2__a": "3", "1.2__b": "4"}, version=0),
    )

    assert response.status_code == 302
    assert response.url == group_url(world.report_a)
    rows = answers_of(world.report_a)
    assert set(rows) == {"1.1", "1.2"}
    assert rows["1.1"].value_bool is True
    assert rows["1.1"].self_score == Decimal("40.00")
    assert (rows["1.2"].value_a, rows["1.2"].value_b) == (Decimal(3), Decimal(4))
    assert rows["1.2"].self_score == Decimal("45.00")  # 60 × 3/4
    assert {row.updated_by for row in rows.values()} == {world.officer_a}
    world.report_a.refresh_from_db()
    assert world.report_a.version == 1
    assert world.report_a.status == ReportStatus.DRAFT


def test_saving_again_updates_the_rows_in_place(client, world):
    client.force_login(world.officer_a)
    client.post(group_url(world.report_a), group_data({"1.1__value": "yes", "1.2__a": "3", "1.2__b": "4"}, 0))

    client.post(group_url(world.report_a), group_data({"1.1__value": "no", "1.2__a": "4", "1.2__b": "4"}, 1))

    rows = answers_of(world.report_a)
    assert Answer.objects.filter(report=world.report_a).count() == 2
    assert (rows["1.1"].value_bool, rows["1.1"].self_score) == (False, Decimal("0.00"))
    assert rows["1.2"].self_score == Decimal("60.00")
    world.report_a.refresh_from_db()
    assert world.report_a.version == 2


def test_save_and_continue_goes_to_the_next_group(client, world):
    client.force_login(world.officer_a)
    response = client.post(
        group_url(world.report_a),
        {**group_data({"1.1__value": "yes"}, 0), "continue": "", "next_group": "2"},
    )
    assert response.status_code == 302
    assert response.url == group_url(world.report_a, "2")


def test_a_stale_version_is_a_409_conflict_and_keeps_the_other_persons_answers(client, world):
    # The head saved while the officer's page was still at version 0.
    save(world.report_a, "1", {"1.1__value": "yes", "1.2__a": "3", "1.2__b": "4"}, world.head_a)
    before = report_state(world.report_a)
    client.force_login(world.officer_a)

    response = client.post(
        group_url(world.report_a), group_data({"1.1__value": "no", "1.2__a": "1", "1.2__b": "4"}, version=0)
    )

    assert response.status_code == 409
    assert vietnamese(CONFLICT) in text_of(response)
    assert report_state(world.report_a) == before
    rows = answers_of(world.report_a)
    assert rows["1.1"].value_bool is True
    assert rows["1.2"].value_a == Decimal(3)
    assert {row.updated_by for row in rows.values()} == {world.head_a}
    # The page shows what was saved (at the new version), and keeps what the officer typed aside.
    form = response.context["form"]
    assert form.initial["version"] == 1
    assert form.initial["1.1__value"] == "yes"
    assert response.context["mine"]["1.1__value"] == "no"


def test_autosave_returns_the_new_version_as_json(client, world):
    client.force_login(world.officer_a)

    first = client.post(group_url(world.report_a), group_data({"1.1__value": "yes"}, 0), headers=FETCH)
    second = client.post(group_url(world.report_a), group_data({"1.1__value": "no"}, 1), headers=FETCH)

    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/json"
    assert first.json()["version"] == 1
    assert second.json()["version"] == 2
    assert answers_of(world.report_a)["1.1"].value_bool is False


def test_autosave_with_a_stale_version_is_a_409_json_and_saves_nothing(client, world):
    save(world.report_a, "1", {"1.1__value": "yes"}, world.head_a)
    before = report_state(world.report_a)
    client.force_login(world.officer_a)

    response = client.post(group_url(world.report_a), group_data({"1.1__value": "no"}, 0), headers=FETCH)

    assert response.status_code == 409
    body = json.loads(response.content)
    assert body["conflict"] == vietnamese(CONFLICT)
    assert body["version"] == 1
    assert report_state(world.report_a) == before
    assert answers_of(world.report_a)["1.1"].value_bool is True


@pytest.mark.parametrize("headers", [{}, FETCH], ids=["page", "autosave"])
def test_a_greater_than_b_on_a_ratio_is_a_400_with_the_message_and_saves_nothing(client, world, headers):
    client.force_login(world.officer_a)
    before = report_state(world.report_a)

    response = client.post(
        group_url(world.report_a),
        group_data({"1.1__value": "yes", "1.2__a": "5", "1.2__b": "4"}, version=0),
        headers=headers,
    )

    assert response.status_code == 400
    # Named by the labels the officer sees, not "a" and "b".
    message = vietnamese(
        "%(a)s (%(a_value)s) cannot be greater than %(b)s (%(b_value)s).",
        a="Số văn bản ký số",
        a_value="5",
        b="Tổng số văn bản",
        b_value="4",
    )
    if headers:
        assert response.json()["errors"]["1.2__a"] == [message]
    else:
        assert message in text_of(response)
    assert report_state(world.report_a) == before
    assert not Answer.objects.filter(report=world.report_a).exists()


def test_a_negative_count_is_refused_by_the_form(client, world):
    client.force_login(world.officer_a)
    response = client.post(group_url(world.report_a, "2"), group_data({"2.1__value": "-1"}, 0), headers=FETCH)
    assert response.status_code == 400
    assert "2.1__value" in response.json()["errors"]
    assert not Answer.objects.filter(report=world.report_a).exists()


# History.


def test_every_change_is_logged_with_user_old_and_new_values_and_scores(client, world):
    client.force_login(world.officer_a)
    client.post(group_url(world.report_a), group_data({"1.1__value": "yes", "1.2__a": "3", "1.2__b": "4"}, 0))
    client.force_login(world.head_a)
    client.post(group_url(world.report_a), group_data({"1.1__value": "no", "1.2__a": "2", "1.2__b": "4"}, 1))

    events = list(ReportEvent.objects.filter(report=world.report_a).order_by("pk"))
    logged = [(event.user, event.action, event.code, numbers(event.old), numbers(event.new)) for event in events]
    assert logged == [
        (world.officer_a, "answer", "1.1", {"score": None}, {"value_bool": True, "score": Decimal(40)}),
        (
            world.officer_a,
            "answer",
            "1.2",
            {"score": None},
            {"value_a": Decimal(3), "value_b": Decimal(4), "score": Decimal(45)},
        ),
        (
            world.officer_a,
            EventAction.STARTED,
            "",
            {"status": ReportStatus.NOT_STARTED},
            {"status": ReportStatus.DRAFT},
        ),
        (
            world.head_a,
            "answer",
            "1.1",
            {"value_bool": True, "score": Decimal(40)},
            {"value_bool": False, "score": Decimal(0)},
        ),
        (
            world.head_a,
            "answer",
            "1.2",
            {"value_a": Decimal(3), "value_b": Decimal(4), "score": Decimal(45)},
            {"value_a": Decimal(2), "value_b": Decimal(4), "score": Decimal(30)},
        ),
    ]
    # Scores are logged as the engine rounds them, to the cent.
    assert events[0].new["score"] == "40.00"


def numbers(logged):
    """A logged value with its decimal strings read as numbers ("3" and "3.0000" are the same figure)."""
    if not isinstance(logged, dict):
        return logged
    return {
        key: Decimal(value) if key in ("value_a", "value_b", "value_number", "score") and value is not None else value
        for key, value in logged.items()
    }


def test_saving_unchanged_numbers_logs_no_change(world):
    """The history holds changes only. A ratio saved again with the same a and b (the autosave does this
    every few seconds) is not a change, however the database writes the decimals (3 vs 3.0000)."""
    save(world.report_a, "1", {"1.1__value": "yes", "1.2__a": "3", "1.2__b": "4"}, world.officer_a)
    save(world.report_a, "2", {"2.1__value": "1"}, world.officer_a)
    logged = ReportEvent.objects.filter(report=world.report_a).count()

    save(world.report_a, "1", {"1.1__value": "yes", "1.2__a": "3", "1.2__b": "4"}, world.officer_a)
    save(world.report_a, "2", {"2.1__value": "1"}, world.officer_a)

    new_events = list(ReportEvent.objects.filter(report=world.report_a).order_by("pk")[logged:])
    assert [(event.code, event.old, event.new) for event in new_events] == []


def test_the_history_page_shows_the_changes(client, world):
    save(world.report_a, "1", {"1.1__value": "yes"}, world.officer_a)
    client.force_login(world.officer_a)
    response = client.get(reverse("reports:history", args=[world.report_a.pk]))
    assert response.status_code == 200
    who = world.officer_a.get_full_name() or world.officer_a.username
    answered = [line for line in response.context["lines"] if " sửa chỉ số " in line]
    # Newest first, one sentence per indicator the save changed, with its title, the values in words and the time.
    assert answered[-1].startswith(f"{who} sửa chỉ số 1.1 «Chỉ số 1.1»: (trống) → có (điểm … → 40), ")
    assert re.search(r", \d\d:\d\d \d\d/\d\d/\d{4}$", answered[-1])
    assert "{" not in response.content.decode().split("<main")[1]  # no Python dicts


# Queries.


def report_with_indicators(decision, count: int, user):
    """A report whose only group has ``count`` yes/no indicators, and a valid form answering them all."""
    criteria_set = published_set(
        decision,
        groups=[("1", "Nhóm", [indicator(f"1.{n}", "BIN", 1) for n in range(1, count + 1)])],
        max_total=Decimal(count),
    )
    report = ReportFactory(period=ReportingPeriodFactory(criteria_set=criteria_set))
    report_service.pinned_criteria(report.period)  # revisions are read once per process: not part of a save
    answers = {f"1.{n}__value": "yes" if n % 2 else "no" for n in range(1, count + 1)}
    group, form = valid_form(report.period, "1", group_data(answers, report.version))
    return report, group, form


def test_saving_5_or_50_indicators_runs_the_same_number_of_queries(decision):
    user = UserFactory()
    measured = {}
    for count in (5, 50):
        report, group, form = report_with_indicators(decision, count, user)
        with CaptureQueriesContext(connection) as queries:
            report_service.save_group(report.pk, group, form.group_values(), form.loaded_version, user)
        measured[count] = len(queries.captured_queries)
        assert Answer.objects.filter(report=report).count() == count
        assert ReportEvent.objects.filter(report=report, action="answer").count() == count

    assert measured[5] == measured[50], measured


def test_a_failure_halfway_leaves_nothing_half_saved(world, monkeypatch):
    save(world.report_a, "2", {"2.1__value": "1"}, world.officer_a)
    before = report_state(world.report_a)
    group, form = valid_form(
        world.period, "1", group_data({"1.1__value": "yes", "1.2__a": "3", "1.2__b": "4"}, before[1])
    )

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    # The answers are written first, then the history: the history write fails.
    monkeypatch.setattr(ReportEvent.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        report_service.save_group(world.report_a.pk, group, form.group_values(), form.loaded_version, world.officer_a)
    monkeypatch.undo()

    assert report_state(world.report_a) == before
    assert not Answer.objects.filter(report=world.report_a, code__in=["1.1", "1.2"]).exists()
    assert Report.objects.get(pk=world.report_a.pk).version == before[1]


# The live score.


def test_the_live_score_scores_what_is_typed_without_saving(client, world):
    save(world.report_a, "2", {"2.1__value": "2"}, world.officer_a)
    before = report_state(world.report_a)
    client.force_login(world.officer_a)

    response = client.post(
        reverse("reports:live_score", args=[world.report_a.pk, "1"]),
        group_data({"1.1__value": "yes", "1.2__a": "1", "1.2__b": "8"}, before[1]),
    )

    assert response.status_code == 200
    body = response.json()
    expected = {
        "indicators": {"1.1": Decimal(40), "1.2": Decimal("7.5")},  # 60 × 1/8
        "group": Decimal("47.5"),
        "total": Decimal("97.5"),  # with group 2's saved 50
        "max": Decimal(150),
    }
    assert {
        "indicators": {code: number(value) for code, value in body["indicators"].items()},
        **{key: number(body[key]) for key in ("group", "total", "max")},
    } == expected
    # Written as the page writes scores, so the live figure matches a reload ("7,5" in Vietnamese).
    assert body["indicators"]["1.2"] == points(Decimal("7.5"))
    assert report_state(world.report_a) == before
    assert not Answer.objects.filter(report=world.report_a, code__in=["1.1", "1.2"]).exists()


def number(text: str) -> Decimal:
    """A score as the page writes it ("7,5", "40") read back as a number."""
    return Decimal(text.replace(".", "").replace(",", "."))


def test_the_live_score_reports_errors_without_saving(client, world):
    client.force_login(world.officer_a)
    response = client.post(
        reverse("reports:live_score", args=[world.report_a.pk, "1"]),
        group_data({"1.2__a": "9", "1.2__b": "4"}, 0),
    )
    assert response.status_code == 400
    assert response.json()["errors"]["1.2__a"] == [
        vietnamese(
            "%(a)s (%(a_value)s) cannot be greater than %(b)s (%(b_value)s).",
            a="Số văn bản ký số",
            a_value="9",
            b="Tổng số văn bản",
            b_value="4",
        )
    ]
    assert not Answer.objects.filter(report=world.report_a).exists()
