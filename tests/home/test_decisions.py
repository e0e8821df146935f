"""Decisions: status, the replacement link both ways, validation and constant queries."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import DecisionPage, DecisionStatus
from home.models.decisions import decision_status, vietnamese_date_line
from tests.factories.home import DecisionPageFactory, GuidancePageFactory

D = datetime.date


@pytest.mark.parametrize(
    ("effective", "replaced_from", "today", "status"),
    [
        (D(2021, 8, 11), None, D(2021, 8, 10), DecisionStatus.NOT_YET_IN_FORCE),
        (D(2021, 8, 11), None, D(2021, 8, 11), DecisionStatus.IN_FORCE),
        (D(2019, 1, 28), D(2021, 8, 11), D(2021, 8, 10), DecisionStatus.IN_FORCE),
        (D(2019, 1, 28), D(2021, 8, 11), D(2021, 8, 11), DecisionStatus.REPLACED),
    ],
)
def test_decision_status(effective, replaced_from, today, status):
    assert decision_status(effective, replaced_from, today) == status


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (D(2021, 8, 11), "Hà Tĩnh, ngày 11 tháng 8 năm 2021"),
        (D(2019, 1, 28), "Hà Tĩnh, ngày 28 tháng 01 năm 2019"),
        (D(2023, 12, 5), "Hà Tĩnh, ngày 05 tháng 12 năm 2023"),
    ],
)
def test_vietnamese_date_line(day, line):
    assert vietnamese_date_line("Hà Tĩnh", day) == line


@pytest.fixture
def old_and_new(decision_index):
    old = DecisionPageFactory(
        parent=decision_index, number="365/QĐ-UBND", date_issued=D(2019, 1, 28), effective_date=D(2019, 1, 28)
    )
    new = DecisionPageFactory(parent=decision_index, number="2853/QĐ-UBND", replaces=old)
    return old, new


def test_replaced_decision_stays_published_and_links_both_ways(client, old_and_new):
    old, new = old_and_new
    old_html = client.get(old.url).content.decode()
    new_html = client.get(new.url).content.decode()
    assert "hết hiệu lực" in old_html
    assert f'href="{new.url}"' in old_html
    assert "đang có hiệu lực" in new_html
    assert f'href="{old.url}"' in new_html
    assert old.status == DecisionStatus.REPLACED
    assert new.status == DecisionStatus.IN_FORCE


def test_unpublished_replacement_does_not_end_the_old_decision(old_and_new):
    old, new = old_and_new
    new.unpublish()
    old = DecisionPage.objects.get(pk=old.pk)
    assert old.replacement is None
    assert old.status == DecisionStatus.IN_FORCE


def test_decision_page_renders_as_a_legal_document(client, old_and_new):
    html = client.get(old_and_new[1].url).content.decode()
    for text in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Căn cứ Luật Công nghệ thông tin",
    ):
        assert text in html
    assert "Điều 2. Tổ chức thực hiện" in html
    assert "Nơi nhận:" in html and "KT. CHỦ TỊCH" in html


def test_home_lists_only_decisions_in_force(client, old_and_new):
    _old, new = old_and_new
    decisions = list(client.get("/").context["decisions"])
    assert decisions == [new]


def test_decision_cannot_replace_itself(old_and_new):
    _old, new = old_and_new
    new.replaces = new
    with pytest.raises(ValidationError) as error:
        new.full_clean()
    assert "replaces" in error.value.message_dict


def test_two_decisions_cannot_replace_each_other(old_and_new):
    old, new = old_and_new
    old.replaces = new
    with pytest.raises(ValidationError) as error:
        old.full_clean()
    assert "replaces" in error.value.message_dict


def test_decision_numbers_are_unique(old_and_new):
    _old, new = old_and_new
    new.number = "365/qđ-ubnd"
    with pytest.raises(ValidationError) as error:
        new.full_clean()
    assert "number" in error.value.message_dict


def count_queries(client, url: str) -> int:
    client.get(url)  # warm the site and content-type caches, as a running server has them
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["index", "home"])
def test_listing_pages_run_a_constant_number_of_queries(client, decision_index, guidance_index, url_name):
    url = decision_index.url if url_name == "index" else "/"
    previous = None
    for year in range(2000, 2002):
        DecisionPageFactory(parent=decision_index, date_issued=D(year, 1, 1))
        GuidancePageFactory(parent=guidance_index)
    few = count_queries(client, url)
    for year in range(2002, 2012):
        previous = DecisionPageFactory(parent=decision_index, date_issued=D(year, 1, 1), replaces=previous)
        GuidancePageFactory(parent=guidance_index)
    assert count_queries(client, url) == few


def test_decision_index_query_count_is_pinned(client, django_assert_num_queries, old_and_new, decision_index):
    client.get(decision_index.url)  # warm the site and content-type caches
    with django_assert_num_queries(11):
        client.get(decision_index.url)


def test_decision_page_lists_its_published_annexes(client, decision, criteria_set):
    from tests.factories.assessments import CriteriaSetPageFactory

    draft = CriteriaSetPageFactory(parent=decision, title="Bộ tiêu chí nháp")
    draft.unpublish()
    html = client.get(decision.url).content.decode()
    assert f'href="{criteria_set.url}"' in html
    assert "Bộ tiêu chí nháp" not in html
