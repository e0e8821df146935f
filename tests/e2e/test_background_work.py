"""Large work as background jobs, in the browser, with tasks queued in the database and a worker run by the test
(as in production): an administrator imports a long agency list and watches it to the end, then sees a bad
file's problems line by line; the province's appraiser approves a new version of the departments' results, sees
a refusal first (nothing changed), then the version made and the link back to the results; a district's appraiser
approves a new version of its own communes' results the same way. Pages pass axe."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from .conftest import admin_login
from .test_administrator import ADMIN, AGENCIES_2021
from .test_appraisal import APPRAISER, log_in, no_blocking_violations

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())


def job_of(page):
    from home.models import BackgroundJob

    return BackgroundJob.objects.get(pk=page.url.rstrip("/").rsplit("/", 1)[1])


def test_an_administrator_imports_a_long_agency_list_as_a_job(page, demo_site, tmp_path):
    from assessments.models import Agency
    from home.models import JobStatus

    base = demo_site.url
    rows = len(AGENCIES_2021.read_text(encoding="utf-8").splitlines()) - 1
    good = tmp_path / "co-quan.csv"
    good.write_text(
        AGENCIES_2021.read_text(encoding="utf-8") + "X-NEN,UBND xã Nền,commune,H-CANLOC,yes,no,\n", encoding="utf-8"
    )
    admin_login(page, base, *ADMIN)

    with override_settings(TASKS=DATABASE_TASKS, IMPORT_JOB_ROWS=10):
        page.goto(f"{base}/admin/assessments/agencies/import/")
        page.set_input_files("input[name=file]", str(good))
        page.get_by_role("button", name="Nhập", exact=True).click()
        page.wait_for_url(re.compile(rf"{base}/cong-viec/[0-9a-f-]+/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Nhập cơ quan, đơn vị: co-quan.csv")
        expect(page.locator("[data-job-status]")).to_have_text("Đang chờ xử lý")
        assert job_of(page).status == JobStatus.QUEUED
        assert not Agency.objects.filter(code="X-NEN").exists()
        no_blocking_violations(page)

        run_worker()

        expect(page.locator("progress#job-progress")).to_have_attribute("value", "100")
        expect(page.locator("[data-job-count]")).to_have_text(f"· {2 * (rows + 1)} trên {2 * (rows + 1)}")
        expect(page.locator("[data-job-notice]")).to_have_text("Công việc đã hoàn thành.")
        expect(page.locator("[data-job-message]")).to_contain_text("Đã nhập: 1 bản ghi mới")
        no_blocking_violations(page)
        page.get_by_role("link", name="Mở danh sách đã nhập").click()
        expect(page).to_have_url(f"{base}/admin/assessments/agency/")
        assert Agency.objects.get(code="X-NEN").parent.code == "H-CANLOC"

        bad = tmp_path / "co-quan-loi.csv"
        bad.write_text(
            good.read_text(encoding="utf-8").replace(
                "X-NEN,UBND xã Nền,commune,H-CANLOC", "X-LOI,UBND xã Lỗi,commune,H-KHONG-CO"
            ),
            encoding="utf-8",
        )
        page.goto(f"{base}/admin/assessments/agencies/import/")
        page.set_input_files("input[name=file]", str(bad))
        page.get_by_role("button", name="Nhập", exact=True).click()
        page.wait_for_url(re.compile(rf"{base}/cong-viec/[0-9a-f-]+/$"))
        run_worker()

    expect(page.locator("[data-job-notice]")).to_have_text("Công việc bị lỗi.")
    error = page.locator("[data-job-error]")
    expect(error).to_contain_text("Tệp có 1 lỗi. Không có dữ liệu nào được nhập.")
    expect(error).to_contain_text(f"Dòng {rows + 2}, parent_code:")
    expect(error).to_contain_text("H-KHONG-CO")
    expect(page.get_by_role("button", name="Thử lại")).to_be_visible()
    no_blocking_violations(page)
    assert not Agency.objects.filter(code="X-LOI").exists()


def test_the_province_approves_a_new_version_of_the_departments_results_as_a_job(page, demo_site):
    from assessments.models import Report, ReportingPeriod, ResultSnapshot

    base = demo_site.url
    period = ReportingPeriod.objects.get(kind="annual", year=2025, levels__code="department")
    versions = ResultSnapshot.objects.filter(period=period, level__code="department")
    latest = versions.latest("version").version
    results = f"{base}/tham-dinh/ket-qua/?ky={period.pk}&nhom=department"
    log_in(page, base, *APPRAISER, landing="/tham-dinh/")

    def approve(reason: str) -> None:
        page.goto(results)
        form = page.locator("form.approve-form")
        form.locator('input[name="close_missing"]').check()
        form.locator('textarea[name="reason"]').fill(reason)
        form.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(rf"{base}/cong-viec/[0-9a-f-]+/$"))

    with override_settings(TASKS=DATABASE_TASKS, APPROVAL_JOB_AGENCIES=1):
        approve("Phê duyệt lại khi chưa có gì thay đổi.")
        run_worker()
        expect(page.locator("[data-job-error]")).to_have_text(f"Không có thay đổi nào so với phiên bản {latest}.")
        no_blocking_violations(page)

        # Something the snapshot holds changes: a department's submission time, corrected by an hour.
        report = Report.objects.filter(period=period, agency__level__code="department").order_by("pk").first()
        Report.objects.filter(pk=report.pk).update(submitted_at=report.submitted_at - datetime.timedelta(hours=1))
        approve("Điều chỉnh thời điểm nộp báo cáo của một sở.")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Phê duyệt kết quả của")
        expect(page.locator("progress#job-progress")).to_have_attribute("value", "0")
        run_worker()

    expect(page.locator("progress#job-progress")).to_have_attribute("value", "100")
    expect(page.locator("[data-job-message]")).to_contain_text(f"(phiên bản {latest + 1})")
    no_blocking_violations(page)
    page.get_by_role("link", name="Xem kết quả đã phê duyệt").click()
    expect(page).to_have_url(results)
    expect(page.locator("main")).to_contain_text(f"Phiên bản {latest + 1}")
    assert versions.latest("version").reason == "Điều chỉnh thời điểm nộp báo cáo của một sở."


def test_a_district_approves_a_new_version_of_its_communes_results_as_a_job(page, demo_site):
    """Three-tier years: the district's cohort (its own communes) goes through the same job, and the version it
    makes is the district's own, not the province's."""
    from assessments.models import Agency, Report, ReportingPeriod, ResultSnapshot

    base = demo_site.url
    period = ReportingPeriod.objects.get(kind="annual", year=2024, levels__code="commune")
    district = Agency.objects.get(code="H-CANLOC")
    versions = ResultSnapshot.objects.filter(period=period, level__code="commune", within=district)
    latest = versions.latest("version").version
    others = ResultSnapshot.objects.filter(period=period).exclude(within=district).count()
    results = f"{base}/tham-dinh/ket-qua/?ky={period.pk}&nhom=commune:{district.pk}"
    log_in(page, base, "thamdinh.huyen", "thamdinh-huyen-demo-2853", landing="/tham-dinh/")

    report = Report.objects.filter(period=period, agency__parent=district).order_by("pk").first()
    Report.objects.filter(pk=report.pk).update(submitted_at=report.submitted_at - datetime.timedelta(hours=1))
    with override_settings(TASKS=DATABASE_TASKS, APPROVAL_JOB_AGENCIES=1):
        page.goto(results)
        form = page.locator("form.approve-form")
        # Thiên Lộc did not report for 2024: the district closes its report as not submitted.
        form.locator('input[name="close_missing"]').check()
        form.locator('textarea[name="reason"]').fill("Điều chỉnh thời điểm nộp báo cáo của một xã.")
        form.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(rf"{base}/cong-viec/[0-9a-f-]+/$"))
        expect(page.locator("progress#job-progress")).to_have_attribute("value", "0")
        run_worker()

    expect(page.locator("progress#job-progress")).to_have_attribute("value", "100")
    expect(page.locator("[data-job-message]")).to_contain_text(f"(phiên bản {latest + 1})")
    page.get_by_role("link", name="Xem kết quả đã phê duyệt").click()
    expect(page.locator("main")).to_contain_text(f"Phiên bản {latest + 1}")
    assert versions.latest("version").reason == "Điều chỉnh thời điểm nộp báo cáo của một xã."
    assert ResultSnapshot.objects.filter(period=period).exclude(within=district).count() == others


@pytest.mark.parametrize(
    ("account", "year", "levels"),
    [
        (APPRAISER, 2025, {"department", "central", "commune"}),  # two-tier: the province approves every cohort
        # Three-tier: an agency has one appraiser for all its years (docs/agencies-and-people.md), so Sở KHCN
        # approves the departments and central agencies, Sở TTTT the districts and the communes province-wide,
        # and each district its own communes.
        (APPRAISER, 2024, {"department", "central"}),
        (("thamdinh.tttt", "thamdinh-tttt-demo-2853"), 2024, {"district", "commune"}),
        (("thamdinh.huyen", "thamdinh-huyen-demo-2853"), 2024, {"commune"}),
    ],
    ids=["2025-skhcn", "2024-skhcn", "2024-sotttt", "2024-district"],
)
def test_every_cohort_an_appraiser_approves_says_beforehand_that_it_runs_in_the_background(
    page, demo_site, account, year, levels
):
    """Every level, both structures: the results page of each cohort the appraiser approves says, before the
    click, that its approval will run as a job, with the cohort's own size."""
    from assessments.models import ReportingPeriod, Role, RoleAssignment
    from assessments.results.cohorts import cohorts_for

    base = demo_site.url
    appraising = set(
        RoleAssignment.objects.filter(user__username=account[0], role=Role.APPRAISER).values_list("agency", flat=True)
    )
    cohorts = [
        (period, cohort)
        for period in ReportingPeriod.objects.filter(kind="annual", year=year)
        for cohort in cohorts_for(period)
        if cohort.approver_id in appraising
    ]
    assert {cohort.level.code for _, cohort in cohorts} == levels
    log_in(page, base, *account, landing="/tham-dinh/")

    # Above 0 agencies, every cohort's approval runs as a job.
    with override_settings(APPROVAL_JOB_AGENCIES=0):
        for period, cohort in cohorts:
            page.goto(f"{base}/tham-dinh/ket-qua/?ky={period.pk}&nhom={cohort.key}")
            form = page.locator("form.approve-form")
            expect(form).to_contain_text(f"Nhóm có {len(cohort.members)} cơ quan: việc phê duyệt chạy nền")
            expect(form.get_by_role("button", name="Phê duyệt kết quả")).to_be_visible()
            no_blocking_violations(page)
