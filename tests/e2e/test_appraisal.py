"""An appraiser's full cycle in the browser, on the demo: take an approved annual report up again,
correct two indicators with reasons and query one, return it; the officer reads the reasons and
answers, the head resubmits; the appraiser approves, approves a new version of the cohort's results
and sees the ranking. The appraisal pages pass axe.

Only X-THACHKHE's 2026 annual evaluation (approved in the demo) is changed here.
"""

import datetime
import re

from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import new_context

BLOCKING_IMPACTS = {"serious", "critical"}
SAVE_AND_CONTINUE = re.compile("Lưu và sang nhóm tiếp theo|Save and go to the next group")
APPRAISER = ("thamdinh.tinh", "thamdinh-tinh-demo-2853")
OFFICER = ("canbo.thachkhe", "canbo-thachkhe-demo-2853")
HEAD = ("lanhdao.thachkhe", "lanhdao-thachkhe-demo-2853")


def annual_report():
    from assessments.models import Report

    return (
        Report.objects.filter(agency__code="X-THACHKHE", period__kind="annual", period__year=2026)
        .select_related("period")
        .get()
    )


def log_in(page, base: str, username: str, password: str, landing: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{base}{landing}")


def no_blocking_violations(page) -> None:
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, [(v["id"], v["nodes"][0]["target"]) for v in blocking]


def decide(page, code: str, verdict: str, reason: str, **inputs: str) -> None:
    form = page.locator(f'form[action$="/chi-so/{code}/"]')
    form.locator(f'input[name="d{code}-verdict"][value="{verdict}"]').check()
    for part, value in inputs.items():
        form.locator(f'[name="d{code}-{code}__{part}"]').fill(value)
    form.locator(f'textarea[name="d{code}-reason"]').fill(reason)
    form.locator("button[type=submit]").click()
    expect(page.get_by_role("status").first).to_contain_text(code)


def test_a_full_appraisal_cycle_in_the_browser(page, browser, demo_site):
    from assessments.models import IndicatorDecision, ReportStatus, ResultSnapshot

    base = demo_site.url
    report = annual_report()
    review = f"{base}/tham-dinh/bao-cao/{report.pk}/"

    # The appraiser lands on the workspace, finds the commune and opens its approved report.
    log_in(page, base, *APPRAISER, landing="/tham-dinh/")
    no_blocking_violations(page)
    page.goto(f"{base}/tham-dinh/?ky={report.period.pk}&q=thach+khe")
    page.get_by_role("link", name="UBND xã Thạch Khê").click()
    expect(page).to_have_url(review)
    no_blocking_violations(page)

    # Take it up again, with a reason; correct two indicators and query a third.
    page.locator("form.reappraise-form textarea").fill("Đối chiếu lại số liệu văn bản điện tử theo phản ánh.")
    page.locator("form.reappraise-form button[type=submit]").click()
    decide(page, "1.2", "corrected", "Chỉ 60 văn bản có chữ ký số hợp lệ.", a="60", b="76")
    decide(page, "6.1", "corrected", "Hồ sơ trực tuyến toàn trình là 50.", a="50", b="76")
    decide(page, "1.1", "queried", "Bổ sung quyết định ban hành kế hoạch chuyển đổi số.")
    assert IndicatorDecision.objects.filter(round__report=report, round__closed_at__isnull=True).count() >= 3
    no_blocking_violations(page)

    respond_by = (timezone.localdate() + datetime.timedelta(days=7)).strftime("%d/%m/%Y")
    page.locator("form.return-form textarea").fill("Đề nghị bổ sung và nộp lại.")
    page.locator('form.return-form input[name="respond_by"]').fill(respond_by)
    page.locator("form.return-form button[type=submit]").click()
    expect(page.get_by_role("status").first).to_contain_text("Thạch Khê")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED

    # The officer reads the reasons on the report and answers the query.
    context = new_context(browser)
    try:
        officer = context.new_page()
        log_in(officer, base, *OFFICER, landing="/bao-cao/")
        officer.goto(f"{base}/bao-cao/{report.pk}/")
        expect(officer.locator("main")).to_contain_text("Bổ sung quyết định ban hành kế hoạch chuyển đổi số.")
        expect(officer.locator("main")).to_contain_text(respond_by)
        officer.goto(f"{base}/bao-cao/{report.pk}/nhom/1/")
        officer.locator('input[name="1.1__value"][value="yes"]').check()
        officer.locator('textarea[name="1.1__explanation"]').fill("Kế hoạch số 12/KH-UBND đã ban hành.")
        officer.get_by_label("Trả lời cơ quan thẩm định về chỉ số 1.1").fill("Đã bổ sung Kế hoạch số 12/KH-UBND.")
        officer.get_by_role("button", name=SAVE_AND_CONTINUE).click()
        expect(officer).to_have_url(f"{base}/bao-cao/{report.pk}/nhom/2/")
    finally:
        context.close()

    # The head resubmits.
    context = new_context(browser)
    try:
        head = context.new_page()
        log_in(head, base, *HEAD, landing="/bao-cao/")
        head.goto(f"{base}/bao-cao/{report.pk}/kiem-tra/")
        head.locator(f'form[action="/bao-cao/{report.pk}/nop/"] button[type=submit]').click()
        expect(head).to_have_url(f"{base}/bao-cao/{report.pk}/da-nop/")
    finally:
        context.close()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    # The appraiser finds the corrections carried over, approves, and approves the cohort's new results.
    page.goto(review)
    expect(page.locator("#chi-so-1-2")).to_contain_text("Chỉ 60 văn bản có chữ ký số hợp lệ.")
    expect(page.locator("#chi-so-1-1")).to_contain_text("Đã bổ sung Kế hoạch số 12/KH-UBND.")
    page.locator(f'form[action="/tham-dinh/bao-cao/{report.pk}/duyet/"] button[type=submit]').click()
    report.refresh_from_db()
    assert report.status == ReportStatus.APPRAISED

    page.goto(f"{base}/tham-dinh/ket-qua/?ky={report.period.pk}&nhom=commune")
    no_blocking_violations(page)
    versions = ResultSnapshot.objects.filter(period=report.period, level__code="commune", within=None).count()
    form = page.locator("form.approve-form")
    form.locator('input[name="close_missing"]').check()
    form.locator('textarea[name="reason"]').fill("Điều chỉnh 1.2 và 6.1 của xã Thạch Khê sau thẩm định lại.")
    form.locator("button[type=submit]").click()
    expect(page.get_by_role("status").first).to_contain_text(str(versions + 1))
    latest = ResultSnapshot.objects.filter(period=report.period, level__code="commune", within=None).latest("version")
    entry = next(a for a in latest.data["agencies"] if a["code"] == "X-THACHKHE")
    assert set(entry["changes"]) >= {"1.2", "6.1"}
    assert entry["changes"]["1.2"]["reason"] == "Chỉ 60 văn bản có chữ ký số hợp lệ."
    row = page.locator("table tbody tr").filter(has_text="UBND xã Thạch Khê")
    expect(row).to_contain_text(str(entry["rank"]))


def test_the_province_appraises_departments_and_reads_a_pdf_in_the_browser(page, demo_site):
    """The department cohort, as the province's appraiser: the workspace, a report whose evidence is a
    scanned PDF opened in the browser's viewer (sandboxed), and the cohort's approved ranking."""
    from assessments.models import Evidence, ReportingPeriod, RoleAssignment

    base = demo_site.url
    period = ReportingPeriod.objects.get(kind="annual", year=2026, levels__code="department")
    evidence = Evidence.objects.exclude(file="").select_related("report__agency").get(report__period=period)
    report = evidence.report

    log_in(page, base, *APPRAISER, landing="/tham-dinh/")
    page.goto(f"{base}/tham-dinh/?ky={period.pk}")
    appraising = RoleAssignment.objects.get(user__username=APPRAISER[0], role="appraiser").agency_id
    expect(page.locator("table tbody tr")).to_have_count(period.reports.filter(agency__appraiser=appraising).count())
    page.get_by_role("link", name=report.agency.name, exact=True).click()
    expect(page).to_have_url(f"{base}/tham-dinh/bao-cao/{report.pk}/")
    no_blocking_violations(page)

    with page.context.expect_page() as opened:
        page.get_by_role("link", name=f"{evidence.original_name} (mở trong thẻ mới)").click()
    viewer = opened.value
    viewer.wait_for_timeout(1500)
    assert viewer.url == f"{base}/bao-cao/{report.pk}/tai-lieu/{evidence.pk}/xem/"
    assert any(frame.url.startswith("chrome-extension://") for frame in viewer.frames), "the PDF viewer did not open"
    viewer.close()

    page.goto(f"{base}/tham-dinh/ket-qua/?ky={period.pk}&nhom=department")
    expect(page.locator("table tbody tr").first).to_contain_text("1")
    expect(page.locator("main")).to_contain_text("Phiên bản 1")
    no_blocking_violations(page)


def test_a_district_approves_its_communes_and_the_province_sees_when(page, browser, demo_site):
    """Three-tier years: Can Lộc's appraiser sees its communes' approved results; the province's appraiser of
    that year sees which districts reported theirs, with the dates."""
    from assessments.models import ReportingPeriod

    base = demo_site.url
    period = ReportingPeriod.objects.get(kind="annual", year=2024, levels__code="commune")

    log_in(page, base, "thamdinh.huyen", "thamdinh-huyen-demo-2853", landing="/tham-dinh/")
    page.goto(f"{base}/tham-dinh/ket-qua/?ky={period.pk}")
    expect(page.locator("main")).to_contain_text("Can Lộc")
    expect(page.locator("main")).to_contain_text("Phiên bản 1")
    no_blocking_violations(page)

    context = new_context(browser)
    try:
        province = context.new_page()
        log_in(province, base, "thamdinh.tttt", "thamdinh-tttt-demo-2853", landing="/tham-dinh/")
        province.goto(f"{base}/tham-dinh/ket-qua/?ky={period.pk}&nhom=commune")
        districts = province.locator("main li").filter(has_text="phê duyệt ngày")
        expect(districts.first).to_be_visible()
        expect(province.locator("main")).to_contain_text("Can Lộc")
        no_blocking_violations(province)
    finally:
        context.close()
