"""Structured logs: each request's lines carry its id, taken from the proxy when well formed; JSON
lines hold the fields passed with the record; no query string reaches the log."""

import json
import logging

import pytest

from portal.logs import JsonFormatter, RequestIdFilter, request_id

pytestmark = pytest.mark.django_db


def test_a_request_gets_an_id_in_its_response_and_its_log_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.request"):
        response = client.get("/tim-kiem/", {"q": "bí mật"})
    given = response["X-Request-ID"]
    assert len(given) == 32
    record = next(r for r in caplog.records if r.name == "portal.request")
    assert (record.method, record.path, record.status) == ("GET", "/tim-kiem/", 200)
    assert "bí mật" not in caplog.text and "q=" not in caplog.text
    assert record.duration_ms >= 0


def test_the_proxys_id_is_kept_when_well_formed_and_replaced_when_not(client):
    assert client.get("/", headers={"X-Request-ID": "abc123-nginx-0001"})["X-Request-ID"] == "abc123-nginx-0001"
    forged = client.get("/", headers={"X-Request-ID": "x\r\nlevel: CRITICAL"})["X-Request-ID"]
    assert forged != "x\r\nlevel: CRITICAL" and len(forged) == 32
    assert client.get("/", headers={"X-Request-ID": "a" * 65})["X-Request-ID"] != "a" * 65


def test_each_different_request_gets_a_different_id(client):
    assert client.get("/")["X-Request-ID"] != client.get("/")["X-Request-ID"]


def test_a_json_line_holds_the_message_the_request_id_and_the_extra_fields():
    record = logging.LogRecord("portal.request", logging.INFO, __file__, 1, "GET %s", ("/",), None)
    record.status = 200
    token = request_id.set("feedc0de12345678")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET /"
    assert line["request_id"] == "feedc0de12345678"
    assert line["status"] == 200 and line["level"] == "INFO" and line["logger"] == "portal.request"


def test_an_exception_is_one_json_line_with_its_traceback():
    try:
        raise ValueError("Sở Nội vụ")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    text = JsonFormatter().format(record)
    assert "\n" not in text
    line = json.loads(text)
    assert "ValueError: Sở Nội vụ" in line["exception"]
    assert line["request_id"] == "-"  # outside a request


def test_production_writes_json_lines_unless_told_otherwise():
    from tests.home.test_site import run_manage

    code = "import logging; logging.getLogger('portal.check').warning('Sở %s', 'Nội vụ')"
    production = {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "production-test-" + "x" * 50,
        "ALLOWED_HOSTS": "portal.example.org",
    }
    result = run_manage("shell", "-c", code, **production)
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert (line["message"], line["logger"], line["request_id"]) == ("Sở Nội vụ", "portal.check", "-")
    text = run_manage("shell", "-c", code, LOG_FORMAT="text", **production)
    assert "WARNING portal.check [-] Sở Nội vụ" in text.stderr


def test_djangos_own_line_about_a_404_carries_the_request_id(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.request_id == response["X-Request-ID"]
    assert request_id.get() == "-"  # cleared once the response is finished
