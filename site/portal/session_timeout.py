"""Signed-in sessions end after a set idle time; the page warns first and can keep them alive.

The idle time is ``SESSION_COOKIE_AGE`` (``SESSION_IDLE_MINUTES`` in the environment). Every
session backend stores a session for that long from its last save, so a session slides when it
is saved again. ``SlidingSessionMiddleware`` saves a signed-in session when the person does
something, at most once every ``SESSION_REFRESH_SECONDS``: a write per request (Django's
``SESSION_SAVE_EVERY_REQUEST``) would be a database or Redis write for every page view and every
autosave, for a precision nobody needs.

Two endpoints serve static/js/session-timeout.js (docs/sessions.md):

- ``status`` (GET) says how long the session has left, without counting as activity, so a page
  that asks before warning does not keep an idle session alive;
- ``keep_alive`` (POST, CSRF-protected, signed-in only) counts as activity and says the new expiry.

Wagtail's editor pings the server every 10 s while a page is open in it; that ping is passive too,
so an editor left open on an unattended computer does not keep the administrator signed in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

# When the session was last refreshed, in seconds since the epoch, kept in the session itself.
TOUCHED_KEY = "_portal_session_touched"
# Requests that report on the session or ping from an open editor: they are not the person's activity.
PASSIVE_VIEW_NAMES = frozenset({"session_status", "wagtailadmin_editing_sessions:ping"})


def idle_seconds() -> int:
    """How long a signed-in session lasts without activity."""
    return int(settings.SESSION_COOKIE_AGE)


def seconds_left(request: HttpRequest, now: float | None = None) -> int:
    """Seconds until the signed-in session of the request expires, from its last refresh."""
    now = time.time() if now is None else now
    touched = request.session.get(TOUCHED_KEY, now)
    return max(0, round(touched + idle_seconds() - now))


def touch(request: HttpRequest, *, now: float | None = None, every: int | None = None) -> bool:
    """Refreshes the session's expiry if its last refresh is ``every`` seconds old or more (0: always).

    Changing a value in the session makes SessionMiddleware save it again, which restarts the
    backend's expiry and the cookie's Max-Age. Returns whether it did.
    """
    now = time.time() if now is None else now
    every = settings.SESSION_REFRESH_SECONDS if every is None else every
    touched = request.session.get(TOUCHED_KEY)
    if touched is not None and now - touched < every:
        return False
    request.session[TOUCHED_KEY] = now
    return True


def _is_passive(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name in PASSIVE_VIEW_NAMES


class SlidingSessionMiddleware:
    """Slides a signed-in session's expiry on each of the person's requests (at most once a
    ``SESSION_REFRESH_SECONDS``). After AuthenticationMiddleware, for ``request.user``; its
    change reaches SessionMiddleware, which saves the session on the way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        if session.session_key is None and not session.modified:
            # No session cookie and no login just now: nothing to slide. Asking for the user would read
            # the session and add "Vary: Cookie" to answers that never looked at it (the results API).
            return response
        # After the view: a login has just made the user known, a logout forgotten. Anonymous
        # visitors get no session from this (it would be a row or a key per visitor).
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not _is_passive(request):
            touch(request)
        return response


def _answer(request: HttpRequest) -> dict:
    left = seconds_left(request)
    return {
        "authenticated": True,
        "expires_in": left,
        "expires_at": datetime.fromtimestamp(time.time() + left, tz=UTC).isoformat(timespec="seconds"),
        "idle_seconds": idle_seconds(),
        "warning_seconds": int(settings.SESSION_WARNING_SECONDS),
    }


@never_cache
@require_GET
def status(request: HttpRequest) -> JsonResponse:
    """How long the session has left; reading it does not extend it. Anyone may ask: an anonymous
    visitor (or a session that has just expired) gets ``authenticated: false`` and nothing else."""
    if not request.user.is_authenticated:
        return JsonResponse({"authenticated": False})
    return JsonResponse(_answer(request))


@never_cache
@require_POST
def keep_alive(request: HttpRequest) -> JsonResponse:
    """The "Stay signed in" button: the session starts a new idle period now."""
    if not request.user.is_authenticated:
        message = _("Your session has ended. Log in again to continue.")
        return JsonResponse({"authenticated": False, "error": message}, status=403)
    touch(request, every=0)
    return JsonResponse(_answer(request))


urlpatterns = [
    path("phien/", status, name="session_status"),
    path("phien/duy-tri/", keep_alive, name="session_keep_alive"),
]
