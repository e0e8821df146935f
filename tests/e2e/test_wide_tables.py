"""On a phone (375 × 740) no page is wider than the screen: wide tables scroll sideways inside a region of
their own, which the keyboard can reach and scroll, with a hint to swipe while the table does not fit;
and axe-core finds no serious or critical violation on these pages at that width.

The public criteria tables, a guidance table, and the agency's dashboard, report, check page and history.
"""

from playwright.sync_api import expect

from .conftest import new_context
from .test_reporting import THACHLAC_OFFICER, assert_accessible, log_in, report_of

PHONE_WIDTH = 375
SWIPE_HINT = "Vuốt ngang để xem hết bảng"

# Each region: its role, label and tab stop, whether its content is wider than it, and the hint above it.
REGIONS = """
() => [...document.querySelectorAll("main table")].map((table) => {
    const region = table.closest(".table-scroll");
    const hint = region && region.previousElementSibling;
    return {
        caption: table.caption ? table.caption.textContent.trim() : "",
        wrapped: Boolean(region),
        role: region && region.getAttribute("role"),
        label: region && region.getAttribute("aria-label"),
        tabindex: region && region.getAttribute("tabindex"),
        overflowX: region && getComputedStyle(region).overflowX,
        overflows: Boolean(region) && region.scrollWidth > region.clientWidth + 1,
        hint: hint && hint.classList.contains("table-scroll-hint") ? {
            text: hint.textContent.trim(),
            visible: hint.offsetParent !== null,
        } : null,
    };
})
"""


def criteria_set_paths() -> list[str]:
    from assessments.models import CriteriaSetPage

    return [page.url for page in CriteriaSetPage.objects.live().specific()]


def assert_fits_the_phone(page, path: str, *, tables_that_overflow: int | None = None) -> list[dict]:
    """The page is no wider than the phone; each table sits in a labelled, focusable scrolling region,
    and the keyboard scrolls the ones wider than the screen. Returns the regions."""
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, f"{path} is wider than the phone"

    regions = page.evaluate(REGIONS)
    assert regions, f"{path} has no table"
    for region in regions:
        assert region["wrapped"], f"{path}: table {region['caption']!r} is not in a scrolling region"
        assert region["role"] == "region" and region["label"], f"{path}: region without a role or a name"
        assert region["tabindex"] == "0", f"{path}: the keyboard cannot reach the region of {region['label']!r}"
        assert region["overflowX"] == "auto"
        # A table wider than the screen says to swipe; the hint shows then, and only then.
        if region["overflows"]:
            assert region["hint"] is not None, f"{path}: no swipe hint above {region['label']!r}"
        if region["hint"] is not None:
            assert region["hint"]["text"] == SWIPE_HINT
            assert region["hint"]["visible"] == region["overflows"], f"{path}: hint on {region['label']!r}"
    if tables_that_overflow is not None:
        assert sum(region["overflows"] for region in regions) == tables_that_overflow, regions

    # The keyboard reaches a wide table's region and scrolls it; the page itself stays put.
    for index, region in enumerate(regions):
        if not region["overflows"]:
            continue
        scroller = page.locator("main .table-scroll").nth(index)
        scroller.focus()
        assert scroller.evaluate("element => element === document.activeElement")
        assert scroller.evaluate("element => element.scrollLeft") == 0
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        page.wait_for_function("element => element.scrollLeft > 0", arg=scroller.element_handle())
        assert page.evaluate("window.scrollX") == 0
    assert_accessible(page, f"{path} on a phone")
    return regions


def test_criteria_tables_scroll_inside_their_region_on_a_phone(phone_page, demo_site):
    paths = criteria_set_paths()
    assert len(paths) == 4
    for path in paths:
        # The criteria table is wider than a phone; the classification table beside it is not.
        regions = assert_fits_the_phone(phone_page, f"{demo_site.url}{path}", tables_that_overflow=1)
        assert regions[0]["label"] == "Bảng tiêu chí"


def test_guidance_tables_fit_a_phone(phone_page, demo_site):
    for path in ("/huong-dan/huong-dan-bao-cao/", "/huong-dan/lich-bao-cao/"):
        assert_fits_the_phone(phone_page, f"{demo_site.url}{path}")


def test_reporting_tables_fit_a_phone(phone_page, demo_site):
    base = demo_site.url
    report = report_of("X-THACHLAC")
    log_in(phone_page, base, *THACHLAC_OFFICER)

    assert_fits_the_phone(phone_page, f"{base}/bao-cao/")
    assert_fits_the_phone(phone_page, f"{base}/bao-cao/{report.pk}/kiem-tra/", tables_that_overflow=1)
    # Pages without a table fit the phone too.
    for path in (f"/bao-cao/{report.pk}/", f"/bao-cao/{report.pk}/nhom/1/", f"/bao-cao/{report.pk}/lich-su/"):
        response = phone_page.goto(f"{base}{path}")
        assert response is not None and response.status == 200
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, (
            f"{path} is wider than the phone"
        )


def test_the_swipe_hint_goes_when_the_table_fits(browser, demo_site):
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{demo_site.url}{criteria_set_paths()[0]}")
        expect(page.locator(".table-scroll-hint").first).to_be_hidden()
        expect(page.get_by_role("region", name="Bảng tiêu chí")).to_be_visible()
    finally:
        context.close()
