"""The shape of a method's specification and the registry that holds one per method."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.definitions.indicator import IndicatorDefinition
from assessments.scoring import AnswerError, AnswerValue, Indicator

# The columns of an answer row that hold what was entered, by name, as read from or written to the row.
Stored = Mapping[str, object]

YES_NO = (("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No")))


class PartKind(enum.StrEnum):
    """What a person enters in one input of an indicator; the report form builds a field per kind."""

    YES_NO = "yes_no"
    ONE_OPTION = "one_option"
    MANY_OPTIONS = "many_options"
    NUMBER = "number"
    TEXT = "text"


@dataclass(frozen=True)
class Part:
    """One input of an indicator, named ``<code>__<name>`` in the report form."""

    name: str
    kind: PartKind
    label: str
    # ONE_OPTION and MANY_OPTIONS: the option labels, which are also the values.
    choices: tuple[str, ...] = ()
    # NUMBER: from 0 unless negative values mean something (a change, a balance); up to
    # ``max_value``, or to what the database stores exactly when None.
    negative: bool = False
    max_value: Decimal | None = None
    # TEXT: one line when ``rows`` is 0, a box of that many rows otherwise.
    max_length: int = 500
    rows: int = 0


class MethodSpec:
    """Everything about one method outside its arithmetic. Subclasses override what differs.

    Values pass through four shapes: the typed parts (the form's cleaned values,
    by part name), the stored columns of an answer row, the engine's answer, and
    the JSON of the open data. ``None`` as an answer means "not answered".

    ``method`` is the name the registry holds the instance under; the criteria
    table's messages name it. Instances used inside another spec (TIERS' inputs)
    or for a method without a specification may leave it empty or pass the name.
    """

    def __init__(self, method: str = "") -> None:
        self.method = method

    def parts(self, indicator: Indicator, definition: IndicatorDefinition) -> tuple[Part, ...]:
        """The inputs of ``indicator``; ``definition`` (of the same indicator) gives their labels."""
        raise NotImplementedError

    def main_part(self, indicator: Indicator) -> str:
        """The input beside which the engine's objection to an answer is shown."""
        return "value"

    def error_part(self, indicator: Indicator, answer: AnswerValue) -> str:
        return self.main_part(indicator)

    def part_label(self, indicator: Indicator, definition: IndicatorDefinition, name: str) -> str:
        """The label of the input ``name``, as the report form shows it."""
        return next((part.label for part in self.parts(indicator, definition) if part.name == name), name)

    def objection(
        self, indicator: Indicator, definition: IndicatorDefinition, answer: AnswerValue, error: AnswerError
    ) -> tuple[str, str]:
        """The input to mark, and what to tell the person, when the engine refuses ``answer``.

        The engine knows the indicator's inputs only as a, b or "the value"; the person knows them by
        their labels. By default the engine's words follow the input's label; a method whose inputs
        can say it better (a ratio naming both numbers) overrides this.
        """
        name = self.error_part(indicator, answer)
        label = self.part_label(indicator, definition, name)
        return name, _("%(label)s: %(message)s") % {"label": label, "message": error.message}

    def to_stored(self, indicator: Indicator, typed: Mapping[str, object]) -> dict[str, object]:
        """The row columns this method sets from the typed parts; the others keep their empty values."""
        raise NotImplementedError

    def to_typed(self, indicator: Indicator, stored: Stored) -> dict[str, object]:
        """The form's initial values, by part name, for a saved row."""
        raise NotImplementedError

    def answer(self, indicator: Indicator, stored: Stored) -> AnswerValue:
        raise NotImplementedError

    def from_json(self, indicator: Indicator, value: Mapping) -> AnswerValue:
        """The answer of an open-data JSON object; :class:`AnswerError` when its shape is wrong."""
        raise NotImplementedError

    def to_json(self, indicator: Indicator, answer: AnswerValue) -> dict | None:
        """The JSON object of an answer; numbers stay Decimal (written as strings, which read back alike)."""
        raise NotImplementedError

    def text(self, indicator: Indicator, answer: AnswerValue) -> str:
        """An answer (not None) as a person reads it."""
        raise NotImplementedError

    def sample(self, indicator: Indicator, position: int) -> dict[str, str | list[str]]:
        """Plausible typed input for the demo, by part name; ``position`` varies it between agencies."""
        raise NotImplementedError

    def describe(self, definition: Mapping) -> list[str]:
        """Sentences that explain to the public how an indicator (a definition mapping) is scored."""
        raise NotImplementedError

    def format_parameters(self, definition: Mapping) -> str:
        """The compact ``parameters`` cell of the criteria table (docs/criteria-spreadsheet.md) for a
        definition mapping; empty for a method that needs none."""
        return ""

    def parse_parameters(self, text: str) -> dict:
        """The definition keys a ``parameters`` cell sets; ValueError with the reason when it cannot be read.

        Items are ``key = value``; each goes to :meth:`read_parameter`, and a key no method reads is refused.
        """
        parsed: dict = {"options": [], "tiers": []}
        for item in parameter_items(text):
            key, _sep, value = (part.strip() for part in item.partition("="))
            if not self.read_parameter(parsed, key, value, item):
                raise ValueError(_("“%(key)s” is not a parameter of %(method)s.") % {"key": key, "method": self.method})
        return parsed

    def read_parameter(self, parsed: dict, key: str, value: str, item: str) -> bool:
        """Sets in ``parsed`` what one ``key = value`` item says; False when ``key`` is not this method's."""
        return False


METHODS: dict[str, MethodSpec] = {}


def register(method: str) -> Callable[[type[MethodSpec]], type[MethodSpec]]:
    """Class decorator: the specification of ``method`` (a :class:`~assessments.scoring.Method`)."""

    def add(spec: type[MethodSpec]) -> type[MethodSpec]:
        METHODS[method] = spec(method)
        return spec

    return add


def spec_for(indicator: Indicator) -> MethodSpec:
    try:
        return METHODS[indicator.method]
    except KeyError:
        raise AnswerError(indicator.code, f"No specification for the method {indicator.method}") from None


def expect_keys(code: str, value: Mapping, expected: set[str]) -> None:
    if set(value) != expected:
        raise AnswerError(
            code,
            _("Expected the keys %(expected)s, found %(found)s.")
            % {"expected": ", ".join(sorted(expected)), "found": ", ".join(sorted(value)) or "-"},
        )


def plain_decimal(value: Decimal | None) -> Decimal | None:
    """3 rather than 3.0000: stored values have four places, typed ones as many as were typed."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def number_text(value: Decimal | None) -> str:
    """A number as Vietnamese readers write it: decimal comma, no trailing zeros."""
    text = format(value.normalize(), "f") if value is not None else ""
    return text.replace(".", ",")


# The ``parameters`` cell of the criteria table, shared by the specifications that read and write it.


def table_number(value: object) -> str:
    """A number as the criteria table writes it: 3 rather than 3.0000, with a decimal point."""
    number = Decimal(str(value))
    return str(number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize())


def escape_parameter(text: object) -> str:
    """Free text (a label) inside a ``parameters`` cell: ``;`` separates items, so it is written ``\\;``."""
    return str(text or "").replace(";", "\\;")


def parameter_items(text: str) -> Iterator[str]:
    """The non-empty items of a ``parameters`` cell, split on ";" but not on an escaped "\\;".

    Lazily, so that the first unreadable item is the one reported, whatever is wrong with it.
    """
    for raw in re.split(r"(?<!\\);", text or ""):
        item = raw.replace("\\;", ";").strip()
        if not item:
            continue
        if "=" not in item:
            raise ValueError(_("“%(item)s” is not of the form key = value.") % {"item": item})
        yield item


def is_number(text: str) -> bool:
    try:
        return Decimal(text.replace(",", ".")).is_finite()
    except InvalidOperation:
        return False


def parameter_decimal(text: str, item: str) -> Decimal:
    """The number ``text`` (decimal comma or point); ValueError naming ``item`` when it is none."""
    try:
        number = Decimal(text.strip().replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(_("“%(item)s” needs a number.") % {"item": item}) from error
    if not number.is_finite():
        raise ValueError(_("“%(item)s” needs a number.") % {"item": item})
    return number
