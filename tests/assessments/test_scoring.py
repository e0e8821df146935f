"""Exact examples for every scoring method and the report totals built from them.

The expected values follow the "methods" section of criteria-2021-illustrative.json:
each indicator's score is the exact formula rounded half-up to two places, group and
total scores are sums of those rounded scores, and the index is total ÷ applicable
maximum rounded half-up to four places.
"""

import pytest

from assessments.scoring import (
    AnswerError,
    Proposal,
    Range,
    TierInput,
    ZeroDenominator,
    cohort_ranges,
    round_points,
    score_indicator,
    score_report,
    to_decimal,
)
from tests.factories.scoring import (
    D,
    bin_indicator,
    checks_indicator,
    criteria,
    group,
    info_indicator,
    levels_indicator,
    manual_indicator,
    minmax_indicator,
    ratio,
    ratio_indicator,
    score,
    target_indicator,
    tiers_indicator,
)

ILLUSTRATIVE_BANDS = (("Xuất sắc", 90), ("Tốt", 75), ("Khá", 60), ("Trung bình", 50), ("Yếu", 0))


# --- BIN ----------------------------------------------------------------------------------


def test_bin_yes_is_full_points_and_no_is_zero():
    indicator = bin_indicator(max_points=30)
    assert score(indicator, True) == D("30.00")
    assert score(indicator, False) == D("0.00")


def test_unanswered_indicator_scores_zero_against_its_maximum():
    result = score_indicator(bin_indicator(max_points=30), None)
    assert (result.score, result.max_points, result.not_applicable, result.pending) == (0, 30, False, False)


@pytest.mark.parametrize("answer", ["yes", "True", D(1), ("yes",), ratio(1, 1)])
def test_bin_refuses_anything_but_a_boolean(answer):
    with pytest.raises(AnswerError) as raised:
        score_indicator(bin_indicator(code="1.4"), answer)
    assert raised.value.code == "1.4"


# --- LEVELS -------------------------------------------------------------------------------


@pytest.mark.parametrize(("label", "expected"), [("Trước 31/01", "40.00"), ("Sau 31/01", "20.00"), ("Không", "0.00")])
def test_levels_scores_max_times_the_chosen_fraction(label, expected):
    assert score(levels_indicator(max_points=40), label) == D(expected)


def test_levels_fraction_is_multiplied_exactly_then_rounded():
    indicator = levels_indicator(max_points=40, options=(("một phần ba", "0.3333"), ("không", 0)))
    assert score(indicator, "một phần ba") == D("13.33")  # 40 × 0.3333 = 13.332


@pytest.mark.parametrize("answer", ["Không có phương án này", ("Trước 31/01",), True, D(1)])
def test_levels_refuses_unknown_options_and_other_shapes(answer):
    with pytest.raises(AnswerError):
        score_indicator(levels_indicator(), answer)


# --- CHECKS -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ticked", "expected"),
    [
        ((), "0.00"),
        (("a",), "25.00"),
        (("c",), "15.00"),
        (("a", "c"), "40.00"),
        (("a", "b"), "50.00"),
        (("a", "b", "c"), "50.00"),  # fractions add up to 1.3: capped at max
        (("c", "b", "a"), "50.00"),
    ],
)
def test_checks_sums_ticked_fractions_capped_at_max(ticked, expected):
    assert score(checks_indicator(max_points=50), ticked) == D(expected)


@pytest.mark.parametrize("answer", [("a", "a"), ("a", "zzz"), "a", ["a"], True, ("a", 1)])
def test_checks_refuses_repeated_unknown_or_non_tuple_ticks(answer):
    with pytest.raises(AnswerError):
        score_indicator(checks_indicator(), answer)


# --- TIERS, count input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"),
    [("0", "0.00"), ("0.99", "0.00"), ("1", "30.00"), ("1.5", "30.00"), ("2", "50.00"), ("17", "50.00")],
)
def test_tiers_count_gives_points_of_the_highest_tier_reached(count, expected):
    assert score(tiers_indicator(max_points=50, tiers=((2, 50), (1, 30))), D(count)) == D(expected)


def test_tiers_do_not_depend_on_the_order_they_are_listed_in():
    listed_upwards = tiers_indicator(tiers=((1, 5), (2, 10), (3, 15), (4, 20)), max_points=20)
    listed_downwards = tiers_indicator(tiers=((4, 20), (3, 15), (2, 10), (1, 5)), max_points=20)
    for count in range(6):
        assert score(listed_upwards, D(count)) == score(listed_downwards, D(count))
    assert score(listed_downwards, D(3)) == D("15.00")


@pytest.mark.parametrize("answer", [D(-1), D("-0.01"), True, False, "2", ratio(1, 2)])
def test_tiers_count_refuses_negative_counts_booleans_text_and_ratios(answer):
    with pytest.raises(AnswerError) as raised:
        score_indicator(tiers_indicator(code="5.3"), answer)
    assert raised.value.code == "5.3"


# --- TIERS, ratio input -------------------------------------------------------------------

PAYMENT_TIERS = ((50, 50), (30, 30), (10, 10))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (0, 10, "0.00"),
        (9, 100, "0.00"),  # 9 %
        (1, 10, "10.00"),  # exactly 10 %
        (29, 100, "10.00"),
        (3, 10, "30.00"),  # exactly 30 %
        (1, 2, "50.00"),  # exactly 50 %
        (7, 7, "50.00"),
    ],
)
def test_tiers_ratio_compares_a_over_b_as_a_percentage(a, b, expected):
    indicator = tiers_indicator(max_points=50, tiers=PAYMENT_TIERS, tier_input=TierInput.RATIO)
    assert score(indicator, ratio(a, b)) == D(expected)


@pytest.mark.parametrize(("rule", "expected"), [(ZeroDenominator.FULL, D("50.00")), (ZeroDenominator.ZERO, D("0.00"))])
def test_tiers_ratio_with_b_zero_follows_the_indicator_rule(rule, expected):
    indicator = tiers_indicator(max_points=50, tiers=PAYMENT_TIERS, tier_input=TierInput.RATIO, when_zero=rule)
    result = score_indicator(indicator, ratio(0, 0))
    assert (result.score, result.max_points, result.not_applicable) == (expected, 50, False)


def test_tiers_ratio_with_b_zero_can_be_not_applicable():
    indicator = tiers_indicator(tier_input=TierInput.RATIO, when_zero=ZeroDenominator.NOT_APPLICABLE)
    result = score_indicator(indicator, ratio(0, 0))
    assert result.not_applicable
    assert result.score is None


def test_tiers_ratio_refuses_a_above_b_unless_the_numerator_may_exceed():
    strict = tiers_indicator(tiers=PAYMENT_TIERS, tier_input=TierInput.RATIO)
    with pytest.raises(AnswerError):
        score_indicator(strict, ratio(3, 2))
    loose = tiers_indicator(tiers=PAYMENT_TIERS, tier_input=TierInput.RATIO, numerator_may_exceed=True)
    assert score(loose, ratio(3, 2)) == D("50.00")  # 150 % reaches the top tier


@pytest.mark.parametrize("answer", [D(5), True, "1/2", ratio(-1, 2), ratio(1, -2)])
def test_tiers_ratio_refuses_anything_but_two_non_negative_numbers(answer):
    with pytest.raises(AnswerError):
        score_indicator(tiers_indicator(tier_input=TierInput.RATIO), answer)


# --- RATIO --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (0, 10, "0.00"),
        (1, 2, "20.00"),
        (2, 3, "26.67"),  # 40 × 2/3 = 26.666…
        (1, 3, "13.33"),
        (99, 100, "39.60"),
        (5, 5, "40.00"),
        ("0.5", "2", "10.00"),
    ],
)
def test_ratio_scores_max_times_a_over_b(a, b, expected):
    assert score(ratio_indicator(max_points=40), ratio(a, b)) == D(expected)


@pytest.mark.parametrize(("rule", "expected"), [(ZeroDenominator.FULL, D("40.00")), (ZeroDenominator.ZERO, D("0.00"))])
def test_ratio_with_b_zero_scores_full_or_zero_per_indicator(rule, expected):
    result = score_indicator(ratio_indicator(max_points=40, when_zero=rule), ratio(0, 0))
    assert (result.score, result.max_points, result.not_applicable) == (expected, 40, False)


def test_ratio_with_b_zero_can_be_not_applicable():
    result = score_indicator(ratio_indicator(max_points=40, when_zero=ZeroDenominator.NOT_APPLICABLE), ratio(0, 0))
    assert (result.score, result.not_applicable, result.pending) == (None, True, False)


def test_ratio_refuses_a_greater_than_b():
    with pytest.raises(AnswerError) as raised:
        score_indicator(ratio_indicator(code="1.2"), ratio(11, 10))
    assert raised.value.code == "1.2"


def test_ratio_with_b_zero_and_a_positive_is_refused_as_a_above_b():
    with pytest.raises(AnswerError):
        score_indicator(ratio_indicator(when_zero=ZeroDenominator.FULL), ratio(1, 0))


def test_ratio_whose_numerator_may_exceed_is_capped_at_max():
    indicator = ratio_indicator(max_points=40, numerator_may_exceed=True)
    assert score(indicator, ratio(3, 2)) == D("40.00")
    assert score(indicator, ratio(1, 4)) == D("10.00")


@pytest.mark.parametrize("answer", [ratio(-1, 10), ratio(0, -10), D("0.5"), (1, 2), True, "1/2"])
def test_ratio_refuses_negative_parts_and_other_shapes(answer):
    with pytest.raises(AnswerError):
        score_indicator(ratio_indicator(), answer)


# --- TARGET -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "n", "expected"),
    [
        (2, 0, "0.00"),
        (2, 1, "30.00"),
        (2, 2, "60.00"),
        (2, 7, "60.00"),
        (3, 1, "20.00"),
        (3, 2, "40.00"),
        (7, 1, "8.57"),
    ],
)
def test_target_scores_max_times_n_over_target_capped(target, n, expected):
    assert score(target_indicator(max_points=60, target=target), D(n)) == D(expected)


@pytest.mark.parametrize("answer", [D(-1), True, "2", ratio(1, 2)])
def test_target_refuses_negative_counts_booleans_text_and_ratios(answer):
    with pytest.raises(AnswerError):
        score_indicator(target_indicator(code="4.1"), answer)


# --- MINMAX -------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [D(75), None])
def test_minmax_is_pending_without_a_cohort(answer):
    result = score_indicator(minmax_indicator(max_points=50), answer)
    assert (result.score, result.max_points, result.pending, result.not_applicable) == (None, 50, True, False)


@pytest.mark.parametrize(
    ("value", "expected"), [(20, "0.00"), (80, "50.00"), (50, "25.00"), (35, "12.50"), ("20.3", "0.25")]
)
def test_minmax_scales_between_the_cohort_lowest_and_highest(value, expected):
    assert score(minmax_indicator(max_points=50), D(value), Range(D(20), D(80))) == D(expected)


def test_minmax_rounds_the_scaled_score():
    assert score(minmax_indicator(max_points=50), D(1), Range(D(0), D(3))) == D("16.67")


@pytest.mark.parametrize(("value", "expected"), [("70", "50.00"), ("0.01", "50.00"), ("0", "0.00"), ("-5", "0.00")])
def test_minmax_when_every_value_is_equal_gives_full_if_positive_else_zero(value, expected):
    assert score(minmax_indicator(max_points=50), D(value), Range(D(value), D(value))) == D(expected)


def test_minmax_unanswered_with_a_known_cohort_scores_zero():
    result = score_indicator(minmax_indicator(), None, Range(D(1), D(9)))
    assert (result.score, result.pending) == (0, False)


@pytest.mark.parametrize("answer", [True, "80", ratio(1, 2)])
def test_minmax_refuses_anything_but_a_number(answer):
    with pytest.raises(AnswerError):
        score_indicator(minmax_indicator(), answer, Range(D(0), D(100)))


# --- MANUAL -------------------------------------------------------------------------------


@pytest.mark.parametrize(("points", "expected"), [("0", "0.00"), ("12.5", "12.50"), ("20", "20.00")])
def test_manual_scores_the_proposed_points_within_zero_and_max(points, expected):
    assert score(manual_indicator(max_points=20), Proposal(D(points), "Có kế hoạch và báo cáo")) == D(expected)


@pytest.mark.parametrize(
    "answer",
    [
        Proposal(D("20.01"), "quá mức"),
        Proposal(D(-1), "âm"),
        Proposal(D(10), ""),
        Proposal(D(10), "   \n"),
        D(10),
        True,
    ],
)
def test_manual_refuses_points_outside_the_range_a_missing_justification_or_other_shapes(answer):
    with pytest.raises(AnswerError):
        score_indicator(manual_indicator(max_points=20), answer)


# --- INFO ---------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [None, D(12), "văn bản", True])
def test_info_is_never_scored(answer):
    result = score_indicator(info_indicator(), answer)
    assert (result.score, result.max_points) == (None, 0)


def test_info_does_not_count_toward_any_total():
    report = score_report(
        criteria(group("6", bin_indicator("6.1", 40), info_indicator("6.5"))), {"6.1": True, "6.5": D(9)}
    )
    assert (report.total, report.max_applicable, report.index) == (40, 40, D("1.0000"))
    assert report.groups["6"].max_points == 40


# --- rounding -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("26.666", "26.67"),
        ("2.675", "2.68"),
        ("2.665", "2.67"),
        ("3.125", "3.13"),
        ("0.005", "0.01"),
        ("0.004", "0.00"),
    ],
)
def test_round_points_is_half_up_to_two_places(value, expected):
    # 2.665, 3.125 and 0.005 are where half-up differs from banker's rounding.
    assert round_points(D(value)) == D(expected)
    assert str(round_points(D(value))) == expected


def test_indicator_score_is_rounded_half_up_not_to_even():
    assert score(ratio_indicator(max_points=25), ratio(1, 8)) == D("3.13")  # 3.125, banker's gives 3.12
    assert score(ratio_indicator(max_points=1), ratio(1, 200)) == D("0.01")  # 0.005, banker's gives 0.00
    assert score(manual_indicator(max_points=20), Proposal(D("12.345"), "lý do")) == D("12.35")


@pytest.mark.parametrize(
    ("indicator", "answer", "expected"),
    [
        (ratio_indicator(max_points=60), ratio(11, 96), "6.88"),  # 60 × 11/96 = 6.875 exactly
        (ratio_indicator(max_points=3), ratio(5, 24), "0.63"),  # 3 × 5/24 = 0.625 exactly
        (target_indicator(max_points=30, target=48), D(7), "4.38"),  # 30 × 7/48 = 4.375 exactly
    ],
    ids=["RATIO 60×11/96", "RATIO 3×5/24", "TARGET 30×7/48"],
)
def test_an_exact_half_cent_is_rounded_up_even_when_a_over_b_does_not_terminate(indicator, answer, expected):
    """The formula's exact value is what gets rounded, not max × a 28-digit approximation of a/b."""
    assert score(indicator, answer) == D(expected)


# --- groups, totals, index ----------------------------------------------------------------


def test_group_and_total_are_sums_of_rounded_indicator_scores():
    thirds = criteria(
        group("1", ratio_indicator("1.1", 40), ratio_indicator("1.2", 40), ratio_indicator("1.3", 40)),
        group("2", bin_indicator("2.1", 30)),
    )
    answers = {"1.1": ratio(2, 3), "1.2": ratio(2, 3), "1.3": ratio(2, 3), "2.1": True}
    report = score_report(thirds, answers)
    assert [report.indicators[code].score for code in ("1.1", "1.2", "1.3")] == [D("26.67")] * 3
    assert report.groups["1"].score == D("80.01")  # not round(80.00): the rounded scores are added
    assert report.groups["1"].max_points == 120
    assert report.groups["2"].score == 30
    assert report.total == D("110.01")
    assert report.max_applicable == 150
    assert report.index == D("0.7334")  # 110.01 / 150 = 0.73340


def test_not_applicable_indicator_leaves_both_achieved_and_maximum_totals():
    report = score_report(
        criteria(
            group("4", ratio_indicator("4.3", 40, when_zero=ZeroDenominator.NOT_APPLICABLE), bin_indicator("4.2", 50)),
            group("6", ratio_indicator("6.1", 80, when_zero=ZeroDenominator.NOT_APPLICABLE)),
        ),
        {"4.3": ratio(0, 0), "4.2": True, "6.1": ratio(1, 2)},
    )
    assert report.indicators["4.3"].not_applicable
    assert (report.groups["4"].score, report.groups["4"].max_points) == (50, 50)
    assert (report.groups["6"].score, report.groups["6"].max_points) == (40, 80)
    assert (report.total, report.max_applicable) == (90, 130)
    assert report.index == D("0.6923")


def test_zero_and_full_rules_stay_in_the_maximum():
    report = score_report(
        criteria(
            group(
                "1",
                ratio_indicator("1.2", 40, when_zero=ZeroDenominator.ZERO),
                ratio_indicator("1.3", 40, when_zero=ZeroDenominator.FULL),
            )
        ),
        {"1.2": ratio(0, 0), "1.3": ratio(0, 0)},
    )
    assert (report.total, report.max_applicable, report.index) == (40, 80, D("0.5000"))


def test_pending_minmax_counts_toward_the_maximum_only():
    report = score_report(criteria(group("6", bin_indicator("6.1", 50), minmax_indicator("6.4", 50))), {"6.1": True})
    assert report.pending == ("6.4",)
    assert (report.total, report.max_applicable, report.index) == (50, 100, D("0.5000"))
    assert report.indicators["6.4"].pending


def test_index_is_total_over_applicable_maximum_to_four_places_half_up():
    two_thirds = score_report(criteria(group("1", manual_indicator("1.1", 3))), {"1.1": Proposal(D(2), "lý do")})
    assert two_thirds.index == D("0.6667")
    one_in_32 = score_report(criteria(group("1", manual_indicator("1.1", 32))), {"1.1": Proposal(D(1), "lý do")})
    assert one_in_32.index == D("0.0313")  # 0.03125, banker's rounding gives 0.0312
    assert str(one_in_32.index) == "0.0313"


def test_index_and_band_are_none_when_nothing_is_applicable():
    report = score_report(
        criteria(
            group("4", ratio_indicator("4.3", 40, when_zero=ZeroDenominator.NOT_APPLICABLE)), bands=ILLUSTRATIVE_BANDS
        ),
        {"4.3": ratio(0, 0)},
    )
    assert (report.total, report.max_applicable, report.index, report.band) == (0, 0, None, None)


def test_empty_answers_score_zero_everywhere():
    report = score_report(
        criteria(group("1", bin_indicator("1.1"), levels_indicator("1.2")), group("2", tiers_indicator("2.1"))), {}
    )
    assert report.total == 0
    assert report.max_applicable == 30 + 40 + 50
    assert report.index == D("0.0000")
    assert {code: result.score for code, result in report.indicators.items()} == {"1.1": 0, "1.2": 0, "2.1": 0}


# --- bands --------------------------------------------------------------------------------


def _manual_out_of_1000(points, bands=ILLUSTRATIVE_BANDS):
    return score_report(
        criteria(group("1", manual_indicator("1.1", 1000)), bands=bands), {"1.1": Proposal(D(points), "lý do")}
    )


@pytest.mark.parametrize(
    ("points", "band"),
    [
        ("1000", "Xuất sắc"),
        ("900", "Xuất sắc"),
        ("899.99", "Tốt"),
        ("750", "Tốt"),
        ("749.99", "Khá"),
        ("600", "Khá"),
        ("500", "Trung bình"),
        ("499.99", "Yếu"),
        ("0", "Yếu"),
    ],
)
def test_band_is_the_highest_threshold_the_share_reaches(points, band):
    assert _manual_out_of_1000(points).band == band


def test_band_is_read_from_the_exact_share_not_the_rounded_index():
    report = _manual_out_of_1000("899.96")
    assert report.index == D("0.9000")  # 0.89996 rounds up to 0.9000 …
    assert report.band == "Tốt"  # … but has not reached 90 %


def test_no_band_when_the_share_is_below_every_threshold_or_there_are_no_bands():
    assert _manual_out_of_1000("400", bands=(("Khá", 60), ("Trung bình", 50))).band is None
    assert _manual_out_of_1000("1000", bands=()).band is None


# --- refused answers ----------------------------------------------------------------------


def test_unknown_indicator_codes_are_refused():
    with pytest.raises(AnswerError) as raised:
        score_report(criteria(group("1", bin_indicator("1.1"))), {"1.1": True, "9.9": True, "1.7": D(1)})
    assert raised.value.code == "1.7"  # the first unknown code, in order


def test_a_wrong_answer_type_in_a_report_is_refused_with_its_code():
    with pytest.raises(AnswerError) as raised:
        score_report(criteria(group("1", bin_indicator("1.1"), tiers_indicator("1.2"))), {"1.1": True, "1.2": True})
    assert raised.value.code == "1.2"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12", "12"), (" 3 ", "3"), ("1,5", "1.5"), ("0.25", "0.25"), (7, "7"), (2.5, "2.5"), (D("4.20"), "4.20")],
)
def test_to_decimal_reads_numbers_from_json_and_forms(raw, expected):
    assert to_decimal(raw, "2.2", "a") == D(expected)


@pytest.mark.parametrize(
    "raw",
    [
        True,
        False,
        None,
        "",
        "abc",
        "1/2",
        [1],
        {"a": 1},
        "NaN",
        "nan",
        "Infinity",
        "-inf",
        float("nan"),
        float("inf"),
        float("-inf"),
        D("NaN"),
        D("Infinity"),
    ],
)
def test_to_decimal_refuses_booleans_text_and_non_finite_numbers(raw):
    with pytest.raises(AnswerError) as raised:
        to_decimal(raw, "2.2", "a")
    assert raised.value.code == "2.2"


# --- cohort ranges ------------------------------------------------------------------------


def _cohort_set():
    return criteria(
        group("1", bin_indicator("1.1"), minmax_indicator("1.2", 50)),
        group("6", minmax_indicator("6.4", 50), minmax_indicator("6.5", 20), ratio_indicator("6.1")),
    )


def test_cohort_ranges_span_the_lowest_and_highest_answer_of_each_minmax_indicator():
    agencies = [
        {"1.1": True, "1.2": D(10), "6.4": D("82.5"), "6.1": ratio(1, 2)},
        {"1.2": D(40), "6.4": D("64")},
        {"1.2": D(25)},
        {},
        {"1.2": None, "6.4": D("90.1")},
    ]
    ranges = cohort_ranges(_cohort_set(), agencies)
    assert ranges == {"1.2": Range(D(10), D(40)), "6.4": Range(D(64), D("90.1"))}  # nobody answered 6.5


def test_cohort_ranges_accept_any_iterable_of_agencies():
    ranges = cohort_ranges(_cohort_set(), (answers for answers in [{"1.2": D(3)}, {"1.2": D(-2)}]))
    assert ranges == {"1.2": Range(D(-2), D(3))}


def test_scoring_each_agency_against_the_cohort():
    criteria_set = _cohort_set()
    agencies = {"A": {"1.2": D(10), "6.4": D(5)}, "B": {"1.2": D(40), "6.4": D(5)}, "C": {"1.2": D(25)}}
    ranges = cohort_ranges(criteria_set, agencies.values())
    scores = {name: score_report(criteria_set, answers, ranges) for name, answers in agencies.items()}
    assert [scores[name].indicators["1.2"].score for name in "ABC"] == [D("0.00"), D("50.00"), D("25.00")]
    # Every answer to 6.4 is 5 (> 0): all who answered get full points, the one who did not gets 0.
    assert [scores[name].indicators["6.4"].score for name in "ABC"] == [D("50.00"), D("50.00"), D("0.00")]
    # 6.5 has no cohort at all, so it stays pending for everyone.
    assert all(scores[name].pending == ("6.5",) for name in "ABC")


def test_a_single_agency_cohort_uses_the_all_equal_rule():
    criteria_set = criteria(group("6", minmax_indicator("6.4", 50)))
    for value, expected in ((D(7), D("50.00")), (D(0), D("0.00"))):
        ranges = cohort_ranges(criteria_set, [{"6.4": value}])
        assert score_report(criteria_set, {"6.4": value}, ranges).indicators["6.4"].score == expected
