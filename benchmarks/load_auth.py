"""Sign a load login in as a person would: the login form, then a TOTP code if MFA asks for one."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time

import requests

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MFA_STEP = "/accounts/2fa/authenticate/"
TIMEOUT = 30


def totp(secret: str, at: float | None = None, *, period: int = 30, digits: int = 6) -> str:
    """The RFC 6238 code of a base32 ``secret`` (HMAC-SHA1, 30-second steps, as authenticator
    apps and allauth use)."""
    counter = int((time.time() if at is None else at) // period)
    key = base64.b32decode(secret, casefold=True)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10 ** digits:0{digits}d}"


def _post_form(session: requests.Session, url: str, data: dict[str, str]) -> requests.Response:
    page = session.get(url, timeout=TIMEOUT)
    page.raise_for_status()
    token = CSRF_FIELD.search(page.text)
    if token is None:
        raise RuntimeError(f"no CSRF field on {url}")
    return session.post(url, data={"csrfmiddlewaretoken": token.group(1), **data},
                        headers={"Referer": url}, timeout=TIMEOUT)


def sign_in(base: str, username: str, password: str,
            totp_secret: str = "") -> tuple[dict[str, str], bool]:
    """The cookies of a signed-in session of ``username`` and whether MFA asked for a code;
    raises when sign-in fails."""
    session = requests.Session()
    reply = _post_form(session, f"{base}/accounts/login/",
                       {"login": username, "password": password})
    asked = reply.url.startswith(f"{base}{MFA_STEP}")
    if asked:
        if not totp_secret:
            raise RuntimeError(f"{username}: MFA asked for a code, but the login has no TOTP")
        reply = _post_form(session, f"{base}{MFA_STEP}", {"code": totp(totp_secret)})
    home = session.get(f"{base}/", timeout=TIMEOUT, allow_redirects=False)
    if home.status_code != 200:
        raise RuntimeError(f"{username}: not signed in (home answered {home.status_code}, "
                           f"last step {reply.url} {reply.status_code})")
    return {name: value or "" for name, value in session.cookies.items()}, asked
