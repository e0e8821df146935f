"""A cohort's ranking table as a visitor asks for it: the choices a GET form and the column headings offer
(cohort, band, name, sort order), checked like any input, and the rows and charts they give."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from django import forms
from django.http import Http404, HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments import formatting
from assessments.ranking import name_key
from home.text import fold
from publications import charts
from publications.published import PublishedCohort, Row

SORTS = ("hang", "ten", "tong")
MOST_BARS = 30
# A province's largest cohort (its communes: 216 in Hà Tĩnh's three-tier years) is shown whole; a longer
# table is cut into pages of this many rows, so a page stays quick to send, render and read.
ROWS_PER_PAGE = 300


class ResultsFilterForm(forms.Form):
    """What a visitor may choose; anything else in the address is a 400 with a message."""

    nhom = forms.ChoiceField(label=gettext_lazy("Cohort"), required=False)
    sap_xep = forms.CharField(required=False, max_length=20)
    xep_loai = forms.ChoiceField(label=gettext_lazy("Band"), required=False)
    q = forms.CharField(label=gettext_lazy("Agency name"), required=False, max_length=100)
    trang = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def __init__(self, data, cohorts: list[PublishedCohort]):
        super().__init__({key.replace("-", "_"): value for key, value in data.items()})
        self.cohorts = cohorts
        self.fields["nhom"].choices = [("", _("Every cohort"))] + [(c.key, c.title) for c in cohorts]
        bands = sorted({band for c in cohorts for band, _count in c.bands if band})
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
class TableRow:
    """A ranking row as the table prints it, every number already written: a table of 3,000 agencies is
    then placed by the template, not formatted by it cell by cell."""

    code: str
    name: str
    rank: str
    reported: bool
    groups: tuple[str, ...]
    total: str
    index: str
    band: str
    rank_change: str
    total_change: str


def rank_change_text(row: Row) -> str:
    """The change in rank since last year, in words a screen reader says well: "lên 2 bậc", "xuống 1 bậc"."""
    if row.new:
        return _("new")
    if row.rank_change is None:
        return "—"
    if row.rank_change > 0:
        return _("up %(places)d") % {"places": row.rank_change}
    if row.rank_change < 0:
        return _("down %(places)d") % {"places": -row.rank_change}
    return _("unchanged")


def signed(value: Decimal | None) -> str:
    """A change in points with its sign: "+12,50", "−3,00"."""
    if value is None:
        return "—"
    text = formatting.fixed(abs(value))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


def table_row(row: Row) -> TableRow:
    return TableRow(
        code=row.code,
        name=row.name,
        rank=str(row.rank) if row.rank else "—",
        reported=row.reported,
        groups=tuple(formatting.fixed(cell.score) for cell in row.groups),
        total=formatting.fixed(row.total),
        index=formatting.fixed(row.index, 4),
        band=row.band,
        rank_change=rank_change_text(row),
        total_change=signed(row.total_change),
    )


def rows_html(rows: list[TableRow], agency_prefix: str, width: int) -> SafeString:
    """The table's body, every value escaped by format_html. Written here rather than by a template loop:
    300 rows of a dozen cells through the template engine took more than the rest of the page together."""

    def row_html(row: TableRow) -> SafeString:
        name = (
            format_html('<a href="{}{}/">{}</a>', agency_prefix, quote(row.code, safe=""), row.name)
            if agency_prefix
            else row.name
        )
        if not row.reported:
            cells = format_html('<td colspan="{}">{}</td>', width - 2, _("did not report"))
        else:
            numbers = format_html_join("", '<td class="number">{}</td>', ((score,) for score in row.groups))
            cells = format_html(
                '{}<td class="number">{}</td><td class="number">{}</td>'
                '<td>{}</td><td>{}</td><td class="number">{}</td>',
                numbers,
                row.total,
                row.index,
                row.band,
                row.rank_change,
                row.total_change,
            )
        return format_html('<tr><td class="number">{}</td><th scope="row">{}</th>{}</tr>', row.rank, name, cells)

    if not rows:
        return format_html('<tr><td colspan="{}">{}</td></tr>', width, _("No agency matches the filter."))
    return SafeString("\n".join(row_html(row) for row in rows))


@dataclass(frozen=True)
class CohortView:
    cohort: PublishedCohort
    rows: list[TableRow]
    body: SafeString  # the table's rows as HTML (rows_html)
    sort_links: dict[str, str]
    columns: list[tuple[str, str, Decimal, str]]  # each group's code, title, max points and sort link
    sort: str
    page_number: int
    pages: int
    previous_link: str
    next_link: str
    bars: charts.Chart
    bands: charts.Chart


def _sort_links(request: HttpRequest, cohort: PublishedCohort) -> dict[str, str]:
    base = {key: value for key, value in request.GET.items() if key in ("xep-loai", "q")}
    keys = ["hang", "ten", "tong", *(f"nhom-{code}" for code, _t, _m in cohort.groups)]
    return {key: "?" + urlencode({**base, "nhom": cohort.key, "sap-xep": key}) + f"#{cohort.key}" for key in keys}


def _page_link(request: HttpRequest, cohort: PublishedCohort, sort: str, number: int) -> str:
    kept = {key: value for key, value in request.GET.items() if key in ("xep-loai", "q")}
    return "?" + urlencode({**kept, "nhom": cohort.key, "sap-xep": sort, "trang": number}) + f"#{cohort.key}"


def cohort_view(
    request: HttpRequest,
    cohort: PublishedCohort,
    sort: str,
    band: str,
    query: str,
    page_number: int = 1,
    agency_prefix: str = "",
) -> CohortView:
    """The cohort's table for these choices, names linked to ``agency_prefix`` + code; a page past the last
    one is a 404."""
    start = (page_number - 1) * ROWS_PER_PAGE
    if sort == "hang" and not band and not query:
        # As published: only the page's rows are built.
        count = cohort.count
        shown = cohort.rows_between(start, start + ROWS_PER_PAGE)
    else:
        rows = list(cohort.rows)
        if band:
            rows = [row for row in rows if row.band == band]
        if query:
            rows = [row for row in rows if fold(query) in fold(row.name)]
        count = len(rows)
        shown = _sorted(rows, sort)[start : start + ROWS_PER_PAGE]
    pages = max(1, -(-count // ROWS_PER_PAGE))
    if page_number > pages:
        raise Http404
    # Beyond a few dozen bars a chart is unreadable and its data table repeats the ranking table: the chart
    # shows the leaders and says so; the table below it lists everyone.
    bars = [charts.Bar(row.name, row.total, row.band) for row in cohort.leaders(MOST_BARS)]
    if cohort.ranked_count > MOST_BARS:
        title = _("Total score of the first %(count)d, %(cohort)s") % {"count": MOST_BARS, "cohort": cohort.title}
    else:
        title = _("Total score, %(cohort)s") % {"cohort": cohort.title}
    links = _sort_links(request, cohort)
    rows = [table_row(row) for row in shown]
    return CohortView(
        cohort=cohort,
        rows=rows,
        body=rows_html(rows, agency_prefix, len(cohort.groups) + 7),
        sort_links=links,
        columns=[(code, title, maximum, links[f"nhom-{code}"]) for code, title, maximum in cohort.groups],
        sort=sort,
        page_number=page_number,
        pages=pages,
        previous_link=_page_link(request, cohort, sort, page_number - 1) if page_number > 1 else "",
        next_link=_page_link(request, cohort, sort, page_number + 1) if page_number < pages else "",
        bars=charts.ranking_bars(bars, cohort.maximum, title),
        bands=charts.band_spread(list(cohort.bands), _("Agencies by band, %(cohort)s") % {"cohort": cohort.title}),
    )
