"""An editor builds a published year's PDF again from the admin and watches the job: the bar reaches 100 %, the
notice says it is done and the download link appears, without reloading. The job's page passes axe."""

from __future__ import annotations

import io
import re

from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from .conftest import admin_login
from .test_results import EDITOR, latest_year, no_blocking_violations

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_an_editor_rebuilds_a_years_pdf_and_watches_it_finish(page, demo_site):
    from home.models import BackgroundJob, JobStatus
    from publications.downloads import latest_document
    from publications.models import AnnualResultsPage

    base = demo_site.url
    year = latest_year()
    results = AnnualResultsPage.objects.get(year=year)
    before = latest_document(results)
    admin_login(page, base, *EDITOR)

    # Queued in the database, as in production: the page shows the job waiting until a worker takes it.
    with override_settings(TASKS=DATABASE_TASKS):
        page.goto(f"{base}/admin/pages/{results.get_parent().pk}/")
        row = page.locator("tr", has=page.get_by_role("link", name=results.title, exact=True))
        row.locator(".w-dropdown__toggle").click()
        row.get_by_role("link", name="Tạo lại tệp PDF").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"Tạo lại tệp PDF kết quả chính thức năm {year}")
        page.get_by_role("button", name="Tạo lại tệp PDF").click()
        page.wait_for_url(re.compile(rf"{base}/cong-viec/[0-9a-f-]+/$"))
        job = BackgroundJob.objects.get(pk=page.url.rstrip("/").rsplit("/", 1)[1])
        assert job.status == JobStatus.QUEUED and job.owner.username == EDITOR[0]
        expect(page.locator("progress#job-progress")).to_have_attribute("value", "0")
        expect(page.locator("[data-job-download]")).to_be_hidden()
        # The script polls: the hint to reload is for pages without it.
        expect(page.locator("[data-job-reload-hint]")).to_be_hidden()
        no_blocking_violations(page)

        call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())

    expect(page.locator("progress#job-progress")).to_have_attribute("value", "100")
    expect(page.locator("[data-job-percentage]")).to_have_text("100 %")
    expect(page.locator("[data-job-count]")).to_have_text("· 2 trên 2")
    expect(page.locator("[data-job-notice]")).to_have_text("Công việc đã hoàn thành.")
    link = page.get_by_role("link", name="Tải kết quả về")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", f"/tai-ve/ket-qua/{year}/ket-qua.pdf")
    no_blocking_violations(page)
    after = latest_document(results)
    assert after.pk != before.pk
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"ket-qua-{year}.pdf"
