"""An idle session ends with a warning first, and no answer is lost (static/js/session-timeout.js).

The live server runs with an idle time of seconds instead of minutes. Only SO-NV's report in the
period open today (in progress in the demo) is changed here, in indicator 1.2 of group 1, whose value
each journey reads before changing it.
"""

import re
import time

from playwright.sync_api import expect

from .test_reporting import assert_accessible, points, report_of

SO_NV_OFFICER = ("canbo.so", "canbo-so-demo-2853")
IDLE_SECONDS = 12
WARNING_SECONDS = 8

WARNING = "Phiên làm việc sắp kết thúc"
ENDED = "Phiên làm việc đã kết thúc"
STAY = "Tiếp tục phiên làm việc"
LOG_IN_AGAIN = "Đăng nhập lại"
# The browser's copies of answers typed while logged out (report-form.js).
KEPT_KEYS = "() => Object.keys(sessionStorage).filter((key) => key.startsWith('portal:kept-answers:'))"


def short_sessions(settings) -> None:
    # The live server runs in a thread of this process: it reads these at each request.
    settings.SESSION_COOKIE_AGE = IDLE_SECONDS
    settings.SESSION_WARNING_SECONDS = WARNING_SECONDS
    settings.SESSION_REFRESH_SECONDS = 1


def fill_login(page, username: str, password: str) -> None:
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()


def session_status(page, base: str) -> dict:
    """What the server says of the browser's session (a passive request: it does not extend it)."""
    return page.request.get(f"{base}/phien/").json()


def test_the_warning_keeps_the_session_and_answers_typed_after_it_ended_are_saved_after_logging_in(
    page, demo_site, settings
):
    from django.contrib.auth import get_user_model

    from assessments.models import Answer

    short_sessions(settings)
    base = demo_site.url
    report = report_of("SO-NV")
    group_url = f"{base}/bao-cao/{report.pk}/nhom/1/"
    saved = Answer.objects.get(report=report, code="1.2").value_a

    page.goto(f"{base}/dang-nhap/?next=/bao-cao/{report.pk}/nhom/1/")
    fill_login(page, *SO_NV_OFFICER)
    expect(page).to_have_url(group_url)
    opened = time.monotonic()

    # Reading without typing is not activity: the warning comes, as an alert dialog that takes the focus.
    warning = page.get_by_role("alertdialog", name=WARNING)
    expect(warning).to_be_visible(timeout=(IDLE_SECONDS + 5) * 1000)
    warned_after = time.monotonic() - opened
    assert IDLE_SECONDS - WARNING_SECONDS - 2 < warned_after < IDLE_SECONDS, warned_after
    stay = warning.get_by_role("button", name=STAY)
    expect(stay).to_be_focused()
    expect(warning).to_contain_text(re.compile(r"\d+ giây"))
    assert_accessible(page, "the idle-session warning")

    # "Stay logged in" (here by keyboard) closes it, and the session outlives the time it had left.
    page.keyboard.press("Enter")
    expect(warning).to_be_hidden()
    stayed = time.monotonic()
    would_have_ended = opened + IDLE_SECONDS
    page.wait_for_timeout((would_have_ended - time.monotonic() + 1.5) * 1000)
    alive = session_status(page, base)
    assert alive["authenticated"] is True and alive["expires_in"] > 0, alive
    assert time.monotonic() - stayed < IDLE_SECONDS

    # Ignored, the warning comes back; when the time is up the dialog says the session ended and leads
    # to the login page, which returns to this form.
    ended = page.get_by_role("alertdialog", name=ENDED)
    expect(ended).to_be_visible(timeout=(IDLE_SECONDS + 5) * 1000)
    login_link = ended.get_by_role("link", name=LOG_IN_AGAIN)
    expect(login_link).to_be_focused()
    expect(login_link).to_have_attribute("href", f"/dang-nhap/?next=/bao-cao/{report.pk}/nhom/1/")
    expect(ended.locator("[data-session-kept]")).to_be_hidden()  # nothing was typed
    assert session_status(page, base) == {"authenticated": False}
    assert_accessible(page, "the message that the session ended")

    # Put away, the message lets the officer type on; the save meets the login page, so the answer is
    # kept in the browser and the message comes back saying so.
    page.keyboard.press("Escape")
    expect(ended).to_be_hidden()
    numerator = page.locator('input[name="1.2__a"]')
    whole = int(points(page.locator('input[name="1.2__b"]').input_value()))
    typed = whole // 3 if whole // 3 != saved else whole // 3 + 1
    assert 0 <= typed <= whole
    numerator.fill(str(typed))
    numerator.press("Tab")  # a changed answer saves itself a moment later
    expect(ended).to_be_visible()
    expect(ended.locator("[data-session-kept]")).to_be_visible()
    expect(ended).to_contain_text("đang được giữ trong trình duyệt")
    kept = page.evaluate(KEPT_KEYS)
    officer = get_user_model().objects.get(username=SO_NV_OFFICER[0])
    assert kept == [f"portal:kept-answers:{officer.pk}:/bao-cao/{report.pk}/nhom/1/"]
    assert Answer.objects.get(report=report, code="1.2").value_a == saved

    # Logged in again, the officer is back on the form, with the answer restored and saved.
    ended.get_by_role("link", name=LOG_IN_AGAIN).click()
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next="))
    fill_login(page, *SO_NV_OFFICER)
    expect(page).to_have_url(group_url)
    expect(page.locator('input[name="1.2__a"]')).to_have_value(str(typed))
    expect(page.locator("[data-autosave-status]")).to_contain_text("đã được khôi phục và lưu lúc")
    assert Answer.objects.get(report=report, code="1.2").value_a == typed
    assert page.evaluate(KEPT_KEYS) == []
