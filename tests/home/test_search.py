"""Site search: Vietnamese with or without diacritics, and hostile input."""

import pytest

from home.search import MAX_QUERY_LENGTH, QueryTooLong, search_pages
from home.text import fold, search_terms
from tests.factories.home import DecisionPageFactory, GuidancePageFactory, block


@pytest.fixture
def pages(decision_index, guidance_index):
    decision = DecisionPageFactory(parent=decision_index, title="Quyết định số 2853/QĐ-UBND", number="2853/QĐ-UBND")
    guidance = GuidancePageFactory(
        parent=guidance_index,
        title="Hỏi đáp",
        body=[
            block("question_answer", {"question": "Đăng nhập thế nào?", "answer": "<p>Dùng tài khoản được cấp.</p>"})
        ],
    )
    return decision, guidance


def test_fold_removes_marks_and_maps_d_with_stroke():
    assert fold("Hà Tĩnh – An toàn thông tin, ĐƯỢC") == "ha tinh - an toan thong tin, duoc"
    # Decomposed input (as some keyboards send it) folds the same as composed input.
    assert fold("Ha\u0300 Ti\u0303nh") == "ha tinh"


def test_search_terms_keep_only_words():
    assert search_terms('"an toàn" OR thông* (tin) NEAR/3 .*$') == ["an", "toan", "or", "thong", "tin", "near", "3"]


@pytest.mark.parametrize(
    "query",
    ["ha tinh", "Hà Tĩnh", "HA TINH", "an toan thong tin", "an toàn thông tin", "Ha\u0300 Ti\u0303nh", "2853"],
)
def test_decision_found_with_or_without_diacritics(client, pages, query):
    response = client.get("/tim-kiem/", {"q": query})
    assert response.status_code == 200
    titles = [result.title for result in response.context["outcome"].results]
    assert "Quyết định số 2853/QĐ-UBND" in titles


def test_guidance_found_by_word_with_d_stroke(client, pages):
    response = client.get("/tim-kiem/", {"q": "dang nhap"})
    assert [result.title for result in response.context["outcome"].results] == ["Hỏi đáp"]


def test_unmatched_query_finds_nothing(client, pages):
    response = client.get("/tim-kiem/", {"q": "khongcotu"})
    assert response.status_code == 200
    assert response.context["outcome"].results.paginator.count == 0
    assert "Tìm thấy 0 trang" in response.content.decode()


def test_draft_pages_are_not_found(client, decision_index):
    draft = DecisionPageFactory(parent=decision_index, title="Quyết định nháp", live=False)
    response = client.get("/tim-kiem/", {"q": "nhap"})
    assert draft.title not in [result.title for result in response.context["outcome"].results]


@pytest.mark.parametrize(
    "query",
    [
        "(a+)+$",
        ".*" * 50,
        '"unterminated',
        "AND OR NOT NEAR",
        "*",
        "'; DROP TABLE wagtailcore_page; --",
        "<script>alert(1)</script>",
        "\x00\x1f",
        "ha tinh " * 24,
    ],
)
def test_hostile_queries_answer_without_error(client, pages, query):
    response = client.get("/tim-kiem/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_overlong_query_is_refused_with_a_vietnamese_message(client, pages):
    response = client.get("/tim-kiem/", {"q": "a" * (MAX_QUERY_LENGTH + 1)})
    assert response.status_code == 400
    assert "quá dài" in response.content.decode()
    with pytest.raises(QueryTooLong):
        search_pages("a" * (MAX_QUERY_LENGTH + 1), None)


@pytest.mark.parametrize("page_number", ["abc", "-1", "0", "99999", "1.5", ""])
def test_bad_result_page_numbers_are_answered(client, pages, page_number):
    response = client.get("/tim-kiem/", {"q": "ha tinh", "page": page_number})
    assert response.status_code == 200


def test_search_page_refuses_post(client, home_page):
    assert client.post("/tim-kiem/", {"q": "x"}).status_code == 405
