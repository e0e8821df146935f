"""Spreadsheet formats of agencies and people (django-import-export resources).

Formats are documented in docs/agencies-and-people.md.

The agency columns are those of ``agencies-hatinh-2021.csv``:
``code,name,level,parent_code,evaluated,verified,note``, with optional
``not_evaluated_reason,appraiser_code,year_from,year_to``.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from assessments.accounts import send_invitations
from assessments.models import Agency, AgencyLevel, Role, RoleAssignment
from assessments.models.people import AGENCY_ROLES

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
    """A foreign key written as the other row's code, with a message naming the missing code."""

    def __init__(self, model, message: str):
        super().__init__(model, field="code")
        self.message = message

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        if not code:
            return None
        try:
            return self.model.objects.get(code=code)
        except self.model.DoesNotExist as error:
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


class AgencyResource(resources.ModelResource):
    code = fields.Field(attribute="code", column_name="code", widget=TEXT)
    name = fields.Field(attribute="name", column_name="name", widget=TEXT)
    level = fields.Field(
        attribute="level",
        column_name="level",
        widget=CodeWidget(AgencyLevel, _("There is no agency level with the code “%(code)s”.")),
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


class RoleWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        role = str(value or "").strip()
        if role not in Role.values:
            raise ValueError(
                _("“%(value)s” is not a role; use one of: %(roles)s.")
                % {"value": value, "roles": ", ".join(Role.values)}
            )
        return role


class PersonResource(resources.ModelResource):
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

    class Meta:
        model = get_user_model()
        import_id_fields = ["username"]
        fields = ("username", "full_name", "email", "role", "agency")
        clean_model_instances = True

    def __init__(self):
        super().__init__()
        self.invitations: list = []

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
