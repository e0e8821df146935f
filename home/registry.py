"""What other apps add to the site, through Wagtail hooks, so that ``home/`` names no other app.

- ``HOME_CHILD_PAGE_TYPES``: a hook returning page types ("app.Model") that may live under the home
  page (a results index, for instance), as well as home's own indexes.
- ``HEADER_LINKS``: a hook taking the request and returning the links an app adds to the site header
  for that visitor, as :class:`HeaderLink` (the agency's reports, for a signed-in officer).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.http import HttpRequest
from wagtail import hooks

HOME_CHILD_PAGE_TYPES = "register_home_child_page_types"
HEADER_LINKS = "register_site_header_links"


@dataclass(frozen=True)
class HeaderLink:
    label: str
    url: str
    # Set by header_links: the visitor is in the section the link leads to.
    current: bool = False


def home_child_page_types() -> list[str]:
    return [label for register in hooks.get_hooks(HOME_CHILD_PAGE_TYPES) for label in register()]


def header_links(request: HttpRequest) -> list[HeaderLink]:
    links = [link for register in hooks.get_hooks(HEADER_LINKS) for link in register(request)]
    return [replace(link, current=request.path.startswith(link.url)) for link in links]
