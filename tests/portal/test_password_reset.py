"""A forgotten password, reset by e-mail from the login page (portal.password_reset).

The request page never tells whether an address has an account; the mail is Vietnamese and
carries a link that works once, for PASSWORD_RESET_TIMEOUT; the new password goes through
Django's validators; a completed reset lifts the login lock.
"""

import re
from datetime import datetime, timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from home.models import PortalSettings
from portal.password_reset import link_lifetime
from tests.factories.assessments import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Ha-Tinh-moi-2853-an-toan"
LINK = re.compile(r"https?://[^/\s]+(/quen-mat-khau/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def officer(home_page):
    PortalSettings.objects.update_or_create(pk=PortalSettings.load().pk, defaults={"organisation": "Sở KH&CN Hà Tĩnh"})
    return UserFactory(username="canbo.thachha", first_name="Nguyễn Văn", last_name="An", email="an@thachha.example")


def ask(client, email: str):
    return client.post("/quen-mat-khau/", {"email": email})


def link_in(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def choose_password(client, link: str, password: str, again: str | None = None):
    """Opens the mailed link (which moves the token into the session) and posts the new password."""
    opened = client.get(link)
    assert opened.status_code == 302, opened.content.decode()[:300]
    form_url = opened["Location"]
    assert form_url.endswith("/dat-mat-khau/") and link.split("/")[-2] not in form_url
    return client.post(form_url, {"new_password1": password, "new_password2": again or password})


def test_the_login_page_links_to_the_reset(client, home_page):
    html = client.get("/dang-nhap/").content.decode()
    assert '<a href="/quen-mat-khau/">Quên mật khẩu?</a>' in html


def test_the_request_page_says_how_long_the_link_works(client, home_page):
    response = client.get("/quen-mat-khau/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quên mật khẩu?" in html
    assert "Liên kết chỉ dùng được một lần, trong vòng 1 ngày." in html
    assert 'type="email"' in html and 'autocomplete="email"' in html


def test_known_and_unknown_addresses_get_the_same_answer_and_only_the_known_one_a_mail(client, officer, mailoutbox):
    known = ask(client, "An@ThachHa.example")  # as typed, in any case
    unknown = ask(client, "khong-co-ai@thachha.example")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known["Location"] == "/quen-mat-khau/da-gui/"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["an@thachha.example"]

    page = client.get(known["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hãy kiểm tra hộp thư" in html
    assert "Nếu địa chỉ bạn vừa nhập thuộc một tài khoản trên cổng" in html
    assert "1 ngày" in html
    assert "an@thachha.example" not in html


def test_the_mail_is_vietnamese_and_names_the_account_and_the_link_lifetime(client, officer, mailoutbox):
    ask(client, officer.email)

    message = mailoutbox[0]
    assert message.subject == "Đặt lại mật khẩu trên Cổng thử"
    assert "Kính gửi Nguyễn Văn An," in message.body
    assert "tài khoản canbo.thachha" in message.body
    assert "Liên kết chỉ dùng được một lần, trong vòng 1 ngày:" in message.body
    assert "Nếu bạn không gửi yêu cầu này, hãy bỏ qua thư" in message.body
    assert "Sở KH&amp;CN" not in message.body and "Sở KH&CN Hà Tĩnh" in message.body
    assert officer.password not in message.body


def without_password(user):
    # As a new account waiting for its invitation, or a generated demo account.
    user.set_unusable_password()
    user.save()


def inactive(user):
    user.is_active = False
    user.save()


@pytest.mark.parametrize("make_unreachable", [without_password, inactive])
def test_accounts_without_a_usable_password_or_inactive_get_no_mail(client, officer, mailoutbox, make_unreachable):
    make_unreachable(officer)

    response = ask(client, officer.email)

    assert response.status_code == 302 and response["Location"] == "/quen-mat-khau/da-gui/"
    assert mailoutbox == []


def test_the_whole_reset_then_a_login_with_the_new_password(client, officer, mailoutbox):
    ask(client, officer.email)
    link = link_in(mailoutbox[0])

    response = choose_password(client, link, NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/quen-mat-khau/da-doi/"
    done = client.get(response["Location"]).content.decode()
    assert "Đã đổi mật khẩu" in done
    assert 'href="/dang-nhap/"' in done
    # Not signed in by the reset: the person logs in on the login page.
    assert "_auth_user_id" not in client.session

    login = client.post("/dang-nhap/", {"username": officer.username, "password": NEW_PASSWORD})
    assert login.status_code == 302 and login["Location"] == "/bao-cao/"
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)


def test_a_used_link_no_longer_works(client, officer, mailoutbox):
    ask(client, officer.email)
    link = link_in(mailoutbox[0])
    choose_password(client, link, NEW_PASSWORD)

    response = client.get(link)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Liên kết không còn dùng được" in html
    assert "đã được dùng, đã hết hạn (mỗi liên kết chỉ dùng được trong vòng 1 ngày)" in html
    assert 'href="/quen-mat-khau/"' in html


def uid_of(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


class Yesterday(PasswordResetTokenGenerator):
    """Makes the token a link mailed just over PASSWORD_RESET_TIMEOUT ago would carry."""

    def _now(self):
        return datetime.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)


@pytest.mark.parametrize(
    "link",
    [
        pytest.param(
            lambda user: (urlsafe_base64_encode(force_bytes(user.pk)), Yesterday().make_token(user)), id="expired"
        ),
        pytest.param(lambda user: (urlsafe_base64_encode(force_bytes(user.pk)), "c0ffee-123abc"), id="wrong-token"),
        pytest.param(lambda user: ("%%%", "abc-def"), id="garbled-uid"),
        pytest.param(lambda user: (urlsafe_base64_encode(b"999999"), "abc-def"), id="no-such-user"),
        pytest.param(lambda user: ("MQ", "dat-mat-khau"), id="form-without-token-in-session"),
    ],
)
def test_a_bad_link_gets_a_clear_vietnamese_page(client, officer, link):
    uid, token = link(officer)

    response = client.get(f"/quen-mat-khau/{uid}/{token}/")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Liên kết không còn dùng được" in html
    assert 'href="/quen-mat-khau/"' in html
    assert "new_password1" not in html


def test_a_weak_or_mistyped_new_password_is_refused_in_vietnamese(client, officer, mailoutbox):
    ask(client, officer.email)
    link = link_in(mailoutbox[0])

    weak = choose_password(client, link, "12345678")
    assert weak.status_code == 400
    html = weak.content.decode()
    assert "Mật khẩu này quá phổ biến." in html
    assert "Mật khẩu này hoàn toàn là số." in html
    assert "Vui lòng sửa các lỗi sau:" in html
    assert 'aria-invalid="true"' in html

    form_url = weak.wsgi_request.path
    mistyped = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})
    assert mistyped.status_code == 400
    assert "Hai trường mật khẩu không giống nhau." in mistyped.content.decode()

    officer.refresh_from_db()
    assert officer.check_password("mat-khau-thu-2853")


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Nhập địa chỉ thư điện tử của tài khoản."),
        ("khong-phai-dia-chi", "Nhập địa chỉ thư điện tử đúng dạng, ví dụ ten@coquan.gov.vn."),
        ("a" * 250 + "@x.vn", "Địa chỉ thư điện tử dài tối đa 254 ký tự."),
    ],
)
def test_a_bad_address_is_refused_in_vietnamese_and_sends_nothing(client, officer, mailoutbox, email, message):
    response = ask(client, email)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert mailoutbox == []


def test_a_reset_lifts_the_login_lock(client, officer, mailoutbox):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/dang-nhap/", {"username": officer.username, "password": "sai"})
    locked = client.post("/dang-nhap/", {"username": officer.username, "password": "mat-khau-thu-2853"})
    assert locked.status_code == 429
    assert 'href="/quen-mat-khau/"' in locked.content.decode()

    ask(client, officer.email)
    choose_password(client, link_in(mailoutbox[0]), NEW_PASSWORD)

    assert not AccessAttempt.objects.filter(username=officer.username).exists()
    login = client.post("/dang-nhap/", {"username": officer.username, "password": NEW_PASSWORD})
    assert login.status_code == 302 and login["Location"] == "/bao-cao/"


def test_reset_pages_are_never_stored_by_browsers(client, officer):
    for path in ("/quen-mat-khau/", "/quen-mat-khau/da-gui/", "/quen-mat-khau/MQ/abc-def/", "/quen-mat-khau/da-doi/"):
        cache_control = {part.strip() for part in client.get(path)["Cache-Control"].split(",")}
        assert "no-store" in cache_control, path


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(86400, "1 ngày"), (3 * 86400, "3 ngày"), (7200, "2 giờ"), (1800, "30 phút"), (90, "1 phút"), (30, "1 phút")],
)
def test_the_link_lifetime_in_words(seconds, words):
    assert link_lifetime(seconds) == words


def test_the_link_lifetime_follows_the_setting(client, home_page, settings):
    settings.PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
    assert "trong vòng 2 giờ." in client.get("/quen-mat-khau/").content.decode()
