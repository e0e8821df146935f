"""Publishing a results page starts building its official PDF (a background job) and drops every cached
results page and download."""

from __future__ import annotations

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from publications.cache import purge


@receiver(page_published)
def results_published(sender, instance, **kwargs) -> None:
    from publications.downloads import latest_document
    from publications.models import AnnualResultsPage, ResultsIndexPage
    from publications.tasks import start_pdf_build

    if isinstance(instance, AnnualResultsPage):
        purge()
        if latest_document(instance) is None:
            # A job: a year with thousands of agencies is published at once, its PDF follows (the publisher
            # can follow it on the job's page).
            revision = kwargs.get("revision")
            start_pdf_build(instance, owner=getattr(revision, "user", None))
    elif isinstance(instance, ResultsIndexPage):
        purge()


@receiver(page_unpublished)
def results_unpublished(sender, instance, **kwargs) -> None:
    from publications.models import AnnualResultsPage, ResultsIndexPage

    if isinstance(instance, AnnualResultsPage | ResultsIndexPage):
        purge()
