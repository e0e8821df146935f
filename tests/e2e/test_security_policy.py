"""Every page works under its Content-Security-Policy: the browser reports no violation.

The headers are set in the base settings, so the live demo site sends the same
policies as production: the strict one on the public and reporting pages, the
admin's on /admin/. Each journey listens for ``securitypolicyviolation`` events
and for the console messages Chromium writes when it refuses something, and
fails on any. Only Kho bạc Nhà nước's report is opened here, and the one answer
typed is put back before the draft saves itself, so the demo's data is unchanged.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import admin_login, open_period

ADMIN = ("admin", "admin-demo-2853")
OFFICER = ("canbo.kbnn", "canbo-kbnn-demo-2853")

LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.reportViolation({
        page: document.location.href,
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: `${event.sourceFile}:${event.lineNumber}`,
        sample: event.sample,
    });
});
"""


class Watch:
    """What the browser refused on the pages one tab visited, and what its console said."""

    def __init__(self, page):
        self.violations: list[dict] = []
        self.console: list[str] = []
        page.expose_binding("reportViolation", lambda source, violation: self.violations.append(violation))
        page.add_init_script(LISTEN)
        page.on("console", lambda message: self.console.append(f"{message.type}: {message.text} ({page.url})"))

    def check(self) -> None:
        refused = [line for line in self.console if "Content Security Policy" in line]
        assert not self.violations and not refused, "Content-Security-Policy violations:\n" + "\n".join(
            [str(violation) for violation in self.violations] + refused
        )


@pytest.fixture
def watched(page):
    watch = Watch(page)
    yield page, watch
    watch.check()


def visit(page, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response.status == status, (url, response.status)
    page.wait_for_load_state("load")
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_public_pages_run_under_the_strict_policy(watched, demo_site):
    from assessments.models import CriteriaSetPage
    from home.models import DecisionPage, GuidancePage

    page, _ = watched
    base = demo_site.url
    visit(page, base + "/")
    visit(page, base + DecisionPage.objects.live().get(number="2853/QĐ-UBND").url)
    visit(page, base + GuidancePage.objects.live().first().url)
    visit(page, base + CriteriaSetPage.objects.live().first().url)
    # The print button works through static/js/print-button.js, not an onclick attribute.
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.locator("button[data-print]").click()
    assert page.evaluate("window.__printed === true")
    visit(page, base + "/tim-kiem/?q=an+toan+thong+tin")
    expect(page.locator(".search-count")).to_be_visible()
    visit(page, base + "/khong-co-trang-nay/", status=404)
    visit(page, base + "/dang-nhap/")


def test_a_locked_login_shows_its_page_under_the_strict_policy(watched, demo_site):
    page, _ = watched
    page.goto(demo_site.url + "/dang-nhap/")
    for _ in range(5):
        page.fill("input[name=username]", "khong.ton.tai")
        page.fill("input[name=password]", "sai-mat-khau")
        with page.expect_navigation():
            page.click("main button[type=submit]")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tạm khóa đăng nhập")
    expect(page.locator(".error-summary")).to_contain_text(re.compile(r"Vui lòng thử lại sau \d\d:\d\d ngày"))


def test_reporting_pages_run_under_the_strict_policy(watched, demo_site):
    from assessments.models import Answer, Report

    page, _ = watched
    base = demo_site.url
    report = Report.objects.get(agency__code="TW-KBNN", **open_period())
    answers_before = list(Answer.objects.filter(report=report).order_by("code").values_list("code", "value_a"))
    # Fake timers, so the 20-second autosave can be run without waiting for it.
    page.clock.install()

    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", OFFICER[0])
    page.fill("input[name=password]", OFFICER[1])
    page.click("main button[type=submit]")
    expect(page).to_have_url(base + "/bao-cao/")
    visit(page, f"{base}/bao-cao/{report.pk}/")
    visit(page, f"{base}/bao-cao/{report.pk}/nhom/1/")

    # Typing moves the score (a fetch to the live-score URL), and the draft then saves itself.
    field = page.locator("form.report-form input[type=number], form.report-form input[inputmode=decimal]").first
    original = field.input_value()
    with page.expect_response(lambda response: "/diem/" in response.url) as scored:
        field.fill("1")
        page.clock.run_for(500)
    assert scored.value.ok
    with page.expect_response(lambda response: "/diem/" in response.url):
        field.fill(original)
        page.clock.run_for(500)
    with page.expect_response(
        lambda response: response.request.method == "POST" and response.url.endswith(f"/bao-cao/{report.pk}/nhom/1/")
    ) as saved:
        page.clock.run_for(21_000)
    assert saved.value.status == 200
    expect(page.locator("[data-autosave-status]")).not_to_be_empty()

    visit(page, f"{base}/bao-cao/{report.pk}/kiem-tra/")
    assert list(Answer.objects.filter(report=report).order_by("code").values_list("code", "value_a")) == answers_before


def test_admin_pages_run_under_the_admin_policy(watched, demo_site):
    from assessments.models import ReportingPeriod
    from home.models import GuidancePage, HomePage

    page, _ = watched
    base = demo_site.url
    admin_login(page, base, *ADMIN)
    expect(page.locator("main")).to_be_visible()
    home = HomePage.objects.first()
    visit(page, f"{base}/admin/pages/{home.pk}/edit/")
    expect(page.locator("form#page-edit-form")).to_be_visible()
    # The live preview beside the editor is an admin page in a frame.
    page.get_by_role("button", name=re.compile("Xem trước|Toggle preview|Preview", re.IGNORECASE)).first.click()
    preview = page.frame_locator("iframe[data-w-preview-target='iframe'], .preview-panel iframe").first
    expect(preview.locator("main")).to_be_visible()
    # A guidance page: rich text (Draftail) and StreamField blocks.
    guidance = GuidancePage.objects.live().first()
    visit(page, f"{base}/admin/pages/{guidance.pk}/edit/")
    page.locator(".DraftEditor-root [contenteditable=true]").first.click()
    page.keyboard.type("/")
    page.keyboard.press("Escape")
    # The other screens editors and administrators use: listings, media, the assessments' admin
    # (a period's form has date pickers and inline panels), users.
    period = ReportingPeriod.objects.order_by("pk").first()
    for path in (
        f"/admin/pages/{home.pk}/",
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        "/admin/assessments/agency/",
        f"/admin/assessments/reportingperiod/edit/{period.pk}/",
        "/admin/users/",
    ):
        visit(page, base + path)
    # A public page seen by a logged-in editor carries Wagtail's user bar, under the site's policy.
    visit(page, base + "/")
    expect(page.locator("wagtail-userbar")).to_have_count(1)
    page.locator("wagtail-userbar").locator("button").first.click()
