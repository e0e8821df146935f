import re

from playwright.sync_api import expect

from .conftest import admin_login

ADMIN = ("admin", "admin-demo-2853")


def find_name(page, selector, value):
    return page.locator(selector).evaluate_all(
        "(inputs, value) => inputs.filter(input => input.value === value).map(input => input.name)", value
    )


def publish(page):
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("footer button[name=action-publish]").click()


def test_explore(page, demo_site):
    from assessments.models import CriteriaSetPage

    commune = CriteriaSetPage.objects.get(slug="bo-tieu-chi-commune")
    admin_login(page, demo_site.url, *ADMIN)
    page.goto(f"{demo_site.url}/admin/pages/{commune.pk}/edit/")
    group_codes = page.locator("input[name^=groups-][name$=-value-code]:not([name*=-indicators-])")
    expect(group_codes).to_have_count(6)
    [group_code] = find_name(page, "input[name^=groups-][name$=-value-code]:not([name*=-indicators-])", "5")
    group = group_code.removesuffix("-value-code")
    count = page.locator(f"input[name={group}-value-indicators-count]")
    before = int(count.input_value())
    indicators = page.locator(f"div[data-contentpath=indicators]:has(> div > input[name={group}-value-indicators-count])")
    indicators.locator("[data-streamfield-stream-container] > div > button.c-sf-add-button").last.click()
    expect(count).to_have_value(str(before + 1))
    codes = page.locator(f"input[name^={group}-value-indicators-][name$=-value-code]")
    new = codes.last.get_attribute("name").removesuffix("-value-code")
    page.fill(f"input[name={new}-value-code]", "5.9")
    page.fill(f"textarea[name={new}-value-title]", "Số lần diễn tập an toàn thông tin trong năm")
    page.fill(f"input[name={new}-value-max_points]", "50")
    page.select_option(f"select[name={new}-value-method]", "TIERS")
    page.select_option(f"select[name={new}-value-tier_input]", "count")
    tiers = page.locator(f"div[data-contentpath=tiers]:has(> div > input[name={new}-value-tiers-count])")
    for threshold, points in (("2", "50"), ("1", "60")):
        tiers.locator("button[data-streamfield-list-add]").last.click()
        row = page.locator(f"input[name^={new}-value-tiers-][name$=-value-threshold]").last
        row_prefix = row.get_attribute("name").removesuffix("-value-threshold")
        row.fill(threshold)
        page.fill(f"input[name={row_prefix}-value-points]", points)
    page.check(f"input[name={new}-value-evidence_required]")
    page.fill("input[name=max_total]", "1050")
    page.screenshot(path="/tmp/explore/filled.png", full_page=True)
    publish(page)
    page.wait_for_load_state()
    page.wait_for_timeout(2000)
    page.screenshot(path="/tmp/explore/error.png", full_page=True)
    open("/tmp/explore/error.html", "w").write(page.content())
