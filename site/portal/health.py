"""The load balancer's health check: ``GET /suc-khoe/`` answers 200 when this app server can reach the
database, the cache and the evidence storage, 503 naming the part that failed otherwise. It says nothing
else (no version, no host name, no personal data) and is never cached."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.storage import storage_ok

logger = logging.getLogger(__name__)


def database_ok() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_ok() -> bool:
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)


CHECKS: dict[str, Callable[[], bool]] = {"database": database_ok, "cache": cache_ok, "storage": storage_ok}


def run_checks() -> dict[str, bool]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception:  # a health check reports a failure; it never raises one
            logger.exception("health check %s failed", name)
            results[name] = False
    return results


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    results = run_checks()
    healthy = all(results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": {k: "ok" if v else "error" for k, v in results.items()}},
        status=200 if healthy else 503,
    )
