"""The public results pages' views: a year's rankings (sorted and filtered by plain links and a GET form),
a district's communes, an agency's history, and the downloads. Thin: the reading is in
:mod:`publications.published`, the drawing in :mod:`publications.charts`, the files in their modules."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from assessments.ranking import name_key
from home.text import fold
from publications import charts, downloads
from publications.cache import serve_cached
from publications.published import PublishedCohort, Row, agency_years, band_counts, published_cohorts


def live_years(index=None):
    """The live year pages (under ``index`` when given), newest first: one query."""
    from publications.models import AnnualResultsPage

    pages = AnnualResultsPage.objects.live().public()
    if index is not None:
        pages = pages.child_of(index)
    return list(pages.order_by("-year"))


def previous_page(page):
    from publications.models import AnnualResultsPage

    return AnnualResultsPage.objects.live().public().filter(year__lt=page.year).order_by("-year").first()


SORTS = ("hang", "ten", "tong")


class ResultsFilterForm(forms.Form):
    """What a visitor may choose; anything else in the address is a 400 with a message."""

    nhom = forms.ChoiceField(label=gettext_lazy("Cohort"), required=False)
    sap_xep = forms.CharField(required=False, max_length=20)
    xep_loai = forms.ChoiceField(label=gettext_lazy("Band"), required=False)
    q = forms.CharField(label=gettext_lazy("Agency name"), required=False, max_length=100)

    def __init__(self, data, cohorts: list[PublishedCohort]):
        super().__init__({key.replace("-", "_"): value for key, value in data.items()})
        self.cohorts = cohorts
        self.fields["nhom"].choices = [("", _("Every cohort"))] + [(c.key, c.title) for c in cohorts]
        bands = sorted({row.band for c in cohorts for row in c.ranked if row.band})
        self.fields["xep_loai"].choices = [("", _("Every band"))] + [(band, band) for band in bands]

    def clean_sap_xep(self) -> str:
        value = self.cleaned_data["sap_xep"] or "hang"
        groups = {f"nhom-{code}" for c in self.cohorts for code, _t, _m in c.groups}
        if value not in SORTS and value not in groups:
            raise forms.ValidationError(_("This is not a column the table can be sorted by."))
        return value


def _sorted(rows: list[Row], sort: str) -> list[Row]:
    reported = [row for row in rows if row.reported]
    others = [row for row in rows if not row.reported]
    if sort == "ten":
        return sorted(rows, key=lambda row: name_key(row.name))
    if sort == "tong":
        return sorted(reported, key=lambda row: (-row.total, row.name)) + others
    if sort.startswith("nhom-"):
        code = sort.removeprefix("nhom-")

        def score(row: Row) -> Decimal:
            cell = next((g for g in row.groups if g.code == code), None)
            return cell.score if cell and cell.score is not None else Decimal(-1)

        return sorted(reported, key=lambda row: (-score(row), row.name)) + others
    return rows  # by rank, as published


@dataclass(frozen=True)
class CohortView:
    cohort: PublishedCohort
    rows: list[Row]
    sort_links: dict[str, str]
    columns: list[tuple[str, str, Decimal, str]]  # each group's code, title, max points and sort link
    sort: str
    bars: charts.Chart
    bands: charts.Chart


def _sort_links(request: HttpRequest, cohort: PublishedCohort) -> dict[str, str]:
    base = {key: value for key, value in request.GET.items() if key in ("xep-loai", "q")}
    keys = ["hang", "ten", "tong", *(f"nhom-{code}" for code, _t, _m in cohort.groups)]
    return {key: "?" + urlencode({**base, "nhom": cohort.key, "sap-xep": key}) + f"#{cohort.key}" for key in keys}


def cohort_view(request: HttpRequest, cohort: PublishedCohort, sort: str, band: str, query: str) -> CohortView:
    rows = list(cohort.rows)
    if band:
        rows = [row for row in rows if row.band == band]
    if query:
        rows = [row for row in rows if fold(query) in fold(row.name)]
    bars = [charts.Bar(row.name, row.total, row.band) for row in cohort.ranked]
    links = _sort_links(request, cohort)
    return CohortView(
        cohort=cohort,
        rows=_sorted(rows, sort),
        sort_links=links,
        columns=[(code, title, maximum, links[f"nhom-{code}"]) for code, title, maximum in cohort.groups],
        sort=sort,
        bars=charts.ranking_bars(bars, cohort.maximum, _("Total score, %(cohort)s") % {"cohort": cohort.title}),
        bands=charts.band_spread(band_counts(cohort), _("Agencies by band, %(cohort)s") % {"cohort": cohort.title}),
    )


def annual_results(request: HttpRequest, page) -> TemplateResponse:
    previous = previous_page(page)
    cohorts = published_cohorts(page.snapshot_ids, previous.snapshot_ids if previous else ())
    form = ResultsFilterForm(request.GET, cohorts)
    status = 200
    if form.is_valid():
        chosen, sort = form.cleaned_data["nhom"], form.cleaned_data["sap_xep"]
        band, query = form.cleaned_data["xep_loai"], form.cleaned_data["q"].strip()
    else:
        status, chosen, sort, band, query = 400, "", "hang", "", ""
    province = [c for c in cohorts if c.within_code is None]
    shown = [c for c in province if not chosen or c.key == chosen]
    context = page.get_context(request)
    context.update(
        form=form,
        previous=previous,
        views=[cohort_view(request, c, sort if c.key == chosen else "hang", band, query) for c in shown],
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
    context = page.get_context(request)
    context.update(view=cohort_view(request, cohorts[0], "hang", "", ""), district=cohorts[0])
    return TemplateResponse(request, "publications/district_results.html", context)


def agency_history(request: HttpRequest, index, code: str) -> TemplateResponse:
    pages = live_years(index)
    years = agency_years(pages, code)
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
    context = index.get_context(request)
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
