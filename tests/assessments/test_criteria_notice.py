"""A criteria set's notice: the editor's warning at the top of the public page (e.g. "this set is illustrative")."""

import pytest
from bs4 import BeautifulSoup

from tests.factories.assessments import CriteriaSetPageFactory

NOTICE = "Bộ tiêu chí này chỉ mang tính minh họa.\nKhông dùng thay cho văn bản chính thức."


def soup_of(client, page) -> BeautifulSoup:
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_notice_is_a_warning_at_the_top_of_the_page(client, decision):
    page = CriteriaSetPageFactory(parent=decision, notice=NOTICE)
    soup = soup_of(client, page)

    warning = soup.select_one(".criteria-set__header .warning-text")
    assert warning is not None
    # Right under the title, before the set's details and the criteria table.
    assert warning.find_previous_sibling("h1").get_text(strip=True) == page.title
    assert warning.find_next("table").get("class") == ["criteria-table"]
    # The icon is hidden from screen readers, which hear "Cảnh báo" before the text instead.
    assert warning.select_one(".warning-text__icon")["aria-hidden"] == "true"
    text = warning.select_one(".warning-text__text")
    assert text.select_one(".visually-hidden").get_text(strip=True) == "Cảnh báo"
    assert "Bộ tiêu chí này chỉ mang tính minh họa." in text.get_text()
    # Line breaks the editor typed are kept, and the text is escaped.
    assert len(text.find_all("br")) == 1


def test_the_notice_is_escaped(client, decision):
    page = CriteriaSetPageFactory(parent=decision, notice="<script>alert(1)</script> minh họa")
    soup = soup_of(client, page)
    assert soup.select_one(".warning-text script") is None
    assert "<script>alert(1)</script>" in soup.select_one(".warning-text__text").get_text()


def test_no_notice_no_warning(client, criteria_set):
    assert criteria_set.notice == ""
    assert soup_of(client, criteria_set).select_one(".warning-text") is None


@pytest.fixture
def admin_client(client, django_user_model, criteria_set):
    client.force_login(django_user_model.objects.create_superuser("quantri", "quantri@example.org", "x"))
    return client


def test_editors_write_the_notice_in_the_admin(admin_client, criteria_set):
    response = admin_client.get(f"/admin/pages/{criteria_set.pk}/edit/")
    assert response.status_code == 200
    assert "notice" in response.context["form"].fields
    assert 'name="notice"' in response.content.decode()
