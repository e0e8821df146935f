"""People and roles: the spreadsheet import, the one-time set-password link and Wagtail access."""

import re
from urllib.parse import urlparse

import pytest
import tablib
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from assessments.admin.resources import PersonExportResource, PersonResource
from assessments.admin.spreadsheets import read_spreadsheet, run_import
from assessments.models import Role, RoleAssignment
from assessments.roles import EDITOR_GROUP
from home.moderation import MODERATORS_GROUP
from tests.factories.assessments import AgencyFactory, AgencyLevelFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "username,full_name,email,role,agency_code\n"
PEOPLE = (
    HEADER
    + "canbo.so,Cán bộ Sở Nội vụ,canbo.so@example.org,officer,SO-NV\n"
    + "lanhdao.so,Giám đốc Sở Nội vụ,lanhdao.so@example.org,head,SO-NV\n"
    + "thamdinh.huyen,Thẩm định viên huyện Can Lộc,thamdinh@example.org,appraiser,H-CANLOC\n"
    + "bientap,Biên tập viên,bientap@example.org,editor,\n"
    + "quantri,Quản trị,quantri@example.org,administrator,\n"
)
NEW_PASSWORD = "Chinh-quyen-so-Ha-Tinh-2853"
LINK = re.compile(r"https?://\S+")


@pytest.fixture
def agencies():
    return {
        "SO-NV": AgencyFactory(code="SO-NV", name="Sở Nội vụ", level=AgencyLevelFactory(code="department")),
        "H-CANLOC": AgencyFactory(
            code="H-CANLOC", name="UBND huyện Can Lộc", level=AgencyLevelFactory(code="district")
        ),
    }


@pytest.fixture
def import_people(agencies, django_capture_on_commit_callbacks):
    """Imports a CSV the way the admin does, running what waits for the commit (the e-mails)."""

    def run(content: str, *, dry_run: bool = False):
        with django_capture_on_commit_callbacks(execute=True):
            return run_import(
                PersonResource(), read_spreadsheet("people.csv", content.encode("utf-8")), dry_run=dry_run
            )

    return run


def roles_of(user) -> set[tuple[str, str | None]]:
    return {
        (assignment.role, assignment.agency.code if assignment.agency_id else None)
        for assignment in user.role_assignments.select_related("agency")
    }


def link_path(body: str) -> str:
    links = LINK.findall(body)
    assert len(links) == 1, body
    return urlparse(links[0]).path


# --- import ---------------------------------------------------------------------------------------------------


def test_importing_people_creates_accounts_without_a_usable_password(import_people, django_user_model):
    outcome = import_people(PEOPLE)

    assert outcome.problems == []
    assert outcome.committed
    assert outcome.new == 5
    users = {user.username: user for user in django_user_model.objects.all()}
    assert set(users) == {"canbo.so", "lanhdao.so", "thamdinh.huyen", "bientap", "quantri"}
    for user in users.values():
        assert not user.has_usable_password()
    assert users["canbo.so"].first_name == "Cán bộ Sở Nội vụ"
    assert users["canbo.so"].email == "canbo.so@example.org"


def test_importing_people_assigns_their_roles(import_people, django_user_model):
    import_people(PEOPLE)

    def roles(username):
        return roles_of(django_user_model.objects.get(username=username))

    assert roles("canbo.so") == {("officer", "SO-NV")}
    assert roles("lanhdao.so") == {("head", "SO-NV")}
    assert roles("thamdinh.huyen") == {("appraiser", "H-CANLOC")}
    assert roles("bientap") == {("editor", None)}
    assert roles("quantri") == {("administrator", None)}


def test_each_new_person_gets_one_email_with_a_set_password_link_and_no_password(
    import_people, mailoutbox, django_user_model
):
    import_people(PEOPLE)

    assert len(mailoutbox) == 5
    assert sorted(address for message in mailoutbox for address in message.to) == sorted(
        django_user_model.objects.values_list("email", flat=True)
    )
    for message in mailoutbox:
        user = django_user_model.objects.get(email=message.to[0])
        assert user.username in message.body
        assert link_path(message.body).startswith("/tai-khoan/dat-mat-khau/")
        lowered = message.body.lower()
        assert user.password not in message.body
        assert NEW_PASSWORD.lower() not in lowered
        assert not re.search(r"(password|mật khẩu)\s*:", lowered)


def test_one_email_for_a_new_person_with_two_roles(import_people, mailoutbox, django_user_model):
    outcome = import_people(
        HEADER
        + "canbo.so,Cán bộ,canbo.so@example.org,officer,SO-NV\n"
        + "canbo.so,Cán bộ,canbo.so@example.org,appraiser,H-CANLOC\n"
    )

    assert outcome.problems == []
    assert roles_of(django_user_model.objects.get(username="canbo.so")) == {
        ("officer", "SO-NV"),
        ("appraiser", "H-CANLOC"),
    }
    assert len(mailoutbox) == 1


def test_existing_people_get_no_email_and_keep_their_password(import_people, mailoutbox, agencies):
    user = UserFactory(username="canbo.so", email="canbo.so@example.org")
    RoleAssignmentFactory(user=user, role="officer", agency=agencies["SO-NV"])

    outcome = import_people(HEADER + "canbo.so,Cán bộ Sở Nội vụ,canbo.so@example.org,head,SO-NV\n")

    assert outcome.problems == []
    assert (outcome.new, outcome.updated) == (0, 1)
    assert mailoutbox == []
    user.refresh_from_db()
    assert user.check_password("mat-khau-thu-2853")
    assert roles_of(user) == {("officer", "SO-NV"), ("head", "SO-NV")}


def test_importing_the_same_people_again_sends_nothing_more(import_people, mailoutbox):
    import_people(PEOPLE)
    assert len(mailoutbox) == 5

    outcome = import_people(PEOPLE)

    assert outcome.problems == []
    assert outcome.new == 0
    assert len(mailoutbox) == 5
    assert RoleAssignment.objects.count() == 5


def test_a_dry_run_creates_nobody_and_sends_nothing(import_people, mailoutbox, django_user_model):
    outcome = import_people(PEOPLE, dry_run=True)

    assert outcome.problems == []
    assert outcome.new == 5
    assert not outcome.committed
    assert not django_user_model.objects.exists()
    assert not RoleAssignment.objects.exists()
    assert mailoutbox == []


# --- the one-time link ----------------------------------------------------------------------------------------


def test_the_link_sets_the_password_once(client, home_page, import_people, mailoutbox, django_user_model):
    import_people(HEADER + "canbo.so,Cán bộ Sở Nội vụ,canbo.so@example.org,officer,SO-NV\n")
    path = link_path(mailoutbox[0].body)

    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert response.context["validlink"]
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else path
    assert b'name="new_password1"' in response.content

    response = client.post(form_path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/da-dat-mat-khau/"
    user = django_user_model.objects.get(username="canbo.so")
    assert user.check_password(NEW_PASSWORD)
    assert client.login(username="canbo.so", password=NEW_PASSWORD)
    client.logout()

    again = client.get(path, follow=True)
    assert again.status_code == 200
    assert not again.context["validlink"]
    assert b'name="new_password1"' not in again.content
    text = again.content.decode()
    assert "already been used or has expired" in text or "đã được sử dụng" in text or "hết hạn" in text


def test_mismatched_passwords_are_refused_and_the_link_still_works(client, home_page, import_people, mailoutbox):
    import_people(HEADER + "canbo.so,Cán bộ Sở Nội vụ,canbo.so@example.org,officer,SO-NV\n")
    path = link_path(mailoutbox[0].body)
    response = client.get(path, follow=True)
    form_path = response.redirect_chain[-1][0]

    response = client.post(form_path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get(path, follow=True).context["validlink"]


def test_a_forged_token_does_not_work(client, home_page, import_people, mailoutbox):
    import_people(HEADER + "canbo.so,Cán bộ Sở Nội vụ,canbo.so@example.org,officer,SO-NV\n")
    path = link_path(mailoutbox[0].body)
    forged = path.rstrip("/").rsplit("/", 1)[0] + "/abc-0123456789abcdef/"

    response = client.get(forged, follow=True)

    assert response.status_code == 200
    assert not response.context["validlink"]
    assert b'name="new_password1"' not in response.content


# --- Wagtail access -------------------------------------------------------------------------------------------


def test_the_editor_role_puts_the_person_in_wagtails_editors_group(import_people, django_user_model):
    import_people(PEOPLE)
    editor = django_user_model.objects.get(username="bientap")
    assert editor.groups.filter(name=EDITOR_GROUP).exists()
    assert not editor.is_superuser
    for username in ("canbo.so", "lanhdao.so", "thamdinh.huyen", "quantri"):
        assert not django_user_model.objects.get(username=username).groups.filter(name=EDITOR_GROUP).exists()


def test_the_administrator_role_makes_a_superuser(import_people, django_user_model):
    import_people(PEOPLE)
    administrator = django_user_model.objects.get(username="quantri")
    assert administrator.is_superuser
    assert administrator.is_staff
    for username in ("canbo.so", "lanhdao.so", "thamdinh.huyen", "bientap"):
        assert not django_user_model.objects.get(username=username).is_superuser


def test_giving_a_role_in_code_gives_the_access():
    editor = RoleAssignmentFactory(role="editor", agency=None).user
    administrator = RoleAssignmentFactory(role="administrator", agency=None).user
    editor.refresh_from_db()
    administrator.refresh_from_db()
    assert editor.groups.filter(name=EDITOR_GROUP).exists()
    assert not editor.is_superuser
    assert administrator.is_superuser
    assert administrator.is_staff


def test_removing_the_roles_removes_the_access():
    editor = RoleAssignmentFactory(role="editor", agency=None)
    administrator = RoleAssignmentFactory(role="administrator", agency=None)

    for assignment in (editor, administrator):
        user = assignment.user
        assignment.delete()
        user.refresh_from_db()
        assert not user.groups.filter(name=EDITOR_GROUP).exists()
        assert not user.is_superuser


def test_changing_a_role_moves_the_access():
    assignment = RoleAssignmentFactory(role="administrator", agency=None)
    assignment.role = "editor"
    assignment.save()

    user = assignment.user
    user.refresh_from_db()
    assert not user.is_superuser
    assert user.groups.filter(name=EDITOR_GROUP).exists()


def test_a_superuser_given_an_agency_role_stays_a_superuser(django_user_model, agencies):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    assignment = RoleAssignment.objects.create(user=root, role="appraiser", agency=agencies["SO-NV"])
    assignment.delete()
    root.refresh_from_db()
    assert root.is_superuser


def test_taking_the_editor_role_keeps_other_groups():
    moderators = Group.objects.get(name=MODERATORS_GROUP)
    assignment = RoleAssignmentFactory(role="editor", agency=None)
    user = assignment.user
    user.groups.add(moderators)
    assert set(user.groups.values_list("name", flat=True)) == {MODERATORS_GROUP, EDITOR_GROUP}

    assignment.delete()

    assert set(user.groups.values_list("name", flat=True)) == {MODERATORS_GROUP}


def test_deleting_an_administrator_role_in_the_admin_takes_the_superuser_away(client, django_user_model):
    """The People and roles screen is where roles are removed; access must follow."""
    assignment = RoleAssignmentFactory(role="administrator", agency=None)
    assert django_user_model.objects.get(pk=assignment.user_id).is_superuser
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "x"))

    response = client.post(f"/admin/assessments/roleassignment/delete/{assignment.pk}/")

    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert not django_user_model.objects.get(pk=assignment.user_id).is_superuser


# --- bad rows -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "column"),
    [
        pytest.param("x.y,X,x@example.org,boss,SO-NV", "role", id="unknown role"),
        pytest.param("x.y,X,x@example.org,officer,", "agency_code", id="officer without agency"),
        pytest.param("x.y,X,x@example.org,appraiser,", "agency_code", id="appraiser without agency"),
        pytest.param("x.y,X,x@example.org,editor,SO-NV", "agency_code", id="editor with agency"),
        pytest.param("x.y,X,x@example.org,administrator,H-CANLOC", "agency_code", id="administrator with agency"),
        pytest.param("x.y,X,x@example.org,officer,SO-KHONGCO", "agency_code", id="unknown agency"),
        pytest.param("x.y,X,,officer,SO-NV", "email", id="missing email"),
        pytest.param("x.y,X,khong-phai-email,officer,SO-NV", "email", id="invalid email"),
    ],
)
def test_a_bad_row_changes_nobody_and_says_where(import_people, mailoutbox, django_user_model, row, column):
    # Everyone in the file has an account already, so only the row rules are at stake here.
    for username in ("canbo.so", "x.y", "bientap"):
        UserFactory(username=username, email=f"{username}@example.org")
    content = (
        HEADER
        + "canbo.so,Cán bộ Sở Nội vụ,canbo.so@example.org,officer,SO-NV\n"
        + row
        + "\n"
        + "bientap,Biên tập viên,bientap@example.org,editor,\n"
    )

    outcome = import_people(content)

    assert not outcome.committed
    assert [(problem.line, problem.column) for problem in outcome.problems] == [(3, column)]
    assert all(problem.message for problem in outcome.problems)
    assert not RoleAssignment.objects.exists()
    assert django_user_model.objects.get(username="x.y").email == "x.y@example.org"
    assert not django_user_model.objects.filter(groups__name=EDITOR_GROUP).exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("row", "column"),
    [
        pytest.param("x y!,X,x@example.org,officer,SO-NV", "username", id="invalid username"),
        pytest.param("x.y,X,x@example.org,boss,SO-NV", "role", id="unknown role"),
        pytest.param("x.y,X,,officer,SO-NV", "email", id="missing email"),
    ],
)
def test_a_bad_row_of_a_new_person_imports_nobody(import_people, mailoutbox, django_user_model, row, column):
    content = HEADER + "canbo.so,Cán bộ Sở Nội vụ,canbo.so@example.org,officer,SO-NV\n" + row + "\n"

    outcome = import_people(content)

    assert not outcome.committed
    # Only the bad cell is reported: a new account's password is not a problem the file can have.
    assert [(problem.line, problem.column) for problem in outcome.problems] == [(3, column)]
    assert not django_user_model.objects.exists()
    assert mailoutbox == []


def test_an_unknown_agency_is_named_in_the_problem(import_people):
    outcome = import_people(HEADER + "x.y,X,x@example.org,officer,SO-KHONGCO\n")
    assert any("SO-KHONGCO" in problem.message for problem in outcome.problems)


def test_an_unknown_role_is_named_in_the_problem(import_people):
    outcome = import_people(HEADER + "x.y,X,x@example.org,boss,SO-NV\n")
    assert any("boss" in problem.message for problem in outcome.problems)


@pytest.mark.parametrize("missing", ["username", "email", "role"])
def test_a_missing_required_column_imports_nobody(import_people, django_user_model, missing):
    columns = HEADER.strip().split(",")
    values = ["x.y", "X", "x@example.org", "officer", "SO-NV"]
    keep = [index for index, column in enumerate(columns) if column != missing]
    dataset = tablib.Dataset(headers=[columns[index] for index in keep])
    dataset.append([values[index] for index in keep])

    outcome = import_people(dataset.export("csv"))

    assert [(problem.line, problem.column) for problem in outcome.problems] == [(1, missing)]
    assert not django_user_model.objects.exists()


# --- export ---------------------------------------------------------------------------------------------------


def test_export_has_one_row_per_role_and_imports_back(import_people, agencies, mailoutbox, django_user_model):
    officer = UserFactory(username="canbo.so", first_name="Cán bộ", email="canbo.so@example.org")
    RoleAssignmentFactory(user=officer, role="officer", agency=agencies["SO-NV"])
    RoleAssignmentFactory(user=officer, role="appraiser", agency=agencies["H-CANLOC"])
    RoleAssignmentFactory(user=UserFactory(username="bientap"), role="editor", agency=None)
    queryset = RoleAssignment.objects.select_related("user", "agency").order_by("user__username", "role")
    content = PersonExportResource().export(queryset=queryset).export("csv")

    dataset = read_spreadsheet("people.csv", content.encode("utf-8"))
    assert dataset.headers == HEADER.strip().split(",")
    assert [(row[0], row[3], row[4]) for row in dataset] == [
        ("bientap", "editor", ""),
        ("canbo.so", "appraiser", "H-CANLOC"),
        ("canbo.so", "officer", "SO-NV"),
    ]
    assert dataset[1][1:3] == ("Cán bộ", "canbo.so@example.org")

    outcome = import_people(content)

    assert outcome.problems == []
    assert outcome.new == 0
    assert RoleAssignment.objects.count() == 3
    assert django_user_model.objects.count() == 2
    assert mailoutbox == []


# --- the model ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OFFICER, Role.HEAD, Role.APPRAISER])
def test_agency_roles_need_an_agency(role):
    user = UserFactory()
    with pytest.raises(ValidationError) as error:
        RoleAssignment(user=user, role=role).clean()
    assert "agency" in error.value.message_dict
    RoleAssignment(user=user, role=role, agency=AgencyFactory()).clean()


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ADMINISTRATOR])
def test_site_roles_take_no_agency(role):
    user = UserFactory()
    with pytest.raises(ValidationError) as error:
        RoleAssignment(user=user, role=role, agency=AgencyFactory()).clean()
    assert "agency" in error.value.message_dict
    RoleAssignment(user=user, role=role).clean()


def test_a_role_is_held_once_per_agency():
    assignment = RoleAssignmentFactory()
    duplicate = RoleAssignment(user=assignment.user, role=assignment.role, agency=assignment.agency)
    with pytest.raises(ValidationError):
        duplicate.full_clean()
