from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Site

from home.search import MAX_QUERY_LENGTH, QueryTooLong, search_pages


@require_GET
def search(request):
    """The site search page: a form and the matching pages, ten at a time."""
    site = Site.find_for_request(request)
    query = request.GET.get("q", "")
    try:
        outcome = search_pages(query, request.GET.get("page"), site.root_page if site else None)
    except QueryTooLong:
        context = {
            "query": query[:MAX_QUERY_LENGTH],
            "error": _("The search text is too long: use at most %(limit)d characters.") % {"limit": MAX_QUERY_LENGTH},
        }
        return render(request, "home/search_results.html", context, status=400)
    return render(request, "home/search_results.html", {"query": outcome.query, "outcome": outcome})
