"""Properties of the scoring engine that hold for any valid criteria and answers."""

import os
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from assessments.scoring import (
    CriteriaSet,
    Group,
    Indicator,
    Method,
    Option,
    Proposal,
    Range,
    Ratio,
    Tier,
    TierInput,
    ZeroDenominator,
    score_indicator,
    score_report,
)

# Nothing is written to a .hypothesis directory in the repository: no example database, and
# Hypothesis's own caches go to the temporary directory unless HYPOTHESIS_STORAGE_DIRECTORY says otherwise.
if not os.getenv("HYPOTHESIS_STORAGE_DIRECTORY"):
    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "hypothesis-portal-tests")
PROPERTY = settings(max_examples=200, deadline=None, database=None)


def decimals(low, high, places=2):
    return st.decimals(
        min_value=Decimal(str(low)), max_value=Decimal(str(high)), places=places, allow_nan=False, allow_infinity=False
    )


max_points = st.one_of(st.integers(1, 200).map(Decimal), decimals("0.01", 1000))
fractions = decimals(0, 1, places=4)
counts = st.integers(0, 10_000).map(Decimal)
amounts = decimals(0, 100_000)
values = decimals(-1000, 1000)
zero_rules = st.sampled_from(ZeroDenominator)


# --- indicator strategies: one per method -------------------------------------------------


def make(method, maximum, code="X", **fields):
    return Indicator(code=code, title=f"{method} {code}", max_points=maximum, method=method, **fields)


def options(min_size=1, max_size=6):
    return st.lists(fractions, min_size=min_size, max_size=max_size).map(
        lambda found: tuple(Option(f"option {position}", fraction) for position, fraction in enumerate(found))
    )


@st.composite
def tiers_for(draw, maximum):
    thresholds = draw(st.lists(decimals(0, 200), min_size=1, max_size=5, unique=True))
    return tuple(Tier(threshold, draw(decimals(0, maximum))) for threshold in thresholds)


@st.composite
def ratio_answers(draw, may_exceed=False):
    b = draw(amounts)
    a = draw(amounts if may_exceed else decimals(0, b))
    return Ratio(a, b)


@st.composite
def indicators(draw, method):
    """An indicator of ``method`` with a valid definition."""
    if method == Method.INFO:
        return make(method, Decimal(0))
    maximum = draw(max_points)
    if method in (Method.LEVELS, Method.CHECKS):
        return make(method, maximum, options=draw(options(min_size=2 if method == Method.LEVELS else 1)))
    if method == Method.TIERS:
        return make(
            method,
            maximum,
            tiers=draw(tiers_for(maximum)),
            tier_input=draw(st.sampled_from(TierInput)),
            when_denominator_zero=draw(zero_rules),
            numerator_may_exceed=draw(st.booleans()),
        )
    if method == Method.RATIO:
        return make(method, maximum, when_denominator_zero=draw(zero_rules), numerator_may_exceed=draw(st.booleans()))
    if method == Method.TARGET:
        return make(method, maximum, target=draw(decimals("0.01", 1000)))
    return make(method, maximum)


def answers_to(indicator):
    """Any valid answer to ``indicator``."""
    labels = [option.label for option in indicator.options]
    method = indicator.method
    if method == Method.BIN:
        return st.booleans()
    if method == Method.LEVELS:
        return st.sampled_from(labels)
    if method == Method.CHECKS:
        return st.lists(st.sampled_from(labels), unique=True).map(tuple)
    if method == Method.RATIO or (method == Method.TIERS and indicator.tier_input == TierInput.RATIO):
        return ratio_answers(indicator.numerator_may_exceed)
    if method in (Method.TIERS, Method.TARGET):
        return counts
    if method == Method.MINMAX:
        return values
    if method == Method.MANUAL:
        return decimals(0, indicator.max_points).map(lambda points: Proposal(points, "Có tài liệu kèm theo"))
    return st.one_of(st.none(), counts, st.text(max_size=10))


@st.composite
def cohorts_around(draw, value):
    """A cohort range holding ``value`` (any range when the value is None)."""
    if value is None:
        low, high = sorted((draw(values), draw(values)))
        return Range(low, high)
    return Range(value - draw(decimals(0, 1000)), value + draw(decimals(0, 1000)))


@st.composite
def scored_cases(draw):
    """An indicator of any method, a valid answer to it and, for MINMAX, maybe the cohort's range."""
    indicator = draw(st.sampled_from(Method).flatmap(indicators))
    answer = draw(answers_to(indicator))
    cohort = None
    if indicator.method == Method.MINMAX and draw(st.booleans()):
        cohort = draw(cohorts_around(answer))
    return indicator, answer, cohort


@st.composite
def minmax_value_and_cohort(draw):
    low, high = sorted((draw(values), draw(values)))
    return draw(decimals(low, high)), Range(low, high)


# --- one indicator ------------------------------------------------------------------------


@PROPERTY
@given(scored_cases())
def test_a_score_is_always_between_zero_and_max_points(case):
    indicator, answer, cohort = case
    result = score_indicator(indicator, answer, cohort)
    assert result.max_points == indicator.max_points
    if indicator.method == Method.INFO:
        assert result.score is None
    elif result.score is None:
        assert result.not_applicable or result.pending
    else:
        assert 0 <= result.score <= indicator.max_points
        assert result.score == result.score.quantize(Decimal("0.01"))


@PROPERTY
@given(max_points, zero_rules, amounts, st.data())
def test_ratio_never_falls_as_a_grows(maximum, rule, b, data):
    indicator = make(Method.RATIO, maximum, when_denominator_zero=rule)
    low, high = sorted((data.draw(decimals(0, b)), data.draw(decimals(0, b))))
    lower = score_indicator(indicator, Ratio(low, b))
    higher = score_indicator(indicator, Ratio(high, b))
    if b == 0:
        assert lower == higher
    else:
        assert lower.score <= higher.score


@PROPERTY
@given(max_points, st.data(), counts, counts)
def test_tiers_never_fall_as_the_count_grows(maximum, data, first, second):
    indicator = make(Method.TIERS, maximum, tiers=data.draw(tiers_for(maximum)))
    low, high = sorted((first, second))
    assert score_indicator(indicator, low).score <= score_indicator(indicator, high).score


@PROPERTY
@given(max_points, options(min_size=2), st.data())
def test_checks_never_fall_when_another_condition_is_ticked(maximum, choices, data):
    indicator = make(Method.CHECKS, maximum, options=choices)
    labels = [option.label for option in choices]
    ticked = data.draw(st.lists(st.sampled_from(labels), unique=True, max_size=len(labels) - 1))
    extra = data.draw(st.sampled_from([label for label in labels if label not in ticked]))
    before = score_indicator(indicator, tuple(ticked)).score
    after = score_indicator(indicator, (*ticked, extra)).score
    assert before <= after <= maximum


@PROPERTY
@given(max_points, decimals("0.01", 1000), counts, counts)
def test_target_is_monotone_in_n(maximum, target, first, second):
    indicator = make(Method.TARGET, maximum, target=target)
    low, high = sorted((first, second))
    assert score_indicator(indicator, low).score <= score_indicator(indicator, high).score
    assert score_indicator(indicator, max(high, target)).score == maximum


@PROPERTY
@given(max_points, minmax_value_and_cohort())
def test_minmax_is_within_zero_and_max_inside_the_cohort_range(maximum, case):
    value, cohort = case
    result = score_indicator(make(Method.MINMAX, maximum), value, cohort)
    assert not result.pending
    assert 0 <= result.score <= maximum
    if cohort.low < cohort.high:
        assert score_indicator(make(Method.MINMAX, maximum), cohort.low, cohort).score == 0
        assert score_indicator(make(Method.MINMAX, maximum), cohort.high, cohort).score == maximum


# --- whole reports ------------------------------------------------------------------------


def _indicator(code, method, maximum, **fields):
    return make(method, Decimal(maximum), code=code, **fields)


def _numbered_options(*fractions_):
    return tuple(Option(f"o{position}", Decimal(fraction)) for position, fraction in enumerate(fractions_))


NOT_APPLICABLE_RATIO = _indicator("4.3", Method.RATIO, 40, when_denominator_zero=ZeroDenominator.NOT_APPLICABLE)
NOT_APPLICABLE_TIERS = _indicator(
    "6.4",
    Method.TIERS,
    50,
    tiers=(Tier(Decimal(50), Decimal(50)), Tier(Decimal(10), Decimal(10))),
    tier_input=TierInput.RATIO,
    when_denominator_zero=ZeroDenominator.NOT_APPLICABLE,
)
REPORT_GROUPS = (
    Group(
        "1",
        "Môi trường chính sách",
        (
            _indicator("1.1", Method.LEVELS, 40, options=_numbered_options(1, "0.5", 0)),
            _indicator("1.2", Method.RATIO, 40, when_denominator_zero=ZeroDenominator.FULL),
            _indicator("1.4", Method.BIN, 30),
        ),
    ),
    Group(
        "2",
        "Nhân lực",
        (
            _indicator("2.3", Method.CHECKS, 50, options=_numbered_options("0.5", "0.5", "0.3")),
            _indicator("2.4", Method.MANUAL, 20),
        ),
    ),
    Group(
        "4",
        "Dữ liệu",
        (
            _indicator("4.1", Method.TARGET, 60, target=Decimal(3)),
            NOT_APPLICABLE_RATIO,
            _indicator("4.4", Method.TIERS, 50, tiers=(Tier(Decimal(2), Decimal(50)), Tier(Decimal(1), Decimal(30)))),
        ),
    ),
    Group(
        "6",
        "Kết quả",
        (
            NOT_APPLICABLE_TIERS,
            _indicator("6.5", Method.INFO, 0),
            _indicator("6.6", Method.MINMAX, 50),
        ),
    ),
)
REPORT_SET = CriteriaSet(groups=REPORT_GROUPS)


@st.composite
def report_answers(draw, groups=REPORT_GROUPS):
    """Answers (some left blank) to every indicator of ``groups``, and MINMAX cohorts (some unknown)."""
    answers, cohorts = {}, {}
    for group in groups:
        for indicator in group.indicators:
            answer = draw(st.one_of(st.none(), answers_to(indicator)))
            if answer is not None:
                answers[indicator.code] = answer
            if indicator.method == Method.MINMAX and draw(st.booleans()):
                cohorts[indicator.code] = draw(cohorts_around(answer))
    return answers, cohorts


@PROPERTY
@given(report_answers())
def test_total_is_the_sum_of_group_scores_and_index_within_zero_and_one(case):
    answers, cohorts = case
    report = score_report(REPORT_SET, answers, cohorts)
    assert report.total == sum(group.score for group in report.groups.values())
    assert report.max_applicable == sum(group.max_points for group in report.groups.values())
    for group in REPORT_SET.groups:
        scored = [report.indicators[indicator.code] for indicator in group.indicators]
        assert report.groups[group.code].score == sum(result.score for result in scored if result.score is not None)
    assert 0 <= report.total <= report.max_applicable
    assert report.index is not None
    assert 0 <= report.index <= 1


@PROPERTY
@given(report_answers(), st.booleans(), st.booleans())
def test_not_applicable_indicators_only_remove_their_own_maximum(case, ratio_missing, tiers_missing):
    answers, cohorts = case
    removed = [
        indicator
        for indicator, missing in ((NOT_APPLICABLE_RATIO, ratio_missing), (NOT_APPLICABLE_TIERS, tiers_missing))
        if missing
    ]
    with_not_applicable = dict(answers)
    for indicator in removed:
        with_not_applicable[indicator.code] = Ratio(Decimal(0), Decimal(0))
    removed_codes = {indicator.code for indicator in removed}
    rest = CriteriaSet(
        groups=tuple(
            Group(group.code, group.title, tuple(i for i in group.indicators if i.code not in removed_codes))
            for group in REPORT_GROUPS
        )
    )
    rest_answers = {code: answer for code, answer in answers.items() if code not in removed_codes}

    full = score_report(REPORT_SET, with_not_applicable, cohorts)
    without = score_report(rest, rest_answers, cohorts)

    assert full.total == without.total
    assert full.max_applicable == without.max_applicable
    assert full.index == without.index
    assert full.band == without.band
    assert all(full.indicators[code].not_applicable for code in removed_codes)
    # Only the not-applicable indicators (those removed here, and any other answered with b = 0) leave the maximum.
    everything = sum((indicator.max_points for indicator in REPORT_SET.indicators()), Decimal(0))
    left_out = [i.max_points for i in REPORT_SET.indicators() if full.indicators[i.code].not_applicable]
    assert full.max_applicable == everything - sum(left_out, Decimal(0))
