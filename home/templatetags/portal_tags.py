from django import template
from wagtail.models import Page

register = template.Library()


@register.filter
def is_section_of(section: Page, page: Page | None) -> bool:
    """Whether ``page`` is ``section`` or lies under it, to mark the current menu item."""
    return page is not None and getattr(page, "path", "").startswith(section.path)
