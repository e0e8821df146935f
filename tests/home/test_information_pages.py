"""Information pages (contact, accessibility, privacy): the contact details come from the portal
settings, and the footer links to the pages chosen there, following them through the page tree."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage, InformationPage, PortalSettings
from home.models.settings import tel_uri
from tests.factories.home import HomePageFactory, InformationPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(home_page):
    settings = PortalSettings.load()
    settings.organisation = "Sở Khoa học và Công nghệ tỉnh Hà Tĩnh"
    settings.office = "Phòng Chuyển đổi số"
    settings.address = "Tỉnh Hà Tĩnh"
    settings.phone = "0239 000 0000 (số mẫu)"
    settings.email = "lienhe@skhcn-hatinh.example"
    settings.save()
    return settings


@pytest.fixture
def footer_pages(home_page, portal):
    contact = InformationPageFactory(parent=home_page, title="Liên hệ", slug="lien-he")
    accessibility = InformationPageFactory(
        parent=home_page, title="Tuyên bố về khả năng tiếp cận", slug="kha-nang-tiep-can"
    )
    privacy = InformationPageFactory(parent=home_page, title="Chính sách bảo vệ dữ liệu cá nhân", slug="du-lieu")
    portal.contact_page = contact
    portal.accessibility_page = accessibility
    portal.privacy_page = privacy
    portal.save()
    return contact, accessibility, privacy


def footer_of(html: str) -> str:
    return html[html.index('<footer class="site-footer">') :]


def test_the_contact_block_shows_the_settings_values(client, portal):
    contact = InformationPageFactory(parent=Site.objects.get().root_page, slug="lien-he")

    response = client.get(contact.url)

    assert response.status_code == 200
    html = response.content.decode()
    details = html[html.index('<address class="contact-details">') : html.index("</address>")]
    assert "Đơn vị phụ trách" in details and "Phòng Chuyển đổi số" in details
    assert "Sở Khoa học và Công nghệ tỉnh Hà Tĩnh" in details
    assert '<a href="tel:02390000000">0239 000 0000 (số mẫu)</a>' in details
    assert '<a href="mailto:lienhe@skhcn-hatinh.example">lienhe@skhcn-hatinh.example</a>' in details


def test_a_changed_setting_shows_on_the_page_at_once(client, portal):
    contact = InformationPageFactory(parent=Site.objects.get().root_page, slug="lien-he")
    portal.phone = "0239 111 2222"
    portal.save()

    html = client.get(contact.url).content.decode()

    assert '<a href="tel:02391112222">0239 111 2222</a>' in html
    assert "0239 000 0000" not in html


def test_empty_settings_leave_the_contact_block_without_lines(client, home_page):
    contact = InformationPageFactory(parent=home_page, slug="lien-he")

    html = client.get(contact.url).content.decode()

    assert "<dt>" not in html[html.index('<address class="contact-details">') :]


def test_the_footer_links_to_the_chosen_pages_on_every_page(client, footer_pages, decision_index):
    contact, accessibility, privacy = footer_pages
    for path in ("/", decision_index.url, contact.url, "/tim-kiem/?q=ha+tinh", "/khong-co-trang-nay/"):
        footer = footer_of(client.get(path).content.decode())
        for page in footer_pages:
            assert f'<a href="{page.url}">{page.title}</a>' in footer, path
        assert "Phòng Chuyển đổi số" in footer
        assert footer.index(contact.url) < footer.index(accessibility.url) < footer.index(privacy.url)


def test_the_footer_follows_a_moved_or_renamed_page(client, footer_pages):
    contact, _, _ = footer_pages
    contact.slug = "lien-he-gop-y"
    contact.title = "Liên hệ, góp ý"
    contact.save_revision().publish()

    footer = footer_of(client.get("/").content.decode())

    assert '<a href="/lien-he-gop-y/">Liên hệ, góp ý</a>' in footer
    assert 'href="/lien-he/"' not in footer


def test_the_footer_leaves_out_an_unpublished_or_deleted_page(client, footer_pages):
    contact, accessibility, privacy = footer_pages
    contact.unpublish()
    privacy.delete()

    footer = footer_of(client.get("/").content.decode())

    assert 'href="/lien-he/"' not in footer
    assert 'href="/du-lieu/"' not in footer
    assert f'<a href="{accessibility.url}">' in footer
    assert PortalSettings.load().privacy_page is None


def test_the_footer_links_cost_no_extra_query(client, home_page, portal):
    """The chosen pages are read with the settings (PortalSettings.select_related)."""
    client.get("/")  # caches filled: both counts below are of a warm request
    with CaptureQueriesContext(connection) as without_links:
        client.get("/")
    contact = InformationPageFactory(parent=home_page, slug="lien-he")
    privacy = InformationPageFactory(parent=home_page, slug="du-lieu")
    portal.contact_page = contact
    portal.privacy_page = privacy
    portal.save()

    client.get("/")
    with CaptureQueriesContext(connection) as with_links:
        html = client.get("/").content.decode()

    assert 'href="/lien-he/"' in footer_of(html)
    assert len(with_links) == len(without_links)


def test_public_pages_set_no_cookie(client, footer_pages):
    """The privacy policy says a visitor who only reads gets no cookie."""
    for page in footer_pages:
        response = client.get(page.url)
        assert response.status_code == 200
        assert not response.cookies, (page.url, list(response.cookies))
    assert not client.get("/").cookies


@pytest.mark.parametrize(
    ("phone", "uri"),
    [
        ("0239 000 0000", "tel:02390000000"),
        ("(0239) 3.855.000", "tel:02393855000"),
        ("+84 239 000 0000 (giờ hành chính)", "tel:+842390000000"),
        ("0239 000 0000, 0912 000 000", "tel:02390000000"),
        ("Gọi tổng đài", ""),
        ("", ""),
    ],
)
def test_tel_uri_dials_the_first_number(phone, uri):
    assert tel_uri(phone) == uri


class InformationPageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory(parent=Page.get_first_root_node())
        Site.objects.update(root_page=cls.home)
        cls.information = InformationPageFactory(parent=cls.home, slug="lien-he")

    def setUp(self):
        self.login()

    def test_parent_and_subpage_rules(self):
        self.assertAllowedParentPageTypes(InformationPage, {HomePage})
        self.assertAllowedSubpageTypes(InformationPage, set())
        self.assertCanCreateAt(HomePage, InformationPage)

    def test_renders_edits_and_previews(self):
        data = information_form_data(self.information)
        self.assertPageIsRenderable(self.information)
        self.assertPageIsEditable(self.information, post_data=data)
        self.assertPageIsPreviewable(self.information, post_data=data)

    def test_an_editor_creates_a_page_with_the_contact_block(self):
        page = InformationPage(title="Tuyên bố về khả năng tiếp cận", slug="kha-nang-tiep-can")
        self.assertCanCreate(self.home, InformationPage, information_form_data(page))
        created = InformationPage.objects.get(slug="kha-nang-tiep-can")
        assert [block.block_type for block in created.body] == ["heading", "rich_text", "contact_details"]

    def test_an_administrator_chooses_the_footer_pages_in_the_settings(self):
        response = self.client.get("/admin/settings/home/portalsettings/", follow=True)
        assert response.status_code == 200
        for name in ("office", "contact_page", "accessibility_page", "privacy_page"):
            assert f'name="{name}"' in response.content.decode()

        fields = {"organisation": "Sở KH&CN", "office": "Phòng Chuyển đổi số", "province": "Hà Tĩnh"}
        fields |= {"address": "", "phone": "", "email": "", "accessibility_page": "", "privacy_page": ""}
        response = self.client.post(response.redirect_chain[-1][0], {**fields, "contact_page": self.information.pk})
        assert response.status_code == 302

        self.client.logout()
        footer = footer_of(self.client.get("/").content.decode())
        assert f'<a href="/lien-he/">{self.information.title}</a>' in footer
        assert "Phòng Chuyển đổi số" in footer


def information_form_data(page: InformationPage) -> dict:
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": "Cách liên hệ đơn vị phụ trách.",
            "body": streamfield(
                [
                    ("heading", {"text": "Phản ánh", "level": "h2"}),
                    ("rich_text", rich_text("<p>Hãy báo cho chúng tôi.</p>")),
                    ("contact_details", ""),
                ]
            ),
        }
    )
