"""Home and decision pages against a minimal Django view, through the same middleware stack.

Prints, for each page: queries per request, median render time, and the ratio of
that time to the minimal view's median measured in the same run.
"""

from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import include, path

from bench.timing import count_queries, median_seconds
from home.demo_content import load_demo_content
from home.models import DecisionPage


def minimal_view(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/minimal/", minimal_view), path("", include("portal.urls"))]


@override_settings(ROOT_URLCONF=__name__)
def run() -> None:
    load_demo_content()
    client = Client(SERVER_NAME="localhost")
    decision = DecisionPage.objects.get(number="2853/QĐ-UBND")
    targets = {
        "minimal view": "/bench/minimal/",
        "home page": "/",
        "decision page": decision.url,
        "decision index": "/van-ban/",
    }
    baseline = None
    print(f"{'page':<16}{'queries':>8}{'median ms':>12}{'× minimal':>12}")
    for label, url in targets.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        queries = count_queries(lambda url=url: client.get(url))
        seconds = median_seconds(lambda url=url: client.get(url))
        baseline = baseline or seconds
        print(f"{label:<16}{queries:>8}{seconds * 1000:>12.2f}{seconds / baseline:>12.1f}")
