"""Response headers every dynamic page gets."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every page the application itself answers (ASVS 14.3.2).

    Nearly every page shows a young person's data or depends on who asks; no browser or proxy
    should keep a copy. Static files never reach this middleware (WhiteNoise answers them before
    it), so they stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):  # a view's own choice stands
            add_never_cache_headers(response)
        return response
