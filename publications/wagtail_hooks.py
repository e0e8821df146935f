from django.template.loader import render_to_string
from wagtail import hooks

from home.registry import HOME_CHILD_PAGE_TYPES, HOME_SECTIONS


@hooks.register(HOME_CHILD_PAGE_TYPES)
def results_index_under_home():
    return ["publications.ResultsIndexPage"]


@hooks.register(HOME_SECTIONS)
def latest_results(request):
    """The latest published year's leaders of each cohort, on the home page."""
    from publications.published import published_cohorts
    from publications.views import live_years

    pages = live_years()
    if not pages:
        return []
    latest = pages[0]
    cohorts = [cohort for cohort in published_cohorts(latest.snapshot_ids) if cohort.within_code is None]
    html = render_to_string("publications/includes/latest_results.html", {"page": latest, "cohorts": cohorts}, request)
    return [html]
