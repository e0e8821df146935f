"""The published results in the browser, on the demo: a citizen goes from the home page to the latest
year's rankings, sorts and filters them, opens an agency's history and downloads the official files; an
editor publishes a year through the moderation workflow; the pages work without JavaScript and print
their charts without the filter form. The results pages pass axe.

Only the 2025 results page is changed here: it is deleted and made again through the admin, with the
same year and slug, so the site ends as the demo left it.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from playwright.sync_api import expect
from pypdf import PdfReader

from home.moderation import WORKFLOW

from .conftest import admin_login, new_context

BLOCKING_IMPACTS = {"serious", "critical"}
EDITOR = ("bientap", "bientap-demo-2853")
MODERATOR = ("kiemduyet", "kiemduyet-demo-2853")
REPUBLISHED_YEAR = 2025  # the year whose page the editor makes again (every demo year has a page)
THREE_TIER_YEAR = 2024  # districts approve their communes' results that year
SECURITY = "an toàn"  # the criteria group citizens are asked about most


def no_blocking_violations(page) -> None:
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, [(v["id"], v["nodes"][0]["target"]) for v in blocking]


def number(text: str) -> Decimal:
    """A score as the pages write it ("1.234,56", "147,11")."""
    return Decimal(text.strip().replace("\u00a0", "").replace(".", "").replace(",", "."))


def squeezed(text: str) -> str:
    """Text without any whitespace: a name the PDF wraps across lines still matches."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def new_page(browser):
    """Opens more browser sessions (a moderator, a visitor...), closed after the test."""
    contexts = []

    def open_page(**options):
        context = new_context(browser, **options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def latest_year() -> int:
    from publications.models import AnnualResultsPage

    return AnnualResultsPage.objects.live().public().order_by("-year").values_list("year", flat=True).first()


def security_sort_link(cohort):
    """The column heading link sorting ``cohort``'s table by the security group (else group 5)."""
    links = cohort.locator("thead a[title]")
    titles = [title or "" for title in links.evaluate_all("links => links.map(a => a.title)")]
    chosen = next((i for i, title in enumerate(titles) if SECURITY in title.lower()), None)
    if chosen is None:
        return cohort.locator('thead a[href*="sap-xep=nhom-5#"]'), "5"
    link = links.nth(chosen)
    return link, re.search(r"sap-xep=nhom-([^&#]+)", link.get_attribute("href")).group(1)


def column_of(table, heading_href_part: str) -> int:
    """The position of the column whose heading links to ``heading_href_part``."""
    hrefs = table.locator("thead th").evaluate_all("cells => cells.map(th => (th.querySelector('a') || {}).href || '')")
    return next(i for i, href in enumerate(hrefs) if heading_href_part in href)


def ranked_rows(table) -> list[list[str]]:
    """The text of each row's cells (its heading cell included), for the agencies that reported."""
    rows = table.locator("tbody tr").evaluate_all(
        "rows => rows.map(tr => Array.from(tr.children).map(cell => cell.textContent.trim()))"
    )
    return [cells for cells in rows if len(cells) > 3]


def scores_in(rows: list[list[str]], column: int) -> list[Decimal]:
    return [number(cells[column]) for cells in rows]


def check_sorted_by_group(cohort, group: str, expected_rows: int | None = None) -> list[list[str]]:
    table = cohort.locator("table.results-table")
    expect(table.locator(f'thead th:has(a[href*="sap-xep=nhom-{group}#"])')).to_have_attribute(
        "aria-sort", "descending"
    )
    rows = ranked_rows(table)
    assert len(rows) >= 2
    if expected_rows is not None:
        assert len(rows) == expected_rows
    scores = scores_in(rows, column_of(table, f"sap-xep=nhom-{group}#"))
    assert scores == sorted(scores, reverse=True), scores
    return rows


def filter_by_band(page, cohort, rows: list[list[str]], band_column: int) -> str:
    """Chooses, in the GET form, the band most agencies of the table share; returns it."""
    bands = [cells[band_column] for cells in rows]
    band = max(set(bands), key=bands.count)
    form = page.locator("form.filters")
    form.locator("select[name=xep-loai]").select_option(band)
    form.get_by_role("button", name="Xem").click()
    expect(page).to_have_url(re.compile(r"xep-loai="))
    table = cohort.locator("table.results-table")
    filtered = ranked_rows(table)
    assert [cells[band_column] for cells in filtered] == [band] * bands.count(band)
    return band


def test_a_citizen_reads_the_latest_results_and_downloads_them(page, demo_site):
    from publications.models import ResultsIndexPage

    base = demo_site.url
    year = latest_year()
    index_url = ResultsIndexPage.objects.get().url

    # From the home page's "latest results" section to the latest year's rankings.
    page.goto(f"{base}/")
    latest = page.locator("section").filter(has=page.get_by_role("heading", name=re.compile("Kết quả mới nhất")))
    expect(latest.get_by_role("heading", level=2)).to_contain_text(str(year))
    latest.get_by_role("link").click()
    expect(page).to_have_url(f"{base}{index_url}{year}/")
    year_url = page.url
    no_blocking_violations(page)

    # Sort the departments by the security group, from its column heading.
    departments = page.locator("section.results-cohort#department")
    link, group = security_sort_link(departments)
    link.click()
    expect(page).to_have_url(re.compile(rf"nhom=department&sap-xep=nhom-{group}#department$"))
    rows = check_sorted_by_group(departments, group)
    band_column = column_of(departments.locator("table.results-table"), "sap-xep=tong#") + 2

    # Filter by band with the form: the sort stays.
    band = filter_by_band(page, departments, rows, band_column)
    filtered = check_sorted_by_group(departments, group)
    assert all(cells[band_column] == band for cells in filtered)

    # Open the first agency of the table: its history chart and its table.
    name = filtered[0][1]
    total = filtered[0][column_of(departments.locator("table.results-table"), "sap-xep=tong#")]
    departments.locator("tbody th[scope=row]").get_by_role("link", name=name, exact=True).click()
    expect(page).to_have_url(re.compile(rf"{re.escape(base)}{index_url}co-quan/[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    chart = page.locator("svg[role=img]").first
    expect(chart).to_be_visible()
    chart_title = chart.locator(":scope > title")
    expect(chart_title).to_have_count(1)
    assert chart_title.text_content().strip()
    history = page.locator("table").filter(has=page.locator("caption", has_text="Kết quả theo năm"))
    this_year = history.locator("tbody tr").filter(has=page.get_by_role("link", name=str(year), exact=True))
    expect(this_year).to_contain_text(total)
    expect(this_year).to_contain_text(band)
    no_blocking_violations(page)

    # Back to the year, and download the official PDF and the rankings' spreadsheet.
    this_year.get_by_role("link", name=str(year), exact=True).click()
    expect(page).to_have_url(year_url.split("?")[0])
    downloads = page.locator("section.downloads")
    with page.expect_download() as pdf:
        downloads.get_by_role("link", name="Kết quả chính thức (PDF)").click()
    assert pdf.value.suggested_filename == f"ket-qua-{year}.pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(pdf.value.path()).pages)
    assert squeezed(name) in squeezed(text)
    assert total in text

    with page.expect_download() as xlsx:
        downloads.locator("li", has_text="Bảng xếp hạng").get_by_role("link", name="XLSX").click()
    assert xlsx.value.suggested_filename == f"xep-hang-{year}.xlsx"
    with open(xlsx.value.path(), "rb") as file:
        sheet = openpyxl.load_workbook(io.BytesIO(file.read()), read_only=True).active
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
    with translation.override("vi"):
        total_heading = translation.pgettext("published results column", "Total score")
    total_column = table[0].index(total_heading)
    row = next(row for row in table[1:] if name in row)
    assert Decimal(str(row[total_column])).quantize(Decimal("0.01")) == number(total)

    # The index and a district's communes (a three-tier year) pass axe too.
    page.goto(f"{base}{index_url}")
    expect(page.locator("ul.results-years li")).not_to_have_count(0)
    no_blocking_violations(page)
    page.goto(f"{base}{index_url}{THREE_TIER_YEAR}/")
    districts = page.locator("section").filter(
        has=page.get_by_role("heading", name="Kết quả các xã do từng huyện phê duyệt")
    )
    first = districts.get_by_role("link").first
    district_name = first.text_content().strip()
    first.click()
    expect(page).to_have_url(re.compile(rf"{index_url}{THREE_TIER_YEAR}/huyen/[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(district_name)
    expect(page.locator("table.results-table tbody tr")).not_to_have_count(0)
    no_blocking_violations(page)
    # A commune's name leads to its history.
    commune = page.locator("table.results-table tbody th[scope=row] a").first
    commune_name = commune.text_content().strip()
    commune.click()
    expect(page).to_have_url(re.compile(rf"{index_url}co-quan/[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(commune_name)


def test_an_editor_publishes_a_year_through_moderation(page, new_page, demo_site):
    from assessments.models import ResultSnapshot
    from publications.models import AnnualResultsPage, PublishedDocument, ResultsIndexPage, latest_snapshot_ids

    base = demo_site.url
    index = ResultsIndexPage.objects.get()
    year = REPUBLISHED_YEAR
    title = f"Kết quả đánh giá mức độ chuyển đổi số năm {year}"
    # Every demo year has its page: take this one away (unpublishing purges the cached copies).
    old = AnnualResultsPage.objects.get(year=year)
    old.unpublish()
    old.delete()
    visitor = new_page()
    visitor.goto(f"{base}{index.url}")
    expect(visitor.get_by_role("link", name=title)).to_have_count(0)

    # The editor adds the year's page under the results index and submits it for moderation.
    admin_login(page, base, *EDITOR)
    page.goto(f"{base}/admin/pages/{index.pk}/")
    page.get_by_role("link", name="Thêm trang con").first.click()
    expect(page).to_have_url(f"{base}/admin/pages/add/publications/annualresultspage/{index.pk}/")
    page.locator("#id_title").fill(title)
    page.locator("#id_year").fill(str(year))
    intro = page.locator("[data-contentpath=intro] [role=textbox]")
    intro.click()
    intro.press_sequentially(f"Kết quả chính thức năm {year}.")
    expect(page.locator("#id_intro")).to_have_value(re.compile(f"chính thức năm {year}"))
    page.get_by_role("tab", name="Quảng bá").click()
    page.locator("#id_slug").fill(str(year))
    page.locator("footer .w-dropdown__toggle").click()
    expect(page.locator("footer button[name=action-publish]")).to_have_count(0)
    submit = page.locator("footer button[name=action-submit]")
    expect(submit).to_contain_text(WORKFLOW)
    submit.click()
    page.wait_for_url(f"{base}/admin/pages/{index.pk}/")
    created = AnnualResultsPage.objects.get(year=year)
    assert not created.live
    assert created.current_workflow_state.status == "in_progress"
    assert visitor.goto(f"{base}{index.url}{year}/").status == 404

    # The moderator approves it from the dashboard, which publishes it.
    moderator = new_page()
    admin_login(moderator, base, *MODERATOR)
    moderator.locator("#awaiting-review-section").get_by_role("link", name=title).click()
    moderator.wait_for_url(f"{base}/admin/pages/{created.pk}/edit/")
    moderator.locator("footer .w-dropdown__toggle").click()
    moderator.locator("footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])").click()
    expect(moderator.locator(".messages .success")).to_be_visible()
    created.refresh_from_db()
    assert created.live and created.url_path.endswith(f"/{year}/")
    assert created.snapshot_ids and created.snapshot_ids == latest_snapshot_ids(year)
    assert PublishedDocument.objects.filter(page=created).exists()

    # A visitor finds the year listed and its rankings shown.
    visitor.goto(f"{base}{index.url}")
    visitor.get_by_role("link", name=title).click()
    expect(visitor).to_have_url(f"{base}{index.url}{year}/")
    expect(visitor.locator("main .rich-text")).to_contain_text(f"Kết quả chính thức năm {year}.")
    snapshot = ResultSnapshot.objects.get(pk__in=created.snapshot_ids, level__code="department", within=None)
    leader = next(a for a in snapshot.data["agencies"] if a.get("rank") == 1)
    first_row = visitor.locator("section#department table.results-table tbody tr").first
    expect(first_row.locator("td").first).to_have_text("1")
    expect(first_row.locator("th")).to_have_text(leader["name"])
    expect(visitor.get_by_role("link", name="Kết quả chính thức (PDF)")).to_be_visible()


def test_the_rankings_sort_and_filter_without_javascript(new_page, demo_site):
    page = new_page(java_script_enabled=False)
    year = latest_year()
    page.goto(f"{demo_site.url}/ket-qua/{year}/")
    departments = page.locator("section.results-cohort#department")
    link, group = security_sort_link(departments)
    link.click()
    expect(page).to_have_url(re.compile(rf"sap-xep=nhom-{group}"))
    rows = check_sorted_by_group(departments, group)
    band_column = column_of(departments.locator("table.results-table"), "sap-xep=tong#") + 2
    filter_by_band(page, departments, rows, band_column)
    check_sorted_by_group(departments, group)
    # The form alone, with a name typed: the agency's row is the only one left.
    name = rows[-1][1]
    form = page.locator("form.filters")
    form.locator("select[name=xep-loai]").select_option("")
    form.locator("input[name=q]").fill(name)
    form.get_by_role("button", name="Xem").click()
    expect(page).to_have_url(re.compile(r"[?&]q="))
    expect(departments.locator("table.results-table tbody th[scope=row]")).to_have_text([name])


def test_the_year_prints_its_charts_without_the_filter_form(page, demo_site):
    page.emulate_media(media="print")
    page.goto(f"{demo_site.url}/ket-qua/{latest_year()}/")
    charts = page.locator("main .chart-figure svg[role=img]")
    expect(charts.first).to_be_visible()
    for position in range(charts.count()):
        expect(charts.nth(position)).to_be_visible()
    expect(page.locator("form.filters")).to_be_hidden()
    expect(page.locator("table.results-table").first).to_be_visible()
