"""Wagtail's and wagtail-modeladmin's admin texts that their Vietnamese catalogues leave in English.

Wagtail 8's Vietnamese catalogue translates about one admin text in seven and
wagtail-modeladmin's about one in three, so the admin showed "86 out of 86",
"By cấp", "Images", "Username", "Workflows"... The texts the portal's admin
screens show are listed here for one reason: ``make messages`` keeps a msgid in
the project's catalogue (locale/vi/LC_MESSAGES/django.po, which outranks the
apps' own) only while some file of the project marks it. Their Vietnamese is in
that catalogue like any other; tests/test_admin_translations.py checks each one
is translated.

Nothing imports this module at run time. Each msgid is copied exactly as the app
writes it: placeholders, straight quotes, the trimmed text of a
``{% blocktrans trimmed %}``. Texts of Wagtail's JavaScript (the sidebar's
"Main menu", the StreamField's "Duplicate") come from another catalogue
(djangojs) and are not covered here.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

TEXTS = (
    # wagtail-modeladmin's listings, forms and messages
    gettext_noop("By %(filter_title)s"),
    gettext_noop("%(result_count)s out of %(all_count)s"),
    gettext_noop("Search for"),
    gettext_noop("Search %(name)s"),
    gettext_noop("Sorry, there are no %(name)s matching your search parameters."),
    gettext_noop("No %(name)s have been created yet."),
    gettext_noop(
        "No %(name)s have been created yet. One of the following must be created before you can add any %(name)s:"
    ),
    gettext_noop('Why not <a href="%(url)s">add one</a>?'),
    gettext_noop("Delete this %(object)s"),
    gettext_noop("Copy this %(object)s"),
    gettext_noop("Back to %(model_name)s list"),
    gettext_noop("Go back to listing"),
    gettext_noop("Continue"),
    gettext_noop("Create new %(object)s"),
    gettext_noop("Editing %(object)s"),
    gettext_noop("Inspecting"),
    gettext_noop("Inspecting %(object)s"),
    gettext_noop("%(model_name)s '%(object)s' created."),
    gettext_noop("%(model_name)s '%(object)s' updated."),
    gettext_noop("%(model_name)s '%(object)s' deleted."),
    gettext_noop("The %(object)s could not be created due to errors."),
    gettext_noop("The %(object)s could not be saved due to errors."),
    gettext_noop("Confirm deletion of %(object)s"),
    gettext_noop(
        "Are you sure you want to delete this %(object)s? If other things in your site are related to "
        "it, they may also be affected."
    ),
    gettext_noop("%(model_name)s could not be deleted"),
    gettext_noop(
        "'%(instance_name)s' is currently referenced by other objects, and cannot be deleted without "
        "jeopardising data integrity. To delete it successfully, first remove references from the "
        "following objects, then try again:"
    ),
    gettext_noop(
        "%(plural)s can be added to more than one place within your site. Which of the following would "
        "you like to be the parent of your new page?"
    ),
    gettext_noop("Page %(current_page)s of %(num_pages)s."),
    gettext_noop("Pagination"),
    # Wagtail's menu, dashboard, headers, listings and dialogs
    gettext_noop("Images"),
    gettext_noop("Documents"),
    gettext_noop("Reports"),
    gettext_noop("Help"),
    gettext_noop("Site summary"),
    gettext_noop("Search all pages…"),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    gettext_noop("Edit account avatar"),
    gettext_noop("Sidebar"),
    gettext_noop("Toggle sidebar"),
    gettext_noop("Toggle breadcrumbs"),
    gettext_noop("Toggle section"),
    gettext_noop("Close dialog"),
    gettext_noop("More actions"),
    gettext_noop("More"),
    gettext_noop("Actions"),
    gettext_noop("Actions (footer)"),
    gettext_noop("Page %(page_num)s of %(total_pages)s"),
    gettext_noop("Back"),
    gettext_noop("Show filters"),
    gettext_noop("Select"),
    gettext_noop("Select row"),
    gettext_noop("Sort by '%(label)s' in ascending order."),
    gettext_noop("Sort by '%(label)s' in descending order."),
    gettext_noop("More options for '%(title)s'"),
    gettext_noop("The requested page could not be found."),
    gettext_noop("Go to Wagtail admin"),
    gettext_noop("Side panels"),
    gettext_noop("Toggle side panel"),
    gettext_noop("Toggle status"),
    gettext_noop("Toggle preview"),
    gettext_noop("Toggle checks"),
    gettext_noop("Toggle comments"),
    gettext_noop("Minimap"),
    gettext_noop("Move up"),
    gettext_noop("Move down"),
    gettext_noop("Drag"),
    gettext_noop("- Select an option -"),
    # Wagtail says "just now" when Django's time since equals its own "0 minutes": both must agree.
    gettext_noop("0 minutes"),
    gettext_noop("just now"),
    gettext_noop("%(time_period)s ago"),
    gettext_noop("%(time_period)s ago by %(user_display_name)s"),
    gettext_noop("Site history"),
    gettext_noop("Locked pages"),
    gettext_noop("Aging pages"),
    # Wagtail's users list and user form
    gettext_noop("Username"),
    gettext_noop("Access level"),
    gettext_noop("Active"),
    gettext_noop("Last login"),
    gettext_noop("Admin"),
    gettext_noop("Roles"),
    gettext_noop("Assign role"),
    gettext_noop("Assign role to selected users"),
    gettext_noop("Delete selected users"),
    gettext_noop("Change the active state for selected users"),
    gettext_noop("Required. Letters, digits and @/./+/-/_ only."),
    # Wagtail's moderation workflow screens and the dashboard's workflow panels
    gettext_noop("Workflows"),
    gettext_noop("Workflow"),
    gettext_noop("workflow"),
    gettext_noop("workflows"),
    gettext_noop("Tasks"),
    gettext_noop("Task"),
    gettext_noop("task"),
    gettext_noop("tasks"),
    gettext_noop("Workflow tasks"),
    gettext_noop("New workflow task"),
    gettext_noop("Used by"),
    gettext_noop("Used on"),
    gettext_noop("Step %(step_number)s"),
    gettext_noop("Group approval task"),
    gettext_noop("Add tasks to your workflow"),
    gettext_noop("Assign your workflow to pages"),
    gettext_noop("Assigned pages"),
    gettext_noop("Assign to another page"),
    gettext_noop("Used on the following active workflows"),
    gettext_noop("Pages/snippets at this step in a workflow will be moderated or approved by these groups of users"),
    gettext_noop("No pages/snippets have been submitted for moderation yet"),
    gettext_noop("Submit to %(workflow_name)s"),
    gettext_noop("Resubmit to %(task_name)s"),
    gettext_noop("Awaiting your review"),
    gettext_noop("Your pages and snippets in a workflow"),
    gettext_noop("Your most recent edits"),
    gettext_noop(
        "Workflows apply to child pages too. If you select a parent page here, its child pages will also "
        'use this workflow. See <a href="%(workflow_pages_url)s">the list of the pages</a> your workflow '
        "applies to."
    ),
    gettext_noop("Editing %(task_type)s"),
    # Wagtail's page explorer and page editor
    gettext_noop("Add child page"),
    gettext_noop("Updated"),
    gettext_noop("Type"),
    gettext_noop("Edit this page"),
    gettext_noop("Visit the live page"),
    gettext_noop("Visible to all"),
    gettext_noop("Visible to all. Visit the live page"),
    gettext_noop("Publish selected pages"),
    gettext_noop("Unpublish selected pages"),
    gettext_noop("Move selected pages"),
    gettext_noop("Delete selected pages"),
    gettext_noop("Page title"),
    gettext_noop("The page title as you'd like it to be seen by the public"),
    gettext_noop("Promote"),
    gettext_noop("Exploring"),
    gettext_noop("pages"),
    gettext_noop("page"),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site."),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in '<span "
        'class="w-title-ellipsis">%(title)s</span>\'.'
    ),
    gettext_noop("Editing %(page_type)s"),
)

# Counted texts, marked with the count 1: Vietnamese has one form for every count.
PLURALS = (
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
        1,
    ),
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
        1,
    ),
    ngettext_lazy(
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
        1,
    ),
    ngettext_lazy("Assign role to 1 user", "Assign role to %(counter)s users", 1),
    ngettext_lazy("Delete 1 user", "Delete %(counter)s users", 1),
    ngettext_lazy("1 page", "%(counter)s pages", 1),
    ngettext_lazy("%(num)d year", "%(num)d years", 1),
    ngettext_lazy("%(num)d month", "%(num)d months", 1),
    ngettext_lazy("%(num)d week", "%(num)d weeks", 1),
    ngettext_lazy("%(num)d day", "%(num)d days", 1),
    ngettext_lazy("%(num)d hour", "%(num)d hours", 1),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", 1),
)
