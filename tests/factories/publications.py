"""Results pages the way an editor makes them: an index under the home page and a year's page, published."""

from __future__ import annotations

from publications.models import AnnualResultsPage, ResultsIndexPage


def results_index(home_page) -> ResultsIndexPage:
    index = ResultsIndexPage(title="Kết quả đánh giá", slug="ket-qua")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def publish_year(index: ResultsIndexPage, year: int, **fields) -> AnnualResultsPage:
    page = AnnualResultsPage(title=f"Kết quả năm {year}", slug=str(year), year=year, **fields)
    index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page
