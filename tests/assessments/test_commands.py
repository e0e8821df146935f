"""Management commands: ``score_answers`` (run as a program, as a citizen would) and the criteria import/export.

Expected scores are worked out here from each method's definition in the data
file, not read back from the engine.
"""

import json
import os
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

import assessments
from assessments.models import CriteriaSetPage
from tests.factories.assessments import AgencyLevelFactory
from tests.factories.home import DecisionPageFactory

PROJECT = Path(assessments.__file__).resolve().parent.parent
DATA_FILE = PROJECT / "assessments" / "demo" / "criteria-2021-illustrative.json"


def money(value) -> str:
    """Half-up to the cent, as the engine rounds each indicator."""
    return str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def run_command(name: str, *arguments) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    return subprocess.run(
        [sys.executable, "manage.py", name, *map(str, arguments)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_score(criteria, answers, *extra: str) -> subprocess.CompletedProcess:
    return run_command("score_answers", criteria, answers, *extra)


def answers_file(tmp_path: Path, answers: dict, name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"answers": answers}, ensure_ascii=False), encoding="utf-8")
    return path


def scored(tmp_path, answers: dict, level: str, criteria: Path = DATA_FILE) -> dict:
    result = run_score(criteria, answers_file(tmp_path, answers), "--level", level)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- score_answers: results -----------------------------------------------------------------

# Commune set (Phụ lục 4): BIN, RATIO (zero / full / not_applicable), TIERS by count, CHECKS, LEVELS.
COMMUNE_ANSWERS = {
    "1.1": {"value": True},  # BIN 50
    "1.2": {"a": 2, "b": 3},  # RATIO 50, b0 zero
    "1.3": {"value": 3},  # TIERS count: 4 → 50, 2 → 30, 1 → 15
    "2.1": {"a": 1, "b": 3},  # RATIO 75
    "2.2": {"a": 5, "b": 6},  # RATIO 75
    "3.1": {"value": ["100% công chức có máy tính kết nối Internet"]},  # CHECKS 75: 0.5 + 0.5
    "3.2": {"value": False},  # BIN 75
    "4.1": {"a": 0, "b": 0},  # RATIO 150, b0 not_applicable
    "5.1": {"value": "Có người phụ trách nhưng có sự cố chưa báo cáo"},  # LEVELS 150: 1 / 0.5 / 0
    "6.1": {"a": 7, "b": 9},  # RATIO 100, b0 not_applicable
    "6.2": None,  # not answered
    "6.3": {"a": 0, "b": 0},  # RATIO 75, b0 full
}


def test_score_answers_commune_every_method(tmp_path):
    output = scored(tmp_path, COMMUNE_ANSWERS, "commune")

    expected_scores = {
        "1.1": money(50),
        "1.2": money(Decimal(50) * 2 / 3),  # 33.33
        "1.3": money(30),  # 3 reaches the tier "2 or more"
        "2.1": money(Decimal(75) * 1 / 3),  # 25.00
        "2.2": money(Decimal(75) * 5 / 6),  # 62.50
        "3.1": money(Decimal(75) * Decimal("0.5")),  # 37.50
        "3.2": money(0),
        "4.1": None,  # b = 0, not applicable
        "5.1": money(Decimal(150) * Decimal("0.5")),  # 75.00
        "6.1": money(Decimal(100) * 7 / 9),  # 77.78
        "6.2": money(0),
        "6.3": money(75),  # b = 0 counts as full
    }
    assert expected_scores["1.2"] == "33.33"
    assert expected_scores["6.1"] == "77.78"

    # Exactly the documented shape.
    assert set(output) == {"indicators", "groups", "total", "max_applicable", "index", "band"}
    assert list(output["indicators"]) == list(COMMUNE_ANSWERS)
    for code, entry in output["indicators"].items():
        assert entry == {
            "score": expected_scores[code],
            "not_applicable": code == "4.1",
            "pending": False,
        }, code

    def total_of(codes):
        return sum(Decimal(expected_scores[code]) for code in codes if expected_scores[code] is not None)

    expected_groups = {
        "1": (total_of(["1.1", "1.2", "1.3"]), 150),
        "2": (total_of(["2.1", "2.2"]), 150),
        "3": (total_of(["3.1", "3.2"]), 150),
        "4": (Decimal(0), 0),  # its only indicator does not apply
        "5": (total_of(["5.1"]), 150),
        "6": (total_of(["6.1", "6.2", "6.3"]), 250),
    }
    assert output["groups"] == {
        code: {"score": money(score), "max": money(maximum)} for code, (score, maximum) in expected_groups.items()
    }
    total = sum(score for score, _maximum in expected_groups.values())
    max_applicable = Decimal(1000) - 150  # 4.1 leaves the maximum
    assert output["total"] == money(total) == "466.11"
    assert output["max_applicable"] == money(max_applicable) == "850.00"
    index = (total / max_applicable).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    assert output["index"] == str(index) == "0.5484"
    assert output["band"] == "Trung bình"  # 54.8 %: from 50 %, below 60 %


# Department set (Phụ lục 1) adds TARGET, TIERS by ratio and INFO.
DEPARTMENT_ANSWERS = {
    "1.1": {"value": "Ban hành sau ngày 31/01"},  # LEVELS 40 × 0.5
    "1.2": {"a": 2, "b": 3},  # RATIO 40
    "1.3": {"a": 0, "b": 0},  # RATIO 40, b0 full
    "1.4": {"value": True},  # BIN 30
    "2.1": {"value": False},  # BIN 40
    "2.2": {"a": 1, "b": 8},  # RATIO 60
    "2.3": {
        "value": [
            "Tham dự đầy đủ các cuộc họp về chuyển đổi số của tỉnh",
            "Chủ trì các cuộc họp về chuyển đổi số của cơ quan",
        ]
    },  # CHECKS 50: 0.5 + 0.5
    "3.1": {"a": 1, "b": 6},  # RATIO 40
    "3.2": {"value": None},  # BIN 40, not answered
    "3.3": {"a": 5, "b": 7},  # RATIO 70
    "4.1": {"value": 1},  # TARGET 60, target 2
    "4.2": {"value": True},  # BIN 50
    "4.3": {"a": 0, "b": 0},  # RATIO 40, b0 not_applicable
    "5.1": {"a": 1, "b": 3},  # RATIO 60
    "5.2": {"value": True},  # BIN 40
    "5.3": {"value": 1},  # TIERS count: 2 → 50, 1 → 30
    "6.1": {"a": 1, "b": 2},  # RATIO 80, b0 not_applicable
    "6.2": {"a": 0, "b": 0},  # RATIO 60, b0 not_applicable
    "6.3": {"a": 0, "b": 0},  # RATIO 60, b0 zero
    "6.4": {"a": 35, "b": 100},  # TIERS by ratio: 50 % → 50, 30 % → 30, 10 % → 15
    "6.5": {"value": 12},  # INFO
}


def test_score_answers_department_target_tiers_ratio_and_info(tmp_path):
    output = scored(tmp_path, DEPARTMENT_ANSWERS, "department")
    scores = {code: entry["score"] for code, entry in output["indicators"].items()}
    assert scores == {
        "1.1": money(20),
        "1.2": money(Decimal(40) * 2 / 3),  # 26.67
        "1.3": money(40),
        "1.4": money(30),
        "2.1": money(0),
        "2.2": money(Decimal(60) / 8),  # 7.50
        "2.3": money(50),
        "3.1": money(Decimal(40) / 6),  # 6.67
        "3.2": money(0),
        "3.3": money(Decimal(70) * 5 / 7),  # 50.00
        "4.1": money(Decimal(60) * 1 / 2),  # 30.00
        "4.2": money(50),
        "4.3": None,
        "5.1": money(Decimal(60) / 3),  # 20.00
        "5.2": money(40),
        "5.3": money(30),
        "6.1": money(40),
        "6.2": None,
        "6.3": money(0),
        "6.4": money(30),  # 35 % reaches the 30 % tier
        "6.5": None,  # INFO is never scored
    }
    assert scores["1.2"] == "26.67"
    assert [code for code, entry in output["indicators"].items() if entry["not_applicable"]] == ["4.3", "6.2"]
    assert output["indicators"]["6.5"] == {"score": None, "not_applicable": False, "pending": False}
    assert output["groups"]["4"] == {"score": "80.00", "max": "110.00"}  # 4.3's 40 points left out
    assert output["groups"]["6"] == {"score": "70.00", "max": "190.00"}  # 6.2 out, INFO weighs 0
    total = sum(Decimal(score) for score in scores.values() if score is not None)
    assert output["total"] == money(total) == "470.84"
    assert output["max_applicable"] == money(1000 - 40 - 60) == "900.00"
    assert output["index"] == str((total / 900).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)) == "0.5232"
    assert output["band"] == "Trung bình"


def test_score_answers_minmax_is_pending(tmp_path):
    output = scored(tmp_path, {"1.5": {"value": True}, "6.4": {"value": 80}}, "district")
    assert output["indicators"]["6.4"] == {"score": None, "not_applicable": False, "pending": True}
    assert output["indicators"]["1.5"]["score"] == "50.00"
    # A pending indicator still counts toward the maximum.
    assert output["max_applicable"] == "1000.00"
    assert output["groups"]["6"]["max"] == money(90 + 60 + 50 + 50)
    assert output["total"] == "50.00"
    assert output["index"] == "0.0500"
    assert output["band"] == "Yếu"


def test_score_answers_empty_answers(tmp_path):
    output = scored(tmp_path, {}, "commune")
    assert output["total"] == "0.00"
    assert output["max_applicable"] == "1000.00"
    assert output["index"] == "0.0000"
    assert output["band"] == "Yếu"
    assert all(entry["score"] == "0.00" for entry in output["indicators"].values())


MANUAL_DOCUMENT = {
    "decision": "1/QĐ-UBND",
    "year_from": 2024,
    "groups": [{"code": "9", "title": "Sáng kiến"}],
    "sets": [
        {
            "level": "commune",
            "max_total": 20,
            "indicators": [{"code": "9.1", "group": "9", "title": "Sáng kiến", "max_points": 20, "method": "MANUAL"}],
        }
    ],
}


@pytest.fixture
def manual_criteria(tmp_path) -> Path:
    path = tmp_path / "manual-criteria.json"
    path.write_text(json.dumps(MANUAL_DOCUMENT, ensure_ascii=False), encoding="utf-8")
    return path


def test_score_answers_manual_and_no_bands(tmp_path, manual_criteria):
    answers = {"9.1": {"points": 12.5, "justification": "Sáng kiến số hóa hồ sơ"}}
    output = scored(tmp_path, answers, "commune", criteria=manual_criteria)
    assert output["indicators"]["9.1"] == {"score": "12.50", "not_applicable": False, "pending": False}
    assert output["index"] == "0.6250"
    assert output["band"] is None  # the document has no bands


# --- score_answers: bad input ---------------------------------------------------------------


def assert_refused(result: subprocess.CompletedProcess, *mentions: str):
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout.strip() == ""
    for mention in mentions:
        assert mention in result.stderr, (mention, result.stderr)


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        pytest.param({"9.9": {"value": True}}, "9.9", id="unknown code"),
        pytest.param({"1.2": {"value": 1}}, "1.2", id="wrong shape for RATIO"),
        pytest.param({"1.3": {"value": -2}}, "1.3", id="negative count"),
        pytest.param({"1.2": {"a": 1, "b": -3}}, "1.2", id="negative b"),
        pytest.param({"1.2": {"a": 5, "b": 3}}, "1.2", id="a greater than b"),
        pytest.param({"5.1": {"value": "Không có lựa chọn này"}}, "5.1", id="unknown LEVELS option"),
        pytest.param({"3.1": {"value": ["Không có điều kiện này"]}}, "3.1", id="unknown CHECKS condition"),
        pytest.param({"1.1": {"value": "yes"}}, "1.1", id="BIN given yes"),
        pytest.param({"1.2": {"a": "hai", "b": 3}}, "1.2", id="text for a number"),
        pytest.param({"1.1": True}, "1.1", id="not an object"),
    ],
)
def test_score_answers_refuses_bad_answers(tmp_path, answers, code):
    result = run_score(DATA_FILE, answers_file(tmp_path, answers), "--level", "commune")
    assert_refused(result, code)


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param({"points": 5}, id="no justification key"),
        pytest.param({"points": 5, "justification": "   "}, id="blank justification"),
        pytest.param({"points": 25, "justification": "Nhiều"}, id="above max"),
    ],
)
def test_score_answers_refuses_manual_without_justification(tmp_path, manual_criteria, answer):
    result = run_score(manual_criteria, answers_file(tmp_path, {"9.1": answer}), "--level", "commune")
    assert_refused(result, "9.1")


def test_score_answers_refuses_invalid_json(tmp_path):
    path = tmp_path / "hong.json"
    path.write_text('{"answers": {"1.1": ', encoding="utf-8")
    result = run_score(DATA_FILE, path, "--level", "commune")
    assert_refused(result, "hong.json")


def test_score_answers_refuses_a_file_without_answers(tmp_path):
    path = tmp_path / "khong-co.json"
    path.write_text('{"traloi": {}}', encoding="utf-8")
    assert_refused(run_score(DATA_FILE, path, "--level", "commune"), "answers")


def test_score_answers_refuses_a_missing_file(tmp_path):
    missing = tmp_path / "khong-ton-tai.json"
    assert_refused(run_score(DATA_FILE, missing, "--level", "commune"), "khong-ton-tai.json")
    assert_refused(run_score(tmp_path / "tieu-chi.json", answers_file(tmp_path, {}), "--level", "commune"))


def test_score_answers_refuses_an_unknown_level(tmp_path):
    result = run_score(DATA_FILE, answers_file(tmp_path, {}), "--level", "village")
    assert_refused(result, "village", "commune")  # the message lists the levels the file has


# --- import_criteria / export_criteria ------------------------------------------------------


@pytest.fixture
def levels(db):
    return {code: AgencyLevelFactory(code=code) for code in ("department", "central", "district", "commune")}


def codes_of(page: CriteriaSetPage) -> list[str]:
    return [indicator.value["code"] for group in page.groups for indicator in group.value["indicators"]]


def test_export_then_import_creates_drafts(tmp_path, levels, decision_index, criteria_set):
    criteria_set.get_latest_revision().publish()
    source = CriteriaSetPage.objects.get(pk=criteria_set.pk)
    exported = tmp_path / "export.json"
    out = StringIO()
    call_command("export_criteria", "--decision", "2853/QĐ-UBND", "-o", str(exported), stdout=out)
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document["decision"] == "2853/QĐ-UBND"
    assert [entry["level"] for entry in document["sets"]] == ["commune"]

    # Into another decision: a new draft set.
    other = DecisionPageFactory(parent=decision_index, number="12/QĐ-UBND")
    out = StringIO()
    call_command("import_criteria", str(exported), "--decision", "12/QĐ-UBND", stdout=out)
    [page] = CriteriaSetPage.objects.child_of(other)
    assert "Đã lưu bản nháp" in out.getvalue()
    assert page.live is False
    draft = page.get_latest_revision_as_object()
    assert codes_of(draft) == codes_of(source)
    assert draft.scoring == source.scoring
    assert (draft.appendix, draft.applies_to, draft.max_total) == (source.appendix, source.applies_to, source.max_total)
    assert [(b.label, b.min_percent) for b in draft.bands.all()] == [
        (b.label, b.min_percent) for b in source.bands.all()
    ]
    assert [level.code for level in draft.levels.all()] == ["commune"]

    # Back into the same decision: a new draft revision, the published set untouched.
    revisions = source.revisions.count()
    call_command("import_criteria", str(exported), "--decision", "2853/QĐ-UBND", stdout=StringIO())
    source.refresh_from_db()
    assert source.revisions.count() == revisions + 1
    assert source.live and source.has_unpublished_changes
    assert CriteriaSetPage.objects.child_of(source.get_parent()).count() == 1


def test_export_to_standard_output(levels, criteria_set):
    out = StringIO()
    call_command("export_criteria", "--decision", "2853/QĐ-UBND", stdout=out)
    document = json.loads(out.getvalue())
    rows = {row["code"]: row for row in document["sets"][0]["indicators"]}
    assert set(rows) == {"1.1", "1.2", "2.1"}
    assert rows["2.1"]["tiers"] == [[2, 50], [1, 30]]


def test_import_the_data_file_for_chosen_levels(levels, decision):
    out = StringIO()
    call_command(
        "import_criteria",
        str(DATA_FILE),
        "--decision",
        "2853/QĐ-UBND",
        "--level",
        "district",
        "--level",
        "commune",
        stdout=out,
    )
    pages = {page.levels.get().code: page for page in CriteriaSetPage.objects.child_of(decision)}
    assert set(pages) == {"district", "commune"}
    assert all(page.live is False for page in pages.values())
    assert len(codes_of(pages["district"].get_latest_revision_as_object())) == 17
    assert out.getvalue().count("Đã lưu bản nháp") == 2


def test_import_refuses_an_unknown_decision(levels, decision):
    with pytest.raises(CommandError, match="9999/QĐ-UBND"):
        call_command("import_criteria", str(DATA_FILE), "--decision", "9999/QĐ-UBND")
    assert not CriteriaSetPage.objects.exists()


def test_export_refuses_an_unknown_decision(db):
    with pytest.raises(CommandError, match="9999/QĐ-UBND"):
        call_command("export_criteria", "--decision", "9999/QĐ-UBND")


def test_export_refuses_a_decision_without_published_sets(decision):
    with pytest.raises(CommandError):
        call_command("export_criteria", "--decision", "2853/QĐ-UBND")


def test_import_refuses_an_unknown_level(levels, decision):
    with pytest.raises(CommandError, match="village"):
        call_command("import_criteria", str(DATA_FILE), "--decision", "2853/QĐ-UBND", "--level", "village")
    assert not CriteriaSetPage.objects.exists()


def test_import_refuses_a_level_missing_from_the_database(decision):
    # The file's levels have no AgencyLevel rows: nothing is imported, not even part of the file.
    AgencyLevelFactory(code="commune")
    with pytest.raises(CommandError):
        call_command("import_criteria", str(DATA_FILE), "--decision", "2853/QĐ-UBND")
    assert not CriteriaSetPage.objects.exists()


def test_import_refuses_a_broken_file(tmp_path, levels, decision):
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_criteria", str(broken), "--decision", "2853/QĐ-UBND")
    with pytest.raises(CommandError):
        call_command("import_criteria", str(tmp_path / "missing.json"), "--decision", "2853/QĐ-UBND")
    assert not CriteriaSetPage.objects.exists()
