"""The assessments' admin: agencies, levels, people's roles and reporting periods (wagtail-modeladmin)."""

from django.contrib.admin import SimpleListFilter, display
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from assessments.access import access_of
from assessments.admin import views as admin_views
from assessments.admin.imports import AGENCY_IMPORT, PEOPLE_IMPORT
from assessments.admin.resources import AgencyResource, PersonExportResource, agencies_for_export
from assessments.calendar.blocks import ReportingCalendarBlock
from assessments.models import Agency, AgencyLevel, CriteriaSetPage, ReportingPeriod, RoleAssignment
from home.models import DecisionPage
from home.registry import GUIDANCE_BLOCKS, HEADER_LINKS, HeaderLink


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


def yes_no(value: bool) -> str:
    """A yes/no cell as words: Django's icons say "True" and "False" to screen readers, in English."""
    return gettext("Yes") if value else gettext("No")


class ListingAdmin(ModelAdmin):
    """A listing whose table stays beside its filters at laptop widths, its buttons readable."""

    index_view_extra_css = ["css/admin-listings.css"]


class AgencyAdmin(ListingAdmin):
    model = Agency
    menu_label = _("Agencies")
    menu_icon = "group"
    list_display = ("code", "name", "level", "parent", "evaluated_text", "appraiser", "years")
    list_filter = ("level", "evaluated", DistrictFilter, "verified")
    search_fields = ("code", "name")
    list_per_page = 50
    index_template_name = "assessments/admin/agency_index.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("level", "parent", "appraiser")

    @display(description=_("evaluated"), ordering="evaluated")
    def evaluated_text(self, agency: Agency) -> str:
        return yes_no(agency.evaluated)

    @display(description=_("years"), ordering="year_from")
    def years(self, agency: Agency) -> str:
        """One column for both years, so the table fits beside the filters."""
        if agency.year_from and agency.year_to:
            return f"{agency.year_from}–{agency.year_to}"
        if agency.year_from:
            return gettext("from %(year)d") % {"year": agency.year_from}
        if agency.year_to:
            return gettext("until %(year)d") % {"year": agency.year_to}
        return ""


class AgencyLevelAdmin(ListingAdmin):
    model = AgencyLevel
    menu_label = _("Agency levels")
    menu_icon = "list-ol"
    list_display = ("code", "name", "order", "annual_cutoff_day", "annual_cutoff_month")


class RoleAssignmentAdmin(ListingAdmin):
    model = RoleAssignment
    menu_label = _("People and roles")
    menu_icon = "user"
    list_display = ("user", "role", "agency")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "agency__name", "agency__code")
    index_template_name = "assessments/admin/role_index.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "agency")


class ReportingPeriodAdmin(ListingAdmin):
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
        "allow_late_text",
    )
    list_filter = ("year", "kind")
    index_template_name = "assessments/admin/period_index.html"
    form_fields_exclude = ("criteria_revision",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criteria_set")

    @display(description=_("accept late submissions"), ordering="allow_late")
    def allow_late_text(self, period: ReportingPeriod) -> str:
        return yes_no(period.allow_late)


class AssessmentsGroup(ModelAdminGroup):
    menu_label = _("Assessments")
    menu_icon = "clipboard-list"
    menu_order = 200
    items = (AgencyAdmin, AgencyLevelAdmin, RoleAssignmentAdmin, ReportingPeriodAdmin)


modeladmin_register(AssessmentsGroup)


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
        path(
            "assessments/agencies/import/template/<str:file_format>/",
            lambda request, file_format: admin_views.template_view(request, AGENCY_IMPORT, file_format),
            name="assessments_agency_import_template",
        ),
        path("assessments/agencies/export/", agency_export, name="assessments_agency_export"),
        path(
            "assessments/people/import/",
            lambda request: admin_views.import_view(request, PEOPLE_IMPORT),
            name="assessments_people_import",
        ),
        path(
            "assessments/people/import/template/<str:file_format>/",
            lambda request, file_format: admin_views.template_view(request, PEOPLE_IMPORT, file_format),
            name="assessments_people_import_template",
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
            "assessments/criteria/table-template/<str:file_format>/",
            admin_views.criteria_table_template_view,
            name="assessments_criteria_table_template",
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
    """A signed-in person's way to their agency's reports, and an appraiser's to the reports to appraise."""
    if not request.user.is_authenticated:
        return []
    access = access_of(request)
    links = []
    if access.filling or not access.appraising:
        links.append(HeaderLink(gettext("My reports"), reverse("reports:dashboard")))
    if access.appraising:
        links.append(HeaderLink(gettext("Reports to appraise"), reverse("appraisal:workspace")))
    return links


@hooks.register(GUIDANCE_BLOCKS)
def guidance_blocks():
    """The reporting calendar, drawn from the periods, for guidance pages."""
    return [("reporting_calendar", ReportingCalendarBlock())]
