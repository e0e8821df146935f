from django import template

from assessments import formatting

register = template.Library()


@register.filter
def fixed(value, places: int = 2) -> str:
    """A score with its decimals ("966,10"), an index with four ("0,9661")."""
    return formatting.fixed(value, int(places))
