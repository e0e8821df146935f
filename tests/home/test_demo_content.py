"""The demo-content command builds the whole site and is safe to run again."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from home.models import DecisionPage, DecisionStatus, GuidancePage, HomePage, InformationPage, PortalSettings


def snapshot() -> dict:
    pages = {
        page.url_path: (type(page).__name__, page.title, page.live, page.latest_revision_id)
        for page in Page.objects.specific()
    }
    return {"pages": pages, "revisions": Revision.objects.count()}


@pytest.mark.django_db
def test_demo_content_builds_the_site_and_is_idempotent(client):
    # One load serves the checks below: each load of the whole demo takes 10 to 50 seconds.
    call_command("load_demo_content", stdout=io.StringIO())
    first = snapshot()
    settings_before = list(PortalSettings.objects.values())
    call_command("load_demo_content", stdout=io.StringIO())
    assert snapshot() == first
    assert list(PortalSettings.objects.values()) == settings_before

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

    assert_contact_accessibility_and_privacy_pages_in_the_footer(client)
    assert_demo_accounts_can_log_in(client)


def assert_contact_accessibility_and_privacy_pages_in_the_footer(client) -> None:
    portal = PortalSettings.load()
    assert portal.organisation == "Sở Khoa học và Công nghệ tỉnh Hà Tĩnh"
    assert portal.office
    # Demo values that reach nobody: the area code and zeros, a mail address in the reserved .example domain.
    assert portal.phone_uri == "tel:02390000000" and "số mẫu" in portal.phone
    assert portal.email.endswith(".example")
    pages = portal.footer_pages()
    assert [page.slug for page in pages] == ["lien-he", "kha-nang-tiep-can", "bao-ve-du-lieu-ca-nhan"]
    assert all(isinstance(page.specific, InformationPage) for page in pages)

    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    for page in pages:
        assert f'<a href="{page.url}">{page.title}</a>' in footer

    contact = client.get("/lien-he/").content.decode()
    assert portal.office in contact and portal.phone in contact and f"mailto:{portal.email}" in contact
    assert "dữ liệu mẫu" in contact
    accessibility = client.get("/kha-nang-tiep-can/").content.decode()
    assert "Tuyên bố về khả năng tiếp cận" in accessibility and "WCAG 2.1" in accessibility
    privacy = client.get("/bao-ve-du-lieu-ca-nhan/").content.decode()
    assert "Nghị định số 13/2023/NĐ-CP" in privacy
    for cookie in ("sessionid", "csrftoken", "messages"):
        assert f"<b>{cookie}</b>" in privacy


@pytest.mark.django_db
def test_demo_content_restores_an_edited_page():
    call_command("load_demo_content", stdout=io.StringIO())
    page = GuidancePage.objects.get(slug="hoi-dap")
    original = page.title
    page.title = "Sửa tay"
    page.save_revision().publish()
    call_command("load_demo_content", stdout=io.StringIO())
    assert GuidancePage.objects.get(slug="hoi-dap").title == original


def assert_demo_accounts_can_log_in(client) -> None:
    for username, password in (("admin", "admin-demo-2853"), ("bientap", "bientap-demo-2853")):
        assert client.login(username=username, password=password)
        assert client.get("/admin/").status_code == 200
        client.logout()
