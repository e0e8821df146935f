"""An officer who forgot the password: "Quên mật khẩu?" on the login page, the mail, a new password, a login."""

import re

from playwright.sync_api import expect

from tests.e2e.test_reporting import assert_accessible
from tests.factories.assessments import RoleAssignmentFactory, UserFactory

NEW_PASSWORD = "Thach-Lac-moi-2853-an-toan"
LINK = re.compile(r"https?://\S+/quen-mat-khau/[^/\s]+/[^/\s]+/")


def test_a_forgotten_password_is_reset_from_the_login_page(page, demo_site, mailoutbox):
    from assessments.models import Agency

    base = demo_site.url
    officer = UserFactory(username="quen.matkhau", email="quen.matkhau@thachlac.example", first_name="Bình")
    RoleAssignmentFactory(user=officer, role="officer", agency=Agency.objects.get(code="X-THACHLAC"))

    page.goto(f"{base}/dang-nhap/")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    expect(page).to_have_url(f"{base}/quen-mat-khau/")
    expect(page.locator("main")).to_contain_text("trong vòng 1 ngày")

    # A mistyped address is refused in words, next to the field and in the summary above the form.
    address = page.get_by_label("Địa chỉ thư điện tử của tài khoản")
    address.fill("quen.matkhau-thachlac.example")
    page.get_by_role("button", name="Gửi liên kết").click()
    expect(page.get_by_role("alert")).to_contain_text("Nhập địa chỉ thư điện tử đúng dạng")
    expect(address).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "the reset request with an error")
    assert mailoutbox == []

    address.fill(officer.email)
    page.get_by_role("button", name="Gửi liên kết").click()
    expect(page).to_have_url(f"{base}/quen-mat-khau/da-gui/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hãy kiểm tra hộp thư")

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [officer.email]
    assert message.subject.startswith("Đặt lại mật khẩu trên ")
    page.goto(LINK.search(message.body).group(0))
    expect(page).to_have_url(re.compile(r"/quen-mat-khau/[^/]+/dat-mat-khau/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Chọn mật khẩu mới")
    assert_accessible(page, "the new password form")

    page.get_by_label("Mật khẩu mới", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Xác nhận mật khẩu mới").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page).to_have_url(f"{base}/quen-mat-khau/da-doi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã đổi mật khẩu")

    page.locator("main").get_by_role("link", name="Đăng nhập").click()
    expect(page).to_have_url(f"{base}/dang-nhap/")
    page.locator("main input[name=username]").fill(officer.username)
    page.locator("main input[name=password]").fill(NEW_PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(f"{base}/bao-cao/")
