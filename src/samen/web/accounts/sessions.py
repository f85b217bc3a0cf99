"""Session limits enforced on the server: an idle limit and an absolute lifetime.

Both are timestamps kept in the session itself (database-backed), so a stolen cookie is worth
nothing after the limit whatever the browser does. A session past either limit is ended with
``logout`` (its server-side row is deleted) and the request goes on as anonymous, so pages send
it to the sign-in page as usual.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _

SIGNED_IN_AT = "samen_signed_in_at"
SEEN_AT = "samen_seen_at"
# The last-seen time is written at most once a minute, so not every request rewrites the session.
SEEN_RESOLUTION_SECONDS = 60


@receiver(user_logged_in)
def _start_clock(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now


def expired(session: Any, now: float) -> bool:
    """Whether a session's idle limit or absolute lifetime has passed at ``now``."""
    started = session.get(SIGNED_IN_AT)
    seen = session.get(SEEN_AT, started)
    if started is None:
        return False
    return bool(now - started > settings.SAMEN_SESSION_ABSOLUTE_SECONDS
                or now - seen > settings.SAMEN_SESSION_IDLE_SECONDS)


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            if expired(session, now):
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
            elif SIGNED_IN_AT not in session:  # a session from before these limits existed
                session[SIGNED_IN_AT] = session[SEEN_AT] = now
            elif now - session.get(SEEN_AT, 0) >= SEEN_RESOLUTION_SECONDS:
                session[SEEN_AT] = now
        return self.get_response(request)
