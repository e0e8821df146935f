"""Publishing a results page stores its official PDF and drops every cached results page and download."""

from __future__ import annotations

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from publications.cache import purge


@receiver(page_published)
def results_published(sender, instance, **kwargs) -> None:
    from publications.downloads import latest_document, store_document
    from publications.models import AnnualResultsPage, ResultsIndexPage

    if isinstance(instance, AnnualResultsPage):
        if latest_document(instance) is None:
            store_document(instance)
        purge()
    elif isinstance(instance, ResultsIndexPage):
        purge()


@receiver(page_unpublished)
def results_unpublished(sender, instance, **kwargs) -> None:
    from publications.models import AnnualResultsPage, ResultsIndexPage

    if isinstance(instance, AnnualResultsPage | ResultsIndexPage):
        purge()
