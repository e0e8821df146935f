"""Agencies report on the public site: an officer fills in, the head submits; pages are accessible; reports are private.

The journeys share the demo site (conftest.py). Only X-THACHKHE's report in the period open today
(returned by the appraiser, so editable) is changed here; the other reports are only read.
Labels are matched in Vietnamese or, while the catalogue is being completed, in the
English source text; inputs and buttons are found by their names where they have one.
"""

import re
from decimal import Decimal
from itertools import pairwise

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import new_context, open_period

BLOCKING_IMPACTS = {"serious", "critical"}
GROUPS = ["1", "2", "3", "4", "5", "6"]

THACHKHE_OFFICER = ("canbo.thachkhe", "canbo-thachkhe-demo-2853")
THACHKHE_HEAD = ("lanhdao.thachkhe", "lanhdao-thachkhe-demo-2853")
THACHLAC_OFFICER = ("canbo.xa", "canbo-xa-demo-2853")

SAVE_AND_CONTINUE = re.compile("Lưu và sang nhóm tiếp theo|Save and go to the next group")
CHECK_ANSWERS = re.compile("Kiểm tra câu trả lời|Check your answers")
ADD_EVIDENCE = re.compile("Thêm tài liệu kiểm chứng|Add evidence")
SUBMIT = re.compile("Nộp báo cáo|Submit the report")
SUBMITTED = re.compile("Đã nộp báo cáo|Report submitted")


def report_of(agency_code: str):
    from assessments.models import Report

    return Report.objects.get(agency__code=agency_code, **open_period())


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/dang-nhap/")
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{base_url}/bao-cao/")


def points(text: str) -> Decimal:
    """A score as shown, "12,5" or "1.012,50", as a number."""
    return Decimal(text.strip().replace(".", "").replace(",", "."))


def make_pdf(path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawString(72, 770, "Bien ban kiem tra ha tang so - UBND xa Thach Khe")
    pdf.showPage()
    pdf.save()


def describe(violation: dict) -> str:
    nodes = violation["nodes"]
    first = nodes[0] if nodes else {}
    return (
        f"- {violation['id']} ({violation['impact']}): {violation.get('help', '')}\n"
        f"  {len(nodes)} node(s); targets: {[node.get('target') for node in nodes]}\n"
        f"  html: {first.get('html')}\n"
        f"  {first.get('failureSummary', '').strip()}\n"
        f"  {violation.get('helpUrl', '')}"
    )


def assert_accessible(page, what: str) -> None:
    page.wait_for_load_state("load")
    results = Axe().run(page, context={"exclude": [["wagtail-userbar"]]})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core found serious/critical violations on {what} ({page.url}):\n" + "\n".join(
        describe(v) for v in blocking
    )


def test_commune_officer_fills_in_and_the_head_submits(page, browser, demo_site, tmp_path):
    from assessments.models import Answer, Evidence

    base = demo_site.url
    report = report_of("X-THACHKHE")
    assert report.status == "returned", "the demo leaves X-THACHKHE's report returned, so it can be changed"
    report_url = f"{base}/bao-cao/{report.pk}/"

    # The officer logs in and opens the report from the dashboard.
    log_in(page, base, *THACHKHE_OFFICER)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Thạch Khê")
    expect(page.locator("main .report-table .tag--returned")).to_be_visible()
    page.locator(f'main a[href="/bao-cao/{report.pk}/"]').click()
    expect(page).to_have_url(report_url)

    # The task list: six criteria groups, each a link to its form.
    tasks = page.locator("ol.task-list > li")
    expect(tasks).to_have_count(len(GROUPS))
    for code, task in zip(GROUPS, tasks.all(), strict=True):
        expect(task.get_by_role("link")).to_have_attribute("href", f"/bao-cao/{report.pk}/nhom/{code}/")
        expect(task.get_by_role("link")).to_contain_text(f"{code}. ")
    tasks.first.get_by_role("link").click()
    expect(page).to_have_url(f"{report_url}nhom/1/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("1. ")

    # 1.2 is a ratio: changing the numerator moves its self-score and the group's, without a reload.
    numerator = page.locator('input[name="1.2__a"]')
    denominator = page.locator('input[name="1.2__b"]')
    whole = int(float(denominator.input_value()))
    before = int(float(numerator.input_value()))
    changed = whole // 2 if whole // 2 != before else whole // 4
    indicator_score = page.locator('[data-score="1.2"]')
    group_score = page.locator('[data-score="group"]')
    total_score = page.locator('[data-score="total"]')
    indicator_before, group_before = indicator_score.inner_text(), group_score.inner_text()
    page.evaluate("window.__notReloaded = true")
    numerator.fill(str(changed))
    expect(indicator_score).not_to_have_text(indicator_before)
    expect(group_score).not_to_have_text(group_before)
    assert page.evaluate("window.__notReloaded === true"), "the page was reloaded to show the score"
    live_indicator, live_group, live_total = (
        indicator_score.inner_text(),
        group_score.inner_text(),
        total_score.inner_text(),
    )

    # Saving the draft keeps the answer and the score the page showed.
    with page.expect_navigation():
        page.locator('button[name="save"]').click()
    expect(page).to_have_url(f"{report_url}nhom/1/")
    expect(page.locator(".error-summary")).to_have_count(0)
    expect(numerator).to_have_value(re.compile(rf"^{changed}(\.0+)?$"))  # shown as 38.0000
    # The live score is written "12,50", the page's "12,5": the same number.
    assert points(indicator_score.inner_text()) == points(live_indicator)
    assert points(group_score.inner_text()) == points(live_group)
    assert points(total_score.inner_text()) == points(live_total)
    assert Answer.objects.get(report=report, code="1.2").value_a == changed

    # Every group was filled in by the demo: each is saved on the way to the next.
    for code, next_code in pairwise(GROUPS):
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"{code}. ")
        continue_button = page.locator('button[name="continue"]')
        expect(continue_button).to_have_text(SAVE_AND_CONTINUE)
        continue_button.click()
        expect(page).to_have_url(f"{report_url}nhom/{next_code}/")
        expect(page.locator(".error-summary")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_contain_text("6. ")
    expect(page.locator('button[name="continue"]')).to_have_count(0)  # the last group
    with page.expect_navigation():
        page.locator('button[name="save"]').click()
    expect(page).to_have_url(f"{report_url}nhom/6/")
    expect(page.locator(".error-summary")).to_have_count(0)

    # A real PDF as evidence for 6.2.
    pdf = tmp_path / "Bien-ban-kiem-tra-Thach-Khe.pdf"
    make_pdf(pdf)
    indicator = page.locator("section#chi-so-6-2")
    panel = indicator.locator("details.evidence-add")
    panel.locator("summary").click()
    expect(panel.locator("summary")).to_have_text(ADD_EVIDENCE)
    panel.locator('select[name="tai-lieu-6-2-kind"]').select_option("file")
    panel.locator('input[type=file][name="tai-lieu-6-2-file"]').set_input_files(str(pdf))
    with page.expect_navigation():
        panel.get_by_role("button", name=ADD_EVIDENCE).click()
    expect(page).to_have_url(re.compile(rf"/bao-cao/{report.pk}/nhom/6/"))
    expect(page.locator("section#chi-so-6-2 .evidence-list")).to_contain_text(pdf.name)
    assert Evidence.objects.filter(report=report, code="6.2", original_name=pdf.name).exists()

    # Check the answers: nothing to fix, but only the head may submit.
    page.locator(f'main a[href="/bao-cao/{report.pk}/"]').first.click()
    page.locator(f'main a[href="/bao-cao/{report.pk}/kiem-tra/"]').click()
    expect(page).to_have_url(f"{report_url}kiem-tra/")
    expect(page.get_by_role("heading", level=1)).to_have_text(CHECK_ANSWERS)
    expect(page.locator(".error-summary")).to_have_count(0)
    expect(page.locator(f'form[action="/bao-cao/{report.pk}/nop/"]')).to_have_count(0)
    expect(page.get_by_role("button", name=SUBMIT)).to_have_count(0)
    expect(page.locator(".callout--info")).to_be_visible()

    # The head, in a browser of their own, submits.
    context = new_context(browser)
    try:
        head = context.new_page()
        log_in(head, base, *THACHKHE_HEAD)
        head.locator(f'main a[href="/bao-cao/{report.pk}/"]').click()
        head.locator(f'main a[href="/bao-cao/{report.pk}/kiem-tra/"]').click()
        expect(head).to_have_url(f"{report_url}kiem-tra/")
        expect(head.locator(".error-summary")).to_have_count(0)
        submit = head.locator(f'form[action="/bao-cao/{report.pk}/nop/"] button[type=submit]')
        expect(submit).to_have_text(SUBMIT)
        submit.click()
        expect(head).to_have_url(f"{report_url}da-nop/")
        expect(head.get_by_role("heading", level=1)).to_have_text(SUBMITTED)
        expect(head.get_by_role("status")).to_contain_text("Chủ tịch UBND xã Thạch Khê")

        # The report is locked: a group's inputs can no longer be changed.
        head.goto(f"{report_url}nhom/1/")
        expect(head.locator("form.report-form > fieldset")).to_have_attribute("disabled", "")
        expect(head.locator('input[name="1.2__a"]')).to_be_disabled()
        expect(head.locator('input[name="1.1__value"]').first).to_be_disabled()
        expect(head.locator('button[name="save"]')).to_be_disabled()
        expect(head.locator("details.evidence-add")).to_have_count(0)
    finally:
        context.close()

    report.refresh_from_db()
    assert report.status == "submitted"
    assert report.submitted_by.username == THACHKHE_HEAD[0]
    assert Evidence.objects.filter(report=report, original_name=pdf.name).exists()


def test_reporting_pages_have_no_serious_accessibility_violations(page, demo_site):
    base = demo_site.url
    report = report_of("X-THACHLAC")

    response = page.goto(f"{base}/dang-nhap/")
    assert response is not None and response.status == 200
    assert_accessible(page, "the login page")

    log_in(page, base, *THACHLAC_OFFICER)
    assert_accessible(page, "the dashboard")

    for what, path in [
        ("the report overview", f"/bao-cao/{report.pk}/"),
        ("a group's form", f"/bao-cao/{report.pk}/nhom/1/"),
        ("the check page", f"/bao-cao/{report.pk}/kiem-tra/"),
    ]:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, f"{what}: {response and response.status}"
        assert_accessible(page, what)


def test_an_officer_cannot_open_another_agencys_report(page, demo_site):
    base = demo_site.url
    other = report_of("X-DONGTIEN")

    log_in(page, base, *THACHLAC_OFFICER)
    for path in [f"/bao-cao/{other.pk}/", f"/bao-cao/{other.pk}/nhom/1/", f"/bao-cao/{other.pk}/kiem-tra/"]:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 404, f"{path}: {response and response.status}"
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Không tìm thấy trang|Page not found"))
        expect(page.locator("main")).not_to_contain_text("Đồng Tiến")


def test_numbers_typed_with_a_decimal_comma_score_and_bad_ones_say_why(page, demo_site):
    """Nothing is saved: the fake clock never reaches the 20-second autosave."""
    base = demo_site.url
    report = report_of("X-THACHLAC")
    page.clock.install()
    log_in(page, base, *THACHLAC_OFFICER)
    page.goto(f"{base}/bao-cao/{report.pk}/nhom/1/")
    numerator = page.locator('input[name="1.2__a"]')
    expect(numerator).to_have_attribute("inputmode", "decimal")
    score = page.locator('[data-score="1.2"]')

    numerator.fill("abc")
    page.clock.run_for(500)
    expect(score).to_contain_text(re.compile("Chưa tính được điểm|Cannot score"))

    numerator.fill("1,5")
    page.clock.run_for(500)
    expect(score).not_to_contain_text(re.compile("Chưa tính được điểm|Cannot score"))
    expect(score).to_have_text(re.compile(r"^\d+(,\d+)?$"))


# Typed answers are never lost, and refusals say what to fix where it is to be fixed. These journeys use the
# departments' reports that no other journey changes: SO-TC's (returned) and SO-NV's (a draft).

SO_TC_OFFICER = ("canbo.tc", "canbo-tc-demo-2853")
SO_NV_OFFICER = ("canbo.so", "canbo-so-demo-2853")
THERE_IS_A_PROBLEM = re.compile("Có lỗi cần sửa|There is a problem")
NOT_GREATER = re.compile("Số văn bản do người đứng đầu ký .* không được lớn hơn Tổng số văn bản chỉ đạo")


def test_a_typed_answer_survives_adding_evidence_and_leaving_with_it_unsaved_asks_first(page, demo_site):
    """The fake clock never lets the page save by itself: the answer can only reach the server with the evidence."""
    from assessments.models import Answer, Evidence

    base = demo_site.url
    report = report_of("SO-TC")
    page.clock.install()
    log_in(page, base, *SO_TC_OFFICER)
    page.goto(f"{base}/bao-cao/{report.pk}/nhom/1/")
    numerator = page.locator('input[name="1.2__a"]')
    whole = points(page.locator('input[name="1.2__b"]').input_value())
    typed = int(whole) - 1 if int(points(numerator.input_value())) != int(whole) - 1 else int(whole) - 2
    dialogs: list[str] = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    numerator.click()
    numerator.fill(str(typed))

    # Leaving with the change unsaved asks first; staying keeps it.
    page.locator(f'main a[href="/bao-cao/{report.pk}/"]').first.click(no_wait_after=True)
    for _ in range(50):
        if dialogs:
            break
        page.wait_for_timeout(100)
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(re.compile(rf"/bao-cao/{report.pk}/nhom/1/$"))
    expect(numerator).to_have_value(str(typed))

    # Evidence for 1.2, added without saving first: the page leaves without asking, the answer goes along.
    panel = page.locator("section#chi-so-1-2 details.evidence-add")
    panel.locator("summary").click()
    panel.locator('select[name="tai-lieu-1-2-kind"]').select_option("url")
    panel.locator('input[name="tai-lieu-1-2-url"]').fill("https://sotc.example.gov.vn/van-ban/chuyen-doi-so")
    with page.expect_navigation():
        panel.get_by_role("button", name=ADD_EVIDENCE).click()
    expect(page).to_have_url(re.compile(rf"/bao-cao/{report.pk}/nhom/1/#chi-so-1-2$"))
    assert dialogs == ["beforeunload"], "submitting the form must not ask"
    expect(page.locator("section#chi-so-1-2 .evidence-list")).to_contain_text("sotc.example.gov.vn")

    page.reload()
    expect(page.locator('input[name="1.2__a"]')).to_have_value(str(typed))
    assert Answer.objects.get(report=report, code="1.2").value_a == typed
    assert Evidence.objects.filter(report=report, code="1.2", url__contains="sotc.example.gov.vn").exists()
    # Nothing typed since: leaving does not ask.
    page.locator(f'main a[href="/bao-cao/{report.pk}/"]').first.click()
    expect(page).to_have_url(f"{base}/bao-cao/{report.pk}/")
    assert dialogs == ["beforeunload"]


def test_a_refused_save_lists_what_to_fix_and_each_link_leads_to_its_input(page, demo_site):
    from assessments.models import Answer

    base = demo_site.url
    report = report_of("SO-NV")
    saved = Answer.objects.get(report=report, code="1.2").value_a
    page.clock.install()
    log_in(page, base, *SO_NV_OFFICER)
    page.goto(f"{base}/bao-cao/{report.pk}/nhom/1/")
    whole = int(points(page.locator('input[name="1.2__b"]').input_value()))
    page.locator('input[name="1.2__a"]').fill(str(whole + 5))
    with page.expect_navigation():
        page.locator('button[name="save"]').click()

    # The list at the top takes the focus, under its heading, and names the inputs by their labels.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_have_count(1)
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text(THERE_IS_A_PROBLEM)
    link = summary.get_by_role("link", name=NOT_GREATER)
    expect(link).to_have_count(1)
    assert_accessible(page, "a group's form with errors")

    # Its link moves the focus to the input, where the same message stands beside it.
    link.click()
    numerator = page.locator('input[name="1.2__a"]')
    expect(numerator).to_be_focused()
    expect(numerator).to_be_in_viewport()
    expect(numerator).to_have_value(str(whole + 5))  # what was typed, shown again
    expect(numerator).to_have_attribute("aria-invalid", "true")
    message_id = numerator.get_attribute("aria-describedby")
    message = page.locator(f'[id="{message_id}"]')
    expect(message).to_have_text(NOT_GREATER)
    expect(message).to_be_visible()
    expect(page.locator("section#chi-so-1-2 .field--error").filter(has=numerator)).to_contain_text(NOT_GREATER)
    assert Answer.objects.get(report=report, code="1.2").value_a == saved

    # What is shown again was not saved: leaving asks first.
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.locator(f'main a[href="/bao-cao/{report.pk}/"]').first.click(no_wait_after=True)
    for _ in range(50):
        if dialogs:
            break
        page.wait_for_timeout(100)
    assert dialogs == ["beforeunload"]
    expect(numerator).to_have_value(str(whole + 5))


def test_an_upload_error_shows_beside_its_indicator_in_view_on_a_phone(phone_page, demo_site, tmp_path):
    from assessments.models import Evidence

    page = phone_page
    base = demo_site.url
    report = report_of("SO-NV")
    before = Evidence.objects.filter(report=report).count()
    page.clock.install()
    log_in(page, base, *SO_NV_OFFICER)
    page.goto(f"{base}/bao-cao/{report.pk}/nhom/1/")
    fake = tmp_path / "bien-ban.pdf"
    fake.write_text("<!DOCTYPE html><html><body>không phải PDF</body></html>")

    panel = page.locator("details#tai-lieu-1-3")
    panel.locator("summary").click()
    panel.locator('select[name="tai-lieu-1-3-kind"]').select_option("file")
    panel.locator('input[name="tai-lieu-1-3-file"]').set_input_files(str(fake))
    with page.expect_navigation():
        panel.get_by_role("button", name=ADD_EVIDENCE).click()

    # The page opens at the indicator's panel, open, its list of errors focused and in view.
    panel = page.locator("details#tai-lieu-1-3")
    expect(panel).to_have_attribute("open", "")
    errors = panel.locator("[data-error-summary]")
    expect(errors).to_be_focused()
    expect(errors).to_be_in_viewport()
    expect(errors).to_contain_text(re.compile("PDF"))
    # Beside the file input, not at the top of the page.
    file_input = panel.locator('input[name="tai-lieu-1-3-file"]')
    expect(file_input).to_have_attribute("aria-describedby", "tai-lieu-1-3-file_error")
    expect(panel.locator('[id="tai-lieu-1-3-file_error"]')).to_contain_text("PDF")
    expect(page.locator("#loi-can-sua")).to_have_count(0)
    assert Evidence.objects.filter(report=report).count() == before


def test_without_javascript_adding_evidence_still_saves_the_typed_answer(browser, demo_site):
    from assessments.models import Answer, Evidence

    base = demo_site.url
    report = report_of("SO-TC")
    context = new_context(browser, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, base, *SO_TC_OFFICER)
        page.goto(f"{base}/bao-cao/{report.pk}/nhom/1/")
        numerator = page.locator('input[name="1.3__a"]')
        whole = int(points(page.locator('input[name="1.3__b"]').input_value()))
        typed = whole if int(points(numerator.input_value())) != whole else whole - 1
        numerator.fill(str(typed))
        panel = page.locator("details#tai-lieu-1-3")
        panel.locator("summary").click()
        panel.locator('select[name="tai-lieu-1-3-kind"]').select_option("document")
        panel.locator('input[name="tai-lieu-1-3-document_number"]').fill("15/KH-STC")
        panel.locator('input[name="tai-lieu-1-3-document_date"]').fill("2026-03-02")
        with page.expect_navigation():
            panel.get_by_role("button", name=ADD_EVIDENCE).click()
        expect(page).to_have_url(re.compile(rf"/bao-cao/{report.pk}/nhom/1/#chi-so-1-3$"))
        expect(page.locator('input[name="1.3__a"]')).to_have_value(str(typed))
        assert Answer.objects.get(report=report, code="1.3").value_a == typed
        assert Evidence.objects.filter(report=report, code="1.3", document_number="15/KH-STC").exists()
    finally:
        context.close()
