"""Template context shared by every public page."""

from django.http import HttpRequest
from wagtail.models import Page, Site

from home.registry import header_links


def navigation(request: HttpRequest) -> dict:
    """The site's top-level menu: the home page's live children marked "show in menus", then the links
    other apps register for this visitor (home.registry).

    Two queries whatever the number of pages (the site lookup is cached on the request).
    """
    if not hasattr(request, "user"):
        # A request refused before the middleware ran (a 400 for a Host header not in ALLOWED_HOSTS):
        # its error page needs no menu, and asking for the site would only raise the refusal again.
        return {"menu_pages": [], "site_root": None, "header_links": []}
    links = header_links(request)
    site = Site.find_for_request(request)
    if site is None:
        return {"menu_pages": [], "site_root": None, "header_links": links}
    root = site.root_page
    menu_pages = Page.objects.child_of(root).live().in_menu().order_by("path")
    return {"menu_pages": menu_pages, "site_root": root, "header_links": links}
