"""How an indicator scores, written out in plain words for the public criteria page.

The sentence is built from the same definition the engine scores with, so the
page never says one thing while the form computes another.
"""

from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.formatting import points
from assessments.scoring import Method, TierInput, ZeroDenominator


def _items(value) -> list:
    return [getattr(item, "value", item) for item in value or ()]


def _zero_rule(indicator: Mapping) -> str:
    rule = indicator.get("when_denominator_zero") or ZeroDenominator.ZERO
    return {
        ZeroDenominator.FULL: _("If b = 0: full points."),
        ZeroDenominator.ZERO: _("If b = 0: 0 points."),
        ZeroDenominator.NOT_APPLICABLE: _("If b = 0: the indicator does not apply and leaves both totals."),
    }[rule]


def describe_method(indicator: Mapping) -> list[str]:
    """Sentences that explain how ``indicator`` (a definition mapping) is scored."""
    method = indicator["method"]
    maximum = points(indicator["max_points"])
    unit = indicator.get("unit") or ""
    if method == Method.BIN:
        return [_("Yes: %(max)s points; no: 0 points.") % {"max": maximum}]
    if method == Method.LEVELS:
        lines = [_("Choose one level:")]
        for option in _items(indicator.get("options")):
            lines.append(
                _("%(label)s: %(points)s points")
                % {
                    "label": option["label"],
                    "points": points(Decimal(str(indicator["max_points"])) * option["fraction"]),
                }
            )
        return lines
    if method == Method.CHECKS:
        lines = [_("Points for each condition met, at most %(max)s points:") % {"max": maximum}]
        for option in _items(indicator.get("options")):
            lines.append(
                _("%(label)s: +%(points)s points")
                % {
                    "label": option["label"],
                    "points": points(Decimal(str(indicator["max_points"])) * option["fraction"]),
                }
            )
        return lines
    if method == Method.TIERS:
        tiers = sorted(_items(indicator.get("tiers")), key=lambda tier: tier["threshold"], reverse=True)
        if indicator.get("tier_input") == TierInput.RATIO:
            lines = [
                _("By the share a/b, where a = %(a)s and b = %(b)s:")
                % {"a": indicator.get("numerator_label"), "b": indicator.get("denominator_label")}
            ]
            lines += [
                _("%(threshold)s%% or more: %(points)s points")
                % {"threshold": points(tier["threshold"]), "points": points(tier["points"])}
                for tier in tiers
            ]
            lines.append(_("Below that: 0 points."))
            lines.append(_zero_rule(indicator))
            return lines
        lines = [_("By the number reached (%(unit)s):") % {"unit": unit} if unit else _("By the number reached:")]
        lines += [
            _("%(threshold)s or more: %(points)s points")
            % {"threshold": points(tier["threshold"]), "points": points(tier["points"])}
            for tier in tiers
        ]
        lines.append(_("Below that: 0 points."))
        return lines
    if method == Method.RATIO:
        return [
            _("Points = %(max)s × a/b, at most %(max)s.") % {"max": maximum},
            _("a = %(a)s; b = %(b)s.")
            % {"a": indicator.get("numerator_label"), "b": indicator.get("denominator_label")},
            _zero_rule(indicator),
        ]
    if method == Method.TARGET:
        target = points(indicator["target"])
        return [
            _("Points = %(max)s × n/%(target)s; reaching the target of %(target)s %(unit)s gives full points.")
            % {"max": maximum, "target": target, "unit": unit}
        ]
    if method == Method.MINMAX:
        return [
            _(
                "Compared within the cohort: the highest value gets %(max)s points, the lowest 0, the others in "
                "proportion. Known once every agency of the cohort has reported."
            )
            % {"max": maximum}
        ]
    if method == Method.MANUAL:
        return [
            _("The agency proposes 0 to %(max)s points with a justification; the appraiser decides.") % {"max": maximum}
        ]
    return [_("Collected and published, not scored.")]
