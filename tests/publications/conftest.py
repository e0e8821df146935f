"""A year's approved results (tests/factories/results.py), and the same published on a results page."""

import pytest

from assessments.reporting import services as report_service
from tests.factories.publications import publish_year, results_index
from tests.factories.results import build_published_year


@pytest.fixture
def published_year(db, decision):
    """The approved snapshots of one year (departments, communes, a district's communes)."""
    report_service._pinned.cache_clear()  # revision ids are reused after a rolled-back test on SQLite
    yield build_published_year(decision)
    report_service._pinned.cache_clear()


@pytest.fixture
def published(published_year, home_page):
    """``published_year`` on a published results page: (the year, the results index, the year's page)."""
    index = results_index(home_page)
    page = publish_year(index, published_year.world.period.year, intro="<p>Kết quả chính thức.</p>")
    return published_year, index, page
