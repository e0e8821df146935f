"""What the report form and the evidence form say when an input is refused, in words officers act on.

Each message names the input by the label the person sees beside it and says
what to type; Django's generic messages ("Ensure that there are no more than 16
digits", "Select a valid choice") are replaced, never shown.

Django formats a validator's message again with its own values
(``%(limit_value)d``), so text put into such a message beforehand goes through
:func:`literal`: a label holding "%" ("Tỷ lệ %") is shown as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from assessments.models import ANSWER_DECIMAL_PLACES


def literal(text: object) -> str:
    """``text`` as it reads, inside a message Django will %-format."""
    return str(text).replace("%", "%%")


def grouped(value: Decimal) -> str:
    """A limit as people read it: 1.000.000.000 rather than 1000000000 (typed so, it reads back the same)."""
    # Grouped by hand: Django's Vietnamese formats set no grouping, so its number_format would not group.
    number = Decimal(value)
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    whole, _point, fraction = format(number, "f").partition(".")
    text = f"{int(whole):,}".replace(",", get_format("THOUSAND_SEPARATOR"))
    return f"{text}{get_format('DECIMAL_SEPARATOR')}{fraction}" if fraction else text


def number_messages(label: str, low: Decimal, high: Decimal) -> dict[str, str]:
    """Every refusal of a number input (a DecimalField), for its ``error_messages``."""
    words = {"label": label, "low": grouped(low), "high": grouped(high), "places": ANSWER_DECIMAL_PLACES}
    out_of_range = literal(_("%(label)s must be a number from %(low)s to %(high)s.") % words)
    return {
        "invalid": _("%(label)s must be a number, such as 12 or 2,5.") % words,
        "min_value": out_of_range,
        "max_value": out_of_range,
        # Unreachable while the field sets no max_digits; kept so Django's digit count can never show.
        "max_digits": out_of_range,
        "max_whole_digits": out_of_range,
        "max_decimal_places": literal(_("%(label)s: enter a number with at most %(places)d decimal places.") % words),
    }


def text_messages(label: str) -> dict[str, str]:
    """The refusal of a text input that is too long (Django fills in the limit and the length)."""
    message = _("%(label)s can be at most %(limit_value)d characters long (it has %(show_value)d).")
    return {"max_length": message.replace("%(label)s", literal(label))}


def choice_messages(label: str) -> dict[str, str]:
    """One option, from radio buttons: only a crafted request sends another."""
    return {"invalid_choice": literal(_("%(label)s: choose one of the options shown.") % {"label": label})}


def multiple_choice_messages(label: str) -> dict[str, str]:
    """Options ticked from a list: only a crafted request sends others."""
    message = literal(_("%(label)s: tick only the conditions shown.") % {"label": label})
    return {"invalid_choice": message, "invalid_list": message}


def in_summary(code: str, message: str) -> str:
    """A message as the list at the top of the form gives it: the indicator first, the inputs' labels
    repeating from one indicator to the next ("Trả lời")."""
    return _("%(code)s: %(message)s") % {"code": code, "message": message}


@dataclass(frozen=True)
class ErrorLink:
    """One line of a list of errors: its text, and the id of the input it leads to ("" when none holds it)."""

    target: str
    text: str


def input_id(field: forms.BoundField) -> str:
    """The id of the input a person types into: the first option of a radio or tick list, which has no
    single input (and so no ``id_for_label``)."""
    return field.id_for_label or f"{field.auto_id}_0"


def field_error_links(form: forms.Form) -> list[ErrorLink]:
    """A form's errors in the order of its fields, each leading to its input."""
    links = [ErrorLink("", str(error)) for error in form.non_field_errors()]
    for field in form:
        links += [ErrorLink(input_id(field), str(error)) for error in field.errors]
    return links
