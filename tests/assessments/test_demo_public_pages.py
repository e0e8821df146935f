"""The demo's public pages as a citizen reads them: Vietnamese throughout, honest about illustrative criteria,
a reporting calendar drawn from the periods, and links to this portal's own login page."""

import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import Page

from assessments.models import CriteriaSetPage, ReportingPeriod
from home.models import GuidancePage

pytestmark = pytest.mark.django_db

DECISION = "/van-ban/quyet-dinh-2853-qd-ubnd-2021/"
CALENDAR = "/huong-dan/lich-bao-cao/"
# Words of English prose that Vietnamese text does not use (Vietnamese has "to" and "in", so they are left out).
ENGLISH = re.compile(
    r"\b(the|and|of|with|from|are|was|were|this|that|these|which|uses|only|each|when|not|note|source|text|page|"
    r"illustrative|scan|scanned|copy|appendix|appendices|indicators?|department|official|restored)\b",
    re.IGNORECASE,
)


def soup_of(client, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def english_on(soup: BeautifulSoup) -> list[str]:
    """Texts and accessible labels of a page that read as English."""
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    texts = [text.strip() for text in soup.find_all(string=True)]
    texts += [
        tag[name]
        for tag in soup.find_all(True)
        for name in ("aria-label", "title", "alt", "placeholder")
        if tag.get(name)
    ]
    return [text for text in texts if text and ENGLISH.search(text)]


def test_the_public_pages_are_in_vietnamese_and_the_criteria_say_they_are_illustrative(client, demo_content):
    paths = [page.url for page in Page.objects.live().specific() if page.url]
    assert DECISION in paths and CALENDAR in paths
    for path in [*paths, "/tim-kiem/?q=ha+tinh", "/dang-nhap/"]:
        assert english_on(soup_of(client, path)) == [], path

    # The decision's note on its source is in Vietnamese and says the appendices are not published.
    note = soup_of(client, DECISION).select_one("aside.callout")
    assert "bản quét" in note.get_text() and "minh họa" in note.get_text()

    # Each of the four illustrative sets says so, at the top of its page.
    sets = CriteriaSetPage.objects.live()
    assert sets.count() == 4
    for criteria_set in sets:
        assert "chỉ mang tính minh họa" in criteria_set.notice
        warning = soup_of(client, criteria_set.url).select_one(".criteria-set__header .warning-text")
        assert warning is not None, criteria_set.url
        assert "chỉ mang tính minh họa" in warning.get_text()


def test_the_calendar_page_is_drawn_from_the_periods_and_guidance_links_to_the_portal(client, demo_content):
    page = GuidancePage.objects.get(slug="lich-bao-cao")
    kinds = [child.block_type for child in page.body]
    # Editorial text stays; the hand-typed table is gone, the calendar of this year and the next replaces it.
    assert "table" not in kinds
    assert kinds.count("reporting_calendar") == 2
    assert kinds.count("rich_text") >= 3

    soup = soup_of(client, CALENDAR)
    calendars = soup.select(".reporting-calendar")
    year = timezone.localdate().year
    assert [calendar.caption.get_text(strip=True) for calendar in calendars] == [
        f"Các kỳ báo cáo năm {year}",
        f"Các kỳ báo cáo năm {year + 1}",
    ]
    rows = [
        [" ".join(cell.get_text(" ").split()) for cell in row.find_all(["th", "td"])]
        for calendar in calendars
        for row in calendar.tbody("tr")
    ]
    # Every deadline on the page is a period's deadline, and every period of the two years is on the page.
    periods = ReportingPeriod.objects.filter(year__in=[year, year + 1])
    deadlines = {row[3] for row in rows}
    assert deadlines == {timezone.localtime(p.submission_deadline).strftime("%H:%M %d/%m/%Y") for p in periods}
    # The demo always has a period open today (its reports are in it), and the calendar marks it.
    now = timezone.now()
    open_now = periods.filter(opens_at__lte=now, submission_deadline__gte=now)
    assert open_now.exists()
    open_deadlines = {timezone.localtime(p.submission_deadline).strftime("%H:%M %d/%m/%Y") for p in open_now}
    assert {row[3] for row in rows if row[4] == "Đang mở"} == open_deadlines

    # Guidance sends people to this portal's login page, never to another site to report.
    for guidance in GuidancePage.objects.live():
        links = [a["href"] for a in soup_of(client, guidance.url).select("main a[href]")]
        assert not [href for href in links if "hatinh.gov.vn" in href], guidance.url
    how_to = [a["href"] for a in soup_of(client, "/huong-dan/huong-dan-bao-cao/").select("article a[href]")]
    assert "/dang-nhap/" in how_to
    assert client.get("/dang-nhap/").status_code == 200
