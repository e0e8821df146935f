"""Structured logs: one JSON object per line, each carrying the id of the request it belongs to.

``RequestIdMiddleware`` takes the id nginx gives (``X-Request-ID``, so the proxy's access log and the
portal's lines join up) or makes one, keeps it for the request's logs, returns it in the response's
``X-Request-ID`` and writes one line per request (method, path, status, time taken, at INFO). The path
is logged without its query string, which may hold what a visitor searched for; no user name, no
address, no form value is ever logged.

``JsonFormatter`` writes a record as JSON; settings choose it with ``LOG_FORMAT=json`` (the default in
production), plain text otherwise.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's id may look like: nginx's $request_id is 32 hex digits; a UUID has dashes. Anything else
# (too long, other characters: a forged header could carry a line break into the logs) is replaced.
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
access_log = logging.getLogger("portal.request")


def incoming_id(request: HttpRequest) -> str:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    return given if _VALID_ID.match(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Not reset on the way out: Django logs a 4xx or 5xx ("Not Found: …") after the middleware has
        # returned; the id is cleared when the response is finished (``forget_request_id``).
        request_id.set(incoming_id(request))
        request.request_id = request_id.get()
        start = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        access_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - start) * 1000, 1),
            },
        )
        return response


@receiver(request_finished)
def forget_request_id(**kwargs) -> None:
    """Lines logged between requests (a worker starting, a signal) carry no request's id."""
    request_id.set("-")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (``-`` outside a request: commands, the worker)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


# Attributes every LogRecord has; anything else was passed in ``extra`` and goes into the JSON as is.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        entry.update({key: value for key, value in vars(record).items() if key not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
