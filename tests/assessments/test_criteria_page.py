"""The public criteria page, laid out like the decision's appendix table, and its method sentences.

Sentences are checked word for word in English in the unit tests of
``describe_method``; the page tests check what does not depend on the language
(codes, labels, numbers) and that every sentence ``describe_method`` gives is shown.
"""

import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape

from assessments.definitions.describe import describe_method
from assessments.definitions.json_format import indicator_from_json
from assessments.formatting import points
from tests.factories.assessments import AgencyLevelFactory, CriteriaSetPageFactory, groups_data, indicator

# --- a set using every method: 40+60+50+40 = 190 and 30+60+50+20+0 = 160, 350 in all --------

LEVELS = indicator(
    "1.1",
    "LEVELS",
    40,
    title="Ban hành Kế hoạch chuyển đổi số năm",
    options=[
        {"label": "Ban hành trước ngày 31/01", "fraction": "1"},
        {"label": "Ban hành sau ngày 31/01", "fraction": "0.5"},
        {"label": "Không ban hành", "fraction": "0"},
    ],
    evidence_description="Kế hoạch đã ký (số, ngày)",
    evidence_required=True,
)
RATIO = indicator(
    "1.2",
    "RATIO",
    60,
    title="Tỷ lệ văn bản đi được ký số",
    unit="văn bản",
    numerator_label="Số văn bản đi được ký số",
    denominator_label="Tổng số văn bản đi",
    when_denominator_zero="not_applicable",
    evidence_description="Báo cáo từ hệ thống quản lý văn bản",
    data_source="Hệ thống iDesk",
)
TIERS = indicator(
    "1.3",
    "TIERS",
    50,
    title="Số cuộc diễn tập an toàn thông tin",
    unit="lần",
    tiers=[{"threshold": "1", "points": "30"}, {"threshold": "2", "points": "50"}],
)
CHECKS = indicator(
    "1.4",
    "CHECKS",
    40,
    title="Lãnh đạo tham dự và chủ trì",
    options=[{"label": "Tham dự", "fraction": "0.5"}, {"label": "Chủ trì", "fraction": "0.5"}],
)
BIN = indicator("2.1", "BIN", 30, title="Có chuyên mục chuyển đổi số", evidence_description="Đường dẫn chuyên mục")
TARGET = indicator("2.2", "TARGET", 60, title="Số cơ sở dữ liệu dùng chung", unit="cơ sở dữ liệu", target="2")
MINMAX = indicator("2.3", "MINMAX", 50, title="Mức độ hài lòng của người dân", unit="%")
MANUAL = indicator("2.4", "MANUAL", 20, title="Sáng kiến chuyển đổi số")
INFO = indicator("2.5", "INFO", 0, title="Số dịch vụ công trực tuyến phát sinh hồ sơ")

GROUPS = [
    ("1", "Môi trường chính sách", [LEVELS, RATIO, TIERS, CHECKS]),
    ("2", "Kết quả phát triển Chính quyền số", [BIN, TARGET, MINMAX, MANUAL, INFO]),
]


@pytest.fixture
def every_method_set(decision):
    level = AgencyLevelFactory(code="department", name="Sở, ban, ngành")
    return CriteriaSetPageFactory(
        parent=decision,
        title="Bộ tiêu chí cấp sở",
        appendix="Phụ lục 1",
        applies_to="Sở, ban, ngành cấp tỉnh",
        max_total=Decimal(350),
        groups=groups_data(GROUPS),
        levels=[level],
    )


def soup_of(client, page) -> BeautifulSoup:
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def indicator_rows(soup) -> dict:
    rows = {}
    for row in soup.select("tr.criteria-indicator"):
        rows[row.select_one("th.criteria-indicator__code").get_text(strip=True)] = row
    return rows


def cells(row) -> list:
    return row.find_all(["th", "td"], recursive=False)


def sentences(row) -> list[str]:
    return [item.get_text(strip=True) for item in row.select("td.criteria-indicator__method li")]


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


# --- The page -------------------------------------------------------------------------------


def test_each_group_shows_its_subtotal(client, every_method_set):
    soup = soup_of(client, every_method_set)
    groups = soup.select("tbody.criteria-group")
    assert len(groups) == 2
    headings = [group.select_one("tr.criteria-group__heading") for group in groups]
    assert [text(heading.th) for heading in headings] == [
        "1. Môi trường chính sách",
        "2. Kết quả phát triển Chính quyền số",
    ]
    assert [heading.select_one("td.num").get_text(strip=True) for heading in headings] == ["190", "160"]
    # Each group holds its own indicators, in order.
    assert [row.th.get_text(strip=True) for row in groups[0].select("tr.criteria-indicator")] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
    ]
    assert [row.th.get_text(strip=True) for row in groups[1].select("tr.criteria-indicator")] == [
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "2.5",
    ]


def test_each_indicator_shows_code_title_max_points_and_method(client, every_method_set):
    rows = indicator_rows(soup_of(client, every_method_set))
    assert list(rows) == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5"]
    for definition in (LEVELS, RATIO, TIERS, CHECKS, BIN, TARGET, MINMAX, MANUAL, INFO):
        row = rows[definition["code"]]
        code, title, maximum, _method, _evidence = cells(row)
        assert code.get_text(strip=True) == definition["code"]
        assert definition["title"] in text(title)
        assert maximum.get_text(strip=True) == definition["max_points"]
        # The sentences the page shows are the ones the definition gives, in order.
        value = every_method_set.groups[0 if definition["code"].startswith("1") else 1].value["indicators"]
        stored = next(child.value for child in value if child.value["code"] == definition["code"])
        assert sentences(row) == [" ".join(sentence.split()) for sentence in describe_method(stored)]
        assert sentences(row), definition["code"]


def test_levels_lists_each_option_with_its_points(client, every_method_set):
    lines = sentences(indicator_rows(soup_of(client, every_method_set))["1.1"])
    assert len(lines) == 4  # the heading, then one line per option
    assert lines[1].startswith("Ban hành trước ngày 31/01") and lines[1].split(":")[-1].split()[0] == "40"
    assert lines[2].startswith("Ban hành sau ngày 31/01") and lines[2].split(":")[-1].split()[0] == "20"
    assert lines[3].startswith("Không ban hành") and lines[3].split(":")[-1].split()[0] == "0"


def test_tiers_lists_thresholds_from_the_highest(client, every_method_set):
    lines = sentences(indicator_rows(soup_of(client, every_method_set))["1.3"])
    assert "lần" in lines[0]
    # 2 → 50 points, then 1 → 30 points, then the floor.
    reached = [line.rsplit(":", 1) for line in lines[1:3]]
    assert [re.findall(r"\d+", threshold) for threshold, _points in reached] == [["2"], ["1"]]
    assert [re.findall(r"\d+", points) for _threshold, points in reached] == [["50"], ["30"]]
    assert len(lines) == 4


def test_ratio_names_a_and_b_and_the_zero_rule(client, every_method_set):
    lines = sentences(indicator_rows(soup_of(client, every_method_set))["1.2"])
    joined = " ".join(lines)
    assert "60" in lines[0]
    assert "Số văn bản đi được ký số" in joined
    assert "Tổng số văn bản đi" in joined
    assert "b = 0" in lines[-1]
    with translation.override("en"):
        assert describe_method(RATIO | {"max_points": Decimal(60)})[-1] == (
            "If b = 0: the indicator does not apply and leaves both totals."
        )


def test_minmax_manual_and_info_are_described(client, every_method_set):
    rows = indicator_rows(soup_of(client, every_method_set))
    assert "50" in " ".join(sentences(rows["2.3"]))
    assert "20" in " ".join(sentences(rows["2.4"]))
    assert len(sentences(rows["2.5"])) == 1
    assert cells(rows["2.5"])[2].get_text(strip=True) == "0"


def test_evidence_text_required_marker_and_source(client, every_method_set):
    rows = indicator_rows(soup_of(client, every_method_set))
    evidence = cells(rows["1.1"])[4]
    assert "Kế hoạch đã ký (số, ngày)" in text(evidence)
    assert evidence.select_one(".criteria-indicator__required") is not None
    # Described but not required: no marker.
    evidence = cells(rows["2.1"])[4]
    assert "Đường dẫn chuyên mục" in text(evidence)
    assert evidence.select_one(".criteria-indicator__required") is None
    # Source of the data, when given.
    evidence = cells(rows["1.2"])[4]
    assert "Hệ thống iDesk" in evidence.select_one(".criteria-indicator__source").get_text()
    assert evidence.select_one(".criteria-indicator__required") is None


def test_unit_is_shown(client, every_method_set):
    rows = indicator_rows(soup_of(client, every_method_set))
    assert "văn bản" in rows["1.2"].select_one(".criteria-indicator__unit").get_text()
    assert rows["1.1"].select_one(".criteria-indicator__unit") is None


def test_total_and_metadata(client, every_method_set):
    soup = soup_of(client, every_method_set)
    assert soup.select_one("table.criteria-table tfoot td.num").get_text(strip=True) == "350"
    assert soup.select_one(".criteria-set__appendix").get_text(strip=True) == "Phụ lục 1"
    assert soup.h1.get_text(strip=True) == "Bộ tiêu chí cấp sở"
    assert "Sở, ban, ngành cấp tỉnh" in soup.select_one(".criteria-set__header .lead").get_text()
    assert "Sở, ban, ngành" in text(soup.select_one("dl.legal-meta"))
    assert "2021" in text(soup.select_one("dl.legal-meta"))


def test_bands_table_from_highest(client, every_method_set):
    soup = soup_of(client, every_method_set)
    rows = soup.select("table.bands-table tbody tr")
    assert [row.td.get_text(strip=True) for row in rows] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
    thresholds = ["90%", "75%", "60%", "50%", "0%"]
    for row, threshold in zip(rows, thresholds, strict=True):
        assert threshold in row.find_all("td")[1].get_text()


def test_links_back_to_the_decision(client, decision, every_method_set):
    soup = soup_of(client, every_method_set)
    links = [link for link in soup.select("dl.legal-meta a") if link.get("href") == decision.url]
    assert links and links[0].get_text(strip=True) == decision.title
    # The breadcrumbs lead back to it too.
    assert any(link.get("href") == decision.url for link in soup.select("nav a, .breadcrumbs a"))


def test_html_in_title_and_evidence_is_escaped(client, decision):
    title = '<script>alert("x")</script> Tỷ lệ <b>hồ sơ</b> & giấy tờ'
    evidence = "<img src=x onerror=alert(1)>"
    page = CriteriaSetPageFactory(
        parent=decision,
        max_total=Decimal(10),
        groups=groups_data([("1", "Nhóm <i>1</i>", [indicator("1.1", title=title, evidence_description=evidence)])]),
    )
    response = client.get(page.url)
    body = response.content.decode()
    assert '<script>alert("x")</script>' not in body
    assert "<b>hồ sơ</b>" not in body
    assert "<img src=x" not in body
    assert "Nhóm <i>1</i>" not in body
    assert escape(title) in body
    assert escape(evidence) in body
    soup = BeautifulSoup(body, "html.parser")
    assert title in text(cells(indicator_rows(soup)["1.1"])[1])


def test_vietnamese_number_format(client, decision):
    page = CriteriaSetPageFactory(
        parent=decision,
        max_total=Decimal("7.5"),
        groups=groups_data([("1", "Nhóm 1", [indicator("1.1", "BIN", "7.5")])]),
    )
    row = indicator_rows(soup_of(client, page))["1.1"]
    assert cells(row)[2].get_text(strip=True) == "7,5"


def test_indicator_anchors_are_unique(client, decision):
    # "1.11" and "11.1" are different indicators; each row needs its own anchor.
    groups = [(str(number), f"Nhóm {number}", []) for number in range(1, 12)]
    groups[0][2].extend(indicator(f"1.{index}") for index in range(1, 12))
    groups[10][2].append(indicator("11.1"))
    groups = [group for group in groups if group[2]]
    page = CriteriaSetPageFactory(parent=decision, max_total=Decimal(120), groups=groups_data(groups))
    soup = soup_of(client, page)
    anchors = [row["id"] for row in soup.select("tr.criteria-indicator")]
    assert len(anchors) == 12
    assert len(set(anchors)) == len(anchors), sorted(anchor for anchor in anchors if anchors.count(anchor) > 1)


# --- Query count ----------------------------------------------------------------------------


def big_set(decision, groups_count: int, per_group: int, slug: str):
    methods = [
        lambda code: indicator(code, "BIN", 10),
        lambda code: indicator(
            code,
            "LEVELS",
            10,
            options=[{"label": "Có", "fraction": "1"}, {"label": "Một phần", "fraction": "0.5"}],
            guidance="<p>Xem <b>hướng dẫn</b>.</p>",
        ),
        lambda code: indicator(code, "RATIO", 10, numerator_label="a", denominator_label="b", evidence_required=True),
        lambda code: indicator(code, "TIERS", 10, tiers=[{"threshold": "1", "points": "5"}]),
        lambda code: indicator(code, "TARGET", 10, target="3", unit="lần"),
    ]
    groups = [
        (
            str(group),
            f"Nhóm {group}",
            [methods[index % len(methods)](f"{group}.{index + 1}") for index in range(per_group)],
        )
        for group in range(1, groups_count + 1)
    ]
    total = groups_count * per_group * 10
    return CriteriaSetPageFactory(
        parent=decision, slug=slug, max_total=Decimal(total), groups=groups_data(groups, seed=slug)
    )


def count_queries(client, page) -> int:
    assert client.get(page.url).status_code == 200  # warm-up: site root, caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_indicators(client, decision):
    small = big_set(decision, groups_count=4, per_group=5, slug="nho")
    large = big_set(decision, groups_count=10, per_group=20, slug="lon")
    assert sum(len(child.value["indicators"]) for child in small.groups) == 20
    assert sum(len(child.value["indicators"]) for child in large.groups) == 200
    small_count = count_queries(client, small)
    large_count = count_queries(client, large)
    assert large_count == small_count
    assert len(indicator_rows(soup_of(client, large))) == 200


# --- describe_method ------------------------------------------------------------------------


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def definition(raw: dict) -> dict:
    """As the StreamField gives it: numbers as Decimals."""
    value = dict(raw)
    value["max_points"] = Decimal(str(value["max_points"]))
    value["options"] = [{**option, "fraction": Decimal(str(option["fraction"]))} for option in value["options"]]
    value["tiers"] = [{key: Decimal(str(number)) for key, number in tier.items()} for tier in value["tiers"]]
    if value.get("target") is not None:
        value["target"] = Decimal(str(value["target"]))
    return value


def test_describe_bin(english):
    assert describe_method(definition(BIN)) == ["Yes: 30 points; no: 0 points."]


def test_describe_levels(english):
    assert describe_method(definition(LEVELS)) == [
        "Choose one level:",
        "Ban hành trước ngày 31/01: 40 points",
        "Ban hành sau ngày 31/01: 20 points",
        "Không ban hành: 0 points",
    ]


def test_describe_checks(english):
    assert describe_method(definition(CHECKS)) == [
        "Points for each condition met, at most 40 points:",
        "Tham dự: +20 points",
        "Chủ trì: +20 points",
    ]


def test_describe_tiers_by_count(english):
    assert describe_method(definition(TIERS)) == [
        "By the number reached (lần):",
        "2 or more: 50 points",
        "1 or more: 30 points",
        "Below that: 0 points.",
    ]
    assert describe_method(definition(TIERS | {"unit": ""}))[0] == "By the number reached:"


def test_describe_tiers_by_ratio(english):
    raw = indicator(
        "6.4",
        "TIERS",
        50,
        tier_input="ratio",
        numerator_label="Số giao dịch trực tuyến",
        denominator_label="Tổng số giao dịch",
        when_denominator_zero="full",
        tiers=[
            {"threshold": "10", "points": "15"},
            {"threshold": "50", "points": "50"},
            {"threshold": "30", "points": "30"},
        ],
    )
    assert describe_method(definition(raw)) == [
        "By the share a/b, where a = Số giao dịch trực tuyến and b = Tổng số giao dịch:",
        "50% or more: 50 points",
        "30% or more: 30 points",
        "10% or more: 15 points",
        "Below that: 0 points.",
        "If b = 0: full points.",
    ]


@pytest.mark.parametrize(
    ("rule", "sentence"),
    [
        ("full", "If b = 0: full points."),
        ("zero", "If b = 0: 0 points."),
        ("not_applicable", "If b = 0: the indicator does not apply and leaves both totals."),
    ],
)
def test_describe_ratio(english, rule, sentence):
    assert describe_method(definition(RATIO | {"when_denominator_zero": rule})) == [
        "Points = 60 × a/b, at most 60.",
        "a = Số văn bản đi được ký số; b = Tổng số văn bản đi.",
        sentence,
    ]


def test_describe_target(english):
    assert describe_method(definition(TARGET)) == [
        "Points = 60 × n/2; reaching the target of 2 cơ sở dữ liệu gives full points."
    ]


def test_describe_minmax(english):
    [sentence] = describe_method(definition(MINMAX))
    assert "highest value gets 50 points" in sentence
    assert "lowest 0" in sentence
    assert "once every agency of the cohort has reported" in sentence


def test_describe_manual(english):
    assert describe_method(definition(MANUAL)) == [
        "The agency proposes 0 to 20 points with a justification; the appraiser decides."
    ]


def test_describe_info(english):
    assert describe_method(definition(INFO)) == ["Collected and published, not scored."]


def test_describe_reads_the_json_interchange_shape(english):
    raw = {
        "code": "1.1",
        "group": "1",
        "max_points": 40,
        "method": "LEVELS",
        "options": [{"label": "Trước 31/01", "fraction": 1}, {"label": "Sau 31/01", "fraction": 0.5}],
    }
    assert describe_method(indicator_from_json(raw, "test")) == [
        "Choose one level:",
        "Trước 31/01: 40 points",
        "Sau 31/01: 20 points",
    ]


@pytest.mark.parametrize(
    ("value", "english_text", "vietnamese_text"),
    [
        (Decimal("40.00"), "40", "40"),
        ("0.5", "0.5", "0,5"),
        (Decimal("33.33"), "33.33", "33,33"),
        (7.5, "7.5", "7,5"),
        (0, "0", "0"),
    ],
)
def test_points_are_written_as_people_write_them(value, english_text, vietnamese_text):
    with translation.override("en"):
        assert points(value) == english_text
    with translation.override("vi"):
        assert points(value) == vietnamese_text
