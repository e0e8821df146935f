"""The assessments' admin: agencies, levels, people's roles and reporting periods (wagtail-modeladmin)."""

from django.contrib.admin import SimpleListFilter
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from assessments.admin import views as admin_views
from assessments.admin.resources import AgencyResource, PersonExportResource, PersonResource, agencies_for_export
from assessments.models import Agency, AgencyLevel, CriteriaSetPage, ReportingPeriod, RoleAssignment
from home.models import DecisionPage
from home.registry import HEADER_LINKS, HeaderLink


class DistrictFilter(SimpleListFilter):
    """Communes by their district (three-tier years)."""

    title = _("district")
    parameter_name = "district"

    def lookups(self, request, model_admin):
        parents = Agency.objects.filter(children__isnull=False).distinct().order_by("name")
        return [(str(agency.pk), agency.name) for agency in parents]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(parent_id=int(self.value()))
        return queryset


class AgencyAdmin(ModelAdmin):
    model = Agency
    menu_label = _("Agencies")
    menu_icon = "group"
    list_display = ("code", "name", "level", "parent", "evaluated", "appraiser", "year_from", "year_to")
    list_filter = ("level", "evaluated", DistrictFilter, "verified")
    search_fields = ("code", "name")
    list_per_page = 50
    index_template_name = "assessments/admin/agency_index.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("level", "parent", "appraiser")


class AgencyLevelAdmin(ModelAdmin):
    model = AgencyLevel
    menu_label = _("Agency levels")
    menu_icon = "list-ol"
    list_display = ("code", "name", "order", "annual_cutoff_day", "annual_cutoff_month")


class RoleAssignmentAdmin(ModelAdmin):
    model = RoleAssignment
    menu_label = _("People and roles")
    menu_icon = "user"
    list_display = ("user", "role", "agency")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "agency__name", "agency__code")
    index_template_name = "assessments/admin/role_index.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "agency")


class ReportingPeriodAdmin(ModelAdmin):
    model = ReportingPeriod
    menu_label = _("Reporting periods")
    menu_icon = "date"
    list_display = (
        "year",
        "kind",
        "criteria_set",
        "data_start",
        "data_end",
        "opens_at",
        "submission_deadline",
        "allow_late",
    )
    list_filter = ("year", "kind")
    index_template_name = "assessments/admin/period_index.html"
    form_fields_exclude = ("criteria_revision",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criteria_set")


class AssessmentsGroup(ModelAdminGroup):
    menu_label = _("Assessments")
    menu_icon = "clipboard-list"
    menu_order = 200
    items = (AgencyAdmin, AgencyLevelAdmin, RoleAssignmentAdmin, ReportingPeriodAdmin)


modeladmin_register(AssessmentsGroup)

AGENCY_IMPORT = admin_views.SpreadsheetImport(
    title=_("Import agencies"),
    resource_class=AgencyResource,
    permissions=("assessments.add_agency", "assessments.change_agency"),
    index_url_name="assessments_agency_modeladmin_index",
    columns_help=_(
        "Columns: code, name, level, parent_code, evaluated (yes/no), verified (yes/no), note; optional: "
        "not_evaluated_reason, appraiser_code, year_from, year_to."
    ),
)
PEOPLE_IMPORT = admin_views.SpreadsheetImport(
    title=_("Import people"),
    resource_class=PersonResource,
    permissions=("assessments.add_roleassignment", "auth.add_user", "auth.change_user"),
    index_url_name="assessments_roleassignment_modeladmin_index",
    columns_help=_(
        "Columns: username, full_name, email, role (officer, head, appraiser, editor, administrator), agency_code. "
        "New people receive an e-mail with a one-time link to set their password."
    ),
)


def agency_export(request):
    return admin_views.export_view(
        request,
        AgencyResource(),
        agencies_for_export(),
        ("assessments.view_agency",),
        "agencies",
    )


def people_export(request):
    return admin_views.export_view(
        request,
        PersonExportResource(),
        RoleAssignment.objects.select_related("user", "agency").order_by("user__username", "role"),
        ("assessments.view_roleassignment",),
        "people",
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "assessments/agencies/import/",
            lambda request: admin_views.import_view(request, AGENCY_IMPORT),
            name="assessments_agency_import",
        ),
        path("assessments/agencies/export/", agency_export, name="assessments_agency_export"),
        path(
            "assessments/people/import/",
            lambda request: admin_views.import_view(request, PEOPLE_IMPORT),
            name="assessments_people_import",
        ),
        path("assessments/people/export/", people_export, name="assessments_people_export"),
        path("assessments/periods/generate/", admin_views.generate_periods_view, name="assessments_generate_periods"),
        path(
            "assessments/criteria/import/<int:decision_id>/",
            admin_views.criteria_import_view,
            name="assessments_criteria_import",
        ),
        path(
            "assessments/criteria/<int:page_id>/import-table/",
            admin_views.criteria_table_import_view,
            name="assessments_criteria_table_import",
        ),
        path(
            "assessments/criteria/<int:page_id>/export/<str:file_format>/",
            admin_views.criteria_export_view,
            name="assessments_criteria_export",
        ),
    ]


@hooks.register("register_page_listing_more_buttons")
def criteria_buttons(page, user, next_url=None):
    """Import and export actions in the page explorer's "More" menu of decisions and criteria sets."""
    specific_class = page.specific_class
    if specific_class is DecisionPage and page.permissions_for_user(user).can_add_subpage():
        yield ListingButton(
            _("Import criteria sets (JSON)"), reverse("assessments_criteria_import", args=[page.pk]), priority=70
        )
    if specific_class is CriteriaSetPage and page.permissions_for_user(user).can_edit():
        for file_format in ("json", "xlsx", "csv"):
            yield ListingButton(
                _("Export %(format)s") % {"format": file_format.upper()},
                reverse("assessments_criteria_export", args=[page.pk, file_format]),
                priority=71,
            )
        yield ListingButton(
            _("Import indicators from a table"),
            reverse("assessments_criteria_table_import", args=[page.pk]),
            priority=72,
        )


@hooks.register(HEADER_LINKS)
def reports_link(request):
    """A signed-in person's way to their agency's reports, in the site header."""
    if not request.user.is_authenticated:
        return []
    return [HeaderLink(gettext("My reports"), reverse("reports:dashboard"))]
