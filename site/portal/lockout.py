"""Login lockout (django-axes): whose address counts, and what a locked-out person sees.

Both login pages (the agencies' ``/dang-nhap/`` and Wagtail's ``/admin/login/``)
go through ``django.contrib.auth.authenticate``, which django-axes watches; the
settings are in ``portal.settings.base`` and the reasons in docs/security.md.
"""

from datetime import datetime

from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone


def client_ip(request: HttpRequest) -> str:
    """The address the login came from, looking through ``PROXY_COUNT`` reverse proxies.

    Behind a proxy ``REMOTE_ADDR`` is the proxy itself, so every agency would share
    one address. Each trusted proxy appends the address it saw to
    ``X-Forwarded-For``; the entry ``PROXY_COUNT`` places from the right is the one
    our nearest proxy saw, and entries further left are whatever the client sent,
    which we never trust (or anyone could dodge the lock by inventing addresses).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if settings.PROXY_COUNT <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < settings.PROXY_COUNT:
        return remote
    return forwarded[-settings.PROXY_COUNT]


def unlocks_at(request: HttpRequest) -> datetime:
    """When the lock lifts, in local time.

    Each attempt while locked out counts as a new failure and restarts the
    cool-off (django-axes' default, kept so a password-guessing script never gets
    through), so the lock lifts one cool-off after this very attempt.
    """
    attempted = getattr(request, "axes_attempt_time", None) or timezone.now()
    return timezone.localtime(attempted + get_cool_off(request))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The Vietnamese page a locked-out login gets (``AXES_LOCKOUT_CALLABLE``), with status 429.

    It says until when, and that an administrator can lift the lock sooner.
    """
    context = {
        "username": get_client_username(request, credentials) or "",
        "unlocks_at": unlocks_at(request),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "login_url": request.path,
    }
    response = TemplateResponse(request, "account_locked.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    return response.render()
