"""A citizen reads the decision and searches, on a desktop and on a phone."""

import re

from playwright.sync_api import expect


def test_citizen_reads_the_decision_from_the_home_page(page, demo_site):
    page.goto(demo_site.url)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.get_by_role("link", name="Quyết định số 2853/QĐ-UBND").first.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("QUYẾT ĐỊNH")
    expect(page.locator(".legal-header")).to_contain_text("Hà Tĩnh, ngày 11 tháng 8 năm 2021")
    meta = page.locator(".legal-meta")
    expect(meta).to_contain_text("2853/QĐ-UBND")
    expect(meta).to_contain_text("đang có hiệu lực")
    expect(meta).to_contain_text("Quyết định số 365/QĐ-UBND")
    expect(page.locator(".legal-preamble__item").first).to_contain_text("Căn cứ Luật Tổ chức chính quyền địa phương")
    expect(page.get_by_role("heading", name=re.compile(r"Điều 2\. Tổ chức thực hiện"))).to_be_visible()
    expect(page.locator(".legal-point").filter(has_text="Chế độ báo cáo")).to_contain_text(
        "Kỳ báo cáo đánh giá hằng năm"
    )
    expect(page.locator(".legal-recipients")).to_contain_text("Văn phòng Chính phủ")
    expect(page.locator(".legal-signature")).to_contain_text("KT. CHỦ TỊCH")

    # The replaced decision links back to the one that replaced it.
    page.locator(".legal-meta").get_by_role("link", name="365/QĐ-UBND").click()
    expect(page.locator(".legal-meta")).to_contain_text("hết hiệu lực")
    page.locator(".legal-meta").get_by_role("link", name="2853/QĐ-UBND").click()
    expect(page).to_have_url(re.compile("quyet-dinh-2853"))


def test_citizen_searches_without_diacritics(page, demo_site):
    page.goto(demo_site.url)
    page.get_by_label("Tìm kiếm quyết định, tiêu chí và hướng dẫn").fill("an toan thong tin")
    page.get_by_label("Tìm kiếm quyết định, tiêu chí và hướng dẫn").press("Enter")
    expect(page.locator(".search-count")).to_contain_text("an toan thong tin")
    page.locator(".search-results").get_by_role("link", name="Quyết định số 2853/QĐ-UBND").click()
    expect(page.locator(".legal-meta")).to_contain_text("2853/QĐ-UBND")


def test_citizen_reads_guidance_on_a_phone(phone_page, demo_site):
    page = phone_page
    page.goto(demo_site.url)
    page.get_by_role("navigation", name="Trình đơn chính").get_by_role("link", name="Hướng dẫn").click()
    page.get_by_role("link", name="Lịch báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lịch báo cáo")
    # Nothing is wider than the phone's screen except tables, which scroll inside themselves.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.goto(f"{demo_site.url}/khong-co-trang-nay/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
