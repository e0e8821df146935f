"""The public results pages: what a year's page publishes (and what it does not), sorting and filtering
without JavaScript, the agency's history, a district's communes, the downloads and the cache."""

import csv
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from assessments.appraisal.decisions import reappraise_report
from assessments.results.snapshots import approve_cohort
from publications.models import PublishedDocument
from tests.assessments.reporting import text_of
from tests.factories.publications import bigger_version
from tests.factories.results import HOSTILE_NAME

pytestmark = pytest.mark.django_db


def table_rows(response, caption_contains: str) -> list[list[str]]:
    """The body rows of the table whose caption holds ``caption_contains``, each cell's text."""
    soup = BeautifulSoup(response.content, "html.parser")
    table = next(t for t in soup.find_all("table") if t.caption and caption_contains in t.caption.get_text())
    return [
        [" ".join(cell.get_text().split()) for cell in row.find_all(["th", "td"])] for row in table.tbody.find_all("tr")
    ]


def test_a_published_year_shows_each_province_wide_cohort_ranked(client, published):
    year, _index, page = published
    response = client.get(page.url)
    assert response.status_code == 200
    departments = table_rows(response, "Sở, ban, ngành")
    assert [row[:2] for row in departments] == [["1", "Sở Nội vụ"], ["2", "Sở Tài chính"], ["3", "Sở Y tế"]]
    assert departments[0][3:5] == ["100,00", "1,0000"]  # total and index
    communes = table_rows(response, year.world.agency_a.level.name)
    assert [row[1] for row in communes][-1] == "UBND xã Cẩm Lộc"
    assert "không nộp" in communes[-1][2].lower()
    text = text_of(response)
    assert "phiên bản 1" in text.lower()


def test_a_formula_or_markup_agency_name_is_shown_as_text(client, published):
    response = client.get(published[2].url)
    assert HOSTILE_NAME.replace('"', "&quot;") in response.content.decode()
    assert "<script" not in response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def test_sorting_by_a_group_and_filtering_by_band_and_name_work_with_plain_links(client, published):
    year, _index, page = published
    level = year.world.agency_a.level.code
    response = client.get(page.url, {"nhom": level, "sap-xep": "nhom-2"})
    assert response.status_code == 200
    rows = table_rows(response, year.world.agency_a.level.name)
    scores = [Decimal(row[3].replace(",", ".")) for row in rows if len(row) > 3]  # reported rows
    assert len(scores) == 3
    assert scores == sorted(scores, reverse=True)
    assert "Sở Nội vụ" not in text_of(response)  # only the chosen cohort

    by_name = table_rows(client.get(page.url, {"q": "cam loc"}), year.world.agency_a.level.name)
    assert [row[1] for row in by_name] == ["UBND xã Cẩm Lộc"]  # without diacritics, as people type


@pytest.mark.parametrize(
    "query",
    [{"sap-xep": "../../x"}, {"nhom": "khong-co"}, {"xep-loai": "<b>"}, {"q": "x" * 500}],
)
def test_a_forged_sort_or_filter_is_a_400_with_a_message(client, published, query):
    response = client.get(published[2].url, query)
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()


def test_an_unapproved_cohort_or_an_unpublished_year_shows_nothing(client, published, home_page):
    year, _index, page = published
    # A new version approved after publication reaches the public only when the page is published again.
    reappraise_report(year.world.report_a.pk, year.world.appraiser, reason="Đối chiếu lại.")
    assert client.get(reverse("publications:download", args=[page.year + 1, "xep-hang.csv"])).status_code == 404
    page.unpublish()
    assert client.get(page.url or f"/ket-qua/{page.year}/").status_code == 404
    assert client.get(reverse("publications:download", args=[page.year, "xep-hang.csv"])).status_code == 404


def test_a_new_version_is_published_only_when_the_page_is_published_again(client, published):
    year, _index, page = published
    before = text_of(client.get(page.url))
    world = year.world
    reappraise_report(world.report_b.pk, world.appraiser, reason="Nhầm số liệu.")
    from assessments.appraisal.decisions import approve_report

    approve_report(world.report_b.pk, world.appraiser)
    level = world.agency_a.level.code
    # Nothing changed in the answers: a new version needs a change; correct one more indicator first.
    from assessments.appraisal.decisions import decide
    from assessments.models import Verdict

    reappraise_report(world.report_a.pk, world.appraiser, reason="Thiếu tài liệu 1.2.")
    decide(
        world.report_a.pk,
        "1.2",
        verdict=Verdict.CORRECTED,
        typed={"a": Decimal(2), "b": Decimal(4)},
        reason="Chỉ 2 văn bản.",
        user=world.appraiser,
    )
    approve_report(world.report_a.pk, world.appraiser)
    snapshot = approve_cohort(world.period, level, world.appraiser, close_missing=True, reason="Sửa 1.2 của xã An.")
    assert snapshot.version == 2
    cache.clear()
    assert text_of(client.get(page.url)) == before

    page.save_revision().publish()
    page.refresh_from_db()
    assert snapshot.pk in page.snapshot_ids
    after = text_of(client.get(page.url))
    assert "Sửa 1.2 của xã An." in after
    assert "phiên bản 2" in after.lower()


def test_the_agency_page_shows_its_years_and_the_appraisers_reason(client, published):
    year, index, _page = published
    response = client.get(index.url + f"co-quan/{year.world.agency_b.code}/")
    assert response.status_code == 200
    text = text_of(response)
    assert year.world.agency_b.name in text
    assert "Không có văn bản ban hành kế hoạch." in text  # the correction's published reason
    assert "<svg" in response.content.decode()
    assert client.get(index.url + "co-quan/KHONG-CO/").status_code == 404
    assert client.get(index.url + "co-quan/%00/").status_code == 404  # a NUL byte PostgreSQL would refuse


def test_the_agency_page_reads_its_own_entries_not_every_agencys_snapshot(client, published):
    year, index, page = published
    client.get(page.url)  # the page's rankings and entries are made when first read
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(index.url + f"co-quan/{year.world.agency_b.code}/")
    assert response.status_code == 200
    assert year.world.agency_b.name in text_of(response)
    snapshot_reads = [q["sql"] for q in queries if 'FROM "assessments_resultsnapshot"' in q["sql"]]
    assert snapshot_reads and not [sql for sql in snapshot_reads if '"assessments_resultsnapshot"."data"' in sql]
    entries = [q["sql"] for q in queries if 'FROM "publications_publishedagencyresult"' in q["sql"]]
    assert len(entries) == 1 and year.world.agency_b.code in entries[0]


def test_the_districts_page_lists_its_communes_as_it_approved_them(client, published):
    year, _index, page = published
    district = year.world.appraiser_agency
    response = client.get(page.url + f"huyen/{district.code}/")
    assert response.status_code == 200
    assert year.world.agency_a.name in text_of(response)
    assert client.get(page.url + "huyen/KHONG-CO/").status_code == 404


def test_the_pdf_is_built_once_on_publication_and_its_digest_shown(client, published):
    _year, _index, page = published
    document = PublishedDocument.objects.get(page=page)
    response = client.get(reverse("publications:download", args=[page.year, "ket-qua.pdf"]))
    content = response.content
    assert response["Content-Type"] == "application/pdf"
    import hashlib

    assert hashlib.sha256(content).hexdigest() == document.sha256
    assert document.sha256 in client.get(page.url).content.decode()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Sở Nội vụ" in text and "100,00" in text
    page.save_revision().publish()  # nothing new approved: the same document, not another one
    assert PublishedDocument.objects.filter(page=page).count() == 1


def test_the_spreadsheets_hold_the_ranking_with_formulas_escaped(client, published):
    _year, _index, page = published
    xlsx = client.get(reverse("publications:download", args=[page.year, "xep-hang.xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    names = [row[4] for row in values[1:]]
    assert "'" + HOSTILE_NAME in names
    assert any(isinstance(row[-4], Decimal | float | int) for row in values[1:])
    scores = client.get(reverse("publications:download", args=[page.year, "diem-chi-so.csv"]))
    text = b"".join(scores.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert any(row[3] == "'" + HOSTILE_NAME for row in rows[1:])


def test_the_open_data_zip_holds_a_datapackage(client, published):
    _year, _index, page = published
    response = client.get(reverse("publications:download", args=[page.year, "du-lieu-mo.zip"]))
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "datapackage.json" in names
    assert any(name.startswith("answers-") for name in names)


def test_anonymous_visitors_get_a_cached_copy_purged_on_publication(client, published, django_assert_num_queries):
    _year, _index, page = published
    assert client.get(page.url)["X-Cache"] == "miss"
    with django_assert_num_queries(0):  # answered before routing: no site, no page lookup
        hit = client.get(page.url)
    assert hit["X-Cache"] == "hit"
    assert hit["Content-Security-Policy"] and hit["X-Frame-Options"] == "DENY"  # the headers every page gets
    client.force_login(year_user(published))
    assert "X-Cache" not in client.get(page.url)  # never for someone signed in
    client.logout()
    page.save_revision().publish()
    assert client.get(page.url)["X-Cache"] == "miss"


def year_user(published):
    return published[0].world.officer_a


def test_the_home_page_shows_the_latest_results(client, published, home_page):
    _year, _index, page = published
    text = text_of(client.get(home_page.url))
    assert "Sở Nội vụ" in text
    assert str(page.year) in text


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the first request of a test also fills Django's and Wagtail's own caches
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_run_the_same_queries_whatever_the_number_of_agencies(client, published):
    year, index, page = published
    agency_url = index.url + "co-quan/SO-NV/"
    district_url = page.url + f"huyen/{year.world.appraiser_agency.code}/"
    before = [_queries(client, url) for url in (page.url, agency_url, district_url)]

    bigger_version(year.departments, 40)
    bigger_version(year.district_communes, 40)
    page.save_revision().publish()
    page.refresh_from_db()
    after = [_queries(client, url) for url in (page.url, agency_url, district_url)]

    assert "Cơ quan 39" in text_of(client.get(page.url))  # the new version is the one shown
    assert after == before


def test_scheduled_publication_publishes_and_builds_the_document(client, published):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from publications.models import AnnualResultsPage

    _year, _index, page = published
    page.unpublish()
    PublishedDocument.objects.all().delete()
    go_live = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision(approved_go_live_at=go_live)
    call_command("publish_scheduled")
    assert not AnnualResultsPage.objects.get(pk=page.pk).live
    assert client.get(reverse("publications:download", args=[page.year, "xep-hang.csv"])).status_code == 404

    type(revision).objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    call_command("publish_scheduled")
    assert AnnualResultsPage.objects.get(pk=page.pk).live
    assert PublishedDocument.objects.filter(page=page).count() == 1
    assert client.get(reverse("publications:download", args=[page.year, "ket-qua.pdf"])).status_code == 200


def test_a_long_ranking_is_cut_into_pages(client, published, monkeypatch):
    from publications import tables

    year, _index, page = published
    monkeypatch.setattr(tables, "ROWS_PER_PAGE", 2)
    level = year.world.agency_a.level.code
    caption = year.world.agency_a.level.name

    first = client.get(page.url)
    assert len(table_rows(first, caption)) == 2
    assert "Trang 1/2" in text_of(first)
    second = client.get(page.url, {"nhom": level, "sap-xep": "hang", "trang": 2})
    names = [row[1] for row in table_rows(second, caption)]
    assert names[-1] == "UBND xã Cẩm Lộc" and len(names) == 2
    assert client.get(page.url, {"nhom": level, "trang": 3}).status_code == 404
    for forged in ("0", "abc", "99999999"):
        assert client.get(page.url, {"nhom": level, "trang": forged}).status_code == 400
