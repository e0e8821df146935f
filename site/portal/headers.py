"""Security headers on every response Django builds, chosen by where the request goes.

Three middleware, each one rule, configured in ``portal.settings.base`` (so tests
see the headers production sends; see docs/security.md):

- ``AreaCSPMiddleware``: django-csp's middleware, with the admin's looser policy
  on admin paths and the site's strict one everywhere else;
- ``PermissionsPolicyMiddleware``: the browser features no page of the portal uses;
- ``NoStoreMiddleware``: ``Cache-Control: no-store, private`` on the areas that
  show reports or personal data, so neither a shared proxy nor the browser's
  history keeps a copy after the officer logs out.

Static files never reach these: WhiteNoise answers them earlier in the chain.
"""

from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def in_area(request: HttpRequest, prefixes: tuple[str, ...] | list[str]) -> bool:
    """Whether the request's path lies under one of the prefixes.

    By path rather than by view, so every page an include adds (Wagtail's admin
    registers its own through hooks), and its 404s, are covered without a list of views.
    """
    return request.path_info.startswith(tuple(prefixes))


class AreaCSPMiddleware(CSPMiddleware):
    """The admin's policy (``ADMIN_CONTENT_SECURITY_POLICY``) under ``ADMIN_PATH_PREFIXES``.

    django-csp builds the header from ``response._csp_config`` when a view set one
    and from ``CONTENT_SECURITY_POLICY`` otherwise; giving admin responses their
    own config here keeps the site's policy strict without decorating Wagtail's views.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        # Wagtail renders a preview by running a made-up request for the page's own URL
        # through the middleware, inside the admin request that frames it; that made-up
        # request would get the site's policy (frame-ancestors 'none') and the preview
        # would be refused its frame. The admin request's own pass gives it the admin's.
        if getattr(request, "is_dummy", False):
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request: HttpRequest, response: HttpResponse, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and in_area(request, settings.ADMIN_PATH_PREFIXES):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` from the ``PERMISSIONS_POLICY`` setting: feature -> allowed origins."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.setdefault("Permissions-Policy", self.header)
        return response


class NoStoreMiddleware:
    """Never cache what is served under ``NO_STORE_PATH_PREFIXES`` (reports, logins, the admin)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if in_area(request, settings.NO_STORE_PATH_PREFIXES):
            # Django's never_cache: no-cache, no-store, must-revalidate, private, max-age=0, Expires.
            add_never_cache_headers(response)
        return response
