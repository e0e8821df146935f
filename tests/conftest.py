"""Shared fixtures: a site whose root is the portal's home page."""

import io
from pathlib import Path

import pytest
from wagtail.models import Page, Site

from tests.factories.home import DecisionIndexPageFactory, GuidanceIndexPageFactory, HomePageFactory


def pytest_collection_modifyitems(items):
    """Browser journeys last: they share one live site whose data they leave behind."""
    e2e = Path(__file__).parent / "e2e"
    items.sort(key=lambda item: e2e in Path(item.fspath).parents)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the database is rolled back after a test, a cached page
    (the published results, the home page's latest results) would outlive it."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def migration_content(django_db_setup) -> str | None:
    """What the migrations put in the test database (root page, groups, workflow...), when it was
    serialized for serialized_rollback; read once, at the start, for the browser tests to restore
    after a transactional test has flushed the database (see tests/e2e/conftest.py)."""
    from django.db import connection

    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker):
    """The demo `make run` loads, loaded once for all the tests of a module that read it.

    It is loaded inside a transaction that is rolled back after the module's last test; each test
    runs inside it in a savepoint of its own (pytest-django's ``db``), so what a test changes ends
    with it, and nothing of the demo reaches the next module. Loading takes most of a minute, so
    modules that only read the demo share one load instead of one per test.
    """
    from django.core.management import call_command
    from django.db import transaction

    from assessments.reporting import services as report_service

    with django_db_blocker.unblock(), transaction.atomic():
        report_service._pinned.cache_clear()
        call_command("load_demo_content", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
    report_service._pinned.cache_clear()


@pytest.fixture
def home_page(db):
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Cổng thử")
    return home


@pytest.fixture
def decision_index(home_page):
    return DecisionIndexPageFactory(parent=home_page)


@pytest.fixture
def guidance_index(home_page):
    return GuidanceIndexPageFactory(parent=home_page)


@pytest.fixture
def decision(decision_index):
    from tests.factories.home import DecisionPageFactory

    return DecisionPageFactory(parent=decision_index, number="2853/QĐ-UBND", title="Quyết định số 2853/QĐ-UBND")


@pytest.fixture
def criteria_set(decision):
    from tests.factories.assessments import CriteriaSetPageFactory

    return CriteriaSetPageFactory(parent=decision)
