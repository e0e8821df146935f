"""The admin in Vietnamese where Wagtail's and wagtail-modeladmin's own catalogues leave it in English."""

import ast
import importlib
import json
import re
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import timezone, translation
from wagtail.models import Collection, GroupApprovalTask, Page, TaskState, Workflow

from home.moderation import APPROVAL_TASK, EDITORS_GROUP, MODERATORS_GROUP, WORKFLOW
from portal import wagtail_strings
from tests.factories.assessments import AgencyFactory, AgencyLevelFactory

# Seen in the admin before the project translated them; none may come back on the pages checked here.
ENGLISH = re.compile(r"\bout of\b|\bBy \w|\bTrue\b|\bFalse\b|\bUsername\b|\bLast login\b|\bSearch for\b|Delete this")


@pytest.mark.parametrize("text", wagtail_strings.TEXTS)
def test_every_listed_admin_text_has_its_vietnamese(text):
    with translation.override("vi"):
        assert translation.gettext(text) != text


@pytest.mark.parametrize("text", wagtail_strings.PLURALS, ids=str)
def test_every_listed_counted_admin_text_has_its_vietnamese(text):
    with translation.override("en"):
        english = str(text)
    with translation.override("vi"):
        assert str(text) != english


def test_modeladmin_filters_and_counts_read_in_vietnamese():
    with translation.override("vi"):
        assert translation.gettext("By %(filter_title)s") % {"filter_title": "cấp"} == "Theo cấp"
        assert translation.gettext("%(result_count)s out of %(all_count)s") % {
            "result_count": 86,
            "all_count": 86,
        } == ("86 trên tổng số 86")


# Texts Wagtail's (or Django's) catalogues translate wrongly, half in English or in other words than the
# portal's, which the project's catalogue translates again (wagtail_strings.py, "Wagtail's own Vietnamese,
# corrected"): some of them, with what they read before.
CORRECTED = {
    "History": "Lịch sử",  # was "Bản ghi nhớ"
    "View live": "Xem trang đang xuất bản",  # was "Xem bản live"
    "Edit": "Sửa",  # was "Biên tập"
    "Submit for moderation": "Gửi duyệt",  # was "Yêu cầu xem xét"
    "Approve": "Phê duyệt",  # was "Phê chuẩn"
    "Approved": "Đã phê duyệt",  # was "Đã được phê chuẩn"
    "Cancel workflow ": "Huỷ quy trình duyệt",  # was "Ngừng quy trình"
    "Parent": "Mục cha",  # was "Tập"
    "New workflow": "Quy trình duyệt mới",  # was "Luồng công việc mới"
    "Row header": "Hàng tiêu đề",  # was "Đầu trang theo dòng"
}


@pytest.mark.parametrize(("text", "vietnamese"), CORRECTED.items())
def test_wagtails_poor_vietnamese_is_corrected(text, vietnamese):
    with translation.override("vi"):
        assert translation.gettext(text) == vietnamese


def test_a_reviewers_approve_and_publish_button_reads_as_vietnamese():
    """Wagtail's catalogue gave "%(label)svà Xuất bản": the button read "Phê chuẩnvà Xuất bản"."""
    with translation.override("vi"):
        label = translation.gettext("%(label)s and Publish") % {"label": translation.gettext("Approve")}
    assert label == "Phê duyệt và xuất bản"


@pytest.mark.django_db
def test_the_page_explorer_shows_the_corrected_words(admin_client, guidance_index, home_page):
    page = admin_client.get(f"/admin/pages/{home_page.pk}/").content.decode()
    text = visible_text(page)

    for word in ("Lịch sử", "Xem trang đang xuất bản", "Sửa"):
        assert word in text
    for poor in ("Bản ghi nhớ", "bản live", "Biên tập"):
        assert poor not in text


@pytest.mark.django_db
def test_wagtails_groups_workflow_and_task_have_vietnamese_names():
    """Wagtail's migrations create them in English; home's migration 0003 renames them."""
    assert set(Group.objects.values_list("name", flat=True)) >= {EDITORS_GROUP, MODERATORS_GROUP}
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert Workflow.objects.filter(name=WORKFLOW).exists()
    task = GroupApprovalTask.objects.get(name=APPROVAL_TASK)
    assert list(task.groups.values_list("name", flat=True)) == [MODERATORS_GROUP]


@pytest.fixture
def admin_client(client, django_user_model, home_page):
    client.force_login(django_user_model.objects.create_superuser("quantri", "quantri@example.org", "x"))
    return client


def visible_text(html: str) -> str:
    """The page's words without its scripts, styles and markup (attributes such as title and alt kept)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    attributes = " ".join(re.findall(r'(?:title|alt|aria-label|placeholder)="([^"]*)"', html))
    return re.sub(r"<[^>]+>", " ", html) + " " + attributes


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/assessments/agency/",
        "/admin/assessments/agency/?evaluated__exact=1",
        "/admin/assessments/agencylevel/",
        "/admin/assessments/roleassignment/",
        "/admin/assessments/reportingperiod/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/workflows/list/",
    ],
)
def test_admin_listings_show_no_known_english(admin_client, url):
    level = AgencyLevelFactory(code="commune", name="UBND cấp xã")
    AgencyFactory(code="X-LAC", name="UBND xã Thạch Lạc", level=level, evaluated=True, verified=True)
    AgencyFactory(code="X-KIM", name="UBND xã Thạch Kim", level=level, evaluated=False, not_evaluated_reason="Sáp nhập")

    response = admin_client.get(url)

    assert response.status_code == 200
    found = ENGLISH.findall(visible_text(response.content.decode()))
    assert not found, f"{url} shows {found}"


# The English the reports, the page search, the account page, the dashboard and the page editor's status panel
# showed before the project translated it (wagtail_strings.py); none may come back.
SCREENS_ENGLISH = re.compile(
    r"Awaiting my review|By task|By workflow|Completed at|Page/Snippet|Date / Time|log entr|Locked by|Locked at"
    r"|\bAnyone\b|Locking status|No locked pages|Your locked pages|Last published|Last edit|No pages found"
    r"|Page types|Other searches|matching page|no pages match|Search the whole site|Enter a search term"
    r"|\bProfile\b|Notifications|Name and Email|Theme preferences|System default|More contrast|\bSnug\b"
    r"|Keyboard shortcuts|Receive notification|Use server|\bago\b|JavaScript is required"
)


@pytest.fixture
def pages_in_the_reports(admin_client, django_user_model, home_page, guidance_index, decision_index):
    """A page the superuser has locked, another one at the workflow's approval step for five minutes."""
    administrator = django_user_model.objects.get(username="quantri")
    guidance_index.locked, guidance_index.locked_by, guidance_index.locked_at = True, administrator, timezone.now()
    guidance_index.save()
    decision_index.save_revision(user=administrator)
    state = Workflow.objects.get(name=WORKFLOW).start(decision_index, administrator)
    TaskState.objects.filter(pk=state.current_task_state.pk).update(started_at=timezone.now() - timedelta(minutes=5))
    return SimpleNamespace(home=home_page, locked=guidance_index, in_workflow=decision_index)


# Each screen, with some of the Vietnamese it now shows.
SCREENS = {
    "/admin/reports/workflow/": ["Chờ tôi duyệt", "Theo bước duyệt", "Trang/Nội dung"],
    "/admin/reports/workflow_tasks/": ["Theo quy trình duyệt", "Hoàn thành lúc"],
    "/admin/reports/locked/": ["Người khoá", "Khoá lúc", "Bất kỳ ai", "đã khoá lúc"],
    "/admin/reports/site-history/": ["Ngày giờ", "mục nhật ký"],
    "/admin/reports/aging-pages/": ["Xuất bản lần cuối trước ngày"],
    "/admin/reports/page-types-usage/": ["Thống kê loại trang", "Trang sửa gần nhất"],
    "/admin/pages/search/?q=Hướng": ["Loại trang", "Tìm ở mục khác", "Có 1 trang phù hợp"],
    "/admin/pages/search/?q=zzz": ["Không có trang nào khớp với"],
    "/admin/pages/{home}/?q=zzz": ["Không có kết quả nào trong", "Tìm trong toàn trang web"],
    "/admin/account/": ["Hồ sơ", "Thông báo", "Tên và thư điện tử", "Nhận thông báo khi có trang được gửi duyệt"],
    "/admin/": ["Trang bạn đang khoá", "Khoá lúc"],
    "/admin/pages/{in_workflow}/edit/": ["Đã gửi tới bước “Người duyệt phê duyệt” 5 phút trước"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", SCREENS)
def test_reports_search_account_and_status_panel_show_no_known_english(admin_client, pages_in_the_reports, url):
    pages = pages_in_the_reports
    response = admin_client.get(url.format(home=pages.home.pk, in_workflow=pages.in_workflow.pk))

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    found = SCREENS_ENGLISH.findall(text)
    assert not found, f"{url} shows {found}"
    for words in SCREENS[url]:
        assert words in text, f"{url} lacks {words!r}"


def test_relative_times_read_in_vietnamese():
    """django.contrib.humanize's naturaltime, which Wagtail uses though humanize is not an installed app."""
    now = timezone.now()
    with translation.override("vi"):
        assert naturaltime(now - timedelta(seconds=1)) == "1 giây trước"
        assert naturaltime(now - timedelta(minutes=5)) == "5 phút trước"
        assert naturaltime(now - timedelta(hours=2)) == "2 giờ trước"
        assert naturaltime(now - timedelta(days=3, hours=1)) == "3\xa0ngày, 1\xa0giờ trước"


@pytest.mark.django_db
def test_the_agency_listing_says_yes_and_no_and_filters_by_vietnamese_titles(admin_client):
    level = AgencyLevelFactory(code="commune", name="UBND cấp xã")
    AgencyLevelFactory(code="district", name="UBND cấp huyện")  # a level filter needs two levels to choose from
    AgencyFactory(code="X-LAC", name="UBND xã Thạch Lạc", level=level, year_from=2021, year_to=2024)

    page = admin_client.get("/admin/assessments/agency/").content.decode()

    assert '<h3 class="filter-title">Theo cấp</h3>' in page
    assert "1 trên tổng số 1" in page
    assert "2021–2024" in page
    assert 'alt="True"' not in page
    assert "css/admin-listings.css" in page


def wagtail_script_strings() -> list[str]:
    """Every string of Wagtail's admin scripts, read from its English catalogue (a msgid may span lines)."""
    import wagtail.admin

    english = Path(wagtail.admin.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"
    texts, current = [], None
    for line in english.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current = [ast.literal_eval(line[len("msgid ") :])]
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
        elif current is not None:
            texts.append("".join(current))
            current = None
    return [text for text in texts if text]


def test_every_string_of_wagtails_admin_scripts_has_its_vietnamese(admin_client):
    """Wagtail's JavaScript catalogue (StreamField's buttons, the sidebar's hidden labels) merged with the project's
    djangojs.po: a Wagtail upgrade that adds a string neither translates fails here by name."""
    admin_client.cookies["django_language"] = "vi"
    response = admin_client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S).group(1))
    missing = [text for text in wagtail_script_strings() if not catalog.get(text)]
    assert missing == []
    assert catalog["Collapse all"] == "Thu gọn tất cả"
    assert catalog["Insert a block"] == "Chèn một khối"


@pytest.mark.django_db
def test_the_roots_of_the_page_tree_and_of_the_collections_have_vietnamese_names():
    """Wagtail's migrations name both "Root"; home's migration 0007 renames them, and back when unapplied."""
    assert Page.get_first_root_node().title == "Trang gốc"
    assert Collection.get_first_root_node().name == "Gốc"

    migration = importlib.import_module("home.migrations.0007_root_page_and_collection_in_vietnamese")
    migration.to_english(apps, None)
    assert (Page.get_first_root_node().title, Collection.get_first_root_node().name) == ("Root", "Root")
    migration.to_vietnamese(apps, None)
    assert (Page.get_first_root_node().title, Collection.get_first_root_node().name) == ("Trang gốc", "Gốc")


@pytest.mark.django_db
def test_the_header_actions_are_labelled_in_vietnamese(admin_client, home_page):
    """Wagtail writes this hidden label unmarked; templates/wagtailadmin/shared/headers/_actions.html marks it."""
    page = admin_client.get(f"/admin/pages/{home_page.pk}/").content.decode()
    assert 'id="w-slim-header-buttons"' in page
    assert '<nav aria-label="Thao tác" id="w-slim-header-buttons"' in page
    assert 'aria-label="Actions"' not in page
