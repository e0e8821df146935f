"""The headers production sends: Content-Security-Policy per area, Permissions-Policy,
no-store on reports, logins and the admin, and no Server header naming the software.

The pages are requested with the values of ``portal.settings.production`` (its
middleware, policies and HTTPS settings), over HTTPS as production serves them.
"""

import importlib
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories.assessments import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# What production sets that the test run must keep its own of: database, cache,
# file storage (the manifest needs collectstatic) and hosts (the test client's "testserver").
KEEP = {"DATABASES", "CACHES", "STORAGES", "ALLOWED_HOSTS", "PRIVATE_MEDIA_ROOT", "MEDIA_ROOT", "STATIC_ROOT"}

SITE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


@pytest.fixture
def production(settings, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "production-test-" + "x" * 40)
    module = importlib.import_module("portal.settings.production")
    for name in dir(module):
        # Only what differs: changing ROOT_URLCONF, even to itself, would rebuild the URLs.
        if name.isupper() and name not in KEEP and getattr(settings, name, None) != getattr(module, name):
            setattr(settings, name, getattr(module, name))
    return settings


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def get(client, path: str):
    response = client.get(path, secure=True)
    assert response.status_code == 200, (path, response.status_code)
    return response


def assert_common(response) -> None:
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "max-age=" in response["Strict-Transport-Security"]
    assert "Server" not in response


def assert_no_store(response) -> None:
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control


def test_a_public_page_gets_the_strict_policy_and_may_be_cached(production, client, home_page):
    response = get(client, "/")

    assert policy(response) == SITE_POLICY
    assert_common(response)
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_login_page_gets_the_strict_policy_and_is_never_stored(production, client, home_page):
    response = get(client, reverse("login"))

    assert policy(response) == SITE_POLICY
    assert_common(response)
    assert_no_store(response)


def test_a_report_page_gets_the_strict_policy_and_is_never_stored(production, client, world):
    client.force_login(world.officer_a)

    for path in (reverse("reports:dashboard"), reverse("reports:report", args=[world.report_a.pk])):
        response = get(client, path)
        assert policy(response) == SITE_POLICY
        assert_common(response)
        assert_no_store(response)


def test_an_admin_page_gets_the_admin_policy_and_is_never_stored(production, client, home_page):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = get(client, reverse("wagtailadmin_home"))

    admin = policy(response)
    # Relaxed only where Wagtail needs it (see ADMIN_CONTENT_SECURITY_POLICY), nothing from elsewhere.
    assert admin["script-src"] == "'self' 'unsafe-inline'"
    assert admin["style-src"] == "'self' 'unsafe-inline'"
    assert admin["script-src-attr"] == "'none'"
    assert admin["style-src-attr"] == "'none'"
    assert admin["frame-ancestors"] == "'self'"
    assert admin["object-src"] == "'none'"
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert not re.search(r"https?:", response["Content-Security-Policy"])
    assert_common(response)
    assert_no_store(response)


def test_the_admin_login_page_is_never_stored(production, client, home_page):
    response = get(client, reverse("wagtailadmin_login"))

    assert_no_store(response)
    assert "'unsafe-inline'" in policy(response)["script-src"]


def test_the_areas_are_where_the_urls_are(settings):
    """The prefixes in settings follow the URL configuration: a moved URL must move its prefix."""
    for name in ("reports:dashboard", "login", "logout", "wagtailadmin_home"):
        assert reverse(name).startswith(settings.NO_STORE_PATH_PREFIXES), name
    assert reverse("set_password", args=["MQ", "token"]).startswith(settings.NO_STORE_PATH_PREFIXES)
    assert reverse("wagtailadmin_home").startswith(settings.ADMIN_PATH_PREFIXES)
    assert not reverse("search").startswith(settings.ADMIN_PATH_PREFIXES + settings.NO_STORE_PATH_PREFIXES)


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "inline event handler"),
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "style attribute"),
    (re.compile(r"<style\b", re.IGNORECASE), "<style> element"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: URL"),
]


def test_no_template_of_the_site_has_inline_script_or_style():
    """The site's policy would block them: scripts go in static/js/, styles in static/css/."""
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for pattern, what in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_sends_no_server_header():
    """Started as the README says, gunicorn reads gunicorn.conf.py and names no software."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--pythonpath", "site", "--bind", f"127.0.0.1:{port}", "portal.wsgi"],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "portal.settings.test", "PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/portal.css", timeout=5) as answer:
                    headers = answer.headers
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert headers["Server"] is None
    assert headers["Content-Type"].startswith("text/css")
