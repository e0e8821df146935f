"""The specification of each method of :class:`~assessments.scoring.Method`, one registered class each.

Methods that take the same input share a base: a number (TARGET, MINMAX,
TIERS by count) or a ratio a/b (RATIO, TIERS by ratio).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.definitions.indicator import IndicatorDefinition
from assessments.definitions.methods.base import (
    MethodSpec,
    Part,
    PartKind,
    Stored,
    escape_parameter,
    expect_keys,
    is_number,
    number_text,
    parameter_decimal,
    parameter_items,
    plain_decimal,
    register,
    table_number,
)
from assessments.formatting import points
from assessments.scoring import (
    AnswerError,
    AnswerValue,
    Indicator,
    Method,
    Proposal,
    Ratio,
    TierInput,
    ZeroDenominator,
    to_decimal,
)


def _json_value(indicator: Indicator, value: Mapping) -> object:
    expect_keys(indicator.code, value, {"value"})
    return value["value"]


def _items(value) -> list:
    return [getattr(item, "value", item) for item in value or ()]


def _option_points(definition: Mapping, option: Mapping) -> str:
    return points(Decimal(str(definition["max_points"])) * option["fraction"])


def _zero_rule(definition: Mapping) -> str:
    rule = definition.get("when_denominator_zero") or ZeroDenominator.ZERO
    return {
        ZeroDenominator.FULL: _("If b = 0: full points."),
        ZeroDenominator.ZERO: _("If b = 0: 0 points."),
        ZeroDenominator.NOT_APPLICABLE: _("If b = 0: the indicator does not apply and leaves both totals."),
    }[rule]


def _labels(indicator: Indicator) -> tuple[str, ...]:
    return tuple(option.label for option in indicator.options)


def _ratio_parameters(definition: Mapping) -> list[str]:
    """``a = <what a counts>; b = <what b counts>; b0 = full|zero|not_applicable``, and ``a>b = yes`` when a
    may exceed b: the items of RATIO, and of TIERS by ratio."""
    items = [
        f"a = {escape_parameter(definition.get('numerator_label'))}",
        f"b = {escape_parameter(definition.get('denominator_label'))}",
        f"b0 = {definition.get('when_denominator_zero') or 'zero'}",
    ]
    if definition.get("numerator_may_exceed"):
        items.append("a>b = yes")
    return items


def _read_ratio_parameter(parsed: dict, key: str, value: str) -> bool:
    names = {"a": "numerator_label", "b": "denominator_label", "b0": "when_denominator_zero"}
    if key in names:
        parsed[names[key]] = value
        return True
    if key == "a>b":
        parsed["numerator_may_exceed"] = value.lower() in ("yes", "có", "true", "1")
        return True
    return False


@register(Method.BIN)
class YesNoSpec(MethodSpec):
    def parts(self, indicator: Indicator, definition: IndicatorDefinition) -> tuple[Part, ...]:
        return (Part("value", PartKind.YES_NO, _("Answer")),)

    def to_stored(self, indicator: Indicator, typed: Mapping[str, object]) -> dict[str, object]:
        return {"value_bool": {"yes": True, "no": False}.get(typed.get("value"))}

    def to_typed(self, indicator: Indicator, stored: Stored) -> dict[str, object]:
        return {"value": {True: "yes", False: "no"}.get(stored["value_bool"], "")}

    def answer(self, indicator: Indicator, stored: Stored) -> AnswerValue:
        return stored["value_bool"]

    def from_json(self, indicator: Indicator, value: Mapping) -> AnswerValue:
        raw = _json_value(indicator, value)
        if raw is not None and not isinstance(raw, bool):
            raise AnswerError(indicator.code, _("Answer yes or no (true or false)."))
        return raw

    def to_json(self, indicator: Indicator, answer: AnswerValue) -> dict | None:
        return None if answer is None else {"value": answer}

    def text(self, indicator: Indicator, answer: AnswerValue) -> str:
        return str(_("Yes") if answer else _("No"))

    def sample(self, indicator: Indicator, position: int) -> dict[str, str | list[str]]:
        return {"value": "yes" if position % 4 else "no"}

    def describe(self, definition: Mapping) -> list[str]:
        return [_("Yes: %(max)s points; no: 0 points.") % {"max": points(definition["max_points"])}]


class _TextValue:
    """One text input kept in ``value_text``: the option chosen (LEVELS) or the information given (INFO)."""

    def to_stored(self, indicator: Indicator, typed: Mapping[str, object]) -> dict[str, object]:
        return {"value_text": typed.get("value") or ""}

    def to_typed(self, indicator: Indicator, stored: Stored) -> dict[str, object]:
        return {"value": stored["value_text"]}

    def answer(self, indicator: Indicator, stored: Stored) -> AnswerValue:
        return stored["value_text"] or None


class _OptionsSpec(MethodSpec):
    """LEVELS and CHECKS: options chosen by their labels.

    Parameters: ``<option label> = <fraction>`` for each option.
    """

    def format_parameters(self, definition: Mapping) -> str:
        return "; ".join(
            f"{escape_parameter(option['label'])} = {table_number(option['fraction'])}"
            for option in _items(definition["options"])
        )

    def parse_parameters(self, text: str) -> dict:
        # Every item is an option; the label is what precedes the last "=", so a label may hold "=".
        options = []
        for item in parameter_items(text):
            label, _sep, fraction = item.rpartition("=")
            options.append({"label": label.strip(), "fraction": parameter_decimal(fraction, item)})
        return {"options": options, "tiers": []}

    def sample(self, indicator: Indicator, position: int) -> dict[str, str | list[str]]:
        return {"value": indicator.options[position % len(indicator.options)].label}


@register(Method.LEVELS)
class OneOptionSpec(_TextValue, _OptionsSpec):
    def parts(self, indicator: Indicator, definition: IndicatorDefinition) -> tuple[Part, ...]:
        return (Part("value", PartKind.ONE_OPTION, _("Level reached"), choices=_labels(indicator)),)

    def from_json(self, indicator: Indicator, value: Mapping) -> AnswerValue:
        raw = _json_value(indicator, value)
        if raw is not None and not isinstance(raw, str):
            raise AnswerError(indicator.code, _("Choose one option by its label."))
        return raw

    def to_json(self, indicator: Indicator, answer: AnswerValue) -> dict | None:
        return None if answer is None else {"value": answer}

    def text(self, indicator: Indicator, answer: AnswerValue) -> str:
        return str(answer)

    def describe(self, definition: Mapping) -> list[str]:
        lines = [_("Choose one level:")]
        for option in _items(definition.get("options")):
            lines.append(
                _("%(label)s: %(points)s points")
                % {"label": option["label"], "points": _option_points(definition, option)}
            )
        return lines


@register(Method.CHECKS)
class ManyOptionsSpec(_OptionsSpec):
    def parts(self, indicator: Indicator, definition: IndicatorDefinition) -> tuple[Part, ...]:
        return (Part("value", PartKind.MANY_OPTIONS, _("Conditions met"), choices=_labels(indicator)),)

    def to_stored(self, indicator: Indicator, typed: Mapping[str, object]) -> dict[str, object]:
        return {"value_choices": list(typed.get("value") or [])}

    def to_typed(self, indicator: Indicator, stored: Stored) -> dict[str, object]:
        return {"value": stored["value_choices"]}

    def answer(self, indicator: Indicator, stored: Stored) -> AnswerValue:
        # Nothing ticked is an answer (no condition met), not a missing one.
        return tuple(stored["value_choices"] or ())

    def from_json(self, indicator: Indicator, value: Mapping) -> AnswerValue:
        raw = _json_value(indicator, value)
        if raw is None:
            return None
        if not isinstance(raw, list) or not all(isinstance(label, str) for label in raw):
            raise AnswerError(indicator.code, _("List the ticked conditions by their labels."))
        return tuple(raw)

    def to_json(self, indicator: Indicator, answer: AnswerValue) -> dict | None:
        return None if answer is None else {"value": list(answer)}

    def text(self, indicator: Indicator, answer: AnswerValue) -> str:
        return "; ".join(answer) or str(_("none of the conditions"))

    def describe(self, definition: Mapping) -> list[str]:
        lines = [
            _("Points for each condition met, at most %(max)s points:") % {"max": points(definition["max_points"])}
        ]
        for option in _items(definition.get("options")):
            lines.append(
                _("%(label)s: +%(points)s points")
                % {"label": option["label"], "points": _option_points(definition, option)}
            )
        return lines


class NumberSpec(MethodSpec):
    """One number, labelled with the indicator's unit; from 0 unless ``negative``."""

    negative = False

    def parts(self, indicator: Indicator, definition: IndicatorDefinition) -> tuple[Part, ...]:
        # "Số người", not "người": the label names the input in messages too ("Số người phải là một số …").
        label = _("Number of %(unit)s") % {"unit": definition.unit} if definition.unit else _("Number")
        return (Part("value", PartKind.NUMBER, label, negative=self.negative),)

    def to_stored(self, indicator: Indicator, typed: Mapping[str, object]) -> dict[str, object]:
        return {"value_number": typed.get("value")}

    def to_typed(self, indicator: Indicator, stored: Stored) -> dict[str, object]:
        return {"value": plain_decimal(stored["value_number"])}

    def answer(self, indicator: Indicator, stored: Stored) -> AnswerValue:
        return stored["value_number"]

    def objection(
        self, indicator: Indicator, definition: IndicatorDefinition, answer: AnswerValue, error: AnswerError
    ) -> tuple[str, str]:
        # The engine says "the count"; the person typed into an input labelled with the unit.
        if isinstance(answer, Decimal) and answer.is_finite() and answer < 0 and not self.negative:
            label = self.part_label(indicator, definition, "value")
            return "value", _("%(what)s cannot be negative.") % {"what": label}
        return super().objection(indicator, definition, answer, error)

    def from_json(self, indicator: Indicator, value: Mapping) -> AnswerValue:
        raw = _json_value(indicator, value)
        return None if raw is None else to_decimal(raw, indicator.code, _("The value"))

    def to_json(self, indicator: Indicator, answer: AnswerValue) -> dict | None:
        return None if answer is None else {"value": answer}

    def text(self, indicator: Indicator, answer: AnswerValue) -> str:
        return number_text(answer)

    def sample(self, indicator: Indicator, position: int) -> dict[str, str | list[str]]:
        return {"value": str(1 + position % 4)}


class RatioSpec(MethodSpec):
    """Two numbers a and b, labelled as the indicator names them.

    Parameters: the items of :func:`_ratio_parameters`.
    """

    def parts(self, indicator: Indicator, definition: IndicatorDefinition) -> tuple[Part, ...]:
        return (
            Part("a", PartKind.NUMBER, definition.numerator_label or "a"),
            Part("b", PartKind.NUMBER, definition.denominator_label or "b"),
        )

    def main_part(self, indicator: Indicator) -> str:
        return "a"

    def to_stored(self, indicator: Indicator, typed: Mapping[str, object]) -> dict[str, object]:
        return {"value_a": typed.get("a"), "value_b": typed.get("b")}

    def to_typed(self, indicator: Indicator, stored: Stored) -> dict[str, object]:
        return {"a": plain_decimal(stored["value_a"]), "b": plain_decimal(stored["value_b"])}

    def answer(self, indicator: Indicator, stored: Stored) -> AnswerValue:
        a, b = stored["value_a"], stored["value_b"]
        return Ratio(a, b) if a is not None and b is not None else None

    def objection(
        self, indicator: Indicator, definition: IndicatorDefinition, answer: AnswerValue, error: AnswerError
    ) -> tuple[str, str]:
        """The engine's objections to a ratio in the words of its two labels, checked in the engine's order."""
        labels = {part.name: part.label for part in self.parts(indicator, definition)}
        if not isinstance(answer, Ratio):
            return "a", _("Enter both %(a)s and %(b)s.") % labels
        if not (answer.a.is_finite() and answer.b.is_finite()):
            return super().objection(indicator, definition, answer, error)
        for name, value in (("a", answer.a), ("b", answer.b)):
            if value < 0:
                return name, _("%(what)s cannot be negative.") % {"what": labels[name]}
        if answer.a > answer.b and not indicator.numerator_may_exceed:
            return "a", _("%(a)s (%(a_value)s) cannot be greater than %(b)s (%(b_value)s).") % {
                **labels,
                "a_value": number_text(answer.a),
                "b_value": number_text(answer.b),
            }
        return super().objection(indicator, definition, answer, error)

    def from_json(self, indicator: Indicator, value: Mapping) -> AnswerValue:
        code = indicator.code
        expect_keys(code, value, {"a", "b"})
        return Ratio(to_decimal(value["a"], code, "a"), to_decimal(value["b"], code, "b"))

    def to_json(self, indicator: Indicator, answer: AnswerValue) -> dict | None:
        return None if answer is None else {"a": answer.a, "b": answer.b}

    def text(self, indicator: Indicator, answer: AnswerValue) -> str:
        return f"a = {number_text(answer.a)}; b = {number_text(answer.b)}"

    def sample(self, indicator: Indicator, position: int) -> dict[str, str | list[str]]:
        whole = 20 + position * 7
        return {"a": str(whole - position % 5), "b": str(whole)}

    def describe(self, definition: Mapping) -> list[str]:
        maximum = points(definition["max_points"])
        return [
            _("Points = %(max)s × a/b, at most %(max)s.") % {"max": maximum},
            _("a = %(a)s; b = %(b)s.")
            % {"a": definition.get("numerator_label"), "b": definition.get("denominator_label")},
            _zero_rule(definition),
        ]

    def format_parameters(self, definition: Mapping) -> str:
        return "; ".join(_ratio_parameters(definition))

    def read_parameter(self, parsed: dict, key: str, value: str, item: str) -> bool:
        return _read_ratio_parameter(parsed, key, value)


register(Method.RATIO)(RatioSpec)


@register(Method.TARGET)
class TargetSpec(NumberSpec):
    """Parameters: ``target = <n>``."""

    def format_parameters(self, definition: Mapping) -> str:
        return f"target = {table_number(definition['target'])}"

    def read_parameter(self, parsed: dict, key: str, value: str, item: str) -> bool:
        if key != "target":
            return False
        parsed["target"] = parameter_decimal(value, item)
        return True

    def describe(self, definition: Mapping) -> list[str]:
        return [
            _("Points = %(max)s × n/%(target)s; reaching the target of %(target)s %(unit)s gives full points.")
            % {
                "max": points(definition["max_points"]),
                "target": points(definition["target"]),
                "unit": definition.get("unit") or "",
            }
        ]


@register(Method.MINMAX)
class MinMaxSpec(NumberSpec):
    # Compared within the cohort, so it may be negative (a change, a balance).
    negative = True

    def describe(self, definition: Mapping) -> list[str]:
        return [
            _(
                "Compared within the cohort: the highest value gets %(max)s points, the lowest 0, the others in "
                "proportion. Known once every agency of the cohort has reported."
            )
            % {"max": points(definition["max_points"])}
        ]


@register(Method.TIERS)
class TiersSpec(MethodSpec):
    """A count or a ratio, as the indicator's ``tier_input`` says; each part defers to that input's spec.

    Parameters: ``input = count|ratio``, with ratio input the RATIO items, then ``<threshold> = <points>``
    for each tier.
    """

    _by_input = {TierInput.COUNT: NumberSpec(), TierInput.RATIO: RatioSpec()}

    def _input(self, indicator: Indicator) -> MethodSpec:
        return self._by_input[indicator.tier_input]

    def parts(self, indicator: Indicator, definition: IndicatorDefinition) -> tuple[Part, ...]:
        return self._input(indicator).parts(indicator, definition)

    def main_part(self, indicator: Indicator) -> str:
        return self._input(indicator).main_part(indicator)

    def objection(
        self, indicator: Indicator, definition: IndicatorDefinition, answer: AnswerValue, error: AnswerError
    ) -> tuple[str, str]:
        return self._input(indicator).objection(indicator, definition, answer, error)

    def to_stored(self, indicator: Indicator, typed: Mapping[str, object]) -> dict[str, object]:
        return self._input(indicator).to_stored(indicator, typed)

    def to_typed(self, indicator: Indicator, stored: Stored) -> dict[str, object]:
        return self._input(indicator).to_typed(indicator, stored)

    def answer(self, indicator: Indicator, stored: Stored) -> AnswerValue:
        return self._input(indicator).answer(indicator, stored)

    def from_json(self, indicator: Indicator, value: Mapping) -> AnswerValue:
        return self._input(indicator).from_json(indicator, value)

    def to_json(self, indicator: Indicator, answer: AnswerValue) -> dict | None:
        return self._input(indicator).to_json(indicator, answer)

    def text(self, indicator: Indicator, answer: AnswerValue) -> str:
        return self._input(indicator).text(indicator, answer)

    def sample(self, indicator: Indicator, position: int) -> dict[str, str | list[str]]:
        return self._input(indicator).sample(indicator, position)

    def describe(self, definition: Mapping) -> list[str]:
        tiers = sorted(_items(definition.get("tiers")), key=lambda tier: tier["threshold"], reverse=True)
        if definition.get("tier_input") == TierInput.RATIO:
            lines = [
                _("By the share a/b, where a = %(a)s and b = %(b)s:")
                % {"a": definition.get("numerator_label"), "b": definition.get("denominator_label")}
            ]
            lines += [
                _("%(threshold)s%% or more: %(points)s points")
                % {"threshold": points(tier["threshold"]), "points": points(tier["points"])}
                for tier in tiers
            ]
            return [*lines, _("Below that: 0 points."), _zero_rule(definition)]
        unit = definition.get("unit") or ""
        lines = [_("By the number reached (%(unit)s):") % {"unit": unit} if unit else _("By the number reached:")]
        lines += [
            _("%(threshold)s or more: %(points)s points")
            % {"threshold": points(tier["threshold"]), "points": points(tier["points"])}
            for tier in tiers
        ]
        return [*lines, _("Below that: 0 points.")]

    def format_parameters(self, definition: Mapping) -> str:
        items = [f"input = {definition.get('tier_input') or TierInput.COUNT}"]
        if definition.get("tier_input") == TierInput.RATIO:
            items += _ratio_parameters(definition)
        items += [
            f"{table_number(tier['threshold'])} = {table_number(tier['points'])}"
            for tier in _items(definition["tiers"])
        ]
        return "; ".join(items)

    def read_parameter(self, parsed: dict, key: str, value: str, item: str) -> bool:
        # The RATIO items are read whatever the input, as the table has always accepted them.
        if key == "input":
            parsed["tier_input"] = value
        elif not _read_ratio_parameter(parsed, key, value):
            if not is_number(key):
                return False
            tier = {"threshold": parameter_decimal(key, item), "points": parameter_decimal(value, item)}
            parsed["tiers"].append(tier)
        return True


@register(Method.MANUAL)
class ManualSpec(MethodSpec):
    """Points the agency proposes, up to the indicator's maximum, and why."""

    def parts(self, indicator: Indicator, definition: IndicatorDefinition) -> tuple[Part, ...]:
        return (
            Part("points", PartKind.NUMBER, _("Proposed points"), max_value=indicator.max_points),
            Part("justification", PartKind.TEXT, _("Justification"), max_length=5000, rows=3),
        )

    def main_part(self, indicator: Indicator) -> str:
        return "points"

    def error_part(self, indicator: Indicator, answer: AnswerValue) -> str:
        # Points without a reason: the missing reason is what to fix.
        if isinstance(answer, Proposal) and not answer.justification.strip():
            return "justification"
        return "points"

    def objection(
        self, indicator: Indicator, definition: IndicatorDefinition, answer: AnswerValue, error: AnswerError
    ) -> tuple[str, str]:
        if isinstance(answer, Proposal) and not answer.justification.strip():
            label = self.part_label(indicator, definition, "justification")
            return "justification", _("%(label)s: say why you propose these points.") % {"label": label}
        return super().objection(indicator, definition, answer, error)

    def to_stored(self, indicator: Indicator, typed: Mapping[str, object]) -> dict[str, object]:
        return {"value_number": typed.get("points"), "justification": typed.get("justification") or ""}

    def to_typed(self, indicator: Indicator, stored: Stored) -> dict[str, object]:
        return {"points": plain_decimal(stored["value_number"]), "justification": stored["justification"]}

    def answer(self, indicator: Indicator, stored: Stored) -> AnswerValue:
        points = stored["value_number"]
        return Proposal(points, stored["justification"]) if points is not None else None

    def from_json(self, indicator: Indicator, value: Mapping) -> AnswerValue:
        code = indicator.code
        expect_keys(code, value, {"points", "justification"})
        if not isinstance(value["justification"], str):
            raise AnswerError(code, _("The justification must be text."))
        return Proposal(to_decimal(value["points"], code, _("The proposed points")), value["justification"])

    def to_json(self, indicator: Indicator, answer: AnswerValue) -> dict | None:
        return None if answer is None else {"points": answer.points, "justification": answer.justification}

    def text(self, indicator: Indicator, answer: AnswerValue) -> str:
        return f"{number_text(answer.points)} — {answer.justification}"

    def sample(self, indicator: Indicator, position: int) -> dict[str, str | list[str]]:
        return {
            "points": str((indicator.max_points / 2).quantize(Decimal(1))),
            "justification": "Theo báo cáo tổng kết năm.",
        }

    def describe(self, definition: Mapping) -> list[str]:
        return [
            _("The agency proposes 0 to %(max)s points with a justification; the appraiser decides.")
            % {"max": points(definition["max_points"])}
        ]


@register(Method.INFO)
class InfoSpec(_TextValue, MethodSpec):
    """Information asked for but not scored: text, or a number in the open data."""

    def parts(self, indicator: Indicator, definition: IndicatorDefinition) -> tuple[Part, ...]:
        return (Part("value", PartKind.TEXT, _("Value"), max_length=500),)

    def from_json(self, indicator: Indicator, value: Mapping) -> AnswerValue:
        raw = _json_value(indicator, value)
        if raw is None or isinstance(raw, str):
            return raw
        return to_decimal(raw, indicator.code, _("The value"))

    def to_json(self, indicator: Indicator, answer: AnswerValue) -> dict | None:
        return None if answer is None else {"value": answer}

    def text(self, indicator: Indicator, answer: AnswerValue) -> str:
        return answer if isinstance(answer, str) else number_text(answer)

    def sample(self, indicator: Indicator, position: int) -> dict[str, str | list[str]]:
        return {"value": str(10 + position)}

    def describe(self, definition: Mapping) -> list[str]:
        return [_("Collected and published, not scored.")]
