"""Site-wide behaviour: sitemap, the Vietnamese 404 page, settings and deployment checks."""

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories.home import DecisionPageFactory, GuidancePageFactory

ROOT = Path(__file__).resolve().parents[2]


def test_sitemap_lists_every_live_page(client, decision_index, guidance_index):
    decision = DecisionPageFactory(parent=decision_index)
    guidance = GuidancePageFactory(parent=guidance_index)
    draft = GuidancePageFactory(parent=guidance_index, live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {node.text for node in ElementTree.fromstring(response.content).findall("s:url/s:loc", namespace)}
    assert any(location.endswith(decision.url) for location in locations)
    assert any(location.endswith(guidance.url) for location in locations)
    assert not any(location.endswith(f"/{draft.slug}/") for location in locations)


@pytest.mark.parametrize("path", ["/khong-co/", "/van-ban/khong-co/", "/%E2%80%AE/", "/" + "a" * 300 + "/"])
def test_unknown_addresses_get_the_vietnamese_404_page(client, home_page, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert '<html lang="vi">' in html
    assert 'href="/tim-kiem/"' in html


def test_pages_read_well_on_a_phone(client, home_page):
    html = client.get("/").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_public_site_speaks_vietnamese_even_to_english_browsers(client, home_page):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Chuyển đến nội dung chính" in html


def test_english_is_available_and_vietnamese_is_the_default():
    assert settings.LANGUAGE_CODE == "vi"
    assert "en" in dict(settings.LANGUAGES)
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    with translation.override("vi"):
        assert translation.gettext("Search") == "Tìm kiếm"
    with translation.override("en"):
        assert translation.gettext("Search") == "Search"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # A production check must not see the test run's own settings or its browser-test relaxations.
    skipped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {key: value for key, value in os.environ.items() if key not in skipped}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="portal.settings.production", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="a-long-random-production-key-" + "x" * 40,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_secret_key_is_not_a_literal_in_base_settings():
    base = (ROOT / "site" / "portal" / "settings" / "base.py").read_text()
    assert "SECRET_KEY" not in base.split('"""', 2)[2]
