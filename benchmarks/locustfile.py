"""The load test's users: parents, coordinators, clinicians, policy officers and API clients.

Started by ``benchmarks/load_test.py``, which seeds the database, signs the logins in through the
real login form and hands their cookies and tokens over in the JSON file ``$SAMEN_LOAD_LOGINS``.
Each request is named ``page <what>``, ``post <what>`` or ``api <what>``: the report groups by that
word and holds pages and posts to the page target, API reads to the API target.

A response counts as a failure when its status is not the expected one, or when a page answers
with the login form (a lost session would otherwise look like a fast, successful page).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from datetime import date, datetime, timedelta
from typing import Any

from locust import HttpUser, between, task

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_THINK = [float(s) for s in os.environ.get("SAMEN_LOAD_THINK", "1,5").split(",")]
THINK_TIME = between(_THINK[0], _THINK[1])
"""Seconds a user waits between requests (``--think``): 1-5 s by default, a person reading a page
or filling in a field before the next click; 50 users then ask about 15 requests a second."""

_LOGINS: dict[str, Any] = json.loads(
    open(os.environ["SAMEN_LOAD_LOGINS"], encoding="utf-8").read()  # noqa: SIM115
)
_NEXT = {role: itertools.count() for role in ("parent", "school_coordinator", "clinician",
                                               "policy_officer", "api")}


def _next_login(role: str) -> dict[str, Any]:
    """The logins of a role, handed out round-robin (several load users may share a session)."""
    pool = _LOGINS["tokens"] if role == "api" else [
        login for login in _LOGINS["sessions"] if login["role"] == role]
    return dict(pool[next(_NEXT[role]) % len(pool)])


def this_monday() -> date:
    today = datetime.now().astimezone().date()  # the machine's local day, as the server's
    return today - timedelta(days=today.weekday())


class _Session(HttpUser):
    abstract = True
    wait_time = THINK_TIME
    role = ""

    def on_start(self) -> None:
        self.login = _next_login(self.role)
        for name, value in self.login["cookies"].items():
            self.client.cookies.set(name, value, domain="127.0.0.1")

    def record(self) -> int:
        return int(random.choice(self.login["records"]))  # noqa: S311 -- not a secret

    def page(self, path: str, name: str) -> str:
        with self.client.get(path, name=f"page {name}", allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif 'name="password"' in response.text:
                response.failure("answered with the login form")
            return str(response.text)


class Parent(_Session):
    weight = 20
    role = "parent"

    @task(3)
    def home(self) -> None:
        self.page("/", "home")

    @task(3)
    def record_page(self) -> None:
        self.page(f"/youth/{self.record()}/", "record")

    @task(1)
    def questionnaire(self) -> None:
        self.page(f"/screening/{self.record()}/fill/{self.login['assignment_id']}/",
                  "questionnaire form")

    @task(2)
    def week_entry(self) -> None:
        person = self.record()
        form = self.page(f"/monitoring/{person}/week/", "week form")
        token = CSRF_FIELD.search(form)
        if token is None:
            return  # the GET is already counted as a failure
        stayed_in = random.random() < 0.5  # noqa: S311 -- not a secret
        data = {
            "csrfmiddlewaretoken": token.group(1), "week_start": this_monday().isoformat(),
            "days_out": "1" if stayed_in else "5", "room_bound": "yes" if stayed_in else "no",
            "participation_days": "0" if stayed_in else "4",
            "impairment": "yes" if stayed_in else "no", "note": "",
        }
        with self.client.post(f"/monitoring/{person}/week/", data=data, name="post week entry",
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"status {response.status_code}: the week was not saved")


class Coordinator(_Session):
    weight = 10
    role = "school_coordinator"

    @task(3)
    def home(self) -> None:
        self.page("/", "home")

    @task(3)
    def record_page(self) -> None:
        self.page(f"/youth/{self.record()}/", "record")

    @task(2)
    def plan(self) -> None:
        self.page(f"/careplans/{self.record()}/", "plan")

    @task(1)
    def alerts(self) -> None:
        self.page("/alerts/", "alerts")


class Clinician(_Session):
    weight = 8
    role = "clinician"

    @task(3)
    def record_page(self) -> None:
        self.page(f"/youth/{self.record()}/", "record")

    @task(2)
    def timeline(self) -> None:
        self.page(f"/monitoring/{self.record()}/", "episode timeline")

    @task(2)
    def plan(self) -> None:
        self.page(f"/careplans/{self.record()}/", "plan")


class PolicyOfficer(_Session):
    weight = 2
    role = "policy_officer"

    @task
    def dashboard(self) -> None:
        self.page("/dashboard/", "dashboard")


class ApiClient(HttpUser):
    weight = 10
    wait_time = THINK_TIME

    def on_start(self) -> None:
        self.login = _next_login("api")
        self.client.headers["Authorization"] = f"Bearer {self.login['token']}"

    def read(self, path: str, name: str) -> None:
        with self.client.get(f"/api/v1{path}", name=f"api {name}", allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

    def record(self) -> int:
        return int(random.choice(self.login["records"]))  # noqa: S311 -- not a secret

    @task(1)
    def record_list(self) -> None:
        self.read("/young-people", "record list")

    @task(2)
    def one_record(self) -> None:
        self.read(f"/young-people/{self.record()}", "record")

    @task(2)
    def scores(self) -> None:
        self.read(f"/young-people/{self.record()}/responses", "scores")
