"""The annual results page with 30, 300 and 3,000 agencies in a cohort (ratios measured in this one run):

- its SQL queries, uncached (must be the same for every size);
- its uncached render time for an anonymous visitor (the cache cleared before each request, outside the
  timed window) against the home page's, rendered the same way in the same state; the design's target is
  within 3×. The table shows ``ROWS_PER_PAGE`` (300) agencies a page, so 30 and 300 whole, 3,000 in pages.
  The home page shows the latest results' leaders, so it is also measured once before any results are
  published ("plain home");
- a cached anonymous hit through gunicorn against a static file served by the same gunicorn (WhiteNoise),
  with production settings, one worker and its local-memory cache; the target is within 2×;
- the peak Python memory (tracemalloc) of streaming every indicator score as CSV (``stream_indicator_csv``)
  for 100,000 rows against 10,000 rows: it must be flat.

The page shows one province-wide cohort of synthetic approved snapshots (5 groups × 4 indicators, shaped
like tests/data/results-snapshot-department.json, one agency in fifty not reported) compared with the same
cohort the year before, as a real page from the second published year is. Each size is a new approved
version of both years, published again. Set-up (snapshots, pages and their PDFs, collectstatic, server
start, the warming request) stays outside the timed windows.
"""

import datetime
import gc
import http.client
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from assessments.models import Agency, AgencyLevel, PeriodKind, ReportingPeriod, ResultSnapshot
from assessments.results.snapshots import digest
from bench.bench_report_save import criteria_page
from bench.timing import count_queries
from home.demo_content import load_demo_content as load_site
from home.models import DecisionPage, HomePage
from publications.models import AnnualResultsPage, ResultsIndexPage
from publications.spreadsheets import PublishedCohort, stream_indicator_csv
from publications.tables import ROWS_PER_PAGE

ROOT = Path(__file__).resolve().parent.parent
SIZES = (30, 300, 3_000)
YEAR = 2030
GROUPS = ("Môi trường chính sách", "Nhân lực số", "Hạ tầng số", "Chính quyền số", "An toàn thông tin mạng")
PER_GROUP = 4
INDICATOR_MAX = 50
BANDS = ((900, "Xuất sắc"), (750, "Tốt"), (600, "Khá"), (400, "Trung bình"), (0, "Yếu"))
RENDERS = {30: 20, 300: 10, 3_000: 5}  # uncached renders timed per size (after one unmeasured)
REQUESTS = 300  # requests of each kind timed through gunicorn
STATIC = "/static/css/portal.css"
CSV_ROWS = (10_000, 100_000)


# --- synthetic snapshots ----------------------------------------------------------------------------------------


def criteria() -> dict:
    return {
        "title": "Bộ tiêu chí đánh giá đối với UBND cấp xã (bench)",
        "revision": 1,
        "groups": [
            {
                "code": str(g),
                "title": title,
                "max_points": str(INDICATOR_MAX * PER_GROUP),
                "indicators": [
                    {
                        "code": f"{g}.{i}",
                        "title": f"Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến, chỉ số {g}.{i}",
                        "max_points": str(INDICATOR_MAX),
                        "method": "RATIO",
                    }
                    for i in range(1, PER_GROUP + 1)
                ],
            }
            for g, title in enumerate(GROUPS, start=1)
        ],
    }


def _ranked_entry(code: str, name: str, groups: list, rng: random.Random, number: int) -> dict:
    indicators, group_scores = {}, {}
    for group in groups:
        group_total = Decimal(0)
        for item in group["indicators"]:
            score = Decimal(rng.randrange(0, INDICATOR_MAX * 100 + 1)) / 100
            indicators[item["code"]] = {"score": f"{score:.2f}", "not_applicable": False, "pending": False}
            group_total += score
        group_scores[group["code"]] = {"score": f"{group_total:.2f}", "max": f"{group['max_points']}.00"}
    total = sum(Decimal(g["score"]) for g in group_scores.values())
    maximum = INDICATOR_MAX * PER_GROUP * len(groups)
    changes = {}
    if number % 20 == 0:  # an appraiser's correction, with its reason, now and then
        changes["1.1"] = {
            "self_score": str(INDICATOR_MAX),
            "appraised_score": indicators["1.1"]["score"],
            "reason": "Tài liệu kiểm chứng không thể hiện nội dung đã kê khai; điều chỉnh theo số liệu đối chiếu.",
            "by": "Thẩm định viên Sở Khoa học và Công nghệ",
            "at": "2030-11-22T16:59:59+00:00",
        }
    return {
        "code": code,
        "name": name,
        "standing": "ranked",
        "rank": None,
        "scores": {
            "indicators": indicators,
            "groups": group_scores,
            "total": f"{total:.2f}",
            "max_applicable": f"{maximum}.00",
            "index": f"{total / maximum:.4f}",
            "band": next(band for floor, band in BANDS if total >= floor),
        },
        "answers": {i["code"]: {"a": str(rng.randrange(0, 63)), "b": "62"} for g in groups for i in g["indicators"]},
        "changes": changes,
        "submitted_at": "2030-11-13T16:59:59+00:00",
        "late": False,
    }


def synthetic_data(count: int, year: int, missing_every: int = 50) -> dict:
    """A cohort of ``count`` communes, ranked by total (equal totals share a rank); one in
    ``missing_every`` did not report (0: every one reported)."""
    rng = random.Random(count * 10_000 + year)
    shape = criteria()
    agencies = []
    for number in range(1, count + 1):
        code, name = f"X-{number:05d}", f"UBND xã Thạch Lạc {number}"
        if missing_every and number % missing_every == 0:
            agencies.append({"code": code, "name": name, "standing": "not_reported", "rank": None, "scores": None})
        else:
            agencies.append(_ranked_entry(code, name, shape["groups"], rng, number))
    ranked = sorted((a for a in agencies if a["scores"]), key=lambda a: (-Decimal(a["scores"]["total"]), a["name"]))
    for position, entry in enumerate(ranked, start=1):
        same = position > 1 and ranked[position - 2]["scores"]["total"] == entry["scores"]["total"]
        entry["rank"] = ranked[position - 2]["rank"] if same else position
    return {
        "level": "bench-commune",
        "minmax": {},
        "agencies": ranked + [a for a in agencies if not a["scores"]],
        "period": {"year": year, "kind": "annual", "id": 0},
        "within": None,
        "criteria": shape,
    }


def snapshot(period: ReportingPeriod, level: AgencyLevel, approver: Agency, count: int, version: int):
    data = synthetic_data(count, period.year)
    return ResultSnapshot.objects.create(
        period=period,
        level=level,
        version=version,
        criteria_revision=period.criteria_revision,
        approving_agency=approver,
        approved_at=timezone.now(),
        reason="" if version == 1 else f"Phiên bản {version}: {count} cơ quan.",
        data=data,
        sha256=digest(data),
    )


# --- pages ------------------------------------------------------------------------------------------------------


def periods(decision: DecisionPage, level: AgencyLevel) -> list[ReportingPeriod]:
    """The previous year's and this year's annual periods (their criteria revision only pins the snapshots)."""
    page = criteria_page(decision, level, PER_GROUP * len(GROUPS), name="results")
    page.refresh_from_db()  # its live revision, as stored
    made = []
    for year in (YEAR - 1, YEAR):
        deadline = datetime.datetime(year, 12, 15, 23, 59, tzinfo=datetime.UTC)
        period = ReportingPeriod.objects.create(
            year=year,
            kind=PeriodKind.ANNUAL,
            criteria_set=page,
            criteria_revision=page.live_revision,
            opens_at=deadline - datetime.timedelta(days=60),
            data_start=datetime.date(year - 1, 11, 10),
            data_end=datetime.date(year, 11, 10),
            submission_deadline=deadline,
        )
        period.levels.set([level])
        made.append(period)
    return made


def publish(index: ResultsIndexPage, year: int) -> AnnualResultsPage:
    """The year's page, published again (or for the first time) with the latest approved versions."""
    page = AnnualResultsPage.objects.filter(year=year).first()
    if page is None:
        page = AnnualResultsPage(title=f"Kết quả đánh giá năm {year}", slug=str(year), year=year)
        index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


# --- measuring --------------------------------------------------------------------------------------------------


def uncached_seconds(client: Client, url: str, repeat: int) -> float:
    """Median time of an anonymous GET with the cache emptied first (outside the timed window)."""
    samples = []
    for run in range(repeat + 1):
        cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
        if run:  # the first is unmeasured
            samples.append(elapsed)
    return statistics.median(samples)


def uncached_queries(client: Client, url: str) -> int:
    cache.clear()
    return count_queries(lambda: client.get(url))


def cached_queries(client: Client, url: str) -> int:
    """What a cached hit still queries: Wagtail finds the page before the page's serve() asks the cache."""
    client.get(url)  # the copy the cache keeps
    responses = []
    queries = count_queries(lambda: responses.append(client.get(url)))
    assert responses[0]["X-Cache"] == "hit"
    return queries


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env() -> dict:
    """Production settings on the bench's database (PORTAL_VAR_DIR or DATABASE_URL, as run.py set them),
    over plain HTTP; the cache is local memory (no REDIS_URL), so one worker serves every request."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "bench-only-" + secrets.token_hex(16),
        "SECURE_SSL_REDIRECT": "false",
    }
    env.pop("REDIS_URL", None)
    return env


def collectstatic(env: dict) -> None:
    """Hashed, compressed static files in STATIC_ROOT, as a deployment has them (WhiteNoise indexes them at start)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )


@contextmanager
def gunicorn(env: dict) -> Iterator[int]:
    port = free_port()
    command = ["gunicorn", "--pythonpath", "site", "portal.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"]
    server = subprocess.Popen(
        [sys.executable, "-m", *command, "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(150):
            try:
                get(http.client.HTTPConnection("127.0.0.1", port, timeout=5), STATIC)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def get(connection: http.client.HTTPConnection, path: str) -> http.client.HTTPResponse:
    """A GET read to the end; the connection is reused when the server keeps it open, reopened when not."""
    connection.request("GET", path)
    response = connection.getresponse()
    response.body = response.read()
    assert response.status == 200, (path, response.status)
    return response


def served_seconds(port: int, paths: tuple[str, ...], repeat: int) -> dict[str, float]:
    """Median time of a GET of each path, the paths taken in turn so drift touches them alike."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    samples: dict[str, list[float]] = {path: [] for path in paths}
    for _ in range(repeat):
        for path in paths:
            start = time.perf_counter()
            get(connection, path)
            samples[path].append(time.perf_counter() - start)
    connection.close()
    return {path: statistics.median(times) for path, times in samples.items()}


def csv_peak(rows: int) -> tuple[int, int]:
    """Peak memory allocated while the indicator CSV of ``rows`` rows is consumed, and the lines it had.

    The snapshot's data is built before tracing starts: the download holds the snapshots anyway; what
    must not grow with the rows is what streaming them adds.
    """
    agencies = rows // (PER_GROUP * len(GROUPS))
    cohort = PublishedCohort(year=YEAR, title="UBND cấp xã", data=synthetic_data(agencies, YEAR, missing_every=0))
    gc.collect()
    tracemalloc.start()
    lines = 0
    for piece in stream_indicator_csv([cohort]):
        lines += piece.count("\n")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, lines


# --- the run ----------------------------------------------------------------------------------------------------


def run() -> None:
    load_site()
    client = Client(SERVER_NAME="localhost")
    plain_home = uncached_seconds(client, "/", RENDERS[30])
    plain_queries = uncached_queries(client, "/")

    decision = DecisionPage.objects.get(number="2853/QĐ-UBND")
    level = AgencyLevel.objects.create(code="bench-commune", name="UBND cấp xã (bench)", order=90)
    province = AgencyLevel.objects.create(code="bench-tinh", name="Cấp tỉnh")
    approver = Agency.objects.create(code="BENCH-SO", name="Sở Khoa học và Công nghệ (bench)", level=province)
    previous_period, period = periods(decision, level)
    index = ResultsIndexPage(title="Kết quả đánh giá", slug="ket-qua")
    HomePage.objects.first().add_child(instance=index)
    index.save_revision().publish()
    env = server_env()
    collectstatic(env)

    renders, served = [], []
    for version, count in enumerate(SIZES, start=1):
        snapshot(previous_period, level, approver, count, version)
        snapshot(period, level, approver, count, version)
        publish(index, YEAR - 1)
        page = publish(index, YEAR)
        url = page.url
        response = client.get(url)
        assert response.status_code == 200
        listed = response.content.decode().count('<th scope="row"><a href=')  # the ranking's rows link agencies
        assert listed == min(count, ROWS_PER_PAGE), "the first page of the ranking is listed"

        queries = uncached_queries(client, url)
        results = uncached_seconds(client, url, RENDERS[count])
        home = uncached_seconds(client, "/", RENDERS[count])
        renders.append((count, queries, cached_queries(client, url), uncached_queries(client, "/"), results, home))

        with gunicorn(env) as port:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            warm = get(connection, url)  # builds the copy the cache keeps (a miss)
            hit = get(connection, url)
            assert (warm.getheader("X-Cache"), hit.getheader("X-Cache")) == ("miss", "hit")
            connection.close()
            times = served_seconds(port, (url, STATIC), REQUESTS)
        served.append((count, len(hit.body), hit.getheader("Connection") or "keep-alive", times[url], times[STATIC]))

    print(
        f"uncached, anonymous, cache cleared before each request; plain home (before any results): "
        f"{plain_queries} queries, {plain_home * 1000:.2f} ms"
    )
    print(
        f"{'agencies':>9}{'queries':>9}{'hit q':>7}{'home q':>8}{'results ms':>12}{'home ms':>10}{'× home':>8}"
        f"{'× plain':>9}"
    )
    for count, queries, hit_queries, home_queries, results, home in renders:
        print(
            f"{count:>9,}{queries:>9}{hit_queries:>7}{home_queries:>8}{results * 1000:>12.2f}{home * 1000:>10.2f}"
            f"{results / home:>8.1f}{results / plain_home:>9.1f}"
        )

    print(f"\ngunicorn, 1 sync worker, production settings, {REQUESTS} requests of each; static file {STATIC}")
    print(f"{'agencies':>9}{'page KB':>9}{'connection':>12}{'cached hit ms':>15}{'static ms':>11}{'× static':>10}")
    for count, size, connection_header, page_seconds, static_seconds in served:
        print(
            f"{count:>9,}{size / 1024:>9.0f}{connection_header:>12}{page_seconds * 1000:>15.2f}"
            f"{static_seconds * 1000:>11.2f}{page_seconds / static_seconds:>10.1f}"
        )

    print("\nstream_indicator_csv, peak Python memory while consuming it (tracemalloc)")
    print(f"{'rows':>9}{'lines':>9}{'peak KiB':>10}")
    peaks = {}
    for rows in CSV_ROWS:
        peaks[rows], lines = csv_peak(rows)
        assert lines == rows + 1, (rows, lines)  # the header and one line per agency × indicator
        print(f"{rows:>9,}{lines:>9,}{peaks[rows] / 1024:>10.1f}")
    small, large = CSV_ROWS
    print(f"ratio {large:,} / {small:,} rows: {peaks[large] / peaks[small]:.2f} (rows ×{large // small})")
