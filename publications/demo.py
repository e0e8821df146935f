"""Demo results pages: the index under the home page and a published page for every year whose annual
results the demo approved (assessments/demo), so the public sees the years side by side."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from assessments.models import PeriodKind, ResultSnapshot
from home.demo_content import upsert_page
from home.models import HomePage
from publications.models import AnnualResultsPage, ResultsIndexPage

INTRO = (
    "<p>Kết quả đánh giá mức độ chuyển đổi số của các cơ quan, đơn vị trên địa bàn tỉnh, "
    "do cơ quan thẩm định phê duyệt theo Quyết định số 2853/QĐ-UBND. "
    "Mỗi năm có bảng xếp hạng theo từng nhóm cơ quan, biểu đồ, tệp PDF chính thức, bảng tính và dữ liệu mở "
    "để bất kỳ ai cũng có thể tính lại điểm và thứ hạng.</p>"
)


def load_demo_content(log: Callable[[str], None]) -> list:
    home = HomePage.objects.first()
    index, _ = upsert_page(
        home, ResultsIndexPage, "ket-qua", {"title": "Kết quả đánh giá", "intro": INTRO, "show_in_menus": True}
    )
    years = sorted(
        set(ResultSnapshot.objects.filter(period__kind=PeriodKind.ANNUAL).values_list("period__year", flat=True))
    )
    for year in years:
        upsert_page(
            index,
            AnnualResultsPage,
            str(year),
            {
                "title": f"Kết quả đánh giá mức độ chuyển đổi số năm {year}",
                "year": year,
                "intro": f"<p>Kết quả chính thức năm {year}, theo các phiên bản đã được phê duyệt.</p>",
            },
        )
    log(f"Results pages: {len(years)} years published ({', '.join(map(str, years))})")
    return []


def publish_again(years: Iterable[int], log: Callable[[str], None]) -> None:
    """Each year's results page, created where missing and published again, so it shows the latest
    approved versions (a page publishes the versions approved when it was last published)."""
    load_demo_content(log)
    for page in AnnualResultsPage.objects.filter(year__in=list(years)):
        page.save_revision().publish()
        log(f"  Results page {page.year} published again")
