"""Other apps add to the site through hooks (home.registry), so home names none of them."""

import pytest
from django.test import Client
from wagtail.test.utils import WagtailTestUtils

from home.models import DecisionIndexPage, GuidanceIndexPage, GuidancePage, HomePage, InformationPage
from home.registry import HEADER_LINKS, HOME_CHILD_PAGE_TYPES, HeaderLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def hooks():
    utils = WagtailTestUtils()
    HomePage._clean_subpage_models = None  # the allowed child types are worked out once, then kept
    yield utils
    HomePage._clean_subpage_models = None


def test_a_registered_page_type_may_live_under_the_home_page(hooks):
    before = HomePage.clean_subpage_models()
    assert before[:3] == [DecisionIndexPage, GuidanceIndexPage, InformationPage]
    assert GuidancePage not in before
    HomePage._clean_subpage_models = None
    with hooks.register_hook(HOME_CHILD_PAGE_TYPES, lambda: ["home.GuidancePage"]):
        assert HomePage.clean_subpage_models() == [*before, GuidancePage]


def test_a_registered_header_link_is_shown_and_marks_its_section(hooks, home_page):
    client = Client()
    link = HeaderLink("Kết quả đánh giá", "/ket-qua/")
    with hooks.register_hook(HEADER_LINKS, lambda request: [link]):
        page = client.get("/").content.decode()
        assert '<a href="/ket-qua/">Kết quả đánh giá</a>' in page
        assert '<a href="/ket-qua/" aria-current="page">' in client.get("/ket-qua/").content.decode()
    assert "/ket-qua/" not in client.get("/").content.decode()
