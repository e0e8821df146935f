from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from home.registry import HOME_CHILD_PAGE_TYPES, HOME_SECTIONS


@hooks.register(HOME_CHILD_PAGE_TYPES)
def results_index_under_home():
    return ["publications.ResultsIndexPage"]


@hooks.register(HOME_SECTIONS)
def latest_results(request):
    """The latest published year's leaders of each cohort, on the home page; kept until the next publication,
    since reading the cohorts means reading every snapshot of the year."""
    from publications.cache import cached_fragment
    from publications.published import published_cohorts
    from publications.views import live_years

    def render() -> str:
        pages = live_years()
        if not pages:
            return ""
        latest = pages[0]
        cohorts = [cohort for cohort in published_cohorts(latest.snapshot_ids) if cohort.within_code is None]
        return render_to_string("publications/includes/latest_results.html", {"page": latest, "cohorts": cohorts})

    html = cached_fragment("home-latest-results", render)
    return [mark_safe(html)] if html else []


@hooks.register("register_admin_urls")
def rebuild_pdf_url():
    from publications.admin_views import rebuild_pdf

    return [path("publications/results/<int:page_id>/rebuild-pdf/", rebuild_pdf, name="publications_rebuild_pdf")]


def _rebuild_pdf_buttons(page, user):
    from publications.admin_views import may_rebuild
    from publications.models import AnnualResultsPage

    if page.specific_class is AnnualResultsPage and may_rebuild(page, user):
        yield ListingButton(_("Build the PDF again"), reverse("publications_rebuild_pdf", args=[page.pk]), priority=75)


@hooks.register("register_page_listing_more_buttons")
def rebuild_pdf_listing_button(page, user, next_url=None):
    """ "Build the PDF again" in the page explorer's "More" menu of a published year."""
    yield from _rebuild_pdf_buttons(page, user)


@hooks.register("register_page_header_buttons")
def rebuild_pdf_header_button(page, user, view_name, next_url=None):
    """The same action in the header of the year's edit screen."""
    yield from _rebuild_pdf_buttons(page, user)
