"""A cache of what anonymous visitors are sent for results pages and downloads (Redis when REDIS_URL is
set, local memory otherwise: settings.CACHES), purged whenever a results page is published or unpublished.

Purging is a generation number in the cache that every key carries: publishing increments it, so every
earlier copy is unreachable at once (and expires), on every app server sharing the cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation

GENERATION_KEY = "publications:generation"
TIMEOUT = 24 * 60 * 60
# The headers a cached copy keeps; everything else (cookies, CSRF, Vary from sessions) is left out.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Length", "ETag", "X-Content-Type-Options")


def generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, None)


def purge() -> None:
    """Every cached results page and download becomes stale, now."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new value is newer than every key made so far
        cache.set(GENERATION_KEY, generation() + 1, None)


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)
        and not request.user.is_authenticated
    )


def _key(request: HttpRequest) -> str:
    # The path and query come from the visitor: hashed, so no value can make a key too long or odd.
    where = hashlib.sha256(request.get_full_path().encode("utf-8", "surrogatepass")).hexdigest()
    return f"publications:{generation()}:{translation.get_language()}:{where}"


def cached_fragment(name: str, build: Callable[[], str]) -> str:
    """A piece of a page that only publication changes (the home page's latest results), for everyone."""
    return cache.get_or_set(f"publications:{generation()}:{translation.get_language()}:{name}", build, TIMEOUT)


def _from_store(stored) -> HttpResponse:
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Cache"] = "hit"
    return response


def serve_cached(request: HttpRequest, build: Callable[[], HttpResponse]) -> HttpResponse:
    """``build()``'s response, from the cache for an anonymous GET when a copy is there."""
    if not _cacheable(request):
        return build()
    key = _key(request)
    stored = cache.get(key)
    if stored is not None:
        return _from_store(stored)
    response = build()
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if response.status_code == 200 and not response.streaming:
        headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
        cache.set(key, (response.status_code, headers, response.content), TIMEOUT)
    response["X-Cache"] = "miss"
    return response


class CachedResultsMiddleware:
    """Answers an anonymous GET from the cache before URL routing and Wagtail's page lookup (about three
    quarters of a cached hit's time when served from the view, bench/bench_results.py). Only responses
    that ``serve_cached`` stored are found, so any other address costs two cache reads and goes on.

    It sits after the middleware that sets security headers and sessions (settings.MIDDLEWARE), so a hit
    passes back through them like any response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _cacheable(request):
            stored = cache.get(_key(request))
            if stored is not None:
                return _from_store(stored)
        return self.get_response(request)
