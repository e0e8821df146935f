"""Golden cohorts ranked by hand: MINMAX across the cohort, ties, not-applicable, not reported, excluded."""

from decimal import Decimal

import pytest

from assessments.ranking import Member, Standing, competition_ranks, name_key, rank_cohort
from assessments.scoring import Range, ZeroDenominator
from tests.factories.scoring import D, bin_indicator, criteria, group, minmax_indicator, ratio, ratio_indicator

BANDS = (("Tốt", 80), ("Khá", 50), ("Yếu", 0))


def golden_set():
    """1.1 BIN 10; 1.2 RATIO 20, not applicable when b = 0; 2.1 MINMAX 30."""
    return criteria(
        group("1", bin_indicator("1.1", 10), ratio_indicator("1.2", 20, when_zero=ZeroDenominator.NOT_APPLICABLE)),
        group("2", minmax_indicator("2.1", 30)),
        bands=BANDS,
    )


def golden_cohort():
    return [
        Member("A", "Xã Đức Lạc", {"1.1": True, "1.2": ratio(5, 10), "2.1": D(40)}),
        Member("B", "Xã Cẩm Bình", {"1.1": True, "1.2": ratio(0, 0), "2.1": D(100)}),
        Member("C", "Xã Ân Phú", {"1.1": False, "1.2": ratio(10, 10), "2.1": D(70)}),
        Member("D", "Xã Bình An", None),
        Member("E", "Bộ Chỉ huy Quân sự tỉnh", {"1.1": True, "1.2": ratio(1, 1), "2.1": D(1000)}, excluded=True),
    ]


def test_golden_cohort_scores_and_ranks_as_computed_by_hand():
    # 2.1 ranges over the reporting agencies only: 40..100 (E's 1000 is excluded).
    # A: 10 + 20×5/10 + 0            = 20 of 60 → 0.3333 Yếu
    # B: 10 + (not applicable) + 30   = 40 of 40 → 1.0000 Tốt
    # C: 0 + 20 + 30×(70−40)/(100−40) = 35 of 60 → 0.5833 Khá
    result = rank_cohort(golden_set(), golden_cohort())

    assert result.ranges == {"2.1": Range(D(40), D(100))}
    rows = [
        (p.code, p.standing, p.rank, p.score and p.score.total, p.score and p.score.index, p.score and p.score.band)
        for p in result.placings
    ]
    assert rows == [
        ("B", Standing.RANKED, 1, D("40.00"), D("1.0000"), "Tốt"),
        ("C", Standing.RANKED, 2, D("35.00"), D("0.5833"), "Khá"),
        ("A", Standing.RANKED, 3, D("20.00"), D("0.3333"), "Yếu"),
        ("D", Standing.NOT_REPORTED, None, None, None, None),
    ]
    b = result.placing("B").score
    assert b.indicators["1.2"].not_applicable
    assert b.max_applicable == D(40)
    assert result.placing("C").score.indicators["2.1"].score == D("15.00")
    assert result.placing("E") is None


def test_equal_totals_share_a_rank_and_the_next_rank_skips():
    assert competition_ranks([D(90), D(80), D(80), D(70), D(70), D(70), D(10)]) == [1, 2, 2, 4, 4, 4, 7]
    assert competition_ranks([]) == []


def test_equal_totals_are_ordered_by_vietnamese_name_and_share_the_rank():
    simple = criteria(group("1", bin_indicator("1.1", 10)))
    members = [
        Member(code, name, {"1.1": answer})
        for code, name, answer in [
            ("1", "Xã Đông Lộc", True),
            ("2", "Xã Dương Thủy", True),
            ("3", "Xã Ân Phú", True),
            ("4", "Xã An Hòa", True),
            ("5", "Xã Ăn Quả", False),
        ]
    ]
    result = rank_cohort(simple, members)
    # a < ă < â and d < đ in the Vietnamese alphabet; tone marks only break ties.
    assert [(p.name, p.rank) for p in result.placings] == [
        ("Xã An Hòa", 1),
        ("Xã Ân Phú", 1),
        ("Xã Dương Thủy", 1),
        ("Xã Đông Lộc", 1),
        ("Xã Ăn Quả", 5),
    ]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["đa", "da", "dz"], ["da", "dz", "đa"]),
        (["ư", "u", "v"], ["u", "ư", "v"]),
        (["ơ", "ô", "o", "p"], ["o", "ô", "ơ", "p"]),
        (["ạ", "á", "ã", "ả", "à", "a"], ["a", "à", "ả", "ã", "á", "ạ"]),
        (["Bình", "bình", "Bính"], ["Bình", "bình", "Bính"]),
    ],
)
def test_name_key_follows_the_vietnamese_alphabet(names, expected):
    assert sorted(names, key=name_key) == expected


def test_equal_minmax_values_give_everyone_full_points_when_positive():
    cohort = criteria(group("1", minmax_indicator("M", 30)))
    result = rank_cohort(cohort, [Member("A", "A", {"M": D(5)}), Member("B", "B", {"M": D(5)})])
    assert [p.score.total for p in result.placings] == [D(30), D(30)]
    assert [p.rank for p in result.placings] == [1, 1]


def test_equal_minmax_values_of_zero_give_zero():
    cohort = criteria(group("1", minmax_indicator("M", 30)))
    result = rank_cohort(cohort, [Member("A", "A", {"M": D(0)}), Member("B", "B", {"M": D(0)})])
    assert [p.score.total for p in result.placings] == [D(0), D(0)]


def test_a_cohort_of_one_scores_minmax_against_itself():
    cohort = criteria(group("1", minmax_indicator("M", 30)))
    result = rank_cohort(cohort, [Member("A", "A", {"M": D(7)}), Member("B", "B", None)])
    assert result.ranges == {"M": Range(D(7), D(7))}
    assert (result.placings[0].rank, result.placings[0].score.total) == (1, D(30))
    assert result.placings[1].standing == Standing.NOT_REPORTED


def test_an_unanswered_minmax_scores_zero_once_the_cohort_is_known():
    cohort = criteria(group("1", minmax_indicator("M", 30), bin_indicator("B", 10)))
    result = rank_cohort(cohort, [Member("A", "A", {"M": D(8), "B": True}), Member("B", "B", {"B": True})])
    assert [(p.code, p.score.total, p.score.pending) for p in result.placings] == [
        ("A", D(40), ()),
        ("B", D(10), ()),
    ]


def test_a_minmax_nobody_answered_scores_zero_for_all_instead_of_pending():
    cohort = criteria(group("1", minmax_indicator("M", 30), bin_indicator("B", 10)))
    result = rank_cohort(cohort, [Member("A", "A", {"B": True}), Member("B", "B", {"B": False})])
    assert [(p.score.total, p.score.max_applicable, p.score.pending) for p in result.placings] == [
        (D(10), D(40), ()),
        (D(0), D(40), ()),
    ]


def test_a_sub_cohort_ranks_with_the_wider_cohorts_ranges():
    """A district's communes keep the scores they have province-wide; only the ranks are their own."""
    province = rank_cohort(golden_set(), golden_cohort())
    district = rank_cohort(golden_set(), [m for m in golden_cohort() if m.code in {"A", "C"}], province.ranges)
    assert [(p.code, p.rank, p.score.total) for p in district.placings] == [("C", 1, D(35)), ("A", 2, D(20))]
    alone = rank_cohort(golden_set(), [m for m in golden_cohort() if m.code in {"A", "C"}])
    assert alone.placing("A").score.total == D(10) + D(10) + Decimal(0)  # 40 is now the lowest value


def test_no_reports_at_all_lists_everyone_as_not_reported_in_name_order():
    result = rank_cohort(golden_set(), [Member("Z", "Xã Đá", None), Member("Y", "Xã Dạ", None)])
    assert [(p.code, p.standing, p.rank) for p in result.placings] == [
        ("Y", Standing.NOT_REPORTED, None),
        ("Z", Standing.NOT_REPORTED, None),
    ]
