"""The people of the load test (bench/load/run.py starts them; docs/performance.md says what they model).

* ``Citizen``: reads the published results (the year's page, the index, an agency's page) and the
  results API (years, a year, a cohort, an agency), with a few seconds of reading between pages; and
  a static file now and then, the yardstick of the cached pages.
* ``Officer``: one per agency of the deadline rush. Logs in, then waits until every officer has logged
  in; the statistics are reset at that moment, so logins stay outside the measured window. Then opens
  the dashboard and the report's group, and autosaves the group every 20 seconds, as the form does
  (static/js/report-form.js: the form's fields, ``X-Requested-With: fetch``, the version from the last
  answer), alternating between two versions of the answers so each save changes something.
* ``Saver``: the closed loop: logs in the same way, then saves again as soon as the answer comes.

Each simulated person starts at a random moment of its first 20 seconds, so the saves spread as a
room of people's do instead of arriving in one wave every 20 seconds.

The plan (LOAD_PLAN, written by bench/load/plan.py) names the accounts, reports and pages; the
password is LOAD_PASSWORD. MAX_REQUESTS stops the run after that many measured requests.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

import gevent
import urllib3
from gevent.event import Event
from locust import HttpUser, between, constant, events, task

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # the test's self-signed certificate

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
PASSWORD = os.environ["LOAD_PASSWORD"]
AUTOSAVE_SECONDS = float(os.environ.get("AUTOSAVE_SECONDS", "20"))
MAX_REQUESTS = int(os.environ.get("MAX_REQUESTS", "0"))
MEASURED_SECONDS = float(os.environ.get("MEASURED_SECONDS", "0"))
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')

# Officers are handed out in the plan's order, one per simulated person.
_officers = iter(PLAN["officers"])
# Set once every officer has logged in: the measured window opens then.
window_open = Event()
state = {"expected": 0, "logged_in": 0, "login_failures": 0, "measured": 0, "opened": 0.0}


@events.test_start.add_listener
def _expect(environment, **kwargs):
    """How many people log in before the window opens (the officers and savers the run spawns)."""
    classes = {cls.__name__ for cls in environment.user_classes}
    state["expected"] = sum(
        int(os.environ.get(name, "0")) for name in ("OFFICERS", "SAVERS") if name.title()[:-1] in classes
    )
    if state["expected"] <= 0:
        _open_window(environment)


def _logged_in(environment, ok: bool) -> None:
    state["logged_in"] += 1
    state["login_failures"] += 0 if ok else 1
    if state["logged_in"] >= state["expected"] and not window_open.is_set():
        _open_window(environment)


def _open_window(environment) -> None:
    environment.stats.reset_all()
    state["opened"] = time.monotonic()
    print(
        f"window open: {state['logged_in']} logged in, {state['login_failures']} login failures (at {time.time():.3f})",
        flush=True,
    )
    window_open.set()
    if MEASURED_SECONDS and environment.runner is not None:
        gevent.spawn_later(MEASURED_SECONDS, _stop, environment, f"{MEASURED_SECONDS:.0f} s measured")


def _stop(environment, why: str) -> None:
    from locust.runners import STATE_STOPPED, STATE_STOPPING

    runner = environment.runner
    if runner is not None and runner.state not in (STATE_STOPPING, STATE_STOPPED):
        print(f"stopping: {why}", flush=True)
        runner.quit()


@events.quitting.add_listener
def _window(environment, **kwargs):
    if state["opened"]:
        print(f"measured window {time.monotonic() - state['opened']:.1f} s", flush=True)


@events.request.add_listener
def _bounded(name, exception, **kwargs):
    """Stops the run after MAX_REQUESTS measured requests, whatever the time left."""
    if not window_open.is_set() or not MAX_REQUESTS:
        return
    state["measured"] += 1
    if state["measured"] == MAX_REQUESTS:
        gevent.spawn(_stop, _environment, f"{MAX_REQUESTS} measured requests")


_environment = None


@events.init.add_listener
def _keep(environment, **kwargs):
    global _environment
    _environment = environment


class Citizen(HttpUser):
    wait_time = between(3, 12)
    fixed_count = int(os.environ.get("CITIZENS", "0"))

    def on_start(self):
        self.client.verify = False
        window_open.wait()
        gevent.sleep(random.uniform(0, 10))
        self.citizens = PLAN["citizens"]

    @task(6)
    def results_page(self):
        self.client.get(self.citizens["pages"][0], name="results page (latest year)")

    @task(2)
    def earlier_results_page(self):
        self.client.get(random.choice(self.citizens["pages"]), name="results page (any year)")

    @task(2)
    def api_year(self):
        self.client.get(f"/api/ket-qua/{self.citizens['year']}/", name="api: year")

    @task(3)
    def api_cohort(self):
        cohort = random.choice(self.citizens["cohorts"])
        self.client.get(f"/api/ket-qua/{self.citizens['year']}/{cohort}/", name="api: cohort ranking")

    @task(2)
    def api_agency(self):
        self.client.get(f"/api/ket-qua/co-quan/{random.choice(self.citizens['agencies'])}/", name="api: agency")

    @task(1)
    def api_years(self):
        self.client.get("/api/ket-qua/", name="api: years")

    @task(1)
    def static_file(self):
        self.client.get(self.citizens["static"], name="static file")


class _Signed(HttpUser):
    abstract = True

    def on_start(self):
        self.client.verify = False
        self.officer = next(_officers, None)
        ok = self.officer is not None and self._login()
        _logged_in(self.environment, ok)
        window_open.wait()
        if not ok:
            self.stop(force=True)
            return
        self.edits = itertools.cycle(self.officer["forms"])
        self.group_url = f"/bao-cao/{self.officer['report']}/nhom/{self.officer['group']}/"

    def _login(self) -> bool:
        page = self.client.get("/dang-nhap/", name="login (not measured)")
        token = TOKEN.search(page.text)
        if token is None:
            return False
        response = self.client.post(
            "/dang-nhap/",
            data={"csrfmiddlewaretoken": token.group(1), "username": self.officer["username"], "password": PASSWORD},
            headers={"Referer": f"{self.host}/dang-nhap/"},
            name="login (not measured)",
            allow_redirects=False,
        )
        return response.status_code == 302

    def open_group(self) -> None:
        page = self.client.get(self.group_url, name="report group page")
        token, version = TOKEN.search(page.text), VERSION.search(page.text)
        self.token = token.group(1) if token else ""
        self.version = version.group(1) if version else "0"

    def autosave(self) -> None:
        data = {"csrfmiddlewaretoken": [self.token], "version": [self.version], **next(self.edits)}
        with self.client.post(
            self.group_url,
            data=data,
            headers={"X-Requested-With": "fetch", "Referer": f"{self.host}{self.group_url}"},
            name="autosave a group",
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                self.version = str(response.json()["version"])
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")


class Officer(_Signed):
    """A person at the deadline: the dashboard, the group, then an autosave every 20 seconds."""

    wait_time = constant(AUTOSAVE_SECONDS)
    fixed_count = int(os.environ.get("OFFICERS", "0"))

    def on_start(self):
        super().on_start()
        gevent.sleep(random.uniform(0, AUTOSAVE_SECONDS))
        self.client.get("/bao-cao/", name="dashboard")
        self.open_group()

    @task
    def save(self):
        self.autosave()


class Saver(_Signed):
    """The closed loop: saves again as soon as the last save is answered."""

    wait_time = constant(0)
    fixed_count = int(os.environ.get("SAVERS", "0"))

    def on_start(self):
        super().on_start()
        self.open_group()

    @task
    def save(self):
        self.autosave()
