"""Page-tree rules, and every page type creatable, renderable, editable and previewable."""

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import DecisionIndexPage, DecisionPage, GuidanceIndexPage, GuidancePage, HomePage, InformationPage
from publications.models import ResultsIndexPage
from tests.factories.home import (
    DecisionIndexPageFactory,
    DecisionPageFactory,
    GuidanceIndexPageFactory,
    GuidancePageFactory,
    HomePageFactory,
)


class PageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=root)
        Site.objects.update(root_page=cls.home)
        cls.decisions = DecisionIndexPageFactory(parent=cls.home)
        cls.guidance = GuidanceIndexPageFactory(parent=cls.home)
        cls.decision = DecisionPageFactory(parent=cls.decisions)
        cls.guidance_page = GuidancePageFactory(parent=cls.guidance)

    def setUp(self):
        self.login()

    def test_parent_rules(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(DecisionIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(DecisionPage, {DecisionIndexPage})
        self.assertAllowedParentPageTypes(GuidanceIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(GuidancePage, {GuidanceIndexPage, GuidancePage})

    def test_subpage_rules(self):
        # Home's own types, and the results index that publications registers (home.registry).
        self.assertAllowedSubpageTypes(
            HomePage, {DecisionIndexPage, GuidanceIndexPage, InformationPage, ResultsIndexPage}
        )
        self.assertAllowedSubpageTypes(DecisionIndexPage, {DecisionPage})
        # Other apps' pages (criteria sets) declare DecisionPage as their parent; home names none of them.
        self.assertIsNone(getattr(DecisionPage, "subpage_types", None))
        self.assertAllowedSubpageTypes(GuidanceIndexPage, {GuidancePage})
        self.assertAllowedSubpageTypes(GuidancePage, {GuidancePage})

    def test_single_instances(self):
        # One home page and one index of each kind per site: a second one has no place to go.
        self.assertFalse(DecisionIndexPage.can_create_at(self.home))
        self.assertFalse(GuidanceIndexPage.can_create_at(self.home))
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_every_page_renders_and_edits(self):
        # StreamFields are drawn by JavaScript, so the edit form's HTML has no inputs
        # to replay for them: those pages are posted with data written out here.
        post_data = {
            self.decision.pk: decision_form_data(self.decision),
            self.guidance_page.pk: guidance_form_data(self.guidance_page),
        }
        for page in (self.home, self.decisions, self.guidance, self.decision, self.guidance_page):
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page, post_data=post_data.get(page.pk))
                self.assertPageIsPreviewable(page, post_data=post_data.get(page.pk))

    def test_create_guidance_page_through_the_admin(self):
        self.assertCanCreate(self.guidance, GuidancePage, guidance_form_data(GuidancePage(title="Lịch", slug="lich")))

    def test_create_decision_through_the_admin(self):
        page = DecisionPage(title="Quyết định số 1/QĐ-UBND", slug="quyet-dinh-1", number="1/QĐ-UBND")
        self.assertCanCreate(self.decisions, DecisionPage, decision_form_data(page))


def guidance_form_data(page: GuidancePage) -> dict:
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": "Các mốc nộp báo cáo.",
            "body": streamfield(
                [
                    ("heading", {"text": "Kỳ báo cáo", "level": "h2"}),
                    ("rich_text", rich_text("<p>Trước ngày 15.</p>")),
                    ("callout", {"tone": "warning", "title": "Chú ý", "body": rich_text("<p>Giờ Việt Nam.</p>")}),
                    ("question_answer", {"question": "Nộp muộn?", "answer": rich_text("<p>Không.</p>")}),
                ]
            ),
        }
    )


def decision_form_data(page: DecisionPage) -> dict:
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "document_type": "Quyết định",
            "number": page.number,
            "issuer": "Ủy ban nhân dân tỉnh",
            "place": "Hà Tĩnh",
            "date_issued": "2023-01-05",
            "effective_date": "2023-01-05",
            "subject": "Ban hành Bộ tiêu chí",
            "authority_heading": "ỦY BAN NHÂN DÂN TỈNH",
            "replaces": "",
            "preamble": streamfield([("preamble_item", {"text": "Căn cứ Luật;"})]),
            "articles": streamfield(
                [
                    (
                        "article",
                        {
                            "number": "1",
                            "heading": "",
                            "content": streamfield([("paragraph", "Ban hành kèm theo Quyết định này.")]),
                        },
                    )
                ]
            ),
            "closing": streamfield([]),
            "source_note": "",
        }
    )
