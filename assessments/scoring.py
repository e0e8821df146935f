"""The scoring engine: every scoring method of the criteria sets as plain typed functions.

It takes a criteria set and answers as plain data and returns scores as plain
data. Everything that scores calls these functions (criteria pages build their
engine view here, ``manage.py score_answers`` scores files with them, and the
report and results screens are to do the same), so a published score can be
checked by anyone from the open data.

Arithmetic is Decimal throughout; each indicator's score is rounded half-up to
two places and group and total scores are sums of those rounded scores.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
INDEX_PLACES = Decimal("0.0001")
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


class Method(enum.StrEnum):
    BIN = "BIN"
    LEVELS = "LEVELS"
    CHECKS = "CHECKS"
    TIERS = "TIERS"
    RATIO = "RATIO"
    TARGET = "TARGET"
    MINMAX = "MINMAX"
    MANUAL = "MANUAL"
    INFO = "INFO"


class TierInput(enum.StrEnum):
    COUNT = "count"
    RATIO = "ratio"


class ZeroDenominator(enum.StrEnum):
    """What a ratio with b = 0 scores: there was nothing to do, so the indicator decides."""

    FULL = "full"
    ZERO = "zero"
    NOT_APPLICABLE = "not_applicable"


class AnswerError(ValueError):
    """An answer that cannot be scored; the message is for the person who typed it."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class CriteriaError(ValueError):
    """A criteria set that cannot score; ``problems`` lists each reason."""

    def __init__(self, problems: Sequence[str]):
        super().__init__("; ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Option:
    label: str
    fraction: Decimal


@dataclass(frozen=True)
class Tier:
    threshold: Decimal
    points: Decimal


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    max_points: Decimal
    method: Method
    options: tuple[Option, ...] = ()
    tiers: tuple[Tier, ...] = ()
    tier_input: TierInput = TierInput.COUNT
    when_denominator_zero: ZeroDenominator = ZeroDenominator.ZERO
    # Most ratios count a part of a whole (a <= b); a few compare two independent counts.
    numerator_may_exceed: bool = False
    target: Decimal | None = None

    @property
    def is_scored(self) -> bool:
        return self.method != Method.INFO

    @property
    def takes_ratio(self) -> bool:
        return self.method == Method.RATIO or (self.method == Method.TIERS and self.tier_input == TierInput.RATIO)


@dataclass(frozen=True)
class Group:
    code: str
    title: str
    indicators: tuple[Indicator, ...]

    @property
    def max_points(self) -> Decimal:
        return sum((indicator.max_points for indicator in self.indicators), ZERO)


@dataclass(frozen=True)
class Band:
    label: str
    min_percent: Decimal


@dataclass(frozen=True)
class CriteriaSet:
    groups: tuple[Group, ...]
    bands: tuple[Band, ...] = ()
    max_total: Decimal | None = None

    def indicators(self) -> Iterable[Indicator]:
        for group in self.groups:
            yield from group.indicators

    def indicator(self, code: str) -> Indicator | None:
        return next((indicator for indicator in self.indicators() if indicator.code == code), None)


# Answers, one type per shape of input. ``None`` for an indicator means "not answered".
@dataclass(frozen=True)
class Ratio:
    a: Decimal
    b: Decimal


@dataclass(frozen=True)
class Proposal:
    """A MANUAL answer: the points the agency proposes and why."""

    points: Decimal
    justification: str


# What the engine scores for one indicator (an answer row, models.Answer, stores it as columns).
AnswerValue = bool | str | tuple[str, ...] | Decimal | Ratio | Proposal | None


@dataclass(frozen=True)
class Range:
    """The lowest and highest MINMAX value in a cohort."""

    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class IndicatorScore:
    score: Decimal | None
    max_points: Decimal
    not_applicable: bool = False
    pending: bool = False


@dataclass(frozen=True)
class GroupScore:
    score: Decimal
    max_points: Decimal


@dataclass(frozen=True)
class ReportScore:
    indicators: dict[str, IndicatorScore]
    groups: dict[str, GroupScore]
    total: Decimal
    max_applicable: Decimal
    index: Decimal | None
    band: str | None
    pending: tuple[str, ...] = field(default=())


def round_points(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_decimal(value: object, code: str, what: str) -> Decimal:
    """A finite number from JSON or a form, refusing booleans, text and NaN."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise AnswerError(code, _("%(what)s must be a number.") % {"what": what})
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as error:
        raise AnswerError(code, _("%(what)s must be a number.") % {"what": what}) from error
    if not number.is_finite():
        raise AnswerError(code, _("%(what)s must be a number.") % {"what": what})
    return number


def _non_negative(value: Decimal, code: str, what: str) -> Decimal:
    if not value.is_finite():
        raise AnswerError(code, _("%(what)s must be a number.") % {"what": what})
    if value < 0:
        raise AnswerError(code, _("%(what)s cannot be negative.") % {"what": what})
    return value


def _finite(value: Decimal, code: str) -> Decimal:
    if not value.is_finite():
        raise AnswerError(code, _("Enter a number."))
    return value


def _ratio_parts(indicator: Indicator, answer: AnswerValue) -> Ratio | ZeroDenominator:
    """The checked a and b of a ratio answer, or the indicator's rule when b = 0."""
    if not isinstance(answer, Ratio):
        raise AnswerError(indicator.code, _("Enter two numbers, a and b."))
    a = _non_negative(answer.a, indicator.code, "a")
    b = _non_negative(answer.b, indicator.code, "b")
    if a > b and not indicator.numerator_may_exceed:
        raise AnswerError(indicator.code, _("a (%(a)s) cannot be greater than b (%(b)s).") % {"a": a, "b": b})
    if b == 0:
        return indicator.when_denominator_zero
    return Ratio(a, b)


def _option(indicator: Indicator, label: str) -> Option:
    for option in indicator.options:
        if option.label == label:
            return option
    raise AnswerError(indicator.code, _("“%(label)s” is not one of the options.") % {"label": label})


Scorer = Callable[[Indicator, "AnswerValue", "Range | None"], "IndicatorScore | Decimal"]


def _bin(indicator: Indicator, answer: AnswerValue, cohort: Range | None) -> Decimal:
    if not isinstance(answer, bool):
        raise AnswerError(indicator.code, _("Answer yes or no."))
    return indicator.max_points if answer else ZERO


def _levels(indicator: Indicator, answer: AnswerValue, cohort: Range | None) -> Decimal:
    if not isinstance(answer, str):
        raise AnswerError(indicator.code, _("Choose one option."))
    return indicator.max_points * _option(indicator, answer).fraction


def _checks(indicator: Indicator, answer: AnswerValue, cohort: Range | None) -> Decimal:
    code, maximum = indicator.code, indicator.max_points
    if not isinstance(answer, tuple) or not all(isinstance(label, str) for label in answer):
        raise AnswerError(code, _("Tick the conditions that are met."))
    if len(set(answer)) != len(answer):
        raise AnswerError(code, _("A condition is ticked twice."))
    fractions = sum((_option(indicator, label).fraction for label in answer), ZERO)
    return min(maximum * fractions, maximum)


def _tiers(indicator: Indicator, answer: AnswerValue, cohort: Range | None) -> IndicatorScore | Decimal:
    code = indicator.code
    if indicator.tier_input == TierInput.RATIO:
        parts = _ratio_parts(indicator, answer)
        if isinstance(parts, ZeroDenominator):
            return _zero_denominator(indicator, parts)
        value = parts.a * HUNDRED / parts.b
    else:
        if not isinstance(answer, Decimal):
            raise AnswerError(code, _("Enter a number."))
        value = _non_negative(answer, code, _("The count"))
    reached = [tier.points for tier in indicator.tiers if value >= tier.threshold]
    return max(reached, default=ZERO)


def _ratio(indicator: Indicator, answer: AnswerValue, cohort: Range | None) -> IndicatorScore | Decimal:
    parts = _ratio_parts(indicator, answer)
    if isinstance(parts, ZeroDenominator):
        return _zero_denominator(indicator, parts)
    maximum = indicator.max_points
    # Multiply before dividing: max × a / b is exact whenever the true score is
    # (e.g. 6.875), where max × (a / b) can land on 6.87499... and round down.
    return maximum if parts.a >= parts.b else maximum * parts.a / parts.b


def _target(indicator: Indicator, answer: AnswerValue, cohort: Range | None) -> Decimal:
    if not isinstance(answer, Decimal):
        raise AnswerError(indicator.code, _("Enter a number."))
    count = _non_negative(answer, indicator.code, _("The count"))
    maximum = indicator.max_points
    return maximum if count >= indicator.target else maximum * count / indicator.target


def _minmax(indicator: Indicator, answer: AnswerValue, cohort: Range | None) -> IndicatorScore | Decimal:
    if not isinstance(answer, Decimal):
        raise AnswerError(indicator.code, _("Enter a number."))
    if cohort is None:
        return IndicatorScore(None, indicator.max_points, pending=True)
    return minmax_points(_finite(answer, indicator.code), cohort, indicator.max_points)


def _manual(indicator: Indicator, answer: AnswerValue, cohort: Range | None) -> Decimal:
    code, maximum = indicator.code, indicator.max_points
    if not isinstance(answer, Proposal):
        raise AnswerError(code, _("Propose points and explain them."))
    if not answer.justification.strip():
        raise AnswerError(code, _("Explain the proposed points."))
    points = _non_negative(answer.points, code, _("The proposed points"))
    if points > maximum:
        raise AnswerError(code, _("At most %(max)s points can be proposed.") % {"max": maximum})
    return points


# One scorer per method: the points before rounding, or a finished score where the answer decides
# there is none (b = 0 not applicable, MINMAX waiting for its cohort). INFO is never scored.
SCORERS: dict[str, Scorer] = {
    Method.BIN: _bin,
    Method.LEVELS: _levels,
    Method.CHECKS: _checks,
    Method.TIERS: _tiers,
    Method.RATIO: _ratio,
    Method.TARGET: _target,
    Method.MINMAX: _minmax,
    Method.MANUAL: _manual,
}


def score_indicator(indicator: Indicator, answer: AnswerValue, cohort: Range | None = None) -> IndicatorScore:
    """The score of one indicator for one answer.

    ``cohort`` is the lowest and highest MINMAX value among the agencies ranked
    together; without it a MINMAX indicator is pending.
    """
    method, maximum = indicator.method, indicator.max_points
    if method == Method.INFO:
        return IndicatorScore(None, ZERO)
    if answer is None:
        if method == Method.MINMAX and cohort is None:
            return IndicatorScore(None, maximum, pending=True)
        return IndicatorScore(ZERO, maximum)
    scorer = SCORERS.get(method)
    if scorer is None:
        raise AnswerError(indicator.code, f"Unknown method {method}")
    result = scorer(indicator, answer, cohort)
    if isinstance(result, IndicatorScore):
        return result
    return IndicatorScore(round_points(result), maximum)


def _zero_denominator(indicator: Indicator, rule: ZeroDenominator) -> IndicatorScore:
    if rule == ZeroDenominator.NOT_APPLICABLE:
        return IndicatorScore(None, indicator.max_points, not_applicable=True)
    points = indicator.max_points if rule == ZeroDenominator.FULL else ZERO
    return IndicatorScore(round_points(points), indicator.max_points)


def minmax_points(value: Decimal, cohort: Range, maximum: Decimal) -> Decimal:
    """max × (x − min) / (max − min); when every value is equal, full if that value is positive."""
    if cohort.high == cohort.low:
        return maximum if cohort.high > 0 else ZERO
    clamped = min(max(value, cohort.low), cohort.high)
    return maximum * (clamped - cohort.low) / (cohort.high - cohort.low)


def cohort_ranges(criteria: CriteriaSet, answers_by_agency: Iterable[Mapping[str, AnswerValue]]) -> dict[str, Range]:
    """The lowest and highest answer to each MINMAX indicator across a cohort."""
    codes = [indicator.code for indicator in criteria.indicators() if indicator.method == Method.MINMAX]
    values: dict[str, list[Decimal]] = {code: [] for code in codes}
    for answers in answers_by_agency:
        for code in codes:
            value = answers.get(code)
            if isinstance(value, Decimal):
                values[code].append(value)
    return {code: Range(min(found), max(found)) for code, found in values.items() if found}


def band_for(share: Decimal | None, bands: Sequence[Band]) -> str | None:
    """The highest band whose threshold the share of points (0–1) reaches."""
    if share is None:
        return None
    percent = share * HUNDRED
    for band in sorted(bands, key=lambda band: band.min_percent, reverse=True):
        if percent >= band.min_percent:
            return band.label
    return None


def score_report(
    criteria: CriteriaSet, answers: Mapping[str, AnswerValue], cohort: Mapping[str, Range] | None = None
) -> ReportScore:
    """Scores every indicator, then the groups, the total, the index and the band.

    Answers to codes the set does not have are refused. A not-applicable
    indicator leaves both the achieved and the maximum totals; a pending one
    (MINMAX before the cohort is known) counts toward the maximum only.
    """
    known = {indicator.code for indicator in criteria.indicators()}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise AnswerError(unknown[0], _("No indicator has this code."))
    cohort = cohort or {}
    indicator_scores: dict[str, IndicatorScore] = {}
    group_scores: dict[str, GroupScore] = {}
    total = max_applicable = ZERO
    pending: list[str] = []
    for group in criteria.groups:
        group_total = group_max = ZERO
        for indicator in group.indicators:
            result = score_indicator(indicator, answers.get(indicator.code), cohort.get(indicator.code))
            indicator_scores[indicator.code] = result
            if not indicator.is_scored or result.not_applicable:
                continue
            group_max += indicator.max_points
            if result.pending:
                pending.append(indicator.code)
            else:
                group_total += result.score
        group_scores[group.code] = GroupScore(group_total, group_max)
        total += group_total
        max_applicable += group_max
    share = total / max_applicable if max_applicable else None
    return ReportScore(
        indicators=indicator_scores,
        groups=group_scores,
        total=total,
        max_applicable=max_applicable,
        index=share.quantize(INDEX_PLACES, rounding=ROUND_HALF_UP) if share is not None else None,
        # The band is read from the exact share, so 0.89996 is not lifted into a 90% band by rounding.
        band=band_for(share, criteria.bands),
        pending=tuple(pending),
    )
