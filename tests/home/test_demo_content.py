"""The demo-content command builds the whole site and is safe to run again."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from home.models import DecisionPage, DecisionStatus, GuidancePage, HomePage


def snapshot() -> dict:
    pages = {
        page.url_path: (type(page).__name__, page.title, page.live, page.latest_revision_id)
        for page in Page.objects.specific()
    }
    return {"pages": pages, "revisions": Revision.objects.count()}


@pytest.mark.django_db
def test_demo_content_builds_the_site_and_is_idempotent(client):
    call_command("load_demo_content", stdout=io.StringIO())
    first = snapshot()
    call_command("load_demo_content", stdout=io.StringIO())
    assert snapshot() == first

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    # Wagtail's empty welcome page is gone; nothing else sits beside the home page.
    assert Page.objects.filter(depth=2).count() == 1

    decision = DecisionPage.objects.get(number="2853/QĐ-UBND")
    replaced = DecisionPage.objects.get(number="365/QĐ-UBND")
    assert decision.replaces == replaced
    assert replaced.status == DecisionStatus.REPLACED
    assert len(decision.articles) == 3
    assert GuidancePage.objects.live().count() >= 3

    for path in ("/", "/van-ban/", decision.url, replaced.url, "/huong-dan/", "/huong-dan/lich-bao-cao/"):
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db
def test_demo_content_restores_an_edited_page():
    call_command("load_demo_content", stdout=io.StringIO())
    page = GuidancePage.objects.get(slug="hoi-dap")
    original = page.title
    page.title = "Sửa tay"
    page.save_revision().publish()
    call_command("load_demo_content", stdout=io.StringIO())
    assert GuidancePage.objects.get(slug="hoi-dap").title == original


@pytest.mark.django_db
def test_demo_accounts_can_log_in(client):
    call_command("load_demo_content", stdout=io.StringIO())
    for username, password in (("admin", "admin-demo-2853"), ("bientap", "bientap-demo-2853")):
        assert client.login(username=username, password=password)
        assert client.get("/admin/").status_code == 200
        client.logout()
