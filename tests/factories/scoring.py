"""Engine-level criteria sets and answers built in code, for the scoring and ranking tests."""

from decimal import Decimal

from assessments.scoring import (
    Band,
    CriteriaSet,
    Group,
    Indicator,
    Method,
    Option,
    Ratio,
    Tier,
    TierInput,
    ZeroDenominator,
    score_indicator,
)


def D(value) -> Decimal:
    return Decimal(str(value))


def bin_indicator(code="B", max_points=30) -> Indicator:
    return Indicator(code=code, title=f"BIN {code}", max_points=D(max_points), method=Method.BIN)


def levels_indicator(code="L", max_points=40, options=(("Trước 31/01", 1), ("Sau 31/01", "0.5"), ("Không", 0))):
    return Indicator(
        code=code,
        title=f"LEVELS {code}",
        max_points=D(max_points),
        method=Method.LEVELS,
        options=tuple(Option(label, D(fraction)) for label, fraction in options),
    )


def checks_indicator(code="C", max_points=50, options=(("a", "0.5"), ("b", "0.5"), ("c", "0.3"))):
    return Indicator(
        code=code,
        title=f"CHECKS {code}",
        max_points=D(max_points),
        method=Method.CHECKS,
        options=tuple(Option(label, D(fraction)) for label, fraction in options),
    )


def tiers_indicator(
    code="T",
    max_points=50,
    tiers=((2, 50), (1, 30)),
    tier_input=TierInput.COUNT,
    when_zero=ZeroDenominator.ZERO,
    numerator_may_exceed=False,
) -> Indicator:
    return Indicator(
        code=code,
        title=f"TIERS {code}",
        max_points=D(max_points),
        method=Method.TIERS,
        tiers=tuple(Tier(D(threshold), D(points)) for threshold, points in tiers),
        tier_input=tier_input,
        when_denominator_zero=when_zero,
        numerator_may_exceed=numerator_may_exceed,
    )


def ratio_indicator(code="R", max_points=40, when_zero=ZeroDenominator.ZERO, numerator_may_exceed=False):
    return Indicator(
        code=code,
        title=f"RATIO {code}",
        max_points=D(max_points),
        method=Method.RATIO,
        when_denominator_zero=when_zero,
        numerator_may_exceed=numerator_may_exceed,
    )


def target_indicator(code="G", max_points=60, target=2) -> Indicator:
    return Indicator(
        code=code, title=f"TARGET {code}", max_points=D(max_points), method=Method.TARGET, target=D(target)
    )


def minmax_indicator(code="M", max_points=50) -> Indicator:
    return Indicator(code=code, title=f"MINMAX {code}", max_points=D(max_points), method=Method.MINMAX)


def manual_indicator(code="X", max_points=20) -> Indicator:
    return Indicator(code=code, title=f"MANUAL {code}", max_points=D(max_points), method=Method.MANUAL)


def info_indicator(code="I") -> Indicator:
    return Indicator(code=code, title=f"INFO {code}", max_points=D(0), method=Method.INFO)


def group(code, *indicators) -> Group:
    return Group(code=code, title=f"Nhóm {code}", indicators=tuple(indicators))


def criteria(*groups, bands=()) -> CriteriaSet:
    return CriteriaSet(groups=tuple(groups), bands=tuple(Band(label, D(percent)) for label, percent in bands))


def ratio(a, b) -> Ratio:
    return Ratio(D(a), D(b))


def score(indicator, answer, cohort=None):
    return score_indicator(indicator, answer, cohort).score
