from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail import hooks

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
