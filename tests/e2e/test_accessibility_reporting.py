"""axe-core audit of the agency's reporting pages, as an officer and as a head: no serious or critical
violation on the dashboard, a report's overview, a group's form (also showing a validation error), the
check page, the submitted page and the history.

Only reads: the form with an error saves nothing, and the fake clock keeps the autosave from running.
"""

import re

from playwright.sync_api import expect

from .test_reporting import THACHLAC_OFFICER, assert_accessible, log_in, report_of

DONGTIEN_HEAD = ("lanhdao.dongtien", "lanhdao-dongtien-demo-2853")
THACHLAC_HEAD = ("lanhdao.xa", "lanhdao-xa-demo-2853")


def visit(page, url: str, what: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None and response.status == status, f"{what}: {response and response.status}"
    assert_accessible(page, what)


def test_reporting_pages_as_an_officer(page, demo_site):
    """X-THACHLAC's report is in progress: the officer fills it in."""
    from assessments.models import Answer

    base = demo_site.url
    report = report_of("X-THACHLAC")
    page.clock.install()
    log_in(page, base, *THACHLAC_OFFICER)
    assert_accessible(page, "the officer's dashboard")

    visit(page, f"{base}/bao-cao/{report.pk}/", "the report overview")
    visit(page, f"{base}/bao-cao/{report.pk}/nhom/1/", "a group's form")
    # Each "How it is scored" and "Add evidence" panel open, as the officer would read them.
    for summary in page.locator("main details > summary").all():
        summary.click()
    assert_accessible(page, "a group's form with its panels open")

    # A number that is not one: the form comes back with the error beside the field and in a summary.
    saved = Answer.objects.get(report=report, code="1.2").value_a
    page.locator('input[name="1.2__a"]').fill("không phải số")
    with page.expect_navigation() as navigation:
        page.locator('button[name="save"]').click()
    assert navigation.value is not None and navigation.value.status == 400
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".field--error")).not_to_have_count(0)
    assert_accessible(page, "a group's form showing a validation error")
    assert Answer.objects.get(report=report, code="1.2").value_a == saved

    visit(page, f"{base}/bao-cao/{report.pk}/kiem-tra/", "the check page")
    visit(page, f"{base}/bao-cao/{report.pk}/lich-su/", "the history")


def test_reporting_pages_as_a_head(page, demo_site):
    """X-DONGTIEN's report is submitted: the head sees it locked, the submitted page and its history."""
    base = demo_site.url
    report = report_of("X-DONGTIEN")
    assert report.status == "submitted"
    log_in(page, base, *DONGTIEN_HEAD)
    assert_accessible(page, "the head's dashboard")

    visit(page, f"{base}/bao-cao/{report.pk}/", "a submitted report's overview")
    visit(page, f"{base}/bao-cao/{report.pk}/nhom/1/", "a submitted report's group, read only")
    expect(page.locator("form.report-form > fieldset")).to_have_attribute("disabled", "")
    visit(page, f"{base}/bao-cao/{report.pk}/kiem-tra/", "a submitted report's check page")
    visit(page, f"{base}/bao-cao/{report.pk}/da-nop/", "the submitted page")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Đã nộp báo cáo|Report submitted"))
    visit(page, f"{base}/bao-cao/{report.pk}/lich-su/", "a submitted report's history")


def test_the_check_page_as_the_head_who_submits(page, demo_site):
    """The head of X-THACHLAC sees the check page with what is left to do, or the submit button."""
    base = demo_site.url
    report = report_of("X-THACHLAC")
    log_in(page, base, *THACHLAC_HEAD)
    visit(page, f"{base}/bao-cao/{report.pk}/kiem-tra/", "the check page, for the head")
