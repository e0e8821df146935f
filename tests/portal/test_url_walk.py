"""The security walk: every URL pattern the project defines, requested as every kind of visitor.

``django.urls.get_resolver()`` is walked at collection, included resolvers too, so a pattern that appears
(a new view, an app's new screen) is a test from the moment it exists. Each pattern needs a row in
``GET`` (one column per role, in ``ROLES`` order), or must fall under the Wagtail admin's family rule
(``ADMIN_FAMILY``); a pattern with neither fails ``test_get`` with its name, so nobody adds a URL without
deciding who may reach it. A row whose pattern is gone fails ``test_every_row_names_a_pattern``.

What a cell says:

- an ``int``: the status code (``200``, ``403``, ``404``, ``405``, a ``302`` to anywhere but a login page);
- ``LOGIN``: a 302 to the portal's login page, with the address asked for in ``next``;
- ``ADMIN_LOGIN``: a 302 to Wagtail's login page (the admin's own guard);
- ``ADMIN_HOME``: a 302 to the admin's dashboard (Wagtail's "you may not do that" for a signed-in editor).

A pattern that an earlier one answers for (``SHADOWED``: Wagtail's failing test page, which the portal
answers as not found) needs no row; ``test_shadowed_patterns_are_answered_by_the_portals`` proves it.

Other agencies' objects are hidden behind 404 (``assessments.access``), and that is what the cells hold.
Every state-changing address is also POSTed by anonymous visitors and by each role that must not use it
(``POST_REFUSED``): it must be refused (login, 403, 404 or 405) and leave the report as it was.

Everything is built once for the module (``walk``) inside a transaction rolled back at its end; each test
runs in a savepoint of its own (pytest-django's ``db``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site

from assessments.accounts import set_password_url
from assessments.models import RoleAssignment
from assessments.reporting import services as report_service
from home.models import BackgroundJob, JobStatus, PortalSettings
from publications import downloads
from publications.published import cohort_key
from tests.assessments.reporting import evidence_file, minimal_pdf, remove_evidence_folder, report_state
from tests.factories.assessments import RoleAssignmentFactory, UserFactory
from tests.factories.home import (
    DecisionIndexPageFactory,
    DecisionPageFactory,
    GuidanceIndexPageFactory,
    GuidancePageFactory,
    HomePageFactory,
    InformationPageFactory,
)
from tests.factories.publications import publish_year, results_index
from tests.factories.results import PublishedYear, build_published_year

# The visitors. "other" is an officer of another commune (XA-B) of the same district: the report and the
# evidence in the addresses are XA-A's, so that column proves an id in a URL reveals nothing.
ROLES = ("anonymous", "officer", "head", "province", "district", "editor", "administrator", "other")

LOGIN = "login"
ADMIN_LOGIN = "admin-login"
ADMIN_HOME = "admin-home"
WAGTAIL_LOGIN = "wagtail-login"


# The objects the addresses name --------------------------------------------------------------------------


@dataclass
class Walk:
    users: dict[str, object]
    year: PublishedYear
    pages: dict[str, Page]
    year_page: Page
    results_index: Page
    evidence: object
    document: object
    page_restriction: PageViewRestriction
    collection_restriction: CollectionViewRestriction
    invited: object
    job: object
    settings_pk: int
    clients: dict[str, Client] = field(default_factory=dict)

    @property
    def report(self):
        """XA-A's report (approved), which the officer, the head and the district's appraiser may read."""
        return self.year.world.report_a

    @property
    def report_id(self) -> int:
        return self.report.pk

    def reset_link(self) -> tuple[str, str]:
        """A working password link of a user who has never signed in (uidb64, token)."""
        return urlsafe_base64_encode(force_bytes(self.invited.pk)), default_token_generator.make_token(self.invited)


def build_walk() -> Walk:
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Cổng thử")
    decision_index = DecisionIndexPageFactory(parent=home)
    decision = DecisionPageFactory(parent=decision_index, number="2853/QĐ-UBND", title="Quyết định số 2853/QĐ-UBND")
    guidance_index = GuidanceIndexPageFactory(parent=home)
    year = build_published_year(decision)
    index = results_index(home)
    year_page = publish_year(index, year.world.period.year, intro="<p>Kết quả chính thức.</p>")

    private = GuidancePageFactory(parent=guidance_index, title="Hướng dẫn nội bộ", slug="noi-bo")
    page_restriction = PageViewRestriction.objects.create(page=private, restriction_type="password", password="bi-mat")
    members = GuidancePageFactory(parent=guidance_index, title="Hướng dẫn cho cán bộ", slug="can-bo")
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    draft = GuidancePageFactory(parent=guidance_index, title="Bản nháp", slug="ban-nhap", live=False)

    Document = get_document_model()
    document = Document.objects.create(title="Quyết định 2853", file=ContentFile(b"%PDF-1.4 walk", name="qd.pdf"))
    hidden = Collection.get_first_root_node().add_child(name="Nội bộ")
    collection_restriction = CollectionViewRestriction.objects.create(
        collection=hidden, restriction_type="password", password="bi-mat"
    )

    world = year.world
    province = RoleAssignment.objects.get(role="appraiser", agency__code="SO-KHCN").user
    users = {
        "anonymous": None,
        "officer": world.officer_a,
        "head": world.head_a,
        "province": province,
        "district": world.appraiser,
        "editor": RoleAssignmentFactory(role="editor", agency=None).user,
        "administrator": RoleAssignmentFactory(role="administrator", agency=None).user,
        "other": world.officer_b,
    }
    pages = {
        "home": home,
        "decision_index": decision_index,
        "decision": decision,
        "criteria_set": world.criteria_set,
        "guidance_index": guidance_index,
        "guidance": GuidancePageFactory(parent=guidance_index),
        "information": InformationPageFactory(parent=home),
        "private": private,
        "members": members,
        "draft": draft,
    }
    return Walk(
        users=users,
        year=year,
        pages=pages,
        year_page=year_page,
        results_index=index,
        evidence=evidence_file(world.report_a, minimal_pdf()),
        document=document,
        page_restriction=page_restriction,
        collection_restriction=collection_restriction,
        invited=UserFactory(username="moi.tao", last_login=None),
        job=BackgroundJob.objects.create(
            kind="export",
            title="Xuất danh sách",
            owner=world.officer_a,
            status=JobStatus.SUCCEEDED,
            result_name="danh-sach.csv",
            result_type="text/csv",
            result_path=storages["evidence"].save("jobs/url-walk/danh-sach.csv", ContentFile(b"ma,ten\n")),
        ),
        settings_pk=PortalSettings.load().pk,
    )


@pytest.fixture(scope="module")
def walk(django_db_setup, django_db_blocker, tmp_path_factory):
    """The objects, built once; documents go to a throw-away media folder."""
    media = tmp_path_factory.mktemp("walk-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)), transaction.atomic():
        report_service._pinned.cache_clear()  # revision ids are reused after a rolled-back test on SQLite
        walk = build_walk()
        for role, user in walk.users.items():
            # Signed in once: each test's own changes (its session too) end with its savepoint.
            walk.clients[role] = Client(raise_request_exception=False)  # a 500 is an answer, not a crash
            if user is not None:
                walk.clients[role].force_login(user)
        yield walk
        transaction.set_rollback(True)
    report_service._pinned.cache_clear()
    remove_evidence_folder()


# The patterns ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # the namespaced name, or the route for an unnamed (or twice-named) pattern
    route: str  # as Django reports it in ResolverMatch.route
    chain: tuple  # the resolvers and the pattern, outermost first


def _join(route: str, part: str) -> str:
    """Routes joined as Django joins them for ``ResolverMatch.route`` (URLResolver._join_route)."""
    return part if not route else route + part.removeprefix("^")


def _walk(patterns, chain=(), route="", namespace="") -> Iterator[tuple[str, str, tuple]]:
    for entry in patterns:
        here = _join(route, str(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else namespace or entry.namespace
            yield from _walk(entry.url_patterns, (*chain, entry), here, inner or "")
        else:
            assert isinstance(entry, URLPattern)
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield name or "", here, (*chain, entry)


def project_patterns() -> list[Pattern]:
    found = list(_walk(get_resolver().url_patterns))
    names = [name for name, _route, _chain in found if name]
    return [
        Pattern(name if name and names.count(name) == 1 else (f"{name} {route}" if name else route), route, chain)
        for name, route, chain in found
    ]


# Patterns an earlier pattern of the portal answers for, and that pattern's key.
SHADOWED = {"wagtailadmin_error_test": "admin_error_test_disabled"}
PATTERNS = [pattern for pattern in project_patterns() if pattern.key not in SHADOWED]
BY_KEY = {pattern.key: pattern for pattern in PATTERNS}
assert len(BY_KEY) == len(PATTERNS), "two patterns share a key"

SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000001"}
GROUP = re.compile(r"\((?:\?P<\w+>|\?:)?([^()]*)\)[*+?]?")
REGEX_SAMPLES = {r"\d+": "1", r"[-\w]+": "x", r"[\w\-]+/": "x/", ".*": "x"}


def _regex_sample(regex: str) -> str:
    """One address a regular-expression pattern matches (innermost groups first, first alternative)."""
    text = regex.removeprefix("^").removesuffix("$")
    while GROUP.search(text):
        text = GROUP.sub(lambda m: REGEX_SAMPLES.get(m.group(1), m.group(1).split("|")[0]), text)
    return text.replace(r"\.", ".").replace(".*", "x")


def sample_path(pattern: Pattern) -> str:
    """An address of ``pattern`` with made-up values (ids 1, words "x"): for the admin's guard, which answers
    before any view reads them."""
    parts = []
    for entry in pattern.chain:
        text = str(entry.pattern)
        if text.startswith("^") or "(?" in text or text.endswith("$"):
            parts.append(_regex_sample(text))
        else:
            parts.append(re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], text))
    return "/" + "".join(parts)


def route_of(path: str) -> str:
    return resolve(path.split("?")[0]).route


# The table ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    url: Callable[[Walk], str]
    cells: tuple  # one per role, in ROLES order


def row(url: Callable[[Walk], str], *cells) -> Row:
    assert len(cells) == len(ROLES), f"{len(cells)} cells for {len(ROLES)} roles"
    return Row(url, cells)


def everyone(url: Callable[[Walk], str], cell) -> Row:
    return Row(url, (cell,) * len(ROLES))


EVIDENCE = object()  # in report_url's arguments: the id of the evidence file of XA-A's report


def report_url(name: str, *more) -> Callable[[Walk], str]:
    """An address of XA-A's report, ``more`` after its id (``EVIDENCE`` for the evidence file's id)."""

    def url(walk: Walk) -> str:
        args = [walk.report_id, *(walk.evidence.pk if value is EVIDENCE else value for value in more)]
        return reverse(name, args=args)

    return url


def page_url(name: str) -> Callable[[Walk], str]:
    return lambda walk: walk.pages[name].url


def admin_url(name: str, *args: Callable[[Walk], object] | str | int) -> Callable[[Walk], str]:
    return lambda walk: reverse(name, args=[arg(walk) if callable(arg) else arg for arg in args])


def page_id(name: str) -> Callable[[Walk], int]:
    return lambda walk: walk.pages[name].pk


def job_url(name: str) -> Callable[[Walk], str]:
    return lambda walk: reverse(name, args=[walk.job.pk])


# The officer's job: the officer and the administrator (staff), nobody else.
JOB_OWNER = (LOGIN, 200, 404, 404, 404, 404, 200, 404)
# Readers of XA-A's report: its officer and head, and the district that appraises it.
READER = (LOGIN, 200, 200, 404, 200, 404, 404, 404)
# Addresses that only take POST: a signed-in GET is a 405 (the login check comes first).
POST_ONLY = (LOGIN, *(405,) * 7)
# The appraiser's screens: only appraisers; the province does not appraise XA-A, so its report is a 404.
APPRAISER = (LOGIN, 403, 403, 200, 200, 403, 403, 403)
# The Wagtail admin for the agencies' roles: they hold no admin access, so they go to the admin's login.
STAFF_ONLY = (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN)


def admin_row(url: Callable[[Walk], str], editor, administrator) -> Row:
    return Row(url, (*STAFF_ONLY, editor, administrator, ADMIN_LOGIN))


GET: dict[str, Row] = {
    # The site's own pages, public.
    "health": everyone(lambda w: reverse("health"), 200),
    "search": everyone(lambda w: reverse("search") + "?q=tiêu+chí", 200),
    "sitemap": everyone(lambda w: reverse("sitemap"), 200),
    "receipt_check": everyone(lambda w: reverse("receipt_check"), 200),
    # Accounts: a working link moves its token into the session and redirects; the rest is public.
    "set_password": everyone(lambda w: urlsplit(set_password_url(w.invited)).path, 302),
    "set_password_done": everyone(lambda w: reverse("set_password_done"), 200),
    "login": row(lambda w: reverse("login"), 200, *(302,) * 7),  # signed in: straight on
    "logout": everyone(lambda w: reverse("logout"), 405),  # POST only (Django 5)
    "password_reset": everyone(lambda w: reverse("password_reset"), 200),
    "password_reset_done": everyone(lambda w: reverse("password_reset_done"), 200),
    "password_reset_complete": everyone(lambda w: reverse("password_reset_complete"), 200),
    "password_reset_confirm": everyone(lambda w: reverse("password_reset_confirm", args=w.reset_link()), 302),
    # Session expiry: the page's script asks how long is left, and keeps a session alive (POST).
    "session_status": everyone(lambda w: reverse("session_status"), 200),
    "session_keep_alive": everyone(lambda w: reverse("session_keep_alive"), 405),
    # Background jobs: the officer's export, seen by its owner and staff only.
    "jobs:status": row(job_url("jobs:status"), *JOB_OWNER),
    "jobs:state": row(job_url("jobs:state"), *JOB_OWNER),
    "jobs:download": row(job_url("jobs:download"), *JOB_OWNER),
    "jobs:retry": row(job_url("jobs:retry"), *POST_ONLY),
    # The agency's reporting screens.
    "reports:dashboard": row(lambda w: reverse("reports:dashboard"), LOGIN, 200, 200, 302, 302, 200, 200, 200),
    "reports:start": row(
        lambda w: reverse("reports:start", args=[w.year.world.period.pk, w.year.world.agency_a.pk]), *POST_ONLY
    ),
    "reports:report": row(report_url("reports:report"), *READER),
    "reports:group": row(report_url("reports:group", "1"), *READER),
    "reports:live_score": row(report_url("reports:live_score", "1"), *POST_ONLY),
    "reports:add_evidence": row(report_url("reports:add_evidence", "1.1"), *POST_ONLY),
    "reports:evidence": row(report_url("reports:evidence", EVIDENCE), *READER),
    "reports:view_evidence": row(report_url("reports:view_evidence", EVIDENCE), *READER),
    "reports:remove_evidence": row(report_url("reports:remove_evidence", EVIDENCE), *POST_ONLY),
    "reports:check": row(report_url("reports:check"), *READER),
    "reports:submit": row(report_url("reports:submit"), *POST_ONLY),
    "reports:submitted": row(report_url("reports:submitted"), *READER),
    "reports:history": row(report_url("reports:history"), *READER),
    "reports:pdf": row(report_url("reports:pdf"), *READER),
    # The appraiser's screens.
    "appraisal:workspace": row(lambda w: reverse("appraisal:workspace"), *APPRAISER),
    "appraisal:report": row(report_url("appraisal:report"), LOGIN, 403, 403, 404, 200, 403, 403, 403),
    "appraisal:decide": row(report_url("appraisal:decide", "1.1"), *POST_ONLY),
    "appraisal:return": row(report_url("appraisal:return"), *POST_ONLY),
    "appraisal:reopen": row(report_url("appraisal:reopen"), *POST_ONLY),
    "appraisal:approve": row(report_url("appraisal:approve"), *POST_ONLY),
    "appraisal:receive": row(report_url("appraisal:receive"), *POST_ONLY),
    "appraisal:reappraise": row(report_url("appraisal:reappraise"), *POST_ONLY),
    "appraisal:results": row(lambda w: reverse("appraisal:results"), *APPRAISER),
    "appraisal:approve_results": row(lambda w: reverse("appraisal:approve_results"), *POST_ONLY),
    # The published results: files, the results API, Wagtail's pages API. Public, read-only.
    "publications:download[ranking_csv]": everyone(
        lambda w: reverse("publications:download", args=[w.year_page.year, downloads.NAMES["ranking_csv"]]), 200
    ),
    "publications:download[unknown]": everyone(
        lambda w: reverse("publications:download", args=[w.year_page.year, "khong-co.csv"]), 404
    ),
    "publications:api-years": everyone(lambda w: reverse("publications:api-years"), 200),
    "publications:api-schema": everyone(lambda w: reverse("publications:api-schema"), 200),
    "publications:api-agency": everyone(lambda w: reverse("publications:api-agency", args=["XA-A"]), 200),
    "publications:api-year": everyone(lambda w: reverse("publications:api-year", args=[w.year_page.year]), 200),
    "publications:api-cohort": everyone(
        lambda w: reverse("publications:api-cohort", args=[w.year_page.year, cohort_key(w.year.departments)]), 200
    ),
    "api/ket-qua/(?P<rest>.*)/$": everyone(lambda w: reverse("publications:api-years") + "khong/co/dau/", 404),
    "wagtailapi:pages:listing": everyone(lambda w: reverse("wagtailapi:pages:listing"), 200),
    "wagtailapi:pages:detail[public]": everyone(
        lambda w: reverse("wagtailapi:pages:detail", args=[w.pages["guidance"].pk]), 200
    ),
    # A draft and a password-protected page stay out of the API, whoever asks.
    "wagtailapi:pages:detail[draft]": everyone(
        lambda w: reverse("wagtailapi:pages:detail", args=[w.pages["draft"].pk]), 404
    ),
    "wagtailapi:pages:detail[private]": everyone(
        lambda w: reverse("wagtailapi:pages:detail", args=[w.pages["private"].pk]), 404
    ),
    "wagtailapi:pages:find": everyone(lambda w: reverse("wagtailapi:pages:find") + "?html_path=/huong-dan/", 302),
    # Wagtail's front-end helpers: documents and the password form of a restricted page or collection.
    "wagtaildocs_serve": everyone(lambda w: w.document.url, 200),
    "wagtaildocs_authenticate_with_password": everyone(
        lambda w: reverse("wagtaildocs_authenticate_with_password", args=[w.collection_restriction.pk]), 200
    ),
    "wagtailcore_authenticate_with_password": everyone(
        lambda w: reverse(
            "wagtailcore_authenticate_with_password", args=[w.page_restriction.pk, w.page_restriction.page_id]
        ),
        200,
    ),
    "wagtailcore_login": everyone(lambda w: reverse("wagtailcore_login"), 200),
    # The page tree (wagtail_serve), one row per kind of page.
    "wagtail_serve[home]": everyone(page_url("home"), 200),
    "wagtail_serve[decision_index]": everyone(page_url("decision_index"), 200),
    "wagtail_serve[decision]": everyone(page_url("decision"), 200),
    "wagtail_serve[criteria_set]": everyone(page_url("criteria_set"), 200),
    "wagtail_serve[guidance_index]": everyone(page_url("guidance_index"), 200),
    "wagtail_serve[guidance]": everyone(page_url("guidance"), 200),
    "wagtail_serve[information]": everyone(page_url("information"), 200),
    "wagtail_serve[results_index]": everyone(lambda w: w.results_index.url, 200),
    "wagtail_serve[results_year]": everyone(lambda w: w.year_page.url, 200),
    "wagtail_serve[results_district]": everyone(
        lambda w: w.year_page.url + w.year_page.reverse_subpage("district", args=["HUYEN-1"]), 200
    ),
    "wagtail_serve[results_agency]": everyone(
        lambda w: w.results_index.url + w.results_index.reverse_subpage("agency", args=["XA-A"]), 200
    ),
    "wagtail_serve[private]": everyone(page_url("private"), 200),  # the password form, not the page
    # Wagtail sends a visitor to its own login page (/_util/login/), not the portal's.
    "wagtail_serve[members]": row(page_url("members"), LOGIN, *(200,) * 7),
    "wagtail_serve[draft]": everyone(page_url("draft"), 404),
    "wagtail_serve[missing]": everyone(lambda w: "/khong-co-trang-nay/", 404),
    # The Wagtail admin: the pages outside its guard, public.
    "wagtailadmin_login": row(lambda w: reverse("wagtailadmin_login"), *(200,) * 5, ADMIN_HOME, ADMIN_HOME, 200),
    # Wagtail's own password reset is off (WAGTAIL_PASSWORD_RESET_ENABLED): one way, the portal's.
    "wagtailadmin_password_reset": everyone(lambda w: reverse("wagtailadmin_password_reset"), 404),
    "wagtailadmin_password_reset_done": everyone(lambda w: reverse("wagtailadmin_password_reset_done"), 404),
    "wagtailadmin_password_reset_confirm": everyone(
        lambda w: reverse("wagtailadmin_password_reset_confirm", args=w.reset_link()), 404
    ),
    "wagtailadmin_password_reset_complete": everyone(lambda w: reverse("wagtailadmin_password_reset_complete"), 404),
    "wagtailadmin_javascript_catalog": everyone(lambda w: reverse("wagtailadmin_javascript_catalog"), 200),
    "wagtailadmin_sprite": everyone(lambda w: reverse("wagtailadmin_sprite"), 200),
    "admin/.*/$": admin_row(lambda w: "/admin/khong-co/", 404, 404),
    # The Wagtail admin behind its guard: representative screens, for the editor and the administrator.
    "wagtailadmin_home": admin_row(admin_url("wagtailadmin_home"), 200, 200),
    "wagtailadmin_explore_root": admin_row(admin_url("wagtailadmin_explore_root"), 200, 200),
    "wagtailadmin_explore": admin_row(admin_url("wagtailadmin_explore", page_id("home")), 200, 200),
    "wagtailadmin_pages:edit": admin_row(admin_url("wagtailadmin_pages:edit", page_id("guidance")), 200, 200),
    # The home page takes one page type only: straight to its form.
    "wagtailadmin_pages:add_subpage": admin_row(admin_url("wagtailadmin_pages:add_subpage", page_id("home")), 302, 302),
    "wagtailadmin_pages:history": admin_row(admin_url("wagtailadmin_pages:history", page_id("guidance")), 200, 200),
    "wagtailadmin_account": admin_row(admin_url("wagtailadmin_account"), 200, 200),
    "admin_error_test_disabled": everyone(lambda w: "/admin/failwhale/", 404),
    "wagtailusers_users:index": admin_row(admin_url("wagtailusers_users:index"), ADMIN_HOME, 200),
    "wagtailusers_users:edit": admin_row(
        admin_url("wagtailusers_users:edit", lambda w: w.users["officer"].pk), ADMIN_HOME, 200
    ),
    "wagtailusers_groups:index": admin_row(admin_url("wagtailusers_groups:index"), ADMIN_HOME, 200),
    "wagtailsites:index": admin_row(admin_url("wagtailsites:index"), ADMIN_HOME, 200),
    "wagtailsnippets:index": admin_row(admin_url("wagtailsnippets:index"), ADMIN_HOME, ADMIN_HOME),  # none registered
    # The settings' address without a pk redirects to the one with it, which checks the permission.
    "wagtailsettings:edit admin/settings/<slug:app_name>/<slug:model_name>/": admin_row(
        admin_url("wagtailsettings:edit", "home", "portalsettings"), 302, 302
    ),
    "wagtailsettings:edit admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/": admin_row(
        admin_url("wagtailsettings:edit", "home", "portalsettings", lambda w: w.settings_pk), ADMIN_HOME, 200
    ),
    "wagtaildocs:index": admin_row(admin_url("wagtaildocs:index"), 200, 200),
    "wagtailimages:index": admin_row(admin_url("wagtailimages:index"), 200, 200),
    "wagtailredirects:index": admin_row(admin_url("wagtailredirects:index"), ADMIN_HOME, 200),
    "wagtailadmin_workflows:index": admin_row(admin_url("wagtailadmin_workflows:index"), ADMIN_HOME, 200),
    "wagtailadmin_reports:site_history": admin_row(admin_url("wagtailadmin_reports:site_history"), 200, 200),
    "wagtailforms:index": admin_row(admin_url("wagtailforms:index"), 200, 200),
    # The portal's own admin screens: agencies, people and roles, periods, criteria imports and exports.
    "assessments_agency_modeladmin_index": admin_row(admin_url("assessments_agency_modeladmin_index"), ADMIN_HOME, 200),
    "assessments_agency_modeladmin_edit": admin_row(
        admin_url("assessments_agency_modeladmin_edit", lambda w: w.year.world.agency_a.pk), ADMIN_HOME, 200
    ),
    "assessments_agencylevel_modeladmin_index": admin_row(
        admin_url("assessments_agencylevel_modeladmin_index"), ADMIN_HOME, 200
    ),
    "assessments_roleassignment_modeladmin_index": admin_row(
        admin_url("assessments_roleassignment_modeladmin_index"), ADMIN_HOME, 200
    ),
    "assessments_roleassignment_modeladmin_create": admin_row(
        admin_url("assessments_roleassignment_modeladmin_create"), ADMIN_HOME, 200
    ),
    "assessments_reportingperiod_modeladmin_index": admin_row(
        admin_url("assessments_reportingperiod_modeladmin_index"), ADMIN_HOME, 200
    ),
    "assessments_agency_import": admin_row(admin_url("assessments_agency_import"), ADMIN_HOME, 200),
    "assessments_agency_import_template": admin_row(
        admin_url("assessments_agency_import_template", "xlsx"), ADMIN_HOME, 200
    ),
    "assessments_agency_export": admin_row(admin_url("assessments_agency_export"), ADMIN_HOME, 200),
    "assessments_people_import": admin_row(admin_url("assessments_people_import"), ADMIN_HOME, 200),
    "assessments_people_import_template": admin_row(
        admin_url("assessments_people_import_template", "xlsx"), ADMIN_HOME, 200
    ),
    "assessments_people_export": admin_row(admin_url("assessments_people_export"), ADMIN_HOME, 200),
    "assessments_generate_periods": admin_row(admin_url("assessments_generate_periods"), ADMIN_HOME, 200),
    "assessments_criteria_import": admin_row(admin_url("assessments_criteria_import", page_id("decision")), 200, 200),
    "assessments_criteria_table_import": admin_row(
        admin_url("assessments_criteria_table_import", page_id("criteria_set")), 200, 200
    ),
    "assessments_criteria_table_template": admin_row(
        admin_url("assessments_criteria_table_template", "xlsx"), 200, 200
    ),
    # The results PDF built again (a background job): for whoever may edit the year's page, editors too.
    "publications_rebuild_pdf": admin_row(admin_url("publications_rebuild_pdf", lambda w: w.year_page.pk), 200, 200),
    "assessments_criteria_export": admin_row(
        admin_url("assessments_criteria_export", page_id("criteria_set"), "json"), 200, 200
    ),
    # Every background job, listed read-only (home/wagtail_hooks.py): for superusers and holders of
    # home.view_backgroundjob; nobody, the administrator included, adds, edits or deletes a job there.
    "home_backgroundjob_modeladmin_index": admin_row(admin_url("home_backgroundjob_modeladmin_index"), ADMIN_HOME, 200),
    "home_backgroundjob_modeladmin_create": admin_row(
        admin_url("home_backgroundjob_modeladmin_create"), ADMIN_HOME, ADMIN_HOME
    ),
    "home_backgroundjob_modeladmin_edit": admin_row(
        admin_url("home_backgroundjob_modeladmin_edit", lambda w: w.job.pk), ADMIN_HOME, ADMIN_HOME
    ),
    "home_backgroundjob_modeladmin_delete": admin_row(
        admin_url("home_backgroundjob_modeladmin_delete", lambda w: w.job.pk), ADMIN_HOME, ADMIN_HOME
    ),
}

# Under /admin/, every pattern Wagtail wraps in its guard (require_admin_access) answers the agencies' roles
# and anonymous visitors with its login page before any view runs, whatever the method and the ids; the
# table keeps representative screens for the editor and the administrator, whose access Wagtail's
# permissions decide (tests/assessments/test_admin.py covers the portal's screens in depth). The patterns
# outside the guard (login, password reset, scripts) are rows of the table. For the editor and the
# administrator, an admin pattern without a row is not requested: Wagtail's own permissions answer there.
ADMIN_FAMILY_ROLES = ("anonymous", "officer", "head", "province", "district", "other")


def without(cells: dict[str, object], role: str) -> dict[str, object]:
    return {other: cell for other, cell in cells.items() if other != role}


# State-changing addresses POSTed by the roles that must not use them: refused, and the report unchanged.
# Roles left out may use the address (or, for approve_results, might approve the province's own cohort).
NOT_READERS = {"anonymous": LOGIN, "province": 404, "editor": 404, "administrator": 404, "other": 404}
REPORT_WRITE = {**NOT_READERS, "district": 403}  # the district reads XA-A's report, it does not fill it in
# Appraisal: no appraiser role is a 403; the province's appraiser does not appraise XA-A, a 404.
APPRAISE = {
    "anonymous": LOGIN,
    "province": 404,
    **dict.fromkeys(("officer", "head", "editor", "administrator", "other"), 403),
}
POST_REFUSED: dict[str, dict[str, object]] = {
    "reports:start": {**REPORT_WRITE, "district": 404},
    "reports:group": REPORT_WRITE,
    "reports:live_score": NOT_READERS,  # scores what is typed for those who read the report, saves nothing
    "reports:add_evidence": REPORT_WRITE,
    "reports:remove_evidence": REPORT_WRITE,
    "reports:submit": {**REPORT_WRITE, "officer": 403},
    "appraisal:decide": APPRAISE,
    "appraisal:return": APPRAISE,
    "appraisal:reopen": APPRAISE,
    "appraisal:approve": APPRAISE,
    "appraisal:receive": APPRAISE,
    "appraisal:reappraise": APPRAISE,
    "appraisal:approve_results": without(APPRAISE, "province"),
    # Staff (the administrator) may retry anyone's job.
    "jobs:retry": {**without(NOT_READERS, "administrator"), "head": 404, "district": 404},
    "session_keep_alive": {"anonymous": 403},  # nothing to keep alive
}
# The admin's screens an editor may not open: a POST there is refused as well (people, roles, agencies, users).
for _key, _row in GET.items():
    if _row.cells[ROLES.index("editor")] == ADMIN_HOME and _key != "wagtailadmin_login":
        POST_REFUSED[_key] = {"editor": ADMIN_HOME}
REFUSALS = {LOGIN, ADMIN_LOGIN, ADMIN_HOME, 403, 404, 405}
POST_DATA = {
    "version": "1",
    "1.1__value": "no",
    "verdict": "corrected",
    "reason": "Thử.",
    "comment": "Thử.",
    "close_missing": "on",
}


def base_key(key: str) -> str:
    return key.split("[", 1)[0]


# The checks -----------------------------------------------------------------------------------------------


def client_as(walk: Walk, role: str) -> Client:
    """The role's signed-in client, without the messages an earlier test left in its cookies."""
    client = walk.clients[role]
    client.cookies.pop("messages", None)
    return client


def outcome(response) -> object:
    """The answer as a cell writes it."""
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login") + "?next="):
            return LOGIN
        if location.startswith(reverse("wagtailcore_login") + "?next="):
            return WAGTAIL_LOGIN
        if location.startswith(reverse("wagtailadmin_login") + "?next="):
            return ADMIN_LOGIN
        if location == reverse("wagtailadmin_home"):
            return ADMIN_HOME
    return response.status_code


def _cell_param(key: str, role: str, cell) -> object:
    return pytest.param(key, role, cell, id=f"{key}-{role}")


def _get_params() -> list:
    covered = {base_key(key) for key in GET}
    params = []
    for pattern in PATTERNS:
        if pattern.key in covered:
            for key in (k for k in GET if base_key(k) == pattern.key):
                params += [_cell_param(key, role, cell) for role, cell in zip(ROLES, GET[key].cells, strict=True)]
        elif not pattern.route.startswith("admin/"):
            params.append(pytest.param(pattern.key, None, None, id=f"{pattern.key}-missing"))
    return params


@pytest.mark.parametrize(("key", "role", "expected"), _get_params())
def test_get(walk, db, key, role, expected):
    """GET as one role answers what the table says."""
    if role is None:
        pytest.fail(f"URL pattern {key!r} ({BY_KEY[key].route}) has no row in GET: decide who may reach it")
    url = GET[key].url(walk)
    assert route_of(url) == BY_KEY[base_key(key)].route, f"{url} does not reach the pattern of {key}"
    response = client_as(walk, role).get(url)
    assert outcome(response) == expected, f"GET {url} as {role}: {response.status_code}"


def _guarded(pattern: Pattern) -> bool:
    """Under /admin/ and behind Wagtail's guard: not in the table, or sent to the admin's login there."""
    rows = [row_ for key, row_ in GET.items() if base_key(key) == pattern.key]
    return pattern.route.startswith("admin/") and all(row_.cells[0] == ADMIN_LOGIN for row_ in rows)


ADMIN_FAMILY = [pattern for pattern in PATTERNS if _guarded(pattern)]


@pytest.mark.parametrize("pattern", ADMIN_FAMILY, ids=[pattern.key for pattern in ADMIN_FAMILY])
def test_admin_family(walk, db, subtests, pattern):
    """Every guarded admin address sends anonymous visitors and the agencies' roles to the admin's login,
    for GET and POST alike (a subtest each: the guard answers in milliseconds, a test each would not)."""
    url = sample_path(pattern)
    assert route_of(url) == pattern.route, f"no sample address for {pattern.key}: add its row to GET"
    for role in ADMIN_FAMILY_ROLES:
        for method in ("get", "post"):
            with subtests.test(role=role, method=method):
                response = getattr(client_as(walk, role), method)(url)
                assert outcome(response) == ADMIN_LOGIN, (
                    f"{method.upper()} {url} as {role}: {response.status_code}; "
                    f"if {pattern.key} is not behind Wagtail's guard, give it a row in GET"
                )


@pytest.mark.parametrize(
    ("key", "role", "expected"),
    [
        pytest.param(key, role, cell, id=f"{key}-{role}")
        for key, cells in POST_REFUSED.items()
        for role, cell in cells.items()
    ],
)
def test_refused_post(walk, db, key, role, expected):
    """A state-changing address POSTed by someone who may not use it: refused, the report as it was."""
    url = GET[key].url(walk)
    before = report_state(walk.report)
    response = client_as(walk, role).post(url, POST_DATA)
    assert expected in REFUSALS
    assert outcome(response) == expected, f"POST {url} as {role}: {response.status_code}"
    assert report_state(walk.report) == before


def test_shadowed_patterns_are_answered_by_the_portals():
    shadowed = [pattern for pattern in project_patterns() if pattern.key in SHADOWED]
    assert sorted(pattern.key for pattern in shadowed) == sorted(SHADOWED)
    for pattern in shadowed:
        assert resolve(sample_path(pattern)).route == BY_KEY[SHADOWED[pattern.key]].route


def test_every_row_names_a_pattern():
    """A row whose pattern is gone (renamed, removed) is a decision about nothing: it must go too."""
    assert sorted(base_key(key) for key in GET if base_key(key) not in BY_KEY) == []
    assert sorted(key for key in POST_REFUSED if key not in GET) == []


def test_every_post_only_address_is_posted_by_the_refused():
    """Each address that only takes POST (a signed-in GET is a 405) has its refused roles listed."""
    post_only = {key for key, row_ in GET.items() if row_.cells == POST_ONLY}
    assert sorted(post_only - set(POST_REFUSED)) == []
