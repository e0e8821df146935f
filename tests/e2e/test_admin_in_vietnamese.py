"""The administrator and the editor walk the admin screens the portal adds or relies on, and read no English.

Each page's text, and the titles, alternative texts and labels that screen readers
read, are searched for phrases the admin showed in English before the portal
translated them ("86 out of 86", "By cấp", a "True" icon, "Moderators approval", StreamField's
"Insert a block", the header's hidden "Actions", Wagtail's "Bản ghi nhớ" for History). Page histories,
the page search, the reports and the account page are walked too.
The agencies listing is then measured at 1280 × 800: its table, its buttons and its
filters side by side, none over another.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import admin_login, new_context

ADMIN = ("admin", "admin-demo-2853")
EDITOR = ("bientap", "bientap-demo-2853")
ENGLISH = re.compile(
    r"\bout of\b|\bBy \S|\bTrue\b|\bFalse\b|\bModerators\b|\bEditors\b|\bImport\b|\bExport\b|\bUsername\b"
    r"|\bLast login\b|\bAccess level\b|\bImages\b|\bDocuments\b|\bReports\b|\bWorkflows?\b|\bDelete this\b"
    r"|\bSearch for\b|\bSubmit to\b|\bPagination\b"
    # From Wagtail's script catalogue (StreamField's buttons, the sidebar's labels): locale/vi/.../djangojs.po.
    r"|\bInsert a block\b|\bCollapse all\b|\bExpand all\b|\bToggle sidebar\b|\bMain menu\b|\bMove (?:up|down)\b"
    r"|\bDuplicate\b|\bMore actions\b"
    # Wagtail's page editing, reports, search and account texts, and its own Vietnamese that read wrongly or half
    # in English (portal/wagtail_strings.py); the roots Wagtail's migrations name "Root".
    r"|\bGo to the first error\b|\bcould not be saved\b|\bHistory\b|\bView live\b|\bRoot\b|\bActions\b|\bago\b"
    r"|\bAwaiting my review\b|\bLocked by\b|\bPage types\b|\bProfile\b|\bNotifications\b|\bSave draft\b"
    r"|Bản ghi nhớ|bản live|Phê chuẩn|Biên tập(?! viên)"
)
READ_ALOUD = """() => [
    document.body.innerText,
    ...Array.from(document.querySelectorAll('[title], [alt], [aria-label], [placeholder]')).flatMap(element =>
        ['title', 'alt', 'aria-label', 'placeholder'].map(name => element.getAttribute(name) || '')),
].join('\\n')"""


def english_on(page) -> list[str]:
    return sorted(set(ENGLISH.findall(page.evaluate(READ_ALOUD))))


def admin_pages() -> list[str]:
    from wagtail.models import Task, Workflow

    from assessments.models import Agency, CriteriaSetPage, ReportingPeriod
    from home.models import DecisionPage

    decision = DecisionPage.objects.first()
    criteria_set = CriteriaSetPage.objects.first()
    return [
        "/admin/",
        "/admin/assessments/agency/",
        f"/admin/assessments/agency/?level__id__exact={Agency.objects.first().level_id}",
        "/admin/assessments/agency/?q=khong-co-co-quan-nay",
        f"/admin/assessments/agency/edit/{Agency.objects.first().pk}/",
        "/admin/assessments/agencylevel/",
        "/admin/assessments/roleassignment/",
        "/admin/assessments/reportingperiod/",
        f"/admin/assessments/reportingperiod/edit/{ReportingPeriod.objects.first().pk}/",
        "/admin/assessments/agencies/import/",
        "/admin/assessments/people/import/",
        "/admin/assessments/periods/generate/",
        "/admin/home/backgroundjob/",
        "/admin/home/backgroundjob/?status=failed",
        f"/admin/assessments/criteria/import/{decision.pk}/",
        f"/admin/assessments/criteria/{criteria_set.pk}/import-table/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/workflows/list/",
        f"/admin/workflows/edit/{Workflow.objects.first().pk}/",
        "/admin/workflows/tasks/index/",
        f"/admin/workflows/tasks/edit/{Task.objects.first().pk}/",
        f"/admin/pages/{decision.pk}/",
        f"/admin/pages/{decision.pk}/history/",
        "/admin/pages/search/?q=quyết định",
        "/admin/reports/workflow/",
        "/admin/reports/locked/",
        "/admin/reports/site-history/",
        "/admin/account/",
    ]


def editor_pages() -> list[str]:
    from assessments.models import CriteriaSetPage
    from home.models import DecisionPage

    criteria_set = CriteriaSetPage.objects.first()
    return [
        "/admin/",
        f"/admin/pages/{DecisionPage.objects.first().pk}/",
        f"/admin/pages/{criteria_set.pk}/edit/",
        f"/admin/pages/{criteria_set.pk}/history/",
        f"/admin/assessments/criteria/{criteria_set.pk}/import-table/",
        "/admin/account/",
    ]


@pytest.mark.parametrize(("account", "pages"), [(ADMIN, admin_pages), (EDITOR, editor_pages)], ids=["admin", "editor"])
def test_the_admin_screens_read_in_vietnamese(page, demo_site, account, pages):
    admin_login(page, demo_site.url, *account)
    shown = {}
    for path in pages():
        response = page.goto(f"{demo_site.url}{path}")
        assert response.status == 200, path
        found = english_on(page)
        if found:
            shown[path] = found

    assert shown == {}


@pytest.fixture
def laptop(browser):
    context = new_context(browser, viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


def overlap(one: dict, other: dict) -> bool:
    return not (
        one["x"] + one["width"] <= other["x"]
        or other["x"] + other["width"] <= one["x"]
        or one["y"] + one["height"] <= other["y"]
        or other["y"] + other["height"] <= one["y"]
    )


def test_the_agencies_listing_fits_beside_its_filters_at_1280_pixels(laptop, demo_site):
    admin_login(laptop, demo_site.url, *ADMIN)
    laptop.goto(f"{demo_site.url}/admin/assessments/agency/")

    table = laptop.locator(".result-list table.listing")
    filters = laptop.locator(".changelist-filter")
    expect(table).to_be_visible()
    expect(filters).to_be_visible()
    table_box, filters_box = table.bounding_box(), filters.bounding_box()
    assert table_box["x"] + table_box["width"] <= filters_box["x"], (table_box, filters_box)
    assert filters_box["x"] + filters_box["width"] <= 1280
    # Every column fits: nothing of the table hides behind a scroll bar.
    assert laptop.locator(".result-list").evaluate("element => element.scrollWidth <= element.clientWidth")

    first_row = table.locator("tbody tr").first
    row_buttons = [
        first_row.get_by_role("link", name="Sửa", exact=True),
        first_row.get_by_role("link", name="Xoá", exact=True),
    ]
    header_buttons = [
        laptop.get_by_role("link", name="Nhập từ tệp"),
        laptop.get_by_role("link", name="Xuất CSV"),
        laptop.get_by_role("link", name="Xuất XLSX"),
        laptop.get_by_role("link", name="Thêm cơ quan, đơn vị"),
    ]
    boxes = []
    for button in row_buttons + header_buttons:
        expect(button).to_be_visible()
        box = button.bounding_box()
        # Readable: a button as wide as its label, not squeezed to a letter a line.
        assert box["width"] >= 40 and box["height"] <= 48, box
        assert box["x"] >= 200 and box["x"] + box["width"] <= filters_box["x"] + filters_box["width"], box
        boxes.append(box)
    for index, box in enumerate(boxes):
        for other in boxes[index + 1 :]:
            assert not overlap(box, other), (box, other)
    for box in boxes[:2]:
        assert not overlap(box, filters_box), (box, filters_box)
