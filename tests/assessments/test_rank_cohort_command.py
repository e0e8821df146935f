"""``manage.py rank_cohort`` run as a program, as anyone recomputing a published ranking would.

The expected ranking is worked out by hand from the district set of the illustrative criteria:
1.5 is BIN (50 points), 6.4 is MINMAX (50 points), the set's maximum is 1,000.
"""

import json

import pytest

from tests.assessments.test_commands import DATA_FILE, PROJECT, assert_refused, run_command


def cohort_file(tmp_path, agencies) -> str:
    path = tmp_path / "cohort.json"
    path.write_text(json.dumps({"agencies": agencies}, ensure_ascii=False), encoding="utf-8")
    return str(path)


def rank(tmp_path, agencies, level="district"):
    return run_command("rank_cohort", DATA_FILE, cohort_file(tmp_path, agencies), "--level", level)


DISTRICTS = [
    {"code": "H1", "name": "Thành phố Hà Tĩnh", "answers": {"1.5": {"value": True}, "6.4": {"value": 80}}},
    {"code": "H2", "name": "Huyện Kỳ Anh", "answers": {"6.4": {"value": 40}}},
    {"code": "H3", "name": "Huyện Cẩm Xuyên", "answers": {"1.5": {"value": True}, "6.4": {"value": 60}}},
    {"code": "H4", "name": "Huyện Can Lộc", "answers": {"1.5": {"value": True}, "6.4": {"value": 60}}},
    {"code": "H5", "name": "Huyện Đức Thọ", "not_reported": True},
    {"code": "QS", "name": "Bộ Chỉ huy Quân sự tỉnh", "excluded": True, "answers": {"6.4": {"value": 900}}},
]


def test_rank_cohort_prints_the_hand_computed_ranking(tmp_path):
    result = rank(tmp_path, DISTRICTS)
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    # 6.4 ranges over 40..80: 80 → 50, 60 → 25, 40 → 0.
    assert output["level"] == "district"
    assert output["minmax"] == {"6.4": {"low": "40", "high": "80"}}
    rows = [
        (
            a["code"],
            a["standing"],
            a["rank"],
            a["scores"] and a["scores"]["total"],
            a["scores"] and a["scores"]["index"],
        )
        for a in output["agencies"]
    ]
    assert rows == [
        ("H1", "ranked", 1, "100.00", "0.1000"),
        ("H4", "ranked", 2, "75.00", "0.0750"),  # Can before Cẩm: a comes before â
        ("H3", "ranked", 2, "75.00", "0.0750"),
        ("H2", "ranked", 4, "0.00", "0.0000"),
        ("H5", "not_reported", None, None, None),
    ]
    assert output["agencies"][1]["scores"]["indicators"]["6.4"] == {
        "score": "25.00",
        "not_applicable": False,
        "pending": False,
    }
    assert output["agencies"][0]["scores"]["band"] == "Yếu"


@pytest.mark.parametrize(
    ("agencies", "mentions"),
    [
        pytest.param("not a list", ['"agencies"'], id="agencies not a list"),
        pytest.param([{"name": "Huyện A", "answers": {}}], ["1", "code"], id="no code"),
        pytest.param([{"code": "H1", "answers": {}}], ["H1", "name"], id="no name"),
        pytest.param(
            [{"code": "H1", "name": "A", "answers": {}}, {"code": "H1", "name": "B", "answers": {}}],
            ["H1"],
            id="duplicate code",
        ),
        pytest.param([{"code": "H1", "name": "A", "answers": {"6.4": {"value": "nhiều"}}}], ["H1", "6.4"], id="text"),
        pytest.param([{"code": "H1", "name": "A", "answers": {"9.9": {"value": 1}}}], ["H1", "9.9"], id="unknown"),
        pytest.param([{"code": "H1", "name": "A", "excluded": "yes"}], ["H1", "excluded"], id="flag not boolean"),
        pytest.param([{"code": "H1", "name": "A"}], ["H1", "answers", "not_reported"], id="no answers, not flagged"),
    ],
)
def test_rank_cohort_refuses_bad_files_with_a_message(tmp_path, agencies, mentions):
    path = tmp_path / "cohort.json"
    document = {"agencies": agencies} if agencies != "not a list" else {"agencies": "H1"}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert_refused(run_command("rank_cohort", DATA_FILE, str(path), "--level", "district"), *mentions)


def test_rank_cohort_refuses_an_unknown_level(tmp_path):
    assert_refused(rank(tmp_path, DISTRICTS, level="village"), "village")


def test_rank_cohort_refuses_a_missing_file(tmp_path):
    result = run_command("rank_cohort", DATA_FILE, str(tmp_path / "missing.json"), "--level", "district")
    assert_refused(result, "missing.json")
    assert PROJECT.exists()
