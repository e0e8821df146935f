"""Fixtures shared by the reporting tests."""

import pytest

from assessments.reporting import services as report_service
from tests.assessments.reporting import build_world, remove_evidence_folder


@pytest.fixture(autouse=True)
def _isolated_reports():
    """Each test starts and ends without cached criteria or evidence files.

    Revision ids are reused after a rolled-back test on SQLite, so the per-process
    cache of pinned criteria must not outlive a test.
    """
    report_service._pinned.cache_clear()
    remove_evidence_folder()
    yield
    report_service._pinned.cache_clear()
    remove_evidence_folder()


@pytest.fixture
def world(decision):
    """Two agencies of one level, each with an officer, a head and a report in an open period."""
    return build_world(decision)
