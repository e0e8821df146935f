#!/usr/bin/env python
"""50 officers saving drafts at once, against gunicorn and PostgreSQL on 127.0.0.1.

`make bench-load` (or `python bench/load_report_saves.py`). It creates a
database of its own (`portal_bench_load` on the PostgreSQL server of
BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres),
loads the demo, gives 50 agencies an officer and an open report, starts
gunicorn, and for DURATION seconds each officer saves group 1 of its report
through the same POST the form's autosave sends. It stops by itself and prints
p50/p95 latency and the error rate, then drops the database.
"""

import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
OFFICERS = int(os.environ.get("OFFICERS", "50"))
DURATION = float(os.environ.get("DURATION", "20"))
PORT = int(os.environ.get("PORT", "8765"))
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE = "portal_bench_load"
PASSWORD = "tai-thu-" + secrets.token_hex(4)


def psql(sql: str) -> None:
    subprocess.run(["psql", SERVER, "-q", "-c", sql], check=True, capture_output=True)


def manage(*args: str, env: dict) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


SETUP = """
from django.contrib.auth import get_user_model
from assessments.models import Agency, AgencyLevel, ReportingPeriod, Report, RoleAssignment
from django.utils import timezone
now = timezone.now()
# The communes' period open today (the demo places its reports there).
period = ReportingPeriod.objects.get(levels__code="commune", opens_at__lte=now, submission_deadline__gte=now)
level = AgencyLevel.objects.get(code="commune")
for number in range({count}):
    # Agencies of their own: the demo's reports include submitted ones, which refuse changes.
    agency = Agency.objects.create(code=f"LOAD-{{number}}", name=f"UBND xã tải thử {{number}}", level=level,
                                   year_from=2025)
    user = get_user_model().objects.create_user(f"load{{number}}", password="{password}")
    RoleAssignment.objects.create(user=user, role="officer", agency=agency)
    report = Report.objects.create(period=period, agency=agency)
    print(f"{{user.username}} {{report.pk}}")
"""


def officer(username: str, report_id: int, base: str, stop: float, results: list, lock: threading.Lock) -> None:
    try:
        saves(username, report_id, base, stop, results, lock)
    except Exception as error:  # a failed officer counts as an error; the run goes on
        with lock:
            results.append((0.0, False))
            print(f"{username}: {error!r}", file=sys.stderr)


def saves(username: str, report_id: int, base: str, stop: float, results: list, lock: threading.Lock) -> None:
    session = requests.Session()
    login = session.get(f"{base}/dang-nhap/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    session.post(f"{base}/dang-nhap/", data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
    page = session.get(f"{base}/bao-cao/{report_id}/nhom/1/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    version = int(re.search(r'name="version" value="(\d+)"', page.text).group(1))
    count = 0
    while time.monotonic() < stop:
        count += 1
        data = {
            "csrfmiddlewaretoken": token,
            "version": version,
            "1.1__value": "yes" if count % 2 else "no",
            "1.2__a": str(count % 7),
            "1.2__b": "7",
            "1.3__value": str(count % 5),
        }
        start = time.monotonic()
        try:
            response = session.post(
                f"{base}/bao-cao/{report_id}/nhom/1/",
                data=data,
                headers={"X-Requested-With": "fetch", "Referer": base},
                timeout=30,
            )
            ok = response.status_code == 200
            if ok:
                version = response.json()["version"]
        except requests.RequestException:
            ok = False
        with lock:
            results.append((time.monotonic() - start, ok))


def main() -> None:
    psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(f"CREATE DATABASE {DATABASE}")
    url = SERVER.rsplit("/", 1)[0] + f"/{DATABASE}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.settings.dev", "DB_CONN_MAX_AGE": "60"}
    server = None
    try:
        manage("migrate", "--noinput", env=env)
        manage("load_demo_content", env=env)
        output = manage("shell", "-c", SETUP.format(count=OFFICERS, password=PASSWORD), env=env)
        officers = [(name, int(report)) for name, report in re.findall(r"^(load\d+) (\d+)$", output, re.M)]
        workers = str(int(os.environ.get("WORKERS", "4")))
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--pythonpath",
                "site",
                "portal.wsgi",
                "-b",
                f"127.0.0.1:{PORT}",
                "-w",
                workers,
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{PORT}"
        for _ in range(100):
            try:
                requests.get(f"{base}/dang-nhap/", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        results: list = []
        lock = threading.Lock()
        stop = time.monotonic() + DURATION
        threads = [
            threading.Thread(target=officer, args=(name, report, base, stop, results, lock))
            for name, report in officers
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        latencies = sorted(seconds for seconds, _ in results)
        errors = sum(1 for _, ok in results if not ok)
        print(f"officers {OFFICERS}, gunicorn workers {workers}, {DURATION:.0f} s, {len(results)} saves")
        p95 = latencies[int(len(latencies) * 0.95)]
        print(f"p50 {statistics.median(latencies) * 1000:.0f} ms   p95 {p95 * 1000:.0f} ms")
        print(f"errors {errors} ({errors / len(results):.2%})")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    main()
