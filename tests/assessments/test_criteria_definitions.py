"""Validating indicator definitions, building criteria sets and the JSON interchange format."""

import copy
import json
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path

import pytest

from assessments.definitions.json_format import CriteriaFormatError, read_document, write_document
from assessments.definitions.rules import build_criteria_set, definition_problems, indicator_problems
from assessments.scoring import CriteriaError, Method, Tier, TierInput, ZeroDenominator

ILLUSTRATIVE = Path(__file__).resolve().parents[1] / "data" / "criteria-2021-illustrative.json"

# --- helpers: one definition dict per method ----------------------------------------------


def bin_def(code="1.4", max_points=30, **extra):
    return {"code": code, "title": "Có chuyên mục", "max_points": max_points, "method": "BIN", **extra}


def levels_def(code="1.1", max_points=40, options=(("Trước 31/01", 1), ("Sau 31/01", 0.5), ("Không", 0)), **extra):
    return {
        "code": code,
        "title": "Kế hoạch",
        "max_points": max_points,
        "method": "LEVELS",
        "options": [{"label": label, "fraction": fraction} for label, fraction in options],
        **extra,
    }


def checks_def(code="2.3", max_points=50, options=(("Tham dự", 0.5), ("Chủ trì", 0.5)), **extra):
    return {
        **levels_def(code, max_points, options),
        "title": "Lãnh đạo tham dự",
        "method": "CHECKS",
        **extra,
    }


def tiers_def(code="5.3", max_points=50, tiers=((2, 50), (1, 30)), tier_input="count", **extra):
    return {
        "code": code,
        "title": "Diễn tập",
        "max_points": max_points,
        "method": "TIERS",
        "tier_input": tier_input,
        "tiers": [{"threshold": threshold, "points": points} for threshold, points in tiers],
        **extra,
    }


def ratio_def(code="1.2", max_points=40, when_zero="zero", **extra):
    return {
        "code": code,
        "title": "Tỷ lệ văn bản",
        "max_points": max_points,
        "method": "RATIO",
        "numerator_label": "Số văn bản do người đứng đầu ký",
        "denominator_label": "Tổng số văn bản",
        "when_denominator_zero": when_zero,
        **extra,
    }


def target_def(code="4.1", max_points=60, target=2, **extra):
    return {"code": code, "title": "Số CSDL", "max_points": max_points, "method": "TARGET", "target": target, **extra}


def minmax_def(code="6.4", max_points=50, **extra):
    return {"code": code, "title": "Mức độ hài lòng", "max_points": max_points, "method": "MINMAX", **extra}


def manual_def(code="6.9", max_points=20, **extra):
    return {"code": code, "title": "Sáng kiến", "max_points": max_points, "method": "MANUAL", **extra}


def info_def(code="6.5", max_points=0, **extra):
    return {"code": code, "title": "Số dịch vụ", "max_points": max_points, "method": "INFO", **extra}


def group_def(code, *indicators, max_points=None):
    group = {"code": code, "title": f"Nhóm {code}", "indicators": list(indicators)}
    if max_points is not None:
        group["max_points"] = max_points
    return group


def valid_groups():
    """Two groups using every method: 30+40+50 = 120 and 50+40+60+50+20+0 = 220, 340 in all."""
    return [
        group_def("1", bin_def("1.1"), levels_def("1.2"), checks_def("1.3"), max_points=120),
        group_def(
            "2",
            tiers_def("2.1"),
            ratio_def("2.2"),
            target_def("2.3"),
            minmax_def("2.4"),
            manual_def("2.5"),
            info_def("2.6"),
        ),
    ]


def fields(problems):
    return [problem.field for problem in problems]


# --- indicator_problems -------------------------------------------------------------------


@pytest.mark.parametrize(
    "definition",
    [
        bin_def(),
        levels_def(),
        checks_def(),
        checks_def(options=(("Chỉ một điều kiện", 1),)),
        tiers_def(),
        tiers_def(tier_input="ratio", numerator_label="a", denominator_label="b", when_denominator_zero="full"),
        ratio_def(when_zero="full"),
        ratio_def(when_zero="not_applicable"),
        target_def(),
        minmax_def(),
        manual_def(),
        info_def(),
    ],
    ids=lambda definition: f"{definition['method']}",
)
def test_valid_indicators_have_no_problems(definition):
    assert indicator_problems(definition) == []


@pytest.mark.parametrize("fraction", [1.5, "1.0001", -0.1, "-1", None, "", "một nửa", True])
@pytest.mark.parametrize("make", [levels_def, checks_def])
def test_option_fractions_must_be_between_zero_and_one(make, fraction):
    problems = indicator_problems(make(options=(("Đầy đủ", 1), ("Sai", fraction))))
    assert fields(problems) == ["options"]
    assert "Sai" in problems[0].message


@pytest.mark.parametrize("fraction", [0, 1, "0.3333", 0.5])
def test_option_fractions_at_or_inside_the_bounds_are_accepted(fraction):
    assert indicator_problems(levels_def(options=(("Đầy đủ", 1), ("Một phần", fraction)))) == []


def test_a_tier_above_the_indicator_maximum_is_refused():
    problems = indicator_problems(tiers_def(max_points=50, tiers=((2, 60), (1, 30))))
    assert fields(problems) == ["tiers"]
    assert "5.3" in problems[0].message


def test_a_tier_at_the_indicator_maximum_is_accepted():
    assert indicator_problems(tiers_def(max_points=50, tiers=((2, 50),))) == []


@pytest.mark.parametrize(
    "tiers", [(), ((1, 30), (1, 20)), ((-1, 10),), ((1, -10),), ((None, 10),)], ids=["none", "twice", "-t", "-p", "?"]
)
def test_tiers_need_distinct_non_negative_thresholds_and_points(tiers):
    assert "tiers" in fields(indicator_problems(tiers_def(tiers=tiers)))


def test_tier_input_must_be_count_or_ratio():
    assert fields(indicator_problems(tiers_def(tier_input="percent"))) == ["tier_input"]


@pytest.mark.parametrize("target", [None, "", 0, -2, "hai"])
def test_target_needs_a_target_above_zero(target):
    definition = target_def(target=target)
    if target is None:
        del definition["target"]
    assert fields(indicator_problems(definition)) == ["target"]


@pytest.mark.parametrize("missing", ["numerator_label", "denominator_label"])
def test_ratio_needs_both_labels(missing):
    for value in (None, "", "   "):
        definition = ratio_def()
        if value is None:
            del definition[missing]
        else:
            definition[missing] = value
        assert fields(indicator_problems(definition)) == [missing]


def test_ratio_tiers_need_labels_too():
    problems = indicator_problems(tiers_def(tier_input="ratio", when_denominator_zero="zero"))
    assert fields(problems) == ["numerator_label", "denominator_label"]


@pytest.mark.parametrize("rule", [None, "", "sometimes", "FULL", "na"])
def test_ratio_needs_a_known_rule_for_b_zero(rule):
    definition = ratio_def(when_zero=rule)
    assert fields(indicator_problems(definition)) == ["when_denominator_zero"]
    ratio_tiers = tiers_def(tier_input="ratio", numerator_label="a", denominator_label="b", when_denominator_zero=rule)
    assert fields(indicator_problems(ratio_tiers)) == ["when_denominator_zero"]


@pytest.mark.parametrize("max_points", [1, "0.5", 40])
def test_info_with_points_is_refused(max_points):
    assert fields(indicator_problems(info_def(max_points=max_points))) == ["max_points"]


@pytest.mark.parametrize("options", [(), (("Chỉ một", 1),)])
def test_levels_needs_at_least_two_options(options):
    assert fields(indicator_problems(levels_def(options=options))) == ["options"]


def test_options_need_distinct_non_empty_labels():
    assert fields(indicator_problems(levels_def(options=(("A", 1), ("A", 0))))) == ["options"]
    assert fields(indicator_problems(levels_def(options=(("A", 1), (" ", 0))))) == ["options"]


@pytest.mark.parametrize(
    ("definition", "field"),
    [
        (bin_def(max_points=0), "max_points"),
        (bin_def(max_points=-5), "max_points"),
        (bin_def(max_points=None), "max_points"),
        (bin_def(max_points="bốn mươi"), "max_points"),
        (bin_def(max_points=True), "max_points"),
        (bin_def(code=" "), "code"),
        ({**bin_def(), "method": "AVERAGE"}, "method"),
    ],
)
def test_basic_fields_are_checked(definition, field):
    assert field in fields(indicator_problems(definition))


# --- definition_problems and build_criteria_set -------------------------------------------


def test_a_valid_definition_builds_a_criteria_set():
    criteria = build_criteria_set(valid_groups(), bands=[{"label": "Tốt", "min_percent": 75}], max_total=340)
    assert [group.code for group in criteria.groups] == ["1", "2"]
    assert [group.max_points for group in criteria.groups] == [120, 220]
    assert criteria.max_total == Decimal(340)
    assert [(band.label, band.min_percent) for band in criteria.bands] == [("Tốt", Decimal(75))]
    tiers = criteria.indicator("2.1")
    assert tiers.method == Method.TIERS
    assert tiers.tier_input == TierInput.COUNT
    assert tiers.tiers == (Tier(Decimal(1), Decimal(30)), Tier(Decimal(2), Decimal(50)))  # sorted by threshold
    assert criteria.indicator("2.2").when_denominator_zero == ZeroDenominator.ZERO
    assert criteria.indicator("2.3").target == Decimal(2)
    assert not criteria.indicator("2.6").is_scored
    assert isinstance(criteria.indicator("1.1").max_points, Decimal)


def test_definition_problems_is_empty_for_a_valid_definition():
    assert definition_problems(valid_groups(), 340) == []


def _build_problems(groups, max_total=None):
    with pytest.raises(CriteriaError) as raised:
        build_criteria_set(groups, max_total=max_total)
    assert raised.value.problems == definition_problems(groups, max_total)
    return raised.value.problems


def test_duplicate_codes_within_a_group_are_refused():
    groups = valid_groups()
    groups[0]["indicators"].append(bin_def("1.1", max_points=10))
    groups[0]["max_points"] = 130
    problems = _build_problems(groups)
    assert len(problems) == 1
    assert "1.1" in problems[0]


def test_duplicate_codes_across_groups_are_refused():
    groups = valid_groups()
    groups[1]["indicators"].append(bin_def(" 1.3 ", max_points=10))  # the code is compared without spaces
    problems = _build_problems(groups)
    assert len(problems) == 1
    assert "1.3" in problems[0]


def test_duplicate_group_codes_are_refused():
    groups = valid_groups()
    groups[1]["code"] = "1"
    assert len(_build_problems(groups)) == 1


def test_a_group_that_does_not_add_up_to_its_declared_max_is_refused():
    groups = valid_groups()
    groups[0]["max_points"] = 150
    problems = _build_problems(groups)
    assert len(problems) == 1
    assert "150" in problems[0]
    assert "120" in problems[0]


def test_a_total_that_does_not_match_max_total_is_refused():
    problems = _build_problems(valid_groups(), max_total=1000)
    assert len(problems) == 1
    assert "1000" in problems[0]
    assert "340" in problems[0]


def test_indicator_problems_are_listed_before_set_wide_ones():
    groups = valid_groups()
    groups[1]["indicators"][2] = target_def("2.3", target=None)
    groups[0]["max_points"] = 10
    problems = _build_problems(groups, max_total=340)
    assert len(problems) == 2
    assert "2.3" in problems[0]


def test_a_set_without_indicators_is_refused():
    assert len(_build_problems([group_def("1")])) == 1


def test_every_problem_is_reported_at_once():
    groups = [
        group_def(
            "1",
            levels_def("1.1", options=(("Một", 2),)),
            tiers_def("1.2", max_points=10, tiers=((1, 20),)),
            ratio_def("1.3", when_zero="sometimes"),
            info_def("1.4", max_points=5),
            target_def("1.1", target=0),
            max_points=1,
        )
    ]
    problems = _build_problems(groups, max_total=2)
    # LEVELS: too few options + fraction; TIERS; RATIO rule; INFO; TARGET; duplicate 1.1; group; total
    assert len(problems) == 9


# --- the JSON interchange format ----------------------------------------------------------


@pytest.fixture(scope="module")
def document():
    return json.loads(ILLUSTRATIVE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sets(document):
    return read_document(document)


def _total(definition):
    return sum(
        Decimal(str(indicator["max_points"])) for group in definition.groups for indicator in group["indicators"]
    )


def test_the_illustrative_document_has_four_sets_of_1000_points(sets):
    assert list(sets) == ["department", "central", "district", "commune"]
    for definition in sets.values():
        assert definition.max_total == 1000
        assert _total(definition) == 1000
        assert [group["code"] for group in definition.groups] == ["1", "2", "3", "4", "5", "6"]
        assert definition.decision
        assert definition.year_from == 2021


def test_the_central_set_uses_the_department_indicators_through_same_as(sets):
    assert sets["central"].groups == sets["department"].groups
    assert sets["central"].appendix == "Phụ lục 2"
    assert sets["central"].appendix != sets["department"].appendix


def test_every_illustrative_set_builds_a_valid_criteria_set(sets):
    for definition in sets.values():
        assert definition_problems(definition.groups, definition.max_total) == []
        criteria = build_criteria_set(definition.groups, definition.bands, definition.max_total)
        assert sum(group.max_points for group in criteria.groups) == 1000
        assert [band.label for band in criteria.bands] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]


def test_json_keys_are_renamed_to_definition_keys(sets):
    department = {
        indicator["code"]: indicator for group in sets["department"].groups for indicator in group["indicators"]
    }
    payments = department["6.4"]
    assert payments["tier_input"] == "ratio"
    assert payments["numerator_label"]
    assert payments["denominator_label"]
    assert payments["tiers"][0] == {"threshold": 50, "points": 50}
    assert "source" not in payments
    assert "group" not in payments


def test_write_then_read_round_trips_the_groups(sets):
    again = read_document(json.loads(json.dumps(write_document(list(sets.values())), ensure_ascii=False)))
    assert list(again) == list(sets)
    for level, definition in sets.items():
        assert again[level].groups == definition.groups
        assert again[level].max_total == definition.max_total
        assert again[level].bands == definition.bands


def test_write_then_read_round_trips_to_equal_definitions(sets):
    again = read_document(json.loads(json.dumps(write_document(list(sets.values())), ensure_ascii=False)))
    assert list(again) == list(sets)
    for level, definition in sets.items():
        # Field by field, so a failure names the field the writer loses (e.g. a set's note).
        assert asdict(again[level]) == asdict(definition), level
    assert again == sets


# --- malformed documents ------------------------------------------------------------------


def _set(document, level):
    return next(raw_set for raw_set in document["sets"] if raw_set["level"] == level)


def _indicator(document, level, code):
    return next(row for row in _set(document, level)["indicators"] if row["code"] == code)


# Each entry edits a deep copy of the illustrative document in place.
MALFORMED = {
    "no sets": lambda document: document.pop("sets"),
    "empty sets": lambda document: document.update(sets=[]),
    "sets not a list": lambda document: document.update(sets={"department": {}}),
    "unknown group": lambda document: _indicator(document, "department", "1.1").update(group="9"),
    "tier of three": lambda document: _indicator(document, "district", "1.1").update(tiers=[[4, 20, 1]]),
    "tiers not pairs": lambda document: _indicator(document, "district", "1.1").update(tiers=[4, 20]),
    "tiers not a list": lambda document: _indicator(document, "district", "1.1").update(tiers={"4": 20}),
    "unknown same_as": lambda document: _set(document, "central").update(same_as="province"),
    "same_as another alias": lambda document: _set(document, "department").update(same_as="central"),
    "no level": lambda document: _set(document, "commune").pop("level"),
    "no indicators": lambda document: _set(document, "commune").pop("indicators"),
    "indicator not an object": lambda document: _set(document, "commune")["indicators"].append("1.9"),
    "options not a list": lambda document: _indicator(document, "department", "1.1").update(options="a, b"),
    "max_total not a number": lambda document: _set(document, "commune").update(max_total="một nghìn"),
    "group without code": lambda document: document.update(groups=[{"title": "Không có mã"}]),
}


@pytest.mark.parametrize("not_an_object", [[], "criteria", None, 1000], ids=repr)
def test_a_document_that_is_not_an_object_is_refused(document, not_an_object):
    with pytest.raises(CriteriaFormatError):
        read_document(not_an_object)
    with pytest.raises(CriteriaFormatError):
        read_document([document])


@pytest.mark.parametrize("edit", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_documents_are_refused(document, edit):
    broken = copy.deepcopy(document)
    edit(broken)
    with pytest.raises(CriteriaFormatError):
        read_document(broken)
