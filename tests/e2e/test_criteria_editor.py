"""An editor adds a TIERS indicator to a criteria set, fixes a validation error, publishes, and sees it public.

The administrator (who may publish directly) appends indicator 5.9 to group 5 of the
commune criteria set through the StreamField editor, with a deliberate mistake: a
tier worth more than the indicator's maximum. Publishing is refused with the problem
shown on the indicator; once the tier is fixed the page publishes and the public
criteria table shows the new row. StreamField inputs are found by their `name`
attributes (``groups-4-value-indicators-1-value-code``...), and messages of our own
catalogue by their numbers, so the test holds whether they read in English or Vietnamese.
"""

import re

from playwright.sync_api import expect

from .conftest import admin_login

ADMIN = ("admin", "admin-demo-2853")
SLUG = "bo-tieu-chi-commune"
PUBLIC_PATH = f"/van-ban/quyet-dinh-2853-qd-ubnd-2021/{SLUG}/"
CODE = "5.9"
TITLE = "Số lần diễn tập an toàn thông tin trong năm"
GROUP_CODES = "input[name^=groups-][name$=-value-code]:not([name*=-indicators-])"


def criteria_set():
    from assessments.models import CriteriaSetPage

    return CriteriaSetPage.objects.get(slug=SLUG)


def names_with_value(page, selector: str, value: str) -> list[str]:
    """Names of the inputs matching ``selector`` whose current value is ``value`` (Wagtail sets values by script)."""
    return page.locator(selector).evaluate_all(
        "(inputs, value) => inputs.filter(input => input.value === value).map(input => input.name)", value
    )


def block_prefix(page, selector: str, value: str, suffix: str) -> str:
    """The StreamField prefix of the one block whose ``suffix`` input holds ``value``."""
    [name] = names_with_value(page, selector, value)
    return name.removesuffix(suffix)


def publish(page):
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("footer button[name=action-publish]").click()


def tier_line(threshold: str, points: str):
    """A method line such as "2 or more: 50 points" or "Từ 2 trở lên: 50 điểm"."""
    return re.compile(rf"(^|\D){threshold}\D+{points}(\D|$)")


def test_editor_adds_a_tiers_indicator_fixes_an_error_and_publishes(page, demo_site):
    commune = criteria_set()
    assert commune.max_total == 1000
    assert commune.scoring.indicator(CODE) is None
    live_revision = commune.live_revision_id
    edit_url = f"{demo_site.url}/admin/pages/{commune.pk}/edit/"

    admin_login(page, demo_site.url, *ADMIN)
    page.goto(edit_url)
    expect(page.locator(GROUP_CODES)).to_have_count(len(commune.groups))
    group = block_prefix(page, GROUP_CODES, "5", "-value-code")
    expect(page.locator(f"input[name={group}-value-title]")).to_have_value("An toàn thông tin")

    # A new indicator at the end of group 5: a single block type, so "+" inserts it at once.
    count = page.locator(f"input[name={group}-value-indicators-count]")
    before = int(count.input_value())
    indicator_codes = page.locator(f"input[name^={group}-value-indicators-][name$=-value-code]")
    expect(indicator_codes).to_have_count(before)
    indicators = page.locator(
        f"div[data-contentpath=indicators]:has(> div > input[name={group}-value-indicators-count])"
    )
    indicators.locator("[data-streamfield-stream-container] > div > button.c-sf-add-button").last.click()
    expect(count).to_have_value(str(before + 1))
    expect(indicator_codes).to_have_count(before + 1)
    new = indicator_codes.last.get_attribute("name").removesuffix("-value-code")

    page.fill(f"input[name={new}-value-code]", CODE)
    page.fill(f"textarea[name={new}-value-title]", TITLE)
    page.fill(f"input[name={new}-value-max_points]", "50")
    page.select_option(f"select[name={new}-value-method]", "TIERS")
    page.select_option(f"select[name={new}-value-tier_input]", "count")
    tiers = page.locator(f"div[data-contentpath=tiers]:has(> div > input[name={new}-value-tiers-count])")
    thresholds = page.locator(f"input[name^={new}-value-tiers-][name$=-value-threshold]")
    for number, (threshold, points) in enumerate((("2", "50"), ("1", "60")), start=1):
        tiers.locator("button[data-streamfield-list-add]").last.click()
        expect(thresholds).to_have_count(number)
        tier = thresholds.last.get_attribute("name").removesuffix("-value-threshold")
        page.fill(f"input[name={tier}-value-threshold]", threshold)
        page.fill(f"input[name={tier}-value-points]", points)
    page.check(f"input[name={new}-value-evidence_required]")
    page.fill("input[name=max_total]", "1050")

    # Publishing is refused: the second tier gives 60 points, above the indicator's 50.
    publish(page)
    expect(page.locator(".messages .error")).to_be_visible()
    # Wagtail's own words, missing from its Vietnamese catalogue, come from ours (portal/wagtail_strings.py).
    expect(page.locator(".messages .error")).to_contain_text("Chưa lưu được trang vì có lỗi nhập liệu.")
    expect(page.locator(".messages .error button")).to_have_text("Đến lỗi đầu tiên")
    new = block_prefix(page, "input[name^=groups-][name$=-value-code]", CODE, "-value-code")
    problem = page.locator(
        f".indicator-block:has(> [data-contentpath=code] input[name={new}-value-code]) > .help-critical"
    )
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text(CODE)
    expect(problem).to_have_text(re.compile(r"(^|\D)60([.,]0+)?\D{1,80}50(\D|$)"))
    expect(page.locator(".indicator-block .help-critical")).to_have_count(1)
    unpublished = criteria_set()
    assert unpublished.live_revision_id == live_revision
    assert unpublished.max_total == 1000
    assert unpublished.scoring.indicator(CODE) is None

    # The form kept what was typed; the editor lowers the second tier to 30 points.
    expect(page.locator(f"textarea[name={new}-value-title]")).to_have_value(TITLE)
    expect(page.locator("input[name=max_total]")).to_have_value(re.compile(r"^1050(\.0*)?$"))
    points_inputs = page.locator(f"input[name^={new}-value-tiers-][name$=-value-points]")
    expect(points_inputs).to_have_count(2)
    wrong = points_inputs.evaluate_all("inputs => inputs.filter(input => Number(input.value) === 60).map(i => i.name)")
    assert len(wrong) == 1
    page.fill(f"input[name='{wrong[0]}']", "30")
    publish(page)
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    expect(page.locator(".messages .success")).to_be_visible()

    published = criteria_set()
    assert published.live_revision_id != live_revision
    assert not published.has_unpublished_changes
    assert published.max_total == 1050
    indicator = published.scoring.indicator(CODE)
    assert indicator is not None
    assert indicator.title == TITLE
    assert indicator.max_points == 50
    assert indicator.method == "TIERS"
    assert len(indicator.tiers) == 2
    assert [(tier.threshold, tier.points) for tier in indicator.tiers] == [(1, 30), (2, 50)]

    # The public criteria page shows the new row, its tiers and the new total.
    page.goto(f"{demo_site.url}{PUBLIC_PATH}")
    # Anchors keep the dots of codes apart ("1.11" -> "1-11", not "111").
    row = page.locator("#chi-so-5-9")
    expect(row).to_be_visible()
    expect(row.locator("th")).to_have_text(CODE)
    expect(row.locator("td").first).to_contain_text(TITLE)
    expect(row.locator("td.num")).to_have_text("50")
    lines = row.locator(".criteria-indicator__method li")
    expect(lines).to_have_count(4)
    expect(lines.nth(1)).to_have_text(tier_line("2", "50"))
    expect(lines.nth(2)).to_have_text(tier_line("1", "30"))
    expect(row).not_to_contain_text("60")
    expect(row.locator(".criteria-indicator__required")).to_be_visible()
    expect(page.locator("#nhom-5 .criteria-group__heading td.num")).to_have_text("200")
    expect(page.locator(".criteria-table tfoot td.num")).to_have_text("1050")
