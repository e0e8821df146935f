#!/usr/bin/env python
"""The national load test: two gunicorn app servers behind nginx on 127.0.0.1, locust headless.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_load python bench/load/run.py [rush|closed]

The database must hold the national data set (``manage.py generate_national_data``); the run changes
only the drafts of the period open today (their answers and versions) and the sessions. Steps:
collectstatic (production settings), the plan of who does what (bench/load/plan.py), a self-signed
certificate and nginx's configuration from deploy/nginx/portal.conf in a temporary folder, the app
servers (production settings, ``--pythonpath site portal.wsgi``, REDIS_URL for the cache), nginx,
then locust for a bounded time and number of requests. It stops by itself and prints, per action,
the requests, throughput, p50/p95 and errors, and the peak number of the database's connections
(pg_stat_activity sampled every half second).

``rush`` (the default): OFFICERS (270) officers of the first provinces, one per agency, autosaving every
20 s, and CITIZENS (60) people reading the results, through nginx and both app servers.
``closed``: SAVERS (8) officers saving back to back through nginx to ONE app server: the maximum saves
per second of an app server.

Settings (environment): WORKERS per app server (2), DURATION of the measured window in seconds (rush 120,
closed 30), MAX_REQUESTS (20000), LOGIN_TIMEOUT seconds allowed for the logins before it (300),
LOAD_PASSWORD (the generator's default), REDIS_URL (redis://127.0.0.1:6379/7), PORT of nginx (8443),
APP_PORTS (8701,8702), KEEP_TMP=1 keeps the temporary folder (configuration, logs, locust's CSV),
FLUSH_REDIS=1 empties the Redis database of REDIS_URL first (cold caches; only with a database of the test's own).
"""

from __future__ import annotations

import csv
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
MODE = sys.argv[1] if len(sys.argv) > 1 else "rush"
WORKERS = os.environ.get("WORKERS", "2")
PORT = int(os.environ.get("PORT", "8443"))
APP_PORTS = [int(port) for port in os.environ.get("APP_PORTS", "8701,8702").split(",")]
DURATION = int(os.environ.get("DURATION", "120" if MODE == "rush" else "30"))
LOGIN_TIMEOUT = int(os.environ.get("LOGIN_TIMEOUT", "300"))
MAX_REQUESTS = os.environ.get("MAX_REQUESTS", "20000")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7")
PASSWORD = os.environ.get("LOAD_PASSWORD", "tai-thu-quoc-gia-2853")


def fail(message: str) -> None:
    print(f"bench/load/run.py: {message}", file=sys.stderr)
    sys.exit(2)


def nginx_binary() -> str:
    """nginx, installed with apt-get where it is missing and this runs as root; else a clear refusal."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("nginx is missing: installing the Debian package nginx-light…")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-q", "nginx-light"], check=False, env=env)
        if Path("/usr/sbin/nginx").exists():
            return "/usr/sbin/nginx"
    fail("nginx is not installed: `sudo apt-get install nginx-light` (Debian), then run again.")
    raise AssertionError


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        fail("DATABASE_URL must name the PostgreSQL database holding the national data set.")
    name = urllib.parse.urlparse(url).path.lstrip("/")
    if name in ("", "test", "postgres"):
        fail(f"refusing database {name!r}: use a database of the load test's own (e.g. portal_load).")
    return url


def render_nginx(tmp: Path, static_root: Path, servers: list[int]) -> Path:
    """deploy/nginx/portal.conf with the test's values, in an nginx.conf of its own (pid, logs, temp files
    in the temporary folder, so it runs beside any system nginx)."""
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    template = (ROOT / "deploy" / "nginx" / "portal.conf").read_text(encoding="utf-8")
    values = {
        "@@UPSTREAM_SERVERS@@": " ".join(f"server 127.0.0.1:{port};" for port in servers),
        "@@LISTEN@@": f"127.0.0.1:{PORT} ssl",
        "@@SERVER_NAME@@": "127.0.0.1",
        "@@CERTIFICATE@@": str(tmp / "cert.pem"),
        "@@CERTIFICATE_KEY@@": str(tmp / "key.pem"),
        "@@STATIC_ROOT@@": f"{static_root}/",
    }
    for placeholder, value in values.items():
        template = template.replace(placeholder, value)
    if any("@@" in line.split("#")[0] for line in template.splitlines()):
        fail("deploy/nginx/portal.conf has a placeholder this script does not fill in.")
    (tmp / "portal.conf").write_text(template, encoding="utf-8")
    main = tmp / "nginx.conf"
    main.write_text(
        f"""worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    log_format timed '$msec $request_method $uri $status $request_time $upstream_response_time';
    access_log {tmp}/nginx-access.log timed;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    include {tmp}/portal.conf;
}}
""",
        encoding="utf-8",
    )
    return main


class ConnectionSampler(threading.Thread):
    """The peak of the database's connections (pg_stat_activity), sampled every half second."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.name_ = url, urllib.parse.urlparse(url).path.lstrip("/")
        self.peak, self.samples, self.running = 0, 0, True

    def run(self):
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            while self.running:
                row = connection.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    [self.name_],
                ).fetchone()
                self.peak, self.samples = max(self.peak, row[0]), self.samples + 1
                time.sleep(0.5)


def wait_for(url: str, seconds: float = 60) -> None:
    import requests
    import urllib3

    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # the test's self-signed certificate
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2, verify=False, allow_redirects=False).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    fail(f"{url} did not answer within {seconds:.0f} s (see the logs in the temporary folder, KEEP_TMP=1).")


def report(stats_csv: Path, peak: int, window: float) -> None:
    rows = list(csv.DictReader(stats_csv.open(encoding="utf-8")))
    print(f"\nmeasured window {window:.0f} s; peak PostgreSQL connections {peak}")
    print(f"{'action':<32} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>7}")
    for row in rows:
        if row["Name"].startswith("login"):
            continue
        requests_, failures = int(row["Request Count"]), int(row["Failure Count"])
        rate = requests_ / window if window else 0
        label = "all measured" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"{label:<32} {requests_:>8} {rate:>7.1f} {row['50%']:>7} {row['95%']:>7} {failures:>7}"
            + (f" ({failures / requests_:.1%})" if requests_ and failures else "")
        )
    failures_csv = stats_csv.with_name("locust_failures.csv")
    errors = list(csv.DictReader(failures_csv.open(encoding="utf-8"))) if failures_csv.exists() else []
    if errors:
        print("errors (action: what, how many):")
        for row in sorted(errors, key=lambda row: -int(row["Occurrences"]))[:12]:
            print(f"  {row['Name']}: {row['Error'][:150]} × {row['Occurrences']}")


# nginx's access log, grouped as the locustfile names the actions (the path's shape and the method).
ACTIONS = (
    (re.compile(r"^POST /bao-cao/\d+/nhom/"), "autosave a group"),
    (re.compile(r"^GET /bao-cao/\d+/nhom/"), "report group page"),
    (re.compile(r"^GET /bao-cao/$"), "dashboard"),
    (re.compile(r"^GET /api/"), "api (all)"),
    (re.compile(r"^GET /ket-qua/"), "results pages"),
    (re.compile(r"^GET /static/"), "static file"),
)


def server_side(access_log: Path, since: float, heading: str) -> None:
    """The same actions as nginx saw them from the window's opening: the time nginx took (TLS, queueing in
    the app server's backlog, the app) and the app servers' own time, without the load generator's."""
    times: dict[str, list[tuple[float, float]]] = {}
    for line in access_log.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 6 or float(parts[0]) < since:
            continue
        request = f"{parts[1]} {parts[2]}"
        label = next((name for pattern, name in ACTIONS if pattern.search(request)), None)
        if label is None:
            continue
        upstream = float(parts[5]) if parts[5] not in ("-", "") and "," not in parts[5] else 0.0
        times.setdefault(label, []).append((float(parts[4]), upstream))
    if not times:
        return
    print(f"{heading:<30} requests  nginx p50  nginx p95  app p50  app p95")
    for label, pairs in times.items():
        total = sorted(pair[0] for pair in pairs)
        app = sorted(pair[1] for pair in pairs)

        def at(values: list[float], share: float) -> int:
            return round(values[min(len(values) - 1, int(len(values) * share))] * 1000)

        print(
            f"  {label:<28} {len(pairs):>8} {at(total, 0.5):>10} {at(total, 0.95):>10}"
            f" {at(app, 0.5):>8} {at(app, 0.95):>8}"
        )


def main() -> None:
    if MODE not in ("rush", "closed"):
        fail("the mode is rush (the default) or closed.")
    url = database_url()
    nginx = nginx_binary()
    tmp = Path(tempfile.mkdtemp(prefix="portal-load-"))
    static_root = tmp / "static"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REDIS_URL": REDIS_URL,
        "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60"),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        "PYTHONPATH": f"{ROOT}:{ROOT / 'site'}",
    }
    processes: list[subprocess.Popen] = []
    sampler = ConnectionSampler(url)
    try:
        print(f"temporary folder {tmp}")
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        static_root = Path(
            subprocess.run(
                [PYTHON, "manage.py", "shell", "-c", "from django.conf import settings; print(settings.STATIC_ROOT)"],
                cwd=ROOT, env=env, check=True, capture_output=True, text=True,
            ).stdout.strip().splitlines()[-1]
        )  # fmt: skip
        officers = os.environ.get("OFFICERS", "270") if MODE == "rush" else os.environ.get("SAVERS", "8")
        plan = tmp / "plan.json"
        subprocess.run(
            [PYTHON, str(HERE / "plan.py"), str(plan)], cwd=ROOT, env={**env, "OFFICERS": officers}, check=True
        )
        servers = APP_PORTS if MODE == "rush" else APP_PORTS[:1]
        for port in servers:
            log = (tmp / f"gunicorn-{port}.log").open("w")
            processes.append(
                subprocess.Popen(
                    [PYTHON, "-m", "gunicorn", "--pythonpath", "site", "portal.wsgi", "-b", f"127.0.0.1:{port}",
                     "-w", WORKERS, "--log-level", "warning", "--timeout", "120"],
                    cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                )
            )  # fmt: skip
        config = render_nginx(tmp, static_root, servers)
        processes.append(subprocess.Popen([nginx, "-c", str(config), "-g", "daemon off;"], stderr=subprocess.STDOUT))
        for port in servers:
            wait_for(f"http://127.0.0.1:{port}/")
        base = f"https://127.0.0.1:{PORT}"
        wait_for(f"{base}/")
        users = ["Officer", "Citizen"] if MODE == "rush" else ["Saver"]
        counts = {
            "OFFICERS": officers if MODE == "rush" else "0",
            "CITIZENS": os.environ.get("CITIZENS", "60") if MODE == "rush" else "0",
            "SAVERS": officers if MODE == "closed" else "0",
        }
        total = sum(int(value) for value in counts.values())
        if os.environ.get("FLUSH_REDIS"):
            import redis

            # Cold caches: the results pages and the sessions of an earlier run are gone (only this database).
            redis.Redis.from_url(REDIS_URL).flushdb()
        sampler.start()
        started = time.monotonic()
        locust = subprocess.run(
            [PYTHON, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless", "--host", base,
             "-u", str(total), "-r", str(total), "-t", f"{LOGIN_TIMEOUT + DURATION}s", "--stop-timeout", "5",
             "--csv", str(tmp / "locust"), "--only-summary", "--loglevel", "WARNING", *users],
            cwd=ROOT,
            env={**env, **counts, "LOAD_PLAN": str(plan), "LOAD_PASSWORD": PASSWORD, "MAX_REQUESTS": MAX_REQUESTS,
                 "MEASURED_SECONDS": str(DURATION)},
            capture_output=True, text=True,
        )  # fmt: skip
        elapsed, ended = time.monotonic() - started, time.time()
        sampler.running = False
        output = locust.stdout + locust.stderr
        wanted = ("window open", "stopping", "measured")
        opened = [line for line in output.splitlines() if line.startswith(wanted) or "CPU usage" in line]
        print("\n".join(opened))
        window, opened_at = elapsed, ended - elapsed
        for line in output.splitlines():
            if line.startswith("measured window "):
                window = float(line.split()[2])
            if line.startswith("window open") and "(at " in line:
                opened_at = float(line.rsplit("(at ", 1)[1].rstrip(")"))
        print(f"mode {MODE}: {counts}, app servers {len(servers)} × {WORKERS} workers, locust ran {elapsed:.0f} s")
        report(tmp / "locust_stats.csv", sampler.peak, window)
        server_side(tmp / "nginx-access.log", opened_at, "as nginx saw them (ms):")
        if MODE == "rush":
            # Everyone opens the dashboard and the group in the first 20 s; after that, the steady autosaves.
            server_side(tmp / "nginx-access.log", opened_at + 25, "from 25 s into the window (ms):")
        if locust.returncode not in (0, 1):
            print(output[-3000:], file=sys.stderr)
    finally:
        sampler.running = False
        for process in processes:
            process.send_signal(signal.SIGTERM if process is not processes[-1] else signal.SIGQUIT)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if os.environ.get("KEEP_TMP"):
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
