"""What `make run` shows when a page is missing or a view fails: the portal's Vietnamese 404 and 500
pages (and 400 and 403), not Django's debug pages, unless a developer asks for those with DEBUG=1.

The 404 page of unknown addresses is tested in tests/home/test_site.py.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import include, path

from tests.home.test_site import run_manage

ROOT = Path(__file__).resolve().parents[2]


def failing_view(request):
    raise RuntimeError("a view that fails")


def failing_context_processor(request):
    raise RuntimeError("a context processor that fails")


def forbidding_view(request):
    raise PermissionDenied


# The URLs of these tests: the portal's, and views that raise.
urlpatterns = [
    path("loi-thu/", failing_view),
    path("cam-thu/", forbidding_view),
    path("", include("portal.urls")),
]

TEMPLATES_WITH_A_FAILING_PROCESSOR = [
    {
        **settings.TEMPLATES[0],
        "OPTIONS": {
            **settings.TEMPLATES[0]["OPTIONS"],
            "context_processors": [
                *settings.TEMPLATES[0]["OPTIONS"]["context_processors"],
                f"{__name__}.failing_context_processor",
            ],
        },
    }
]


@override_settings(ROOT_URLCONF=__name__, TEMPLATES=TEMPLATES_WITH_A_FAILING_PROCESSOR)
def test_a_failing_view_gets_the_vietnamese_500_page_without_database_or_context_processors():
    # No database fixture: pytest-django refuses any query, so the page must render without one; the
    # context processors include one that raises, so it must render without them too.
    assert settings.DEBUG is False
    response = Client(raise_request_exception=False).get("/loi-thu/")
    assert response.status_code == 500
    assert [template.name for template in response.templates] == ["500.html"]
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Hệ thống đang gặp sự cố" in html
    assert "Về trang chủ" in html
    assert "Traceback" not in html and "RuntimeError" not in html


@override_settings(ROOT_URLCONF=__name__)
def test_the_500_page_stylesheet_is_served():
    html = Client(raise_request_exception=False).get("/loi-thu/").content.decode()
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets == [f"{settings.STATIC_URL}css/portal.css"]
    response = Client().get(stylesheets[0])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_refusal_gets_the_vietnamese_403_page(client, home_page):
    response = client.get("/cam-thu/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Bạn không có quyền thực hiện việc này" in html
    assert 'href="/dang-nhap/"' in html


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_gets_the_vietnamese_page(home_page):
    response = Client(enforce_csrf_checks=True).post("/dang-nhap/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Không gửi được biểu mẫu" in html
    assert "CSRF" not in html


def test_a_request_for_an_unknown_host_gets_the_vietnamese_400_page():
    # Refused before the middleware ran: no signed-in user, no site lookup, no database.
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="portal.example.org")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Yêu cầu không hợp lệ" in html


def development_debug(debug: str, var_dir: Path) -> str:
    """settings.DEBUG under the development settings `make run` uses, with DEBUG set to ``debug``."""
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        PORTAL_VAR_DIR=str(var_dir),
        DEBUG=debug,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[-1]  # after the shell's "N objects imported automatically"


def test_development_settings_keep_debug_off_unless_asked(tmp_path):
    assert development_debug("", tmp_path) == "False"
    assert development_debug("0", tmp_path) == "False"
    assert development_debug("1", tmp_path) == "True"
    assert development_debug("true", tmp_path) == "True"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode()


@pytest.fixture
def development_server(tmp_path):
    """`manage.py runserver` as `make run` starts it: development settings, DEBUG not set.

    Its database is an empty SQLite file in a folder of its own: the static files need none, and a page
    that needs one fails, which shows the 500 page does not.
    """
    skipped = {"DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {key: value for key, value in os.environ.items() if key not in skipped}
    environment.update(DJANGO_SETTINGS_MODULE="portal.settings.dev", PORTAL_VAR_DIR=str(tmp_path))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"runserver did not start: {server.stderr.read() if server.stderr else ''}")
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_development_server_serves_static_files_with_debug_off(development_server):
    status, content_type, body = fetch(f"{development_server}/static/css/portal.css")
    assert (status, content_type.split(";")[0]) == (200, "text/css")
    assert ".table-scroll" in body
    status, content_type, _ = fetch(f"{development_server}/static/js/report-form.js")
    assert (status, content_type.split(";")[0]) == (200, "text/javascript")


def test_the_development_server_shows_the_vietnamese_500_page_not_a_traceback(development_server):
    # The database has no tables, so every page fails: the error page itself must need none.
    status, _, html = fetch(f"{development_server}/")
    assert status == 500
    assert "Hệ thống đang gặp sự cố" in html
    assert "Traceback" not in html and "OperationalError" not in html
