"""From a criteria set's definition (StreamField value or interchange rows) to the scoring engine.

A definition is a list of groups, each ``{"code", "title", "max_points"?,
"indicators": [indicator, ...]}``, where an indicator is a mapping shaped like
the value of :class:`assessments.blocks.IndicatorBlock`. StreamField values
(StructValue) and plain dicts from JSON or spreadsheets both fit, so the page,
the importers and ``score_answers`` share one reading and one set of rules.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _

from assessments.scoring import (
    ONE,
    ZERO,
    Band,
    CriteriaError,
    CriteriaSet,
    Group,
    Indicator,
    Method,
    Option,
    Tier,
    TierInput,
    ZeroDenominator,
)

# Scores are stored with 6 digits before the decimal point (Answer.self_score); an indicator worth
# more than this is a typing error, and would not fit.
MAX_INDICATOR_POINTS = Decimal(10_000)


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    return Decimal(str(value))


def _items(value: object) -> Iterable:
    """Children of a ListBlock/StreamBlock value, or of a plain list."""
    for item in value or ():
        yield getattr(item, "value", item)


class Problem(NamedTuple):
    """One reason an indicator cannot score, and the field the editor must fix (None: the whole)."""

    field: str | None
    message: str


def _fractions_problems(code: str, options: list) -> list[Problem]:
    problems = []
    for option in options:
        try:
            fraction = _decimal(option.get("fraction"))
        except (ValueError, ArithmeticError):
            fraction = None
        if fraction is None or not ZERO <= fraction <= ONE:
            message = _("%(code)s: the fraction of “%(label)s” must be between 0 and 1.")
            problems.append(Problem("options", message % {"code": code, "label": option.get("label")}))
    return problems


def _tier_problems(code: str, tiers: list, maximum: Decimal) -> list[Problem]:
    problems = []
    if not tiers:
        problems.append(Problem("tiers", _("%(code)s: add at least one tier.") % {"code": code}))
    thresholds = []
    for tier in tiers:
        try:
            threshold, points = _decimal(tier.get("threshold")), _decimal(tier.get("points"))
        except (ValueError, ArithmeticError):
            threshold = points = None
        if threshold is None or points is None or threshold < 0 or points < 0:
            message = _("%(code)s: each tier needs a threshold and points, both 0 or more.")
            problems.append(Problem("tiers", message % {"code": code}))
            continue
        thresholds.append(threshold)
        if points > maximum:
            message = _("%(code)s: a tier gives %(points)s points, above the indicator's maximum of %(max)s.")
            problems.append(Problem("tiers", message % {"code": code, "points": points, "max": maximum}))
    if len(set(thresholds)) != len(thresholds):
        problems.append(Problem("tiers", _("%(code)s: two tiers have the same threshold.") % {"code": code}))
    return problems


def indicator_problems(data: Mapping) -> list[Problem]:
    """Why an indicator definition cannot score; empty when it can."""
    problems: list[Problem] = []
    code = str(data.get("code") or "").strip()
    where = {"code": code or "?"}
    if not code:
        problems.append(Problem("code", _("An indicator has no code.")))
    try:
        maximum = _decimal(data.get("max_points"))
    except (ValueError, ArithmeticError):
        return [*problems, Problem("max_points", _("%(code)s: max points must be a number.") % where)]
    method = data.get("method")
    if method not in Method.__members__:
        message = _("%(code)s: unknown scoring method “%(method)s”.") % {**where, "method": method}
        return [*problems, Problem("method", message)]
    if maximum is None or maximum < 0:
        problems.append(Problem("max_points", _("%(code)s: max points must be zero or more.") % where))
        maximum = ZERO
    elif maximum > MAX_INDICATOR_POINTS:
        message = _("%(code)s: max points cannot exceed %(limit)s.")
        problems.append(
            Problem("max_points", message % {**where, "limit": f"{MAX_INDICATOR_POINTS:,}".replace(",", ".")})
        )
    elif method == Method.INFO and maximum != 0:
        message = _("%(code)s: an INFO indicator is not scored, so its max points must be 0.")
        problems.append(Problem("max_points", message % where))
    elif method != Method.INFO and maximum == 0:
        problems.append(Problem("max_points", _("%(code)s: a scored indicator needs max points above 0.") % where))

    if method in (Method.LEVELS, Method.CHECKS):
        options = list(_items(data.get("options")))
        if len(options) < (2 if method == Method.LEVELS else 1):
            problems.append(Problem("options", _("%(code)s: add the options the agency chooses from.") % where))
        labels = [str(option.get("label") or "").strip() for option in options]
        if any(not label for label in labels):
            problems.append(Problem("options", _("%(code)s: every option needs a label.") % where))
        if len(set(labels)) != len(labels):
            problems.append(Problem("options", _("%(code)s: two options have the same label.") % where))
        problems.extend(_fractions_problems(where["code"], options))
    if method == Method.TIERS:
        problems.extend(_tier_problems(where["code"], list(_items(data.get("tiers"))), maximum))
        if (data.get("tier_input") or TierInput.COUNT) not in TierInput._value2member_map_:
            problems.append(Problem("tier_input", _("%(code)s: tier input must be “count” or “ratio”.") % where))
    if method == Method.RATIO or (method == Method.TIERS and data.get("tier_input") == TierInput.RATIO):
        for label_field in ("numerator_label", "denominator_label"):
            if not str(data.get(label_field) or "").strip():
                message = _("%(code)s: name what a (numerator) and b (denominator) count.")
                problems.append(Problem(label_field, message % where))
        if data.get("when_denominator_zero") not in ZeroDenominator._value2member_map_:
            message = _("%(code)s: say what b = 0 scores (full, zero or not applicable).")
            problems.append(Problem("when_denominator_zero", message % where))
    if method == Method.TARGET:
        try:
            target = _decimal(data.get("target"))
        except (ValueError, ArithmeticError):
            target = None
        if target is None or target <= 0:
            problems.append(Problem("target", _("%(code)s: a TARGET indicator needs a target above 0.") % where))
    return problems


def build_indicator(data: Mapping) -> Indicator:
    """The engine's view of a valid indicator definition (check :func:`indicator_problems` first)."""
    method = Method(data["method"])
    # Parameters of other methods may linger in a definition (an editor switched the
    # method); only the ones this method reads are interpreted.
    tier_input = TierInput(data.get("tier_input") or TierInput.COUNT) if method == Method.TIERS else TierInput.COUNT
    takes_ratio = method == Method.RATIO or (method == Method.TIERS and tier_input == TierInput.RATIO)
    zero_rule = (data.get("when_denominator_zero") or ZeroDenominator.ZERO) if takes_ratio else ZeroDenominator.ZERO
    return Indicator(
        code=str(data["code"]).strip(),
        title=str(data.get("title") or ""),
        max_points=_decimal(data["max_points"]),
        method=method,
        options=tuple(
            Option(str(option["label"]).strip(), _decimal(option["fraction"])) for option in _items(data.get("options"))
        )
        if method in (Method.LEVELS, Method.CHECKS)
        else (),
        tiers=tuple(
            sorted(
                (Tier(_decimal(tier["threshold"]), _decimal(tier["points"])) for tier in _items(data.get("tiers"))),
                key=lambda tier: tier.threshold,
            )
        )
        if method == Method.TIERS
        else (),
        tier_input=tier_input,
        when_denominator_zero=ZeroDenominator(zero_rule),
        numerator_may_exceed=bool(data.get("numerator_may_exceed")),
        target=_decimal(data.get("target")) if method == Method.TARGET else None,
    )


def structure_problems(groups: Sequence[Mapping], max_total: object = None) -> list[str]:
    """Set-wide problems: missing or duplicate codes, and totals that do not add up."""
    problems: list[str] = []
    seen_codes: set[str] = set()
    seen_groups: set[str] = set()
    total = ZERO
    for group in groups:
        group_code = str(group.get("code") or "").strip()
        if not group_code:
            problems.append(_("A criteria group has no code."))
        elif group_code in seen_groups:
            problems.append(_("Two criteria groups have the code %(code)s.") % {"code": group_code})
        seen_groups.add(group_code)
        group_max = ZERO
        for indicator in _items(group.get("indicators")):
            code = str(indicator.get("code") or "").strip()
            if code and code in seen_codes:
                problems.append(_("Two indicators have the code %(code)s.") % {"code": code})
            seen_codes.add(code)
            with contextlib.suppress(ValueError, ArithmeticError):  # reported by indicator_problems
                group_max += _decimal(indicator.get("max_points")) or ZERO
        declared = group.get("max_points")
        if declared not in (None, "") and _decimal(declared) != group_max:
            problems.append(
                _("Group %(code)s declares %(declared)s points but its indicators add up to %(sum)s.")
                % {"code": group_code, "declared": _decimal(declared), "sum": group_max}
            )
        total += group_max
    if max_total not in (None, "") and _decimal(max_total) != total:
        problems.append(
            _("The groups add up to %(sum)s points, not the declared total of %(total)s.")
            % {"sum": total, "total": _decimal(max_total)}
        )
    if not seen_codes - {""}:
        problems.append(_("The criteria set has no indicator."))
    return problems


def definition_problems(groups: Sequence[Mapping], max_total: object = None) -> list[str]:
    """Every reason a whole definition cannot score: each indicator's, then the set-wide ones."""
    problems = [
        problem.message
        for group in groups
        for indicator in _items(group.get("indicators"))
        for problem in indicator_problems(indicator)
    ]
    return problems + structure_problems(groups, max_total)


def build_criteria_set(
    groups: Sequence[Mapping], bands: Iterable[Mapping] = (), max_total: object = None
) -> CriteriaSet:
    """The engine's criteria set, or :class:`CriteriaError` listing every problem."""
    problems = definition_problems(groups, max_total)
    if problems:
        raise CriteriaError(problems)
    return CriteriaSet(
        groups=tuple(
            Group(
                code=str(group["code"]).strip(),
                title=str(group.get("title") or ""),
                indicators=tuple(build_indicator(indicator) for indicator in _items(group.get("indicators"))),
            )
            for group in groups
        ),
        bands=tuple(Band(str(band["label"]), _decimal(band["min_percent"])) for band in bands),
        max_total=_decimal(max_total),
    )
