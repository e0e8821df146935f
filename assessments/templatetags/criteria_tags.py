from decimal import Decimal

from django import template
from django.utils.text import slugify

from assessments.definitions.describe import describe_method
from assessments.formatting import points, score_text

register = template.Library()


@register.filter
def method_sentences(indicator) -> list[str]:
    """How the indicator scores, in plain words."""
    return describe_method(indicator)


@register.filter
def group_max(group) -> str:
    """The group's maximum: the sum of its indicators' max points."""
    return points(sum((Decimal(str(child.value["max_points"])) for child in group["indicators"]), Decimal(0)))


@register.filter
def code_anchor(code: str) -> str:
    """An HTML id fragment for a code that keeps its dots apart: "1.11" -> "1-11", not "111"."""
    return slugify(str(code).replace(".", "-"))


@register.filter(name="points")
def points_filter(value) -> str:
    return points(value)


@register.filter(name="score_text")
def score_text_filter(score) -> str:
    """An indicator's score, or the words for why it has none (not scored, not applicable, pending)."""
    return score_text(score)
