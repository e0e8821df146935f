"""Site search over live pages, insensitive to Vietnamese diacritics."""

from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from wagtail.models import Page

from home.text import search_terms

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


class QueryTooLong(ValueError):
    """The query is longer than anyone types; refused rather than searched."""


@dataclass(frozen=True)
class SearchOutcome:
    query: str
    terms: list[str]
    results: PaginatorPage | None


def search_pages(query: str, page_number: str | None, root: Page | None = None) -> SearchOutcome:
    """Live pages holding every word of ``query``, diacritics and symbols ignored.

    Only words survive :func:`search_terms`, so operators and regex-like input
    reach the search backend as plain words and cannot break its query syntax.
    """
    query = query.strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryTooLong(query)
    terms = search_terms(query)
    if not terms:
        return SearchOutcome(query, terms, None)
    pages = Page.objects.live().public()
    if root is not None:
        pages = pages.descendant_of(root, inclusive=True)
    matches = pages.search(" ".join(terms), operator="and")
    return SearchOutcome(query, terms, Paginator(matches, RESULTS_PER_PAGE).get_page(page_number))
