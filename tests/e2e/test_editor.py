"""An editor changes guidance in the Wagtail admin; a moderator (or the administrator) publishes it.

The editors' group may add and change pages but not publish them: Wagtail's default
workflow (created by its migrations, assigned to the root page and given Vietnamese
names by home's migration 0003) sends their changes to the moderators' group. Most admin labels come from
Wagtail's own Vietnamese catalogue, which is incomplete ("Save draft" stays English),
so buttons are found by their stable `name` attributes where the label is untranslated.
"""

import re

import pytest
from playwright.sync_api import expect

from home.moderation import APPROVAL_TASK, MODERATORS_GROUP, WORKFLOW

from .conftest import admin_login, new_context

EDITOR = ("bientap", "bientap-demo-2853")
MODERATOR = ("kiemduyet", "kiemduyet-demo-2853")
ADMIN = ("admin", "admin-demo-2853")


@pytest.fixture
def new_page(browser):
    """Opens more browser sessions (a reader, a moderator...), closed after the test."""
    contexts = []

    def open_page():
        context = new_context(browser)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def guidance_page(slug):
    from home.models import GuidancePage

    return GuidancePage.objects.get(slug=slug)


def save_draft(page):
    page.locator("footer button.action-save").first.click()
    expect(page.locator(".messages .success")).to_be_visible()


def open_footer_menu(page):
    page.locator("footer .w-dropdown__toggle").click()


def assert_default_workflow_covers_the_site(wagtail_page):
    from wagtail.models import GroupApprovalTask, Page, WorkflowPage

    workflow = wagtail_page.get_workflow()
    assert workflow is not None and workflow.name == WORKFLOW
    assert WorkflowPage.objects.filter(page=Page.get_first_root_node(), workflow=workflow).exists()
    task = GroupApprovalTask.objects.get(name=APPROVAL_TASK)
    assert list(task.groups.values_list("name", flat=True)) == [MODERATORS_GROUP]


def test_editor_change_goes_through_moderation_before_going_public(page, new_page, demo_site):
    lich = guidance_page("lich-bao-cao")
    assert_default_workflow_covers_the_site(lich)
    old_summary = lich.summary
    new_summary = "Lịch các kỳ báo cáo năm 2025: đánh giá hằng năm và cập nhật 3, 6, 9 tháng."
    public_url = f"{demo_site.url}/huong-dan/lich-bao-cao/"
    edit_url = f"{demo_site.url}/admin/pages/{lich.pk}/edit/"

    # The editor saves a draft with a new summary.
    admin_login(page, demo_site.url, *EDITOR)
    page.goto(edit_url)
    summary = page.locator("textarea[name=summary]")
    expect(summary).to_have_value(old_summary)
    summary.fill(new_summary)
    save_draft(page)
    expect(page.locator("textarea[name=summary]")).to_have_value(new_summary)

    # A draft is not public.
    public = new_page()
    public.goto(public_url)
    expect(public.locator(".lead")).to_have_text(old_summary)

    # The preview side panel shows the draft.
    page.locator("[data-side-panel-toggle=preview]").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator(".lead")).to_have_text(new_summary)
    expect(preview.get_by_role("heading", level=1)).to_have_text("Lịch báo cáo")

    # The editor may not publish: the action menu offers only the moderation workflow.
    open_footer_menu(page)
    expect(page.locator("footer button[name=action-publish]")).to_have_count(0)
    submit = page.locator("footer button[name=action-submit]")
    expect(submit).to_contain_text(WORKFLOW)
    submit.click()
    page.wait_for_url(f"{demo_site.url}/admin/pages/{lich.get_parent().pk}/")
    lich.refresh_from_db()
    assert lich.current_workflow_state is not None
    assert lich.current_workflow_state.status == "in_progress"
    public.reload()
    expect(public.locator(".lead")).to_have_text(old_summary)

    # The moderator finds it awaiting review on the dashboard and approves it.
    moderator = new_page()
    admin_login(moderator, demo_site.url, *MODERATOR)
    awaiting = moderator.locator("#awaiting-review-section")
    expect(awaiting.get_by_role("heading", level=2)).to_contain_text("Chờ bạn duyệt")
    awaiting.get_by_role("link", name="Lịch báo cáo").click()
    moderator.wait_for_url(edit_url)
    expect(moderator.locator("textarea[name=summary]")).to_have_value(new_summary)
    open_footer_menu(moderator)
    approve = moderator.locator(
        "footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    )
    expect(approve).to_contain_text("Phê duyệt")
    approve.click()
    expect(moderator.locator(".messages .success")).to_be_visible()

    lich.refresh_from_db()
    assert lich.summary == new_summary
    assert not lich.has_unpublished_changes
    public.reload()
    expect(public.locator(".lead")).to_have_text(new_summary)


def test_editor_adds_a_question_that_the_administrator_publishes(page, new_page, demo_site):
    hoi_dap = guidance_page("hoi-dap")
    question = "Đơn vị mới thành lập báo cáo kỳ đầu tiên như thế nào?"
    answer = "Đơn vị báo cáo từ kỳ cập nhật số liệu gần nhất sau ngày thành lập."
    public_url = f"{demo_site.url}/huong-dan/hoi-dap/"
    edit_url = f"{demo_site.url}/admin/pages/{hoi_dap.pk}/edit/"

    # The editor appends a question-and-answer block at the end of the body.
    admin_login(page, demo_site.url, *EDITOR)
    page.goto(edit_url)
    count = sum(1 for block in hoi_dap.body if block.block_type == "question_answer")
    assert count > 0
    questions = page.locator("input[name^=body-][name$=-value-question]")
    expect(questions).to_have_count(count)
    page.locator("button.c-sf-add-button").last.click()
    page.get_by_role("option", name="Hỏi đáp", exact=True).click()
    expect(questions).to_have_count(count + 1)
    new_question = questions.last
    new_question.fill(question)
    prefix = new_question.get_attribute("name").removesuffix("-question")
    answer_box = page.locator(f"[data-contentpath=answer]:has(#{prefix}-answer) [role=textbox]")
    answer_box.click()
    answer_box.press_sequentially(answer)
    expect(answer_box).to_contain_text(answer)
    # Draftail writes its content to the hidden input after a short debounce.
    expect(page.locator(f"#{prefix}-answer")).to_have_value(re.compile("kỳ cập nhật số liệu"))
    save_draft(page)
    expect(questions.last).to_have_value(question)

    public = new_page()
    public.goto(public_url)
    expect(public.locator(".qa__question").filter(has_text=question)).to_have_count(0)

    # The administrator publishes it.
    admin = new_page()
    admin_login(admin, demo_site.url, *ADMIN)
    admin.goto(edit_url)
    expect(admin.locator("input[name^=body-][name$=-value-question]").last).to_have_value(question)
    open_footer_menu(admin)
    admin.locator("footer button[name=action-publish]").click()
    expect(admin.locator(".messages .success")).to_be_visible()

    public.reload()
    expect(public.locator(".qa__question")).to_have_count(count + 1)
    new_item = public.locator(".qa").last
    expect(new_item.locator(".qa__question")).to_have_text(question)
    new_item.locator(".qa__question").click()
    expect(new_item.locator(".qa__answer")).to_contain_text(answer)
