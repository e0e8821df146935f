"""An administrator imports the agencies file, sees a bad row reported, fixes it and imports."""

from pathlib import Path

from playwright.sync_api import expect

from .conftest import admin_login

ADMIN = ("admin", "admin-demo-2853")
AGENCIES_2021 = Path(__file__).resolve().parents[2] / "assessments" / "demo" / "agencies-hatinh-2021.csv"


def test_administrator_imports_agencies_and_sees_row_errors(page, demo_site, tmp_path):
    from assessments.models import Agency

    before = Agency.objects.count()
    bad_file = tmp_path / "agencies.csv"
    bad_file.write_text(
        AGENCIES_2021.read_text(encoding="utf-8") + "X-MOI,UBND xã Mới,commune,H-KHONG-CO,yes,no,\n", encoding="utf-8"
    )
    bad_line = len(bad_file.read_text(encoding="utf-8").splitlines())

    admin_login(page, demo_site.url, *ADMIN)
    page.goto(f"{demo_site.url}/admin/assessments/agency/")
    expect(page.get_by_role("link", name="Nhập từ tệp")).to_be_visible()
    page.get_by_role("link", name="Nhập từ tệp").click()

    page.set_input_files("input[name=file]", str(bad_file))
    page.get_by_role("button", name="Nhập", exact=True).click()

    problems = page.locator("table.import-problems")
    expect(page.get_by_role("alert")).to_contain_text("Không có dữ liệu nào được nhập")
    expect(problems).to_contain_text(str(bad_line))
    expect(problems).to_contain_text("parent_code")
    expect(problems).to_contain_text("H-KHONG-CO")
    assert Agency.objects.count() == before

    good_file = tmp_path / "agencies-fixed.csv"
    good_file.write_text(bad_file.read_text(encoding="utf-8").replace("H-KHONG-CO", "H-CANLOC"), encoding="utf-8")
    page.set_input_files("input[name=file]", str(good_file))
    page.get_by_role("button", name="Nhập", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("1")
    page.goto(f"{demo_site.url}/admin/assessments/agency/?q=X-MOI")
    expect(page.locator("table.listing")).to_contain_text("UBND xã Mới")
    assert Agency.objects.get(code="X-MOI").parent.code == "H-CANLOC"
