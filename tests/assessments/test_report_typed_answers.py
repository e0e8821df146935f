"""Typed answers are never lost: the evidence buttons post the group's answers, which are saved first.

On the group page the evidence inputs and buttons belong to the answers' form (assessments/reporting/
typed_answers.py), so adding or removing evidence posts what the officer typed and had not saved.
"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Answer, Evidence, Report
from tests.assessments.reporting import (
    evidence_data,
    evidence_errors,
    evidence_file,
    flash_messages,
    group_data,
    minimal_pdf,
    report_state,
    save,
    text_of,
    vietnamese,
)

pytestmark = pytest.mark.django_db

CONFLICT = (
    "Someone else saved this report while you were working. Your changes were not saved: "
    "the page now shows what they saved. Compare, then enter your changes again."
)
A_GREATER_THAN_B = "%(a)s (%(a_value)s) cannot be greater than %(b)s (%(b_value)s)."


def add_url(report, code="1.1") -> str:
    return reverse("reports:add_evidence", args=[report.pk, code])


def remove_url(report, evidence) -> str:
    return reverse("reports:remove_evidence", args=[report.pk, evidence.pk])


def group_url(report, code="1") -> str:
    return reverse("reports:group", args=[report.pk, code])


def version_of(report) -> int:
    return Report.objects.get(pk=report.pk).version


def answers_of(report) -> dict[str, Answer]:
    return {row.code: row for row in Answer.objects.filter(report=report)}


def typed(report, answers: dict, version: int | None = None) -> dict:
    """The group's answers as the page posts them with any of its buttons."""
    return group_data(answers, version_of(report) if version is None else version)


ADDRESS = evidence_data(kind="url", url="https://xa-a.example.gov.vn/van-ban/12")


def test_adding_evidence_saves_the_answers_typed_on_the_page_first(client, world):
    save(world.report_a, "1", {"1.1__value": "no", "1.2__a": "1", "1.2__b": "4"}, world.officer_a)
    client.force_login(world.officer_a)
    version = version_of(world.report_a)

    # The officer changed 1.2 and, without saving, adds evidence to 1.1.
    posted = {**typed(world.report_a, {"1.1__value": "no", "1.2__a": "3", "1.2__b": "4"}), **ADDRESS}
    response = client.post(add_url(world.report_a), posted)

    assert response.status_code == 302
    assert response.url == group_url(world.report_a) + "#chi-so-1-1"
    rows = answers_of(world.report_a)
    assert (rows["1.2"].value_a, rows["1.2"].self_score) == (Decimal(3), Decimal("45.00"))
    assert Evidence.objects.get(report=world.report_a).url == "https://xa-a.example.gov.vn/van-ban/12"
    assert version_of(world.report_a) == version + 2  # the answers, then the evidence
    assert flash_messages(response) == [
        vietnamese("Evidence added to %(code)s.", code="1.1"),
        vietnamese("Your answers on this page were saved too."),
    ]
    # The page, opened again, shows what was typed.
    page = text_of(client.get(group_url(world.report_a)))
    (tag,) = re.findall(r'<input[^>]*name="1\.2__a"[^>]*>', page)
    assert 'value="3"' in tag


def test_removing_evidence_saves_the_answers_typed_on_the_page_first(client, world):
    save(world.report_a, "1", {"1.1__value": "no"}, world.officer_a)
    evidence = evidence_file(world.report_a, minimal_pdf())
    client.force_login(world.officer_a)

    response = client.post(remove_url(world.report_a, evidence), typed(world.report_a, {"1.1__value": "yes"}))

    assert response.status_code == 302
    assert response.url == group_url(world.report_a) + "#chi-so-1-1"
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert answers_of(world.report_a)["1.1"].value_bool is True


def test_unchanged_answers_are_not_saved_again_and_a_stale_page_is_no_conflict(client, world):
    """The head saved 2.1 after the officer's page of group 1 was loaded: group 1's answers, posted
    unchanged with the evidence, have nothing to save, so nothing conflicts."""
    save(world.report_a, "1", {"1.1__value": "yes"}, world.officer_a)
    loaded = version_of(world.report_a)
    save(world.report_a, "2", {"2.1__value": "2"}, world.head_a)
    events = world.report_a.events.filter(action="answer").count()
    client.force_login(world.officer_a)

    response = client.post(add_url(world.report_a), {**typed(world.report_a, {"1.1__value": "yes"}, loaded), **ADDRESS})

    assert response.status_code == 302
    assert flash_messages(response) == [vietnamese("Evidence added to %(code)s.", code="1.1")]
    assert Evidence.objects.filter(report=world.report_a).count() == 1
    assert version_of(world.report_a) == loaded + 2  # the head's save and the evidence, nothing more
    assert world.report_a.events.filter(action="answer").count() == events


def test_invalid_typed_answers_are_shown_again_with_what_to_fix_and_the_evidence_is_still_added(client, world):
    save(world.report_a, "1", {"1.1__value": "yes", "1.2__a": "1", "1.2__b": "4"}, world.officer_a)
    before = answers_of(world.report_a)["1.2"].value_a
    loaded = version_of(world.report_a)
    client.force_login(world.officer_a)

    bad = {"1.1__value": "yes", "1.2__a": "9", "1.2__b": "4"}
    response = client.post(add_url(world.report_a), {**typed(world.report_a, bad), **ADDRESS})

    # The evidence is added; nothing saved is lost; the page shows what was typed and why it was not saved.
    assert response.status_code == 400
    assert Evidence.objects.filter(report=world.report_a).count() == 1
    assert answers_of(world.report_a)["1.2"].value_a == before
    assert vietnamese("Evidence added to %(code)s.", code="1.1") in flash_messages(response)
    form = response.context["form"]
    assert form.data["1.2__a"] == "9"
    message = vietnamese(A_GREATER_THAN_B, a="Số văn bản ký số", a_value="9", b="Tổng số văn bản", b_value="4")
    assert form.errors["1.2__a"] == [message]
    page = text_of(response)
    assert vietnamese("There is a problem") in page
    assert f'<a href="#id_1.2__a">1.2: {message}</a>' in page
    # The page follows the officer's own evidence: corrected, the answers save without a conflict.
    assert form.data["version"] == str(loaded + 1) == str(version_of(world.report_a))
    fixed = client.post(group_url(world.report_a), {**form.data.dict(), "1.2__a": "2"})
    assert fixed.status_code == 302
    assert answers_of(world.report_a)["1.2"].value_a == Decimal(2)


def test_invalid_typed_answers_keep_their_version_after_someone_elses_save(client, world):
    """Only the officer's own evidence moves the page's version: after another person's save, a later save of
    the corrected answers is refused as a conflict instead of writing over it."""
    loaded = version_of(world.report_a)
    save(world.report_a, "2", {"2.1__value": "2"}, world.head_a)
    client.force_login(world.officer_a)

    bad = {"1.1__value": "yes", "1.2__a": "9", "1.2__b": "4"}
    response = client.post(add_url(world.report_a), {**typed(world.report_a, bad, loaded), **ADDRESS})

    assert response.status_code == 400
    assert response.context["form"].data["version"] == str(loaded)


def test_answers_someone_else_changed_meanwhile_are_a_conflict_and_theirs_are_kept(client, world):
    loaded = version_of(world.report_a)
    save(world.report_a, "1", {"1.1__value": "yes"}, world.head_a)
    client.force_login(world.officer_a)

    response = client.post(add_url(world.report_a), {**typed(world.report_a, {"1.1__value": "no"}, loaded), **ADDRESS})

    assert response.status_code == 409
    assert vietnamese(CONFLICT) in text_of(response)
    assert answers_of(world.report_a)["1.1"].value_bool is True
    assert answers_of(world.report_a)["1.1"].updated_by == world.head_a
    assert Evidence.objects.filter(report=world.report_a).count() == 1  # evidence changes no one's answers
    assert response.context["mine"]["1.1__value"] == "no"


def test_refused_evidence_still_saves_the_typed_answers_and_says_why_beside_its_indicator(client, world):
    client.force_login(world.officer_a)

    posted = {**typed(world.report_a, {"1.1__value": "yes"}), **evidence_data(kind="url", url="")}
    response = client.post(add_url(world.report_a), posted)

    assert response.status_code == 400
    assert answers_of(world.report_a)["1.1"].value_bool is True
    assert not Evidence.objects.exists()
    assert evidence_errors(response) == {"url": [vietnamese("Give the web address.")]}
    page = text_of(response)
    # The indicator's panel is open, its list of errors links to the input, the input names its message.
    panel = page.split('id="chi-so-1-1"')[1].split('id="chi-so-1-2"')[0]
    assert re.search(r'<details class="evidence-add" id="tai-lieu-1-1" data-evidence-fields open>', panel)
    assert '<a href="#tai-lieu-1-1-url">' + vietnamese("Give the web address.") + "</a>" in panel
    (url_input,) = re.findall(r'<input[^>]*name="tai-lieu-1-1-url"[^>]*>', panel)
    assert 'aria-invalid="true"' in url_input
    assert 'aria-describedby="tai-lieu-1-1-url_error"' in url_input
    message = panel.split('<p class="error-message" id="tai-lieu-1-1-url_error">')[1].split("</p>")[0]
    assert vietnamese("Give the web address.") in message
    # The page's own list of errors is not shown: the answers were saved.
    assert vietnamese("There is a problem") not in page


def test_a_locked_report_refuses_both_and_changes_nothing(client, world):
    Report.objects.filter(pk=world.report_a.pk).update(status="submitted")
    before = report_state(world.report_a)
    client.force_login(world.officer_a)

    response = client.post(add_url(world.report_a), {**typed(world.report_a, {"1.1__value": "yes"}), **ADDRESS})

    assert response.status_code == 302
    assert report_state(world.report_a) == before


def test_the_evidence_inputs_and_buttons_belong_to_the_answers_form(client, world):
    evidence = evidence_file(world.report_a, minimal_pdf())
    client.force_login(world.officer_a)

    page = text_of(client.get(group_url(world.report_a)))

    (form,) = re.findall(r'<form method="post"[^>]*class="report-form".*?</form>', page, re.S)
    assert f'action="{group_url(world.report_a)}"' in form  # a page shown after evidence still saves here
    assert 'name="tai-lieu-1-1-kind"' in form and 'name="tai-lieu-1-2-file"' in form
    assert f'formaction="{add_url(world.report_a)}#tai-lieu-1-1-loi"' in form
    assert f'formaction="{remove_url(world.report_a, evidence)}"' in form
    assert ' form="' not in form
    # Enter in an input presses the first button: a Save, not an evidence button.
    first_button = re.search(r"<button[^>]*>", form).group(0)
    assert "formaction" not in first_button and 'type="submit"' in first_button
