"""Repeated wrong passwords lock the login, on the agencies' page and on the admin's.

The pair user name + address is locked for 15 minutes after 5 failures: the right
password is then refused with a Vietnamese page (status 429) saying until when;
the lock lifts after the cool-off or when an administrator resets it, and never
spreads to another user at the same address.
"""

import io
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from tests.factories.assessments import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-2853"
# The public login page, and Wagtail's admin login with where each sends a good login.
LOGIN_PAGES = [
    pytest.param("/dang-nhap/", "/bao-cao/", id="agency-login"),
    pytest.param("/admin/login/", "/admin/", id="admin-login"),
]


@pytest.fixture
def user():
    # A superuser may log in to both pages.
    return UserFactory(username="can.bo", is_staff=True, is_superuser=True)


def log_in(client, url: str, username: str, password: str, address: str = "10.0.0.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, url: str, username: str, times: int = settings.AXES_FAILURE_LIMIT, address: str = "10.0.0.7"):
    for _ in range(times):
        response = log_in(client, url, username, "sai-mat-khau", address)
    return response


def assert_locked(response) -> None:
    assert response.status_code == 429
    text = response.content.decode()
    assert "Tạm khóa đăng nhập" in text
    assert "Vui lòng thử lại sau" in text
    assert "_auth_user_id" not in response.wsgi_request.session


def assert_logged_in(response, home: str) -> None:
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == home
    assert "_auth_user_id" in response.wsgi_request.session


@pytest.mark.parametrize(("url", "home"), LOGIN_PAGES)
def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, user, url, home):
    response = fail(client, url, user.username, times=settings.AXES_FAILURE_LIMIT - 1)
    assert response.status_code == 200

    assert_logged_in(log_in(client, url, user.username, PASSWORD), home)
    # A good login clears the count.
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize(("url", "home"), LOGIN_PAGES)
def test_the_right_password_is_refused_once_locked_with_the_time_to_try_again(client, user, url, home):
    assert_locked(fail(client, url, user.username))

    response = log_in(client, url, user.username, PASSWORD)

    assert_locked(response)
    # One cool-off after this attempt, in local time (UTC+7), as the page prints it.
    unlocks = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME, timezone=timezone.get_fixed_timezone(420))
    times = {(unlocks + timedelta(minutes=delta)).strftime("%H:%M") for delta in (-1, 0)}
    assert any(f"sau {time} ngày {unlocks:%d/%m/%Y}" in response.content.decode() for time in times)


@pytest.mark.parametrize(("url", "home"), LOGIN_PAGES)
def test_the_lock_lifts_after_the_cool_off(client, user, url, home):
    fail(client, url, user.username)
    assert_locked(log_in(client, url, user.username, PASSWORD))

    # 15 minutes pass since the last attempt.
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))

    assert_logged_in(log_in(client, url, user.username, PASSWORD), home)


@pytest.mark.parametrize(("url", "home"), LOGIN_PAGES)
def test_an_administrator_unlocks_the_account_with_the_command(client, user, url, home):
    fail(client, url, user.username)
    assert_locked(log_in(client, url, user.username, PASSWORD))

    output = io.StringIO()
    call_command("axes_reset_username", user.username, stdout=output)

    assert "removed" in output.getvalue()
    assert_logged_in(log_in(client, url, user.username, PASSWORD), home)


@pytest.mark.parametrize(("url", "home"), LOGIN_PAGES)
def test_another_user_at_the_same_address_is_not_locked_out(client, user, url, home):
    colleague = UserFactory(username="lanh.dao", is_staff=True, is_superuser=True)
    fail(client, url, user.username)

    assert_logged_in(log_in(client, url, colleague.username, PASSWORD), home)


@pytest.mark.parametrize(("url", "home"), LOGIN_PAGES)
def test_the_same_user_from_another_address_is_not_locked_out(client, user, url, home):
    fail(client, url, user.username, address="10.0.0.7")

    assert_logged_in(log_in(client, url, user.username, PASSWORD, address="10.0.0.8"), home)


def test_the_lockout_page_is_the_portal_page_not_an_error(client, user):
    response = fail(client, "/dang-nhap/", user.username)

    assert "account_locked.html" in [template.name for template in response.templates]
    assert 'href="/dang-nhap/"' in response.content.decode()


def test_the_address_behind_a_proxy_is_the_one_the_proxy_saw(client, user, settings):
    """With one trusted proxy, the address it appended counts, not what the client wrote before it."""
    settings.PROXY_COUNT = 1
    for forged in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/dang-nhap/",
            {"username": user.username, "password": "sai"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{forged}, 203.0.113.9",
        )

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    locked = client.post(
        "/dang-nhap/",
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert_locked(locked)
