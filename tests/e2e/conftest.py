"""Browser tests: Playwright driving Debian's Chromium against a live server with the demo site.

Where no Chromium is found the tests are skipped with a message saying how to
install it; with REQUIRE_BROWSER=1 (set by .ci/run) a missing browser fails the run.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ACTION_TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium` or set CHROMIUM_PATH."
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait as long as actions do. Playwright's 5 s default was too short on a
    # 2-core CI machine running both databases' suites at once: a criteria set's publish
    # POST (its whole StreamField validated) answered after the assertion gave up.
    expect.set_options(timeout=ACTION_TIMEOUT_MS)

    # Playwright's sync API runs an event loop in the test thread; the ORM calls the
    # journeys make from that thread are still synchronous and safe. Set only while
    # the browser runs, so no other test (or subprocess) inherits it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def new_context(browser, **options):
    """A browser context as a Vietnamese user's laptop (unless ``options`` say otherwise), with the suite's waits."""
    context = browser.new_context(**{"locale": "vi-VN", "viewport": {"width": 1280, "height": 900}, **options})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    return context


@pytest.fixture
def page(browser):
    context = new_context(browser)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = new_context(browser, viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def demo_site(migration_content, browser, django_db_setup, django_db_blocker):
    """One live server for the whole browser session, holding the demo content `make run` loads.

    The journeys run against the same site, one after another, as people would
    use it: nothing is flushed between them (flushing would also drop the rows
    Wagtail's migrations create), so each journey works on pages of its own, and
    the browser tests run after every other test (tests/conftest.py).
    """
    from django.db import connection
    from pytest_django.live_server_helper import LiveServer

    name = str(connection.settings_dict["NAME"])
    assert (connection.vendor == "sqlite" and connection.is_in_memory_db()) or "test" in name, (
        f"the browser tests must run on a test database, not {name}"
    )
    with django_db_blocker.unblock():
        from wagtail.models import Page

        if Page.get_first_root_node() is None and migration_content:
            # A transactional test that ran before (PostgreSQL only) flushed the database on
            # its way out; put back what the migrations created, as serialized_rollback does.
            connection.creation.deserialize_db_from_string(migration_content)
        call_command("load_demo_content", stdout=io.StringIO())
        server = LiveServer("localhost")
        yield server
        server.stop()
        connection.close()


@pytest.fixture(autouse=True)
def db():
    """Stands in for pytest-django's ``db`` in the browser tests.

    pytest-django creates the test database only when a collected test asks for
    ``db``; asking for it here makes ``pytest tests/e2e`` alone use a test
    database too (never the developer's), while this stand-in opens no
    transaction: the journeys share one live site (see ``demo_site``).
    """


@pytest.fixture(autouse=True)
def database_reads(django_db_blocker):
    """The journeys check through the ORM what the browser did."""
    with django_db_blocker.unblock():
        yield


def admin_login(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def open_period() -> dict:
    """A report filter for the period open today: the demo puts its reports in every state there."""
    from django.utils import timezone

    now = timezone.now()
    return {"period__opens_at__lte": now, "period__submission_deadline__gte": now}
