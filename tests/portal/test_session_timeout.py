"""Signed-in sessions end after an idle time that slides on activity (portal.session_timeout).

The idle time is SESSION_COOKIE_AGE (SESSION_IDLE_MINUTES); a person's requests refresh it at most
once a SESSION_REFRESH_SECONDS; the status URL reads it without refreshing it; the keep-alive URL
(POST, CSRF-protected, signed-in only) refreshes it. The browser side is in
tests/e2e/test_session_timeout.py.
"""

import re
import runpy
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from portal import session_timeout
from tests.factories.assessments import UserFactory

pytestmark = pytest.mark.django_db

BASE_SETTINGS = Path(settings.BASE_DIR) / "site" / "portal" / "settings" / "base.py"
DASHBOARD = "/bao-cao/"


@pytest.fixture
def officer(home_page):
    return UserFactory(username="canbo.phien")


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def stored(client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def seconds_until(moment) -> float:
    return (moment - timezone.now()).total_seconds()


def read_settings(monkeypatch, **env) -> dict:
    """base.py run afresh with these environment variables."""
    for name in ("SESSION_IDLE_MINUTES", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE_SETTINGS), run_name="settings_probe")


def test_the_idle_time_is_thirty_minutes_unless_the_environment_says_otherwise(monkeypatch):
    assert read_settings(monkeypatch)["SESSION_COOKIE_AGE"] == 30 * 60
    assert read_settings(monkeypatch, SESSION_IDLE_MINUTES="5")["SESSION_COOKIE_AGE"] == 5 * 60
    assert not read_settings(monkeypatch).get("SESSION_SAVE_EVERY_REQUEST", False)


def test_sessions_live_in_redis_and_the_database_when_redis_is_configured(monkeypatch):
    assert read_settings(monkeypatch)["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    with_redis = read_settings(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/0")
    assert with_redis["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert with_redis["CACHES"]["default"]["BACKEND"] == "django_redis.cache.RedisCache"


def test_a_request_sets_the_session_to_expire_after_the_idle_time(signed_in, settings):
    settings.SESSION_COOKIE_AGE = 17 * 60
    response = signed_in.get(DASHBOARD)
    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 17 * 60
    assert 17 * 60 - 5 < seconds_until(stored(signed_in).expire_date) <= 17 * 60
    assert signed_in.session.get_expiry_age() == 17 * 60


def test_an_idle_session_ends_and_activity_keeps_it(signed_in, settings):
    settings.SESSION_COOKIE_AGE = 2
    settings.SESSION_REFRESH_SECONDS = 0
    assert signed_in.get(DASHBOARD).status_code == 200
    time.sleep(1.2)
    assert signed_in.get(DASHBOARD).status_code == 200  # activity: two more seconds from now
    time.sleep(1.2)  # 2.4 s after the first request, 1.2 s after the last
    assert signed_in.get(DASHBOARD).status_code == 200
    time.sleep(2.2)  # idle for longer than the idle time
    response = signed_in.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=/bao-cao/")
    assert signed_in.get("/phien/").json() == {"authenticated": False}


def test_activity_refreshes_the_session_at_most_once_a_minute(signed_in, settings):
    settings.SESSION_REFRESH_SECONDS = 60
    first = signed_in.get(DASHBOARD)
    assert settings.SESSION_COOKIE_NAME in first.cookies  # the first request after login refreshes
    second = signed_in.get(DASHBOARD)
    assert settings.SESSION_COOKIE_NAME not in second.cookies  # a second later: no write


def test_the_status_says_the_time_left_without_extending_it(signed_in, settings):
    settings.SESSION_REFRESH_SECONDS = 0
    signed_in.get(DASHBOARD)
    session = stored(signed_in)
    # As if the person had been idle for ten minutes.
    session_data = session.get_decoded()
    session_data[session_timeout.TOUCHED_KEY] -= 600
    Session.objects.save(session.session_key, session_data, session.expire_date - timedelta(seconds=600))
    expires = stored(signed_in).expire_date

    response = signed_in.get("/phien/")
    assert response.status_code == 200
    body = response.json()
    assert body["authenticated"] is True
    assert settings.SESSION_COOKIE_AGE - 605 < body["expires_in"] <= settings.SESSION_COOKIE_AGE - 600
    assert body["idle_seconds"] == settings.SESSION_COOKIE_AGE
    assert body["warning_seconds"] == settings.SESSION_WARNING_SECONDS
    assert "no-cache" in response["Cache-Control"]
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert stored(signed_in).expire_date == expires


def test_keep_alive_starts_a_new_idle_period(signed_in, settings):
    signed_in.get(DASHBOARD)
    session = stored(signed_in)
    session_data = session.get_decoded()
    session_data[session_timeout.TOUCHED_KEY] -= 600
    Session.objects.save(session.session_key, session_data, session.expire_date - timedelta(seconds=600))
    assert seconds_until(stored(signed_in).expire_date) < settings.SESSION_COOKIE_AGE - 590

    response = signed_in.post("/phien/duy-tri/")
    assert response.status_code == 200
    assert response.json()["expires_in"] == settings.SESSION_COOKIE_AGE
    assert seconds_until(stored(signed_in).expire_date) > settings.SESSION_COOKIE_AGE - 5
    assert signed_in.get("/phien/").json()["expires_in"] > settings.SESSION_COOKIE_AGE - 5


def test_keep_alive_refuses_anonymous_visitors_in_vietnamese(client, home_page):
    response = client.post("/phien/duy-tri/")
    assert response.status_code == 403
    assert response.json() == {
        "authenticated": False,
        "error": "Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại để tiếp tục.",
    }
    assert client.get("/phien/").json() == {"authenticated": False}


def test_keep_alive_needs_the_csrf_token_and_a_post(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert client.post("/phien/duy-tri/").status_code == 403
    assert client.get("/phien/duy-tri/").status_code == 405
    html = client.get(DASHBOARD).content.decode()  # the warning's form carries the token
    token = re.search(
        r'action="/phien/duy-tri/" data-session-keep-alive>\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
        html,
    )
    assert token, html
    response = client.post("/phien/duy-tri/", {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 200
    assert response.json()["authenticated"] is True


def test_anonymous_visitors_get_no_session_and_no_warning(client, home_page):
    response = client.get("/")
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "data-session-timeout" not in response.content.decode()
    assert Session.objects.count() == 0


def test_signed_in_pages_carry_the_warning_in_vietnamese(signed_in):
    html = signed_in.get(DASHBOARD).content.decode()
    assert 'role="alertdialog"' in html
    assert "Phiên làm việc sắp kết thúc" in html
    assert "Tiếp tục phiên làm việc" in html
    assert 'href="/dang-nhap/?next=/bao-cao/"' in html
    assert "js/session-timeout.js" in html


def test_the_admin_follows_the_same_idle_time_and_its_editor_ping_is_not_activity(client, home_page, settings):
    settings.SESSION_COOKIE_AGE = 11 * 60
    admin = UserFactory(username="quantri.phien", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 11 * 60
    ping = reverse("wagtailadmin_editing_sessions:ping", args=["wagtailcore", "page", "1", 1])
    assert resolve(ping).view_name in session_timeout.PASSIVE_VIEW_NAMES
