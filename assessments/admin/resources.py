"""Spreadsheet formats of agencies and people (django-import-export resources).

Formats are documented in docs/agencies-and-people.md.

The agency columns are those of ``agencies-hatinh-2021.csv``:
``code,name,level,parent_code,evaluated,verified,note``, with optional
``not_evaluated_reason,appraiser_code,year_from,year_to``.

Each importing resource also names its columns for people (``column_labels``)
and gives an example row: the import screens offer a template made of the two
(:meth:`ImportTemplate.template`), and a file headed by those labels, in any of
the site's languages, imports as one headed by the codes.
"""

import datetime
from collections.abc import Callable

import tablib
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from import_export import fields, resources, widgets

from assessments.accounts import send_invitations
from assessments.admin.spreadsheets import in_every_language, template_dataset, text_key
from assessments.models import Agency, AgencyLevel, Role, RoleAssignment
from assessments.models.people import AGENCY_ROLES

# What people call each role in a spreadsheet; the codes (``officer``) are read too.
ROLE_NAMES = {
    Role.OFFICER: pgettext_lazy("role in a spreadsheet", "Data-entry officer"),
    Role.HEAD: pgettext_lazy("role in a spreadsheet", "Head of agency"),
    Role.APPRAISER: pgettext_lazy("role in a spreadsheet", "Appraisal officer"),
    Role.EDITOR: pgettext_lazy("role in a spreadsheet", "Editor"),
    Role.ADMINISTRATOR: pgettext_lazy("role in a spreadsheet", "Administrator"),
}

YES = {"yes", "y", "true", "1", "có", "co", "x"}
# Text cells: an empty XLSX cell arrives as None and is stored as "", as an empty CSV cell is.
TEXT = widgets.CharWidget(allow_blank=True)
NO = {"no", "n", "false", "0", "không", "khong"}


class YesNoWidget(widgets.Widget):
    def __init__(self, blank: bool):
        super().__init__()
        self.blank = blank

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().lower()
        if not text:
            return self.blank
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(_("Write yes or no, not “%(value)s”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class CodeWidget(widgets.ForeignKeyWidget):
    """A foreign key written as the other row's code (or, ``by_name``, its name), with a message naming it."""

    def __init__(self, model, message: str, by_name: bool = False):
        super().__init__(model, field="code")
        self.message = message
        self.by_name = by_name

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        if not code:
            return None
        try:
            return self.model.objects.get(code=code)
        except self.model.DoesNotExist as error:
            if self.by_name:
                named = [item for item in self.model.objects.all() if text_key(item.name) == text_key(code)]
                if len(named) == 1:
                    return named[0]
            raise ValueError(self.message % {"code": code}) from error


class OptionalYearWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            year = int(str(value).strip())
        except ValueError as error:
            raise ValueError(_("“%(value)s” is not a year.") % {"value": value}) from error
        if not 1990 <= year <= 2100:
            raise ValueError(_("%(value)s is not a plausible year.") % {"value": year})
        return year


class ImportTemplate:
    """A resource's template file: its columns headed by ``column_labels`` and the row :meth:`example_row` gives."""

    column_labels: dict = {}
    # Called once a row is checked or saved: a background import counts its progress with it.
    on_row: Callable[[], object] | None = None

    def example_row(self) -> dict:
        return {}

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if self.on_row is not None:
            self.on_row()

    def template(self) -> tablib.Dataset:
        return template_dataset(self.column_labels, self.example_row())


class AgencyResource(ImportTemplate, resources.ModelResource):
    code = fields.Field(attribute="code", column_name="code", widget=TEXT)
    name = fields.Field(attribute="name", column_name="name", widget=TEXT)
    level = fields.Field(
        attribute="level",
        column_name="level",
        widget=CodeWidget(AgencyLevel, _("There is no agency level with the code or name “%(code)s”."), by_name=True),
    )
    parent = fields.Field(
        attribute="parent",
        column_name="parent_code",
        widget=CodeWidget(Agency, _("There is no agency with the code “%(code)s” to be the parent.")),
    )
    # An empty cell: evaluated (the rule, with two exceptions in the decision), not verified.
    evaluated = fields.Field(attribute="evaluated", column_name="evaluated", widget=YesNoWidget(blank=True))
    verified = fields.Field(attribute="verified", column_name="verified", widget=YesNoWidget(blank=False))
    note = fields.Field(attribute="note", column_name="note", widget=TEXT)
    not_evaluated_reason = fields.Field(
        attribute="not_evaluated_reason", column_name="not_evaluated_reason", widget=TEXT
    )
    appraiser = fields.Field(
        attribute="appraiser",
        column_name="appraiser_code",
        widget=CodeWidget(Agency, _("There is no agency with the code “%(code)s” to appraise it.")),
    )
    year_from = fields.Field(attribute="year_from", column_name="year_from", widget=OptionalYearWidget())
    year_to = fields.Field(attribute="year_to", column_name="year_to", widget=OptionalYearWidget())

    required_columns = ("code", "name", "level")
    column_labels = {
        "code": pgettext_lazy("spreadsheet column", "Code"),
        "name": pgettext_lazy("spreadsheet column", "Name"),
        "level": pgettext_lazy("spreadsheet column", "Level"),
        "parent_code": pgettext_lazy("spreadsheet column", "Parent's code"),
        "evaluated": pgettext_lazy("spreadsheet column", "Evaluated (yes/no)"),
        "verified": pgettext_lazy("spreadsheet column", "Verified (yes/no)"),
        "note": pgettext_lazy("spreadsheet column", "Note"),
        "not_evaluated_reason": pgettext_lazy("spreadsheet column", "Why not evaluated"),
        "appraiser_code": pgettext_lazy("spreadsheet column", "Appraiser's code"),
        "year_from": pgettext_lazy("spreadsheet column", "From year"),
        "year_to": pgettext_lazy("spreadsheet column", "To year"),
    }

    class Meta:
        model = Agency
        import_id_fields = ["code"]
        fields = (
            "code",
            "name",
            "level",
            "parent",
            "evaluated",
            "verified",
            "note",
            "not_evaluated_reason",
            "appraiser",
            "year_from",
            "year_to",
        )
        clean_model_instances = True
        skip_unchanged = True

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # Optional columns absent from the file keep the agency's current value.
        if field.column_name not in row:
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not instance.evaluated and not instance.not_evaluated_reason:
            # The published format has no reason column; its note says why.
            instance.not_evaluated_reason = instance.note or _("Not evaluated under the decision.")

    def get_queryset(self):
        return super().get_queryset().select_related("level", "parent", "appraiser")

    def example_row(self) -> dict:
        """A commune under a district, as the demo's agencies are; levels and the parent are this install's."""
        level = AgencyLevel.objects.order_by("-order").first()
        parent = Agency.objects.filter(children__isnull=False).order_by("code").first()
        return {
            "code": "X-VIDU",
            "name": "UBND xã Ví Dụ",
            "level": level.name if level else "",
            "parent_code": parent.code if parent else "",
            "evaluated": _("yes"),
            "verified": _("no"),
            "year_from": datetime.date.today().year,
        }


def role_names() -> str:
    """The roles as a file names them, in the active language: "Cán bộ nhập liệu, Thủ trưởng, …"."""
    return ", ".join(str(name) for name in ROLE_NAMES.values())


def role_aliases() -> dict[str, str]:
    """Every way a file may name a role (code, spreadsheet name, the model's label), by :func:`text_key`."""
    aliases = {}
    for role in Role:
        for text in (ROLE_NAMES[role], role.label):
            aliases.update(dict.fromkeys(in_every_language(text), role.value))
    aliases.update({text_key(role.value): role.value for role in Role})
    return aliases


class RoleWidget(widgets.Widget):
    """A role written by its name (``Cán bộ nhập liệu``) or its code (``officer``)."""

    def clean(self, value, row=None, **kwargs):
        role = role_aliases().get(text_key(value))
        if role is None:
            raise ValueError(
                _("“%(value)s” is not a role; use one of: %(roles)s.") % {"value": value, "roles": role_names()}
            )
        return role


class PersonResource(ImportTemplate, resources.ModelResource):
    """People and their roles: ``username,full_name,email,role,agency_code``, one role per row.

    New accounts get no password: after the import commits, each receives an
    e-mail with a one-time link to set their own (see :mod:`assessments.accounts`).
    """

    username = fields.Field(attribute="username", column_name="username", widget=TEXT)
    full_name = fields.Field(attribute="first_name", column_name="full_name", widget=TEXT)
    email = fields.Field(attribute="email", column_name="email", widget=TEXT)
    role = fields.Field(attribute="portal_role", column_name="role", widget=RoleWidget())
    agency = fields.Field(
        attribute="portal_agency",
        column_name="agency_code",
        widget=CodeWidget(Agency, _("There is no agency with the code “%(code)s”.")),
    )

    required_columns = ("username", "email", "role")
    column_labels = {
        "username": pgettext_lazy("spreadsheet column", "User name"),
        "full_name": pgettext_lazy("spreadsheet column", "Full name"),
        "email": pgettext_lazy("spreadsheet column", "E-mail"),
        "role": pgettext_lazy("spreadsheet column", "Role"),
        "agency_code": pgettext_lazy("spreadsheet column", "Agency code"),
    }

    class Meta:
        model = get_user_model()
        import_id_fields = ["username"]
        fields = ("username", "full_name", "email", "role", "agency")
        clean_model_instances = True

    def __init__(self):
        super().__init__()
        self.invitations: list = []

    def example_row(self) -> dict:
        """An officer of this install's first agency (by level, then code)."""
        agency = Agency.objects.order_by("level__order", "code").first()
        return {
            "username": "canbo.vidu",
            "full_name": "Nguyễn Văn A",
            "email": "canbo.vidu@example.org",
            "role": str(ROLE_NAMES[Role.OFFICER]),
            "agency_code": agency.code if agency else "",
        }

    def import_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            # Before the fields and validation (which requires a password value): a bad
            # cell elsewhere must not also show up as a missing password. The person
            # sets a real one through the link.
            instance.set_unusable_password()
            instance.is_new_account = True
        super().import_instance(instance, row, **kwargs)
        instance.portal_agency = getattr(instance, "portal_agency", None)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        role, agency = getattr(instance, "portal_role", None), getattr(instance, "portal_agency", None)
        if role in AGENCY_ROLES and agency is None and "portal_agency" not in errors:
            errors["agency_code"] = [_("This role acts for an agency: give its code.")]
        if role and role not in AGENCY_ROLES and agency is not None:
            errors["agency_code"] = [_("This role does not act for an agency: leave the code empty.")]
        if not str(instance.email or "").strip():
            errors["email"] = [_("An e-mail address is needed to send the link that sets the password.")]
        super().validate_instance(instance, errors, validate_unique)

    def after_save_instance(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        # Saving the assignment syncs Wagtail's groups (assessments.signals).
        RoleAssignment.objects.get_or_create(user=instance, role=instance.portal_role, agency=instance.portal_agency)
        if getattr(instance, "is_new_account", False):
            self.invitations.append(instance.pk)

    def after_import(self, dataset, result, **kwargs):
        if kwargs.get("dry_run") or not self.invitations:
            return
        invited = list(self.invitations)
        transaction.on_commit(lambda: send_invitations(invited))


class PersonExportResource(resources.ModelResource):
    """One row per role assignment, in the columns :class:`PersonResource` imports."""

    username = fields.Field(attribute="user__username", column_name="username")
    full_name = fields.Field(attribute="user__first_name", column_name="full_name")
    email = fields.Field(attribute="user__email", column_name="email")
    role = fields.Field(attribute="role", column_name="role")
    agency_code = fields.Field(attribute="agency__code", column_name="agency_code")

    class Meta:
        model = RoleAssignment
        fields = ("username", "full_name", "email", "role", "agency_code")
        export_order = ("username", "full_name", "email", "role", "agency_code")


def agencies_for_export() -> list[Agency]:
    return in_dependency_order(list(Agency.objects.select_related("level")))


def in_dependency_order(agencies: list[Agency]) -> list[Agency]:
    """Agencies with each one's parent and appraiser before it, so an export imports into an empty install.

    The importer looks parents and appraisers up by code as it goes, row by row.
    """
    by_id = {agency.pk: agency for agency in agencies}
    depths: dict[int, int] = {}

    def depth(agency: Agency, path: frozenset[int]) -> int:
        if agency.pk not in depths:
            referenced = [by_id.get(agency.parent_id), by_id.get(agency.appraiser_id)]
            depths[agency.pk] = 1 + max(
                (depth(other, path | {agency.pk}) for other in referenced if other and other.pk not in path),
                default=-1,
            )
        return depths[agency.pk]

    return sorted(agencies, key=lambda agency: (depth(agency, frozenset()), agency.level.order, agency.code))
