"""What other apps add to the site, through Wagtail hooks, so that ``home/`` names no other app.

- ``HOME_CHILD_PAGE_TYPES``: a hook returning page types ("app.Model") that may live under the home
  page (a results index, for instance), as well as home's own indexes.
- ``HEADER_LINKS``: a hook taking the request and returning the links an app adds to the site header
  for that visitor, as :class:`HeaderLink` (the agency's reports, for a signed-in officer).
- ``HOME_SECTIONS``: a hook taking the request and returning HTML (safe strings) the home page shows under
  its search, in hook order (the latest published results).
- ``GUIDANCE_BLOCKS``: a hook returning ``(name, block)`` pairs that guidance pages offer besides their
  own blocks (the reporting calendar, drawn from the periods). Read once, when the guidance stream is
  first built, after every app is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.http import HttpRequest
from wagtail import hooks
from wagtail.blocks import Block

HOME_CHILD_PAGE_TYPES = "register_home_child_page_types"
HEADER_LINKS = "register_site_header_links"
GUIDANCE_BLOCKS = "register_guidance_blocks"
HOME_SECTIONS = "register_home_sections"


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


def guidance_blocks() -> list[tuple[str, Block]]:
    return [pair for register in hooks.get_hooks(GUIDANCE_BLOCKS) for pair in register()]


def home_sections(request: HttpRequest) -> list[str]:
    return [html for register in hooks.get_hooks(HOME_SECTIONS) for html in register(request)]
