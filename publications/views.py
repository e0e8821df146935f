"""The public results pages' views: a year's rankings (sorted and filtered by plain links and a GET form),
a district's communes, an agency's history, and the downloads. Thin: the reading is in
:mod:`publications.published`, the drawing in :mod:`publications.charts`, the files in their modules."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from publications import charts, downloads
from publications.cache import serve_cached
from publications.published import agency_years, published_cohorts
from publications.tables import ResultsFilterForm, cohort_view


def live_years(index=None):
    """The live year pages (under ``index`` when given), newest first: one query."""
    from publications.models import AnnualResultsPage

    pages = AnnualResultsPage.objects.live().public()
    if index is not None:
        pages = pages.child_of(index)
    return list(pages.order_by("-year"))


def agency_prefix(page) -> str:
    """The address of the agency pages under the year's index, but the code: one reverse for a whole table."""
    index = page.get_parent().specific
    return index.url + index.reverse_subpage("agency", args=["-"]).removesuffix("-/")


def previous_page(page):
    from publications.models import AnnualResultsPage

    return AnnualResultsPage.objects.live().public().filter(year__lt=page.year).order_by("-year").first()


def annual_results(request: HttpRequest, page) -> TemplateResponse:
    previous = previous_page(page)
    cohorts = published_cohorts(page.snapshot_ids, previous.snapshot_ids if previous else ())
    form = ResultsFilterForm(request.GET, cohorts)
    status = 200
    if form.is_valid():
        chosen, sort = form.cleaned_data["nhom"], form.cleaned_data["sap_xep"]
        band, query = form.cleaned_data["xep_loai"], form.cleaned_data["q"].strip()
        page_number = form.cleaned_data["trang"] or 1
    else:
        status, chosen, sort, band, query, page_number = 400, "", "hang", "", "", 1
    province = [c for c in cohorts if c.within_code is None]
    shown = [c for c in province if not chosen or c.key == chosen]
    prefix = agency_prefix(page)
    context = page.get_context(request)
    context.update(
        form=form,
        previous=previous,
        views=[
            cohort_view(request, c, sort, band, query, page_number, prefix)
            if c.key == chosen
            else cohort_view(request, c, "hang", band, query, agency_prefix=prefix)
            for c in shown
        ],
        districts=[c for c in cohorts if c.within_code is not None],
        sort=sort,
        document=downloads.latest_document(page),
        download_names=downloads.NAMES,
    )
    return TemplateResponse(request, page.get_template(request), context, status=status)


def district_results(request: HttpRequest, page, code: str) -> TemplateResponse:
    cohorts = [c for c in published_cohorts(page.snapshot_ids) if c.within_code == code]
    if not cohorts:
        raise Http404
    prefix = agency_prefix(page)
    context = page.get_context(request)
    context.update(
        view=cohort_view(request, cohorts[0], "hang", "", "", agency_prefix=prefix),
        district=cohorts[0],
    )
    return TemplateResponse(request, "publications/district_results.html", context)


def agency_history(request: HttpRequest, index, code: str) -> TemplateResponse:
    context = index.get_context(request)  # holds the live year pages (ResultsIndexPage.get_context)
    years = agency_years(context["years"], code)
    if not years:
        raise Http404
    latest = years[-1]
    history = charts.index_history(
        [charts.YearPoint(y.year, y.row.index if y.row else None) for y in years],
        _("Index over the years, %(agency)s") % {"agency": latest.row.name},
    )
    profile = charts.group_profile(
        [charts.GroupScore(g.title, g.score or Decimal(0), g.maximum) for g in latest.row.groups],
        _("Score per criteria group in %(year)s") % {"year": latest.year},
    )
    context.update(name=latest.row.name, years=years, latest=latest, history=history, profile=profile)
    return TemplateResponse(request, "publications/agency_results.html", context)


@require_GET
def download(request: HttpRequest, year: int, name: str) -> HttpResponse:
    """A file of a published year (served outside the page tree, whose addresses end in a slash)."""
    from publications.models import AnnualResultsPage

    page = AnnualResultsPage.objects.live().public().filter(year=year).first()
    if page is None:
        raise Http404
    return serve_cached(request, lambda: downloads.respond(page, name))
