"""Schemathesis against the results API: every operation of /api/ket-qua/openapi.json called with generated
input (valid and invalid years, cohort keys, agency codes, page numbers and sizes), through Django's WSGI
application with no server, on a database holding one published year. Each answer must be no 5xx and true
to the schema: status code documented, content type, body (schemathesis' default checks).

Bounded (25 examples an operation, no deadline) so it takes seconds; the published year is built once per
operation, the database being rolled back after each (pytest-django's ``db``).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

pytestmark = pytest.mark.django_db


# Loaded through the WSGI application at collection, as a client would fetch it (serving it needs no database).
# Not through ``schemathesis.pytest.from_fixture``: its 4.32.5 sets ``node._nodeid``, which pytest 9.2 no longer has.
schema = schemathesis.openapi.from_wsgi("/api/ket-qua/openapi.json", WSGIHandler())


@pytest.fixture
def served_year(published):
    from django.core.cache import cache

    year, _index, _page = published
    cache.clear()
    # The WSGI handler closes "old" connections at each request's start and end, which inside a test's
    # transaction would drop the test database's connection; Django's test client unhooks them the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield year
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        cache.clear()


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_results_api_answers_every_generated_request_as_its_schema_says(case, served_year):
    response = case.call_and_validate()
    assert response.status_code < 500


def test_the_published_years_answers_are_true_to_the_schema(served_year):
    """The generated years are seldom the one published (its year comes from the factories' sequence): every
    answer that publishes something is checked here, by the same checks, for each cohort and agency."""
    year = served_year.world.period.year
    keys = ["department", "commune", f"commune-{served_year.world.appraiser_agency.code.lower()}"]
    operation = {path: schema[path]["GET"] for path in schema}
    cases = [
        operation["/api/ket-qua/"].Case(),
        operation["/api/ket-qua/{year}/"].Case(path_parameters={"year": year}),
        *(
            operation["/api/ket-qua/{year}/{cohort_key}/"].Case(
                path_parameters={"year": year, "cohort_key": key}, query=query
            )
            for key in keys
            for query in ({}, {"page": 2, "page_size": 1}, {"page": 9, "page_size": 1000})
        ),
        *(
            operation["/api/ket-qua/co-quan/{code}/"].Case(path_parameters={"code": code})
            for code in ("SO-NV", "XA-B", "XA-D", "KHONG-CO")
        ),
    ]
    statuses = [case.call_and_validate().status_code for case in cases]
    assert statuses.count(200) == len(cases) - 4  # the four misses: past the last page (3), unknown agency
    assert sorted(set(statuses)) == [200, 404]
