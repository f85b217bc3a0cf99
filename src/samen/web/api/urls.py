"""``/api/v1/``: the token page (a normal Django view) first, then the ninja API, then a JSON 404.

The API's patterns are placed straight into this app's namespace (``api``), so the ninja API's
``urls_namespace="api"`` resolves its own names (``api:api-root``, ``api:openapi-json``). Each is
wrapped so that ninja's plain-text 405 answers with the API's error body too.
"""

from django.urls import URLPattern, URLResolver, path, re_path

from samen.web.api import views
from samen.web.api.api import api


def _with_json_405(entry: URLPattern | URLResolver) -> URLPattern | URLResolver:
    if not isinstance(entry, URLPattern):
        return entry
    return URLPattern(entry.pattern, views.json_method_not_allowed(entry.callback),
                      entry.default_args, entry.name)


app_name = "api"
urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke", views.revoke, name="revoke"),
    *(_with_json_405(entry) for entry in api.urls[0]),
    re_path(r"^.*$", views.not_found, name="not-found"),
]
