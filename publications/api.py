"""The public results as JSON: the results API at ``/api/ket-qua/`` (docs/results-api.md, schema in
:mod:`publications.api_schema`), and Wagtail's pages API at ``/api/v2/pages/`` with the results pages' fields.

The results API publishes exactly what the live results pages publish: it reads through
:mod:`publications.published` (the approved snapshots a live year page holds), so an unpublished year or a
cohort the page does not hold is a 404, as on the pages.

Plain Django views rather than Django REST framework's, although DRF is installed (Wagtail's pages API is
built on it), because:

- a response is :func:`publications.cache.serve_cached`'s unit: it stores a finished ``HttpResponse`` under
  the path and the language. A DRF ``Response`` is rendered by content negotiation (JSON, or the browsable
  HTML API for an ``Accept: text/html``), which that key does not carry, so a cached copy could be the other
  rendering; a ``JsonResponse`` is the same bytes for everyone;
- the read layer already gives typed dataclasses; one function per shape turns them into JSON, and the
  hand-written OpenAPI schema describes those functions, with no serializer layer between the two;
- every refusal is this module's JSON with a Vietnamese message (:class:`ApiError`), not DRF's defaults, and
  there is no authentication, permission, throttling or negotiation to configure away for an anonymous,
  read-only API.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import wraps

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework.renderers import JSONRenderer
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from assessments.models import ResultSnapshot
from publications import api_schema
from publications.cache import serve_cached
from publications.models import AnnualResultsPage, ResultsIndexPage
from publications.published import (
    PublishedCohort,
    Row,
    YearResult,
    agency_years,
    cohort_key,
    cohort_title,
    published_cohorts,
)
from publications.views import live_years, previous_page

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
# More digits than this is a page no cohort reaches (and int() refuses strings past 4,300 digits).
MAX_PAGE_DIGITS = 9
YEAR = re.compile(r"[0-9]{4}")
WHOLE = re.compile(r"[0-9]+")  # ASCII digits only: int() would also take "٣" or " 3"
ALLOWED_METHODS = ("GET", "HEAD")


class ApiError(Exception):
    """A refusal: its status, a code for programs and a message for people (in the visitor's language)."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_response(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message}, status=status, json_dumps_params={"ensure_ascii": False})


def method_not_allowed() -> JsonResponse:
    response = error_response(405, "method_not_allowed", _("The results API only answers GET and HEAD requests."))
    response["Allow"] = ", ".join(ALLOWED_METHODS)
    return response


def _json(data: object) -> JsonResponse:
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


# Numbers as the pages print them (scores with 2 places, indexes with 4), as strings: no float rounding.
def score(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def index(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.4f}"


def _check_query(request: HttpRequest, allowed: Iterable[str]) -> None:
    """Unknown or repeated query parameters are refused: each accepted address is one cached copy."""
    allowed = tuple(allowed)
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        if allowed:
            message = _("Unknown query parameter: %(names)s. This address accepts: %(known)s.") % {
                "names": ", ".join(unknown),
                "known": ", ".join(allowed),
            }
        else:
            message = _("Unknown query parameter: %(names)s. This address takes no query parameters.") % {
                "names": ", ".join(unknown)
            }
        raise ApiError(400, "unknown_parameter", message)
    repeated = sorted(name for name in request.GET if len(request.GET.getlist(name)) > 1)
    if repeated:
        message = _("Give each query parameter once: %(names)s.") % {"names": ", ".join(repeated)}
        raise ApiError(400, "repeated_parameter", message)


def endpoint(*, query: Iterable[str] = ()) -> Callable:
    """A results API view: GET and HEAD only, the query parameters it names only, an :class:`ApiError` as
    JSON, and anonymous answers through the publications cache (so purged when results are published)."""
    query = tuple(query)

    def decorate(view: Callable[..., object]) -> Callable[..., HttpResponse]:
        @csrf_exempt  # nothing here changes anything; without it a POST would meet CSRF's HTML 403, not our 405
        @wraps(view)
        def wrapped(request: HttpRequest, **kwargs) -> HttpResponse:
            if request.method not in ALLOWED_METHODS:
                return method_not_allowed()
            try:
                _check_query(request, query)
                return serve_cached(request, lambda: _json(view(request, **kwargs)))
            except ApiError as error:  # raised before or while building: never cached
                return error_response(error.status, error.code, error.message)

        return wrapped

    return decorate


def parse_year(value: str) -> int:
    if not YEAR.fullmatch(value) or int(value) < 1000:
        raise ApiError(400, "invalid_year", _("The year must be a number of four digits, such as 2024."))
    return int(value)


def parse_page(value: str | None) -> int | None:
    """The page asked for; ``None`` for a number past every cohort's last page."""
    if value is None:
        return 1
    if not WHOLE.fullmatch(value) or not value.strip("0"):
        raise ApiError(400, "invalid_page", _("The page number must be a whole number from 1."))
    digits = value.lstrip("0")
    return None if len(digits) > MAX_PAGE_DIGITS else int(digits)


def parse_page_size(value: str | None) -> int:
    if value is None:
        return DEFAULT_PAGE_SIZE
    digits = value.lstrip("0")
    if not WHOLE.fullmatch(value) or not digits or len(digits) > 4 or int(digits) > MAX_PAGE_SIZE:
        raise ApiError(
            400,
            "invalid_page_size",
            _("The page size must be a whole number from 1 to %(maximum)d.") % {"maximum": MAX_PAGE_SIZE},
        )
    return int(digits)


def live_page(year: int) -> AnnualResultsPage:
    page = AnnualResultsPage.objects.live().public().filter(year=year).first()
    if page is None:
        raise ApiError(404, "year_not_published", _("No results are published for this year."))
    return page


def year_api_url(year: int) -> str:
    return reverse("publications:api-year", args=[year])


def cohort_api_url(year: int, key: str) -> str:
    return reverse("publications:api-cohort", args=[year, key])


def cohort_heads(ids: Iterable[int]) -> list[ResultSnapshot]:
    """The published snapshots without their data (every agency's answers: the listing needs only names),
    in :func:`publications.published.snapshots_by_id`'s order. One query."""
    snapshots = (
        ResultSnapshot.objects.filter(pk__in=list(ids)).select_related("level", "within").defer("data", "sha256")
    )
    return sorted(
        snapshots, key=lambda s: (s.within_id is not None, s.level.order, s.within.name if s.within_id else "")
    )


def cohort_head(year: int, cohort: PublishedCohort) -> dict:
    """What a cohort is: who approved which version, when and why, against which criteria."""
    return {
        "key": cohort.key,
        "title": cohort.title,
        "level": cohort.level,
        "within": {"code": cohort.within_code, "name": cohort.within_name} if cohort.within_code else None,
        "version": cohort.version,
        "approved_at": timezone.localtime(cohort.approved_at).isoformat(timespec="seconds"),
        "approving_agency": cohort.approving_agency,
        "reason": cohort.reason,
        "criteria": {"title": cohort.criteria_title, "revision": cohort.criteria_revision},
        "maximum": score(cohort.maximum),
        "groups": [{"code": code, "title": title, "max_points": score(top)} for code, title, top in cohort.groups],
        "agencies": cohort.count,
        "ranked": cohort.ranked_count,
        "api_url": cohort_api_url(year, cohort.key),
    }


def row_json(row: Row) -> dict:
    return {
        "rank": row.rank,
        "code": row.code,
        "name": row.name,
        "reported": row.reported,
        "groups": [{"code": cell.code, "score": score(cell.score)} for cell in row.groups],
        "total": score(row.total),
        "index": index(row.index),
        "band": row.band,
        "rank_change": row.rank_change,
        "total_change": score(row.total_change),
        "new": row.new,
    }


def agency_year_json(result: YearResult, url: str) -> dict:
    row = result.row
    return {
        "year": result.year,
        "url": url,
        "cohort": result.cohort_title,
        "criteria": {"title": result.criteria_title, "revision": result.criteria_revision},
        "rank": row.rank if row else None,
        "reported": bool(row and row.reported),
        "total": score(row.total) if row else None,
        "index": index(row.index) if row else None,
        "band": row.band if row else "",
        "groups": [
            {"code": cell.code, "title": cell.title, "score": score(cell.score), "max_points": score(cell.maximum)}
            for cell in (row.groups if row else ())
        ],
        "indicators": [
            {
                "code": code,
                "title": title,
                "score": score(value),
                # The appraiser's correction as the agency's page shows it; who made it stays unpublished.
                "change": {
                    "self_score": score(Decimal(str(change["self_score"]))),
                    "appraised_score": score(Decimal(str(change["appraised_score"]))),
                    "reason": change.get("reason", ""),
                }
                if change
                else None,
            }
            for code, title, value, change in result.indicators
        ],
    }


@endpoint()
def years(request: HttpRequest) -> list[dict]:
    """The published years, newest first, with their cohorts' keys and titles. Two queries."""
    pages = live_years()
    heads = cohort_heads(pk for page in pages for pk in page.snapshot_ids)
    listed = []
    for page in pages:
        held = set(page.snapshot_ids)
        cohorts = [
            {"key": cohort_key(s), "title": cohort_title(s), "api_url": cohort_api_url(page.year, cohort_key(s))}
            for s in heads
            if s.pk in held
        ]
        listed.append(
            {
                "year": page.year,
                "title": page.title,
                "url": page.get_full_url(request),
                "api_url": year_api_url(page.year),
                "cohorts": cohorts,
            }
        )
    return listed


@endpoint()
def year(request: HttpRequest, year: str) -> dict:
    """A published year: each cohort's approval, criteria and groups. Two queries."""
    page = live_page(parse_year(year))
    return {
        "year": page.year,
        "title": page.title,
        "url": page.get_full_url(request),
        "cohorts": [cohort_head(page.year, cohort) for cohort in published_cohorts(page.snapshot_ids)],
    }


@endpoint(query=("page", "page_size"))
def cohort(request: HttpRequest, year: str, key: str) -> dict:
    """One page of a cohort's ranking as published, with the change since the previous published year."""
    wanted = parse_year(year)
    number = parse_page(request.GET.get("page"))
    size = parse_page_size(request.GET.get("page_size"))
    page = live_page(wanted)
    previous = previous_page(page)
    found = next(
        (c for c in published_cohorts(page.snapshot_ids, previous.snapshot_ids if previous else ()) if c.key == key),
        None,
    )
    if found is None:
        raise ApiError(404, "cohort_not_published", _("This year's published results hold no such cohort."))
    pages = max(1, math.ceil(found.count / size))
    if number is None or number > pages:
        raise ApiError(
            404, "page_out_of_range", _("There is no such page: the last one is %(pages)d.") % {"pages": pages}
        )

    def link(to: int) -> str:
        query = {"page": to} if size == DEFAULT_PAGE_SIZE else {"page": to, "page_size": size}
        return cohort_api_url(page.year, found.key) + "?" + urlencode(query)

    return {
        "year": page.year,
        "cohort": cohort_head(page.year, found),
        "count": found.count,
        "page": number,
        "page_size": size,
        "pages": pages,
        "next": link(number + 1) if number < pages else None,
        "previous": link(number - 1) if number > 1 else None,
        "results": [row_json(row) for row in found.rows_between((number - 1) * size, number * size)],
    }


@endpoint()
def agency(request: HttpRequest, code: str) -> dict:
    """An agency's results in each published year (its province-wide cohort), oldest first."""
    pages = live_years()
    results = agency_years(pages, code)
    if not results:
        raise ApiError(404, "agency_not_published", _("No published results name this agency."))
    by_year = {page.year: page for page in pages}
    latest = results[-1].row
    return {
        "code": code,
        "name": latest.name if latest else code,
        "years": [agency_year_json(result, by_year[result.year].get_full_url(request)) for result in results],
    }


@csrf_exempt
def schema(request: HttpRequest) -> HttpResponse:
    """The OpenAPI document of the results API: no database, the same for everyone."""
    if request.method not in ALLOWED_METHODS:
        return method_not_allowed()
    return _json(api_schema.SCHEMA)


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under the API's prefix: JSON, not the site's HTML page."""
    return error_response(404, "not_found", _("The results API has no such address."))


urlpatterns = [
    path("", years, name="api-years"),
    path("openapi.json", schema, name="api-schema"),
    path("co-quan/<str:code>/", agency, name="api-agency"),
    path("<str:year>/", year, name="api-year"),
    path("<str:year>/<str:key>/", cohort, name="api-cohort"),
    # Only addresses ending in a slash, so CommonMiddleware's APPEND_SLASH still redirects
    # "/api/ket-qua/2024" to "/api/ket-qua/2024/" instead of this answering 404 first.
    re_path(r"^(?P<rest>.*)/$", not_found),
]


# Wagtail's pages API ----------------------------------------------------------------------------------------

# The results pages' own fields in the pages API. Declared here rather than as ``api_fields`` on the models so
# the API's wiring stays in this module; ``snapshot_ids`` stays out (the results API says what they hold).
RESULTS_PAGE_FIELDS: dict[type, tuple[str, ...]] = {
    ResultsIndexPage: ("intro",),
    AnnualResultsPage: ("year", "intro"),
}


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages API (live, public pages only), JSON only and without authentication: it serves what
    any visitor reads, so it checks no password (no guessing through Basic authentication) and renders no
    browsable HTML (whose scripts the site's Content-Security-Policy would refuse)."""

    authentication_classes: list = []
    renderer_classes = [JSONRenderer]

    @classmethod
    def get_body_fields(cls, model):
        return super().get_body_fields(model) + cls._convert_api_fields(RESULTS_PAGE_FIELDS.get(model, ()))


pages_api = WagtailAPIRouter("wagtailapi")
pages_api.register_endpoint("pages", PublicPagesAPIViewSet)
