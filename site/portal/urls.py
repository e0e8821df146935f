from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from portal import health, login
from publications.api import pages_api


def not_found(request: HttpRequest) -> HttpResponse:
    raise Http404


urlpatterns = [
    # Wagtail's admin has a page that fails on purpose (/admin/failwhale/, to try out error reports): any
    # editor could fill the error log and the administrators' mailboxes at will. Not found here, first.
    path("admin/failwhale/", not_found, name="admin_error_test_disabled"),
    # For the load balancer: database, cache and storage reachable (portal.health).
    path("suc-khoe/", health.health, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("tim-kiem/", home_views.search, name="search"),
    path("cong-viec/", include("home.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("", include("assessments.urls")),
    path("bao-cao/", include("assessments.reporting.urls")),
    path("tham-dinh/", include("assessments.appraisal.urls")),
    path("", include("publications.urls")),
    # Wagtail's pages API: live public pages as JSON (publications.api.PublicPagesAPIViewSet).
    path("api/v2/", pages_api.urls),
    path("", include(login.urlpatterns)),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    # Images uploaded in the admin, served by Django in development (`make run`, debug on or off:
    # django.conf.urls.static.static() would serve them only with debug on).
    from django.views.static import serve

    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

# Wagtail's page serving comes last: it answers every path the patterns above leave.
urlpatterns += [path("", include(wagtail_urls))]
