"""Browser protection on every page (issue 5, point 2; checklist HDR-01..03, SES-06, CFG-01).

The pages come from the permission matrix's own table (every route with a GET, filled with our
region's objects), so a new page is checked as soon as the matrix knows it. For each member of the
cast who may open a page, the HTML answer must carry the Content-Security-Policy without inline
script, refuse framing, not sniff, keep the referrer in the site, not be stored by caches, load
scripts and styles from this site only, and protect every POST form with a CSRF token. Every web
form that changes something is then sent without a token and must be refused.

What only holds behind TLS (HSTS, secure cookies, ``manage.py check --deploy`` without warnings)
is checked in a child process started with ``SAMEN_TLS=true``, because the settings read it once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from django.http import HttpResponseBase

from samen.web.testing import SamenClient
from tests.web import test_permission_matrix as matrix
from tests.web.matrix_fixtures import MatrixTestCase
from tests.web.test_permission_matrix import GET, OK, Cell

VISITORS = ("jet", "paul", "carla", "wout", "clara", "petra", "ad")
ALLOWED_PAST_ACCESS = {200, 201, 302, 400, 409, 422}


class PageParts(HTMLParser):
    """The scripts, stylesheets and POST forms of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.inline_scripts = 0
        self.script_sources: list[str] = []
        self.style_sources: list[str] = []
        self.inline_handlers: list[str] = []
        self.post_forms = 0
        self.post_forms_with_token = 0
        self._in_post_form = False
        self._form_has_token = False
        self._in_script = False
        self._script_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.inline_handlers += [name for name in values if name.startswith("on")]
        if tag == "script":
            if "src" in values:
                self.script_sources.append(values["src"])
            elif values.get("type", "") not in ("application/json", "application/ld+json"):
                self._in_script, self._script_text = True, ""
        elif tag == "link" and "stylesheet" in values.get("rel", ""):
            self.style_sources.append(values.get("href", ""))
        elif tag == "form" and values.get("method", "get").lower() == "post":
            self._in_post_form, self._form_has_token = True, False
            self.post_forms += 1
        elif (tag == "input" and self._in_post_form
              and values.get("name") == "csrfmiddlewaretoken" and values.get("value")):
            self._form_has_token = True

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self._script_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script:
            self._in_script = False
            if self._script_text.strip():
                self.inline_scripts += 1
        elif tag == "form" and self._in_post_form:
            self._in_post_form = False
            self.post_forms_with_token += int(self._form_has_token)


def policy(response: HttpResponseBase) -> dict[str, list[str]]:
    """The Content-Security-Policy header as directive -> sources."""
    directives: dict[str, list[str]] = {}
    for part in response.headers.get("Content-Security-Policy", "").split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def same_site(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


class BrowserProtectionTest(MatrixTestCase):
    # The matrix's own way of listing and filling routes; borrowed, not inherited, so that the
    # matrix's tests do not run twice.
    cells = matrix.PermissionMatrixTest.cells
    fill = matrix.PermissionMatrixTest.fill
    cell = matrix.PermissionMatrixTest.cell
    send = matrix.PermissionMatrixTest.send

    def web_cells(self, method: str) -> list[Cell]:
        cells, problems = self.cells()
        self.assertEqual(problems, [])
        return [c for c in cells if c.method == method and c.which in ("own", "-")
                and not c.route.startswith(("api:", "fhir:"))]

    def problems_of(self, response: HttpResponseBase) -> list[str]:
        problems = []
        csp = policy(response)
        if csp.get("default-src") != ["'self'"]:
            problems.append(f"default-src is {csp.get('default-src')}")
        scripts = csp.get("script-src", csp.get("default-src", []))
        if "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts or not scripts:
            problems.append(f"script-src is {scripts}")
        if csp.get("frame-ancestors") != ["'none'"]:
            problems.append(f"frame-ancestors is {csp.get('frame-ancestors')}")
        expected_headers = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
                            "Referrer-Policy": "same-origin"}
        for header, value in expected_headers.items():
            if response.headers.get(header) != value:
                problems.append(f"{header} is {response.headers.get(header)!r}")
        if "no-store" not in response.headers.get("Cache-Control", ""):
            problems.append(f"Cache-Control is {response.headers.get('Cache-Control')!r}")
        page = PageParts()
        page.feed(response.content.decode())
        if page.inline_scripts:
            problems.append(f"{page.inline_scripts} inline script(s)")
        if page.inline_handlers:
            problems.append(f"inline event handlers {sorted(set(page.inline_handlers))}")
        foreign = [u for u in page.script_sources + page.style_sources if not same_site(u)]
        if foreign:
            problems.append(f"scripts or styles from elsewhere: {foreign}")
        if page.post_forms != page.post_forms_with_token:
            problems.append(f"{page.post_forms - page.post_forms_with_token} of "
                            f"{page.post_forms} POST forms without a CSRF token")
        return problems

    maxDiff = None

    def test_every_page_carries_the_protections(self) -> None:
        cells = self.web_cells(GET)
        self.assertGreater(len(cells), 25)
        problems: list[str] = []
        checked: set[str] = set()
        for name in VISITORS:
            self.login(getattr(self, name))
            for cell in cells:
                response = self.send(cell)
                if response.status_code != OK or "text/html" not in response["Content-Type"]:
                    continue
                checked.add(cell.route)
                problems += [f"{name} {cell.url}: {p}" for p in self.problems_of(response)]
            self.client.logout()
        self.assertEqual(problems, [])
        # Most pages open for someone in the cast; the rest (e.g. the other region's) stay 404.
        self.assertGreater(len(checked), 20)

    def test_the_sign_in_page_too(self) -> None:
        response = self.client.get("/accounts/login/")
        self.assertEqual(response.status_code, OK)
        self.assertEqual(self.problems_of(response), [])
        self.assertNotIn("Secure", str(response.cookies.get("csrftoken", "")))  # no TLS here

    def test_a_form_sent_without_its_csrf_token_is_refused(self) -> None:
        cells = self.web_cells("post")
        self.assertGreater(len(cells), 10)
        guarded: list[str] = []
        for cell in cells:
            allowed = [n for n in VISITORS if cell.expect.status(n, cell.which)
                       in ALLOWED_PAST_ACCESS]
            if not allowed:
                continue
            client = SamenClient(enforce_csrf_checks=True)
            client.force_login(getattr(self, allowed[0]))
            without = client.post(cell.url, cell.body or {})
            self.assertEqual(without.status_code, 403, f"{cell.route} as {allowed[0]}")
            guarded.append(cell.route)
        self.assertGreater(len(guarded), 10)


TLS_CHECK = """
import django; django.setup()
from django.core.management import call_command
from django.test import Client
call_command("check", "--deploy", "--fail-level", "WARNING")
response = Client().get("/accounts/login/", secure=True)
print("STATUS", response.status_code)
print("HSTS", response.headers.get("Strict-Transport-Security"))
cookie = response.cookies["__Host-csrftoken"]  # the __Host- prefix: Secure, path /, no Domain
print("CSRF-SECURE", bool(cookie["secure"]), cookie["path"], cookie["domain"] or "-")
print("REDIRECT", Client().get("/accounts/login/").status_code)
"""


def test_behind_tls_hsts_secure_cookies_and_a_clean_deploy_check(tmp_path: Path) -> None:
    # As a deployment would run: not the test database, and without the async-safety switch the
    # browser tests set in this process.
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(SAMEN_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="samen.web.settings",
               SAMEN_TLS="true", SAMEN_SECRET_KEY="x" * 60 + "-synthetic-test-key-only",
               SAMEN_ALLOWED_HOSTS="testserver")
    result = subprocess.run([sys.executable, "-c", TLS_CHECK], capture_output=True, text=True,
                            timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert lines["STATUS"] == "200"
    assert lines["HSTS"] == "max-age=31536000; includeSubDomains"
    assert lines["CSRF-SECURE"] == "True / -"
    assert lines["REDIRECT"] == "301"  # plain HTTP is sent to HTTPS
