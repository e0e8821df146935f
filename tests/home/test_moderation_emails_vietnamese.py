"""Wagtail's moderation e-mails reach the portal's moderators and editors in Vietnamese.

When an editor submits a page, Wagtail mails the moderators' group and the superusers (the group
approval step, "task_state_submitted") and the superusers again (the workflow, "workflow_state_submitted");
when a moderator approves the page or asks for changes, it mails the editor who submitted it
("workflow_state_approved", "workflow_state_rejected"); when someone changes a page's comments, it mails
the people who follow them ("updated_comments"). Each mail is written in its recipient's admin language:
their account preference, else the language the admin runs in, Vietnamese (settings.LANGUAGE_CODE).
Wagtail's Vietnamese catalogue lacks these texts; the project's gives them (portal/wagtail_strings.py,
"Moderation e-mails").
"""

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from wagtail.admin.mail import send_notification
from wagtail.models import Comment, CommentReply
from wagtail.test.utils.form_data import nested_form_data, rich_text
from wagtail.users.models import UserProfile

from home.moderation import APPROVAL_TASK, EDITORS_GROUP, MODERATORS_GROUP, WORKFLOW

pytestmark = pytest.mark.django_db

# The English of Wagtail's notification templates (wagtailadmin/notifications/*.txt).
ENGLISH = re.compile(
    r"\bThe page\b|\bhas been\b|\bsubmitted\b|\bYou can\b|\bHello\b|\bnotification preferences\b|\bworkflow\b"
    r"|\bmoderation\b|\bThe following comment\b|\bhas updated comments\b|\bcomments:|\breplies\b",
    re.IGNORECASE,
)
TITLE = "Đánh giá Chính quyền số"


@pytest.fixture(autouse=True)
def _no_language_active():
    """As in a request to the portal, which has no LocaleMiddleware: no language is active in the thread,
    so Django's is settings.LANGUAGE_CODE (an earlier test may have left another one active)."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def people(home_page, django_user_model):
    editor = django_user_model.objects.create_user("bientap", "bientap@example.org", "x", first_name="Phạm Thị Dung")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    moderator = django_user_model.objects.create_user(
        "kiemduyet", "kiemduyet@example.org", "x", first_name="Trần Văn Bình"
    )
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    administrator = django_user_model.objects.create_superuser("quantri", "quantri@example.org", "x")
    return SimpleNamespace(editor=editor, moderator=moderator, administrator=administrator)


def submit(client, editor, page):
    """The editor saves the page and submits it to the portal's workflow from the page editor."""
    client.force_login(editor)
    data = nested_form_data(
        {"title": TITLE, "slug": page.slug, "lead": "Cổng báo cáo.", "body": rich_text("<p>Mới.</p>")}
    )
    response = client.post(f"/admin/pages/{page.pk}/edit/", {**data, "action-submit": "Gửi duyệt"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state.status == "in_progress"
    return page.current_workflow_state.current_task_state


def mails_to(mailoutbox, user) -> list:
    return [mail for mail in mailoutbox if mail.to == [user.email]]


def assert_vietnamese(mail):
    words = re.sub(r"https?://\S+", " ", f"{mail.subject}\n{mail.body}")  # the links' paths are English
    found = ENGLISH.findall(words)
    assert not found, f"{mail.subject!r} reads {found}:\n{mail.body}"
    assert "Thay đổi cài đặt nhận thông báo tại: http" in mail.body


def test_a_submitted_page_reaches_the_moderators_and_the_superusers_in_vietnamese(
    client, people, home_page, mailoutbox
):
    submit(client, people.editor, home_page)

    assert mails_to(mailoutbox, people.editor) == []
    [to_moderator] = mails_to(mailoutbox, people.moderator)
    assert to_moderator.subject == f"Trang “{TITLE}” đã được gửi duyệt ở bước “{APPROVAL_TASK}”"
    assert to_moderator.body.startswith("Kính gửi Trần Văn Bình,")
    assert f"Trang “{TITLE}” đã được gửi duyệt tới bước “{APPROVAL_TASK}”." in to_moderator.body
    assert (
        f"Xem trước trang tại: http://127.0.0.1:8000/admin/pages/workflow/preview/{home_page.pk}/" in to_moderator.body
    )
    assert f"Sửa trang tại: http://127.0.0.1:8000/admin/pages/{home_page.pk}/edit/" in to_moderator.body
    assert_vietnamese(to_moderator)

    to_administrator = {mail.subject: mail for mail in mails_to(mailoutbox, people.administrator)}
    assert set(to_administrator) == {
        f"Trang “{TITLE}” đã được gửi duyệt ở bước “{APPROVAL_TASK}”",
        f"Trang “{TITLE}” đã được gửi duyệt theo quy trình “{WORKFLOW}”",
    }
    workflow_mail = to_administrator[f"Trang “{TITLE}” đã được gửi duyệt theo quy trình “{WORKFLOW}”"]
    assert workflow_mail.body.startswith("Kính gửi quantri,")
    assert f"Phạm Thị Dung đã gửi duyệt trang “{TITLE}” theo quy trình “{WORKFLOW}”." in workflow_mail.body
    for mail in to_administrator.values():
        assert_vietnamese(mail)


def test_a_moderator_who_chose_english_reads_the_submission_in_english(client, people, home_page, mailoutbox):
    profile = UserProfile.get_for_user(people.moderator)
    profile.preferred_language = "en"
    profile.save()

    submit(client, people.editor, home_page)

    [to_moderator] = mails_to(mailoutbox, people.moderator)
    assert (
        to_moderator.subject
        == f'The page "{TITLE}" has been submitted for approval in moderation stage "{APPROVAL_TASK}"'
    )
    # the others still read Vietnamese
    assert all(mail.subject.startswith("Trang “") for mail in mails_to(mailoutbox, people.administrator))


def test_the_editor_reads_the_approval_in_vietnamese(client, people, home_page, mailoutbox):
    task_state = submit(client, people.editor, home_page)
    mailoutbox.clear()

    client.force_login(people.moderator)
    response = client.post(f"/admin/pages/workflow/action/{home_page.pk}/approve/{task_state.pk}/")

    assert response.status_code == 302
    home_page.refresh_from_db()
    assert home_page.current_workflow_state is None and home_page.title == TITLE
    [to_editor] = mails_to(mailoutbox, people.editor)
    assert to_editor.subject == f"Trang “{TITLE}” đã được phê duyệt theo quy trình “{WORKFLOW}”."
    assert to_editor.body.startswith("Kính gửi Phạm Thị Dung,")
    assert f"Trang “{TITLE}” đã được phê duyệt theo quy trình “{WORKFLOW}”." in to_editor.body
    assert "Xem trang tại: http://localhost/" in to_editor.body
    assert_vietnamese(to_editor)


def test_the_editor_reads_the_changes_asked_for_in_vietnamese(client, people, home_page, mailoutbox):
    task_state = submit(client, people.editor, home_page)
    mailoutbox.clear()

    client.force_login(people.moderator)
    client.post(
        f"/admin/pages/workflow/action/{home_page.pk}/reject/{task_state.pk}/",
        {"comment": "Bổ sung lịch nộp báo cáo."},
    )

    home_page.refresh_from_db()
    assert home_page.current_workflow_state.status == "needs_changes"
    [to_editor] = mails_to(mailoutbox, people.editor)
    assert to_editor.subject == f"Trang “{TITLE}” bị từ chối trong quy trình “{WORKFLOW}”."
    assert (
        f"Trang “{TITLE}” bị Trần Văn Bình từ chối ở bước “{APPROVAL_TASK}” của quy trình “{WORKFLOW}”."
        in to_editor.body
    )
    assert "Bình luận kèm theo: “Bổ sung lịch nộp báo cáo.”" in to_editor.body
    assert f"Sửa trang tại: http://127.0.0.1:8000/admin/pages/{home_page.pk}/edit/" in to_editor.body
    assert_vietnamese(to_editor)


def test_a_pages_comment_followers_read_its_changed_comments_in_vietnamese(people, home_page, mailoutbox):
    """What the page editor sends (wagtail.admin.views.pages.edit) when someone saves changed comments."""
    question = Comment(text="Thiếu hạn nộp báo cáo quý.")
    send_notification(
        [people.editor],
        "updated_comments",
        {
            "page": home_page,
            "editor": people.moderator,
            "new_comments": [question],
            "resolved_comments": [Comment(text="Sửa chính tả tiêu đề.")],
            "deleted_comments": [Comment(text="Trùng ý.")],
            "replied_comments": [{"comment": question, "replies": [CommentReply(text="Đã bổ sung.")]}],
        },
    )

    [to_editor] = mailoutbox
    assert to_editor.subject == f"Trần Văn Bình đã cập nhật bình luận trên trang “{TITLE}”"
    body = to_editor.body
    assert body.startswith("Kính gửi Phạm Thị Dung,")
    assert f"Trần Văn Bình đã cập nhật bình luận trên trang “{TITLE}”." in body
    for heading in ("Bình luận mới:", "Bình luận đã xử lý xong:", "Bình luận đã xoá:", "Câu trả lời mới:"):
        assert heading in body
    assert 'Câu trả lời mới cho bình luận: "Thiếu hạn nộp báo cáo quý."' in body
    assert f"Sửa trang tại: http://127.0.0.1:8000/admin/pages/{home_page.pk}/edit/" in body
    assert_vietnamese(to_editor)
