"""The load balancer's health check: 200 with every part reachable, 503 naming the part that is not,
never cached, nothing personal in it."""

import json

import pytest
from django.core.cache import cache

from portal import health

pytestmark = pytest.mark.django_db


def test_healthy_when_the_database_the_cache_and_the_storage_answer(client):
    response = client.get("/suc-khoe/")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }
    assert "no-store" in response["Cache-Control"]


def test_the_check_leaves_nothing_behind_in_the_storage_or_the_cache():
    from portal.storage import evidence_storage as storage

    before = storage.listdir("health")[1] if storage.exists("health") else []
    assert health.storage_ok() and health.cache_ok()
    after = storage.listdir("health")[1] if storage.exists("health") else []
    assert after == before
    assert not [key for key in getattr(cache, "_cache", {}) if "health:" in str(key)]


@pytest.mark.parametrize("part", ["database", "cache", "storage"])
def test_a_part_that_fails_makes_it_503_and_is_named(client, monkeypatch, part, caplog):
    def broken() -> bool:
        raise ConnectionError("unreachable")

    monkeypatch.setitem(health.CHECKS, part, broken)
    response = client.get("/suc-khoe/")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error"
    assert body["checks"][part] == "error"
    assert [name for name, state in body["checks"].items() if state == "error"] == [part]
    assert f"health check {part} failed" in caplog.text  # the cause goes to the log, not to the caller


def test_only_get_is_answered(client):
    assert client.post("/suc-khoe/").status_code == 405


def test_production_answers_the_health_check_over_plain_http_and_redirects_the_rest(tmp_path):
    """The load balancer asks each app server directly, without TLS: the check must not be a redirect."""
    from tests.home.test_site import run_manage

    code = (
        "from django.test import Client; c = Client(); "
        "print(c.get('/suc-khoe/', HTTP_HOST='portal.example.org').status_code, "
        "c.get('/tim-kiem/', HTTP_HOST='portal.example.org').status_code)"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="production-test-" + "x" * 50,
        ALLOWED_HOSTS="portal.example.org",
        PORTAL_VAR_DIR=str(tmp_path),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )
    assert result.returncode == 0, result.stderr
    health_status, other_status = result.stdout.split()[-2:]
    assert health_status in ("200", "503") and other_status == "301"
