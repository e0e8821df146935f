"""Reading a decision's text into page fields."""

from pathlib import Path

import pytest

from home.decision_markdown import DecisionFormatError, parse_decision

DECISION = Path(__file__).resolve().parents[2] / "home" / "demo" / "decision-2853-2021.md"


@pytest.fixture(scope="module")
def decision():
    return parse_decision(DECISION.read_text(encoding="utf-8"))


def test_header_fields(decision):
    assert decision.number == "2853/QĐ-UBND"
    assert decision.document_type == "Quyết định"
    assert decision.authority_heading == "ỦY BAN NHÂN DÂN TỈNH"
    assert str(decision.date_issued) == "2021-08-11"
    assert (decision.replaces_number, str(decision.replaces_date)) == ("365/QĐ-UBND", "2019-01-28")


def test_preamble_has_every_legal_basis_and_the_proposal(decision):
    texts = [item["value"]["text"] for item in decision.preamble]
    assert len(texts) == 6
    assert all(text.startswith("Căn cứ") for text in texts[:5])
    assert texts[5].startswith("Theo đề nghị")


def test_articles_clauses_points_and_items(decision):
    articles = [article["value"] for article in decision.articles]
    assert [article["number"] for article in articles] == ["1", "2", "3"]
    assert articles[1]["heading"] == "Tổ chức thực hiện"
    clauses = [child["value"] for child in articles[0]["content"] if child["type"] == "clause"]
    assert [clause["number"] for clause in clauses] == ["1", "2", "3", "4", "5", "6"]
    assert clauses[4]["text"] == "Nhóm tiêu chí về An toàn thông tin;"
    second_clause = articles[1]["content"][1]["value"]
    assert [point["value"]["letter"] for point in second_clause["points"]] == ["a", "b", "c"]
    reporting = second_clause["points"][2]["value"]
    assert len(reporting["items"]) == 2
    assert reporting["items"][0]["value"].startswith("Kỳ báo cáo đánh giá hằng năm")
    assert [child["type"] for child in articles[2]["content"]] == ["paragraph", "paragraph"]


def test_recipients_and_signature(decision):
    recipients, signature = decision.closing
    assert recipients["value"]["recipients"][0]["value"] == "Như Điều 3;"
    assert [line["value"] for line in signature["value"]["lines"]] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ]


def test_block_ids_are_stable_between_reads(decision):
    again = parse_decision(DECISION.read_text(encoding="utf-8"))
    assert again.articles == decision.articles
    assert again.closing == decision.closing


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# QUYẾT ĐỊNH\n", "front-matter"),
        ("---\nnumber: 1\n", "not closed"),
        ("---\nnumber: 1\n---\n", "lacks"),
        ("---\nnumber: 1\nissuer: A\nplace: B\ndate: 2021-13-01\ntitle: T\n---\n", "not a date"),
        ("---\nnumber: 1\nissuer: A\nplace: B\ndate: 2021-01-01\ntitle: T\nreplaces: 365\n---\n", "replaces"),
        ("---\nnumber: 1\nissuer: A\nplace: B\ndate: 2021-01-01\ntitle: T\n---\n# QUYẾT ĐỊNH\n", "at least one"),
    ],
)
def test_malformed_text_is_refused_with_the_reason(text, message):
    with pytest.raises(DecisionFormatError, match=message):
        parse_decision(text)
