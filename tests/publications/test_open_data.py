"""Open data: from the published files alone, the project's own commands give back every published score,
index, band and rank; the data package describes each file with its hash, licence and source."""

import hashlib
import io
import json
import zipfile
from decimal import Decimal

import pytest

from assessments.models import CriteriaSetPage
from publications.open_data import open_data_files, open_data_zip
from tests.assessments.reporting import REPORT_GROUPS
from tests.assessments.test_commands import run_command
from tests.factories.assessments import groups_data
from tests.factories.results import HOSTILE_NAME

FILES = [
    "criteria-department.json",
    "answers-department.json",
    "results-department.json",
    "criteria-commune.json",
    "answers-commune.json",
    "results-commune.json",
    "answers-commune-huyen-1.json",
    "results-commune-huyen-1.json",
]


@pytest.fixture
def files(published_year) -> dict[str, bytes]:
    return open_data_files(published_year.snapshots)


@pytest.fixture
def folder(tmp_path, files):
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    return tmp_path


def read(folder, name: str):
    return json.loads((folder / name).read_text(encoding="utf-8"))


def ran(*arguments) -> dict:
    result = run_command(*arguments)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def numbers(ranges: dict) -> dict:
    return {code: {end: Decimal(value) for end, value in bounds.items()} for code, bounds in ranges.items()}


def placings(results: dict) -> list[tuple]:
    """Each agency's code, standing, rank and, where it was scored, total, index and band."""
    rows = []
    for agency in results["agencies"]:
        scores = agency["scores"]
        scored = (scores["total"], scores["index"], scores["band"]) if scores else ()
        rows.append((agency["code"], agency["standing"], agency["rank"], *scored))
    return rows


@pytest.mark.parametrize(
    ("cohort", "level"), [("department", "department"), ("commune", "commune"), ("commune-huyen-1", "commune")]
)
def test_rank_cohort_recomputes_every_published_score_and_rank(published_year, folder, cohort, level):
    recomputed = ran(
        "rank_cohort", folder / f"criteria-{level}.json", folder / f"answers-{cohort}.json", "--level", level
    )

    results = read(folder, f"results-{cohort}.json")
    assert placings(recomputed) == placings(results)
    assert recomputed["agencies"] == results["agencies"]  # every indicator and group score too
    # The same MINMAX ranges; the snapshot writes them as the database holds them ("40.0000"), the command
    # as the answers file does ("40").
    assert numbers(recomputed["minmax"]) == numbers(results["minmax"])
    assert set(results["minmax"]) == ({"1.2"} if level == "department" else set())
    # ... and the results file is what was approved.
    snapshot = {"department": published_year.departments, "commune": published_year.communes}.get(
        cohort, published_year.district_communes
    )
    assert placings(results) == placings(snapshot.data)


def test_the_published_rankings_are_the_ones_worked_out_by_hand(folder):
    assert placings(read(folder, "results-department.json")) == [
        ("SO-NV", "ranked", 1, "100.00", "1.0000", "Xuất sắc"),  # 1.2 MINMAX: 80 is the highest → 50
        ("SO-TC", "ranked", 2, "50.00", "0.5000", "Trung bình"),  # 40 the lowest → 0
        ("SO-YT", "ranked", 3, "25.00", "0.2500", "Yếu"),  # 1.1 no, 60 halfway → 25
    ]
    assert placings(read(folder, "results-commune.json")) == [
        ("XA-A", "ranked", 1, "135.00", "0.9000", "Xuất sắc"),
        ("XA-B", "ranked", 2, "95.00", "0.6333", "Khá"),  # 1.1 corrected to no: 135 − 40
        ("XA-C", "ranked", 3, "85.00", "0.5667", "Trung bình"),
        ("XA-D", "not_reported", None),
    ]


@pytest.mark.parametrize(("cohort", "level"), [("department", "department"), ("commune", "commune")])
def test_score_answers_rescores_each_agency(folder, cohort, level):
    """One report at a time: equal to the published scores, except MINMAX, which needs the whole cohort."""
    published = {agency["code"]: agency["scores"] for agency in read(folder, f"results-{cohort}.json")["agencies"]}
    reported = [agency for agency in read(folder, f"answers-{cohort}.json")["agencies"] if "answers" in agency]
    assert reported
    for agency in reported:
        answers = folder / f"one-{agency['code']}.json"
        answers.write_text(json.dumps({"answers": agency["answers"]}, ensure_ascii=False), encoding="utf-8")
        scores = ran("score_answers", folder / f"criteria-{level}.json", answers, "--level", level)
        expected = published[agency["code"]]
        if level == "department":  # 1.2 is MINMAX: pending alone, its points still in the maximum
            assert scores["indicators"]["1.2"] == {"score": None, "not_applicable": False, "pending": True}
            assert scores["indicators"]["1.1"] == expected["indicators"]["1.1"]
            assert scores["max_applicable"] == expected["max_applicable"]
            minmax = Decimal(expected["indicators"]["1.2"]["score"])
            assert Decimal(scores["total"]) + minmax == Decimal(expected["total"])
        else:
            assert scores == expected


def test_the_answers_file_is_rank_cohorts_input_and_the_results_leave_out_answers_and_people(folder):
    answers = read(folder, "answers-commune.json")
    assert answers["agencies"][-1] == {"code": "XA-D", "name": "UBND xã Cẩm Lộc", "not_reported": True}
    assert answers["agencies"][1]["answers"]["1.1"] == {"value": False}  # the appraiser's correction
    assert answers["agencies"][2]["name"] == HOSTILE_NAME  # JSON is data, not a spreadsheet: as named
    results = read(folder, "results-commune.json")
    assert {key for agency in results["agencies"] for key in agency} == {"code", "name", "standing", "rank", "scores"}
    assert "Không có văn bản" not in json.dumps(results, ensure_ascii=False)
    criteria = read(folder, "criteria-department.json")
    assert [s["level"] for s in criteria["sets"]] == ["department"]
    assert criteria["decision"] == "2853/QĐ-UBND"


def test_the_data_package_lists_every_file_with_its_hash(files):
    package = json.loads(files["datapackage.json"])

    assert sorted(files) == sorted([*FILES, "datapackage.json"])
    assert [resource["path"] for resource in package["resources"]] == FILES
    for resource in package["resources"]:
        content = files[resource["path"]]
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        assert resource["bytes"] == len(content)
        assert (resource["format"], resource["mediatype"]) == ("json", "application/json")
        assert resource["description"]
    assert package["profile"] == "data-package"
    assert package["name"].startswith("ket-qua-danh-gia-")
    assert package["title"].startswith("Kết quả đánh giá Chính quyền số năm ")
    assert [license["name"] for license in package["licenses"]] == ["CC-BY-4.0"]
    assert [source["title"] for source in package["sources"]] == ["Quyết định số 2853/QĐ-UBND"]
    results = next(r for r in package["resources"] if r["path"] == "results-commune-huyen-1.json")
    cohort = "UBND cấp xã · UBND huyện Thử"
    assert results["description"].startswith(f"Kết quả xếp hạng {cohort} do UBND huyện Thử phê duyệt ngày ")


def test_the_files_are_the_same_bytes_every_time_and_in_any_language(published_year, files):
    from django.utils import translation

    with translation.override("en"):
        assert open_data_files(published_year.snapshots) == files
    assert files["results-commune.json"].decode("utf-8").count("UBND xã Bình Minh") == 1  # UTF-8, not \\u escapes
    archive = open_data_zip(published_year.snapshots)
    assert archive == open_data_zip(published_year.snapshots)
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert opened.namelist()[0] == "datapackage.json"
        assert {name: opened.read(name) for name in opened.namelist()} == files


def test_one_year_and_one_version_per_cohort(published_year):
    with pytest.raises(ValueError):
        open_data_files([published_year.communes, published_year.communes])
    with pytest.raises(ValueError):
        open_data_files([])


def test_the_criteria_are_the_revision_the_results_were_scored_with(published_year):
    """An editor changing the set after approval changes neither the published criteria nor their hash."""
    before = open_data_files(published_year.snapshots)
    page = CriteriaSetPage.objects.get(pk=published_year.world.criteria_set.pk)
    (code, title, indicators), *rest = REPORT_GROUPS
    page.groups = groups_data([(code, title, [{**indicators[0], "max_points": "20"}, *indicators[1:]]), *rest])
    page.max_total = Decimal(130)
    page.save_revision().publish()

    after = open_data_files(published_year.snapshots)

    assert after == before
    criteria = json.loads(after["criteria-commune.json"])
    assert [i["max_points"] for i in criteria["sets"][0]["indicators"] if i["code"] == "1.1"] == [40]
