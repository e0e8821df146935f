from django import template
from django.utils.translation import gettext as _

from assessments import formatting

register = template.Library()


@register.filter
def fixed(value, places: int = 2) -> str:
    """A score with its decimals ("966,10"), an index with four ("0,9661")."""
    return formatting.fixed(value, int(places))


@register.filter
def rank_change(row) -> str:
    """The change in rank since last year, in words a screen reader says well: "lên 2", "xuống 1"."""
    if row.new:
        return _("new")
    if row.rank_change is None:
        return "—"
    if row.rank_change > 0:
        return _("up %(places)d") % {"places": row.rank_change}
    if row.rank_change < 0:
        return _("down %(places)d") % {"places": -row.rank_change}
    return _("unchanged")


@register.filter
def signed(value) -> str:
    """A change in points with its sign: "+12,50", "−3,00"."""
    if value is None:
        return "—"
    text = formatting.fixed(abs(value))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


@register.filter
def group_score(row, code: str):
    cell = next((cell for cell in row.groups if cell.code == code), None)
    return formatting.fixed(cell.score) if cell and cell.score is not None else "—"
