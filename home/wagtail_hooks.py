"""The admin's listing of every background job (wagtail-modeladmin, under Settings): read-only, each row opening
the job's own page, where its progress, its result and Retry are."""

from django.contrib.admin import display
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import IndexView

from home import jobs
from home.models import BackgroundJob

VIEW_PERMISSION = "home.view_backgroundjob"


class JobPermissionHelper(PermissionHelper):
    """Listed for superusers and holders of the view permission; nobody adds, edits or deletes a job here (a
    job is the record of work done: it changes only through home.jobs)."""

    def user_can_list(self, user) -> bool:
        return user.has_perm(VIEW_PERMISSION)

    def user_can_create(self, user) -> bool:
        return False

    def user_can_edit_obj(self, user, obj) -> bool:
        return False

    def user_can_delete_obj(self, user, obj) -> bool:
        return False


class JobButtonHelper(ButtonHelper):
    """A row's title opens the job's page; no edit or delete buttons."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None) -> list:
        return []

    def get_primary_button(self, obj) -> dict:
        return {"url": reverse("jobs:status", args=[obj.pk]), "title": gettext("Open the job's page")}


class JobIndexView(IndexView):
    def dispatch(self, request, *args, **kwargs):
        # Jobs a killed worker left running are shown as failed, as their own pages would show them.
        if self.permission_helper.user_can_list(request.user):
            jobs.fail_abandoned()
        return super().dispatch(request, *args, **kwargs)


class BackgroundJobAdmin(ModelAdmin):
    model = BackgroundJob
    menu_label = _("Background jobs")
    menu_icon = "cogs"
    add_to_settings_menu = True
    # Only the listing: no history (nothing is edited here) and no inspect screen (the job's page shows more).
    history_view_enabled = False
    inspect_view_enabled = False
    permission_helper_class = JobPermissionHelper
    button_helper_class = JobButtonHelper
    index_view_class = JobIndexView
    list_display = ("title", "kind_name", "owner", "status", "progress", "created_at", "finished_at", "short_error")
    list_filter = ("status",)
    search_fields = ("title",)
    ordering = ("-created_at",)
    list_per_page = 50
    index_view_extra_css = ["css/admin-listings.css"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")

    def get_permissions_for_registration(self):
        """Only "view" is offered on a group's permissions: adding, changing or deleting jobs means nothing here."""
        return super().get_permissions_for_registration().filter(codename="view_backgroundjob")

    @display(description=_("kind of work"), ordering="kind")
    def kind_name(self, job: BackgroundJob) -> str:
        """The task's name without its module (``build_results_pdf``)."""
        return job.kind.rsplit(".", 1)[-1]

    @display(description=_("progress"))
    def progress(self, job: BackgroundJob) -> str:
        return f"{job.percentage} %"

    @display(description=_("error"))
    def short_error(self, job: BackgroundJob) -> str:
        return Truncator(job.error).chars(80)


modeladmin_register(BackgroundJobAdmin)
