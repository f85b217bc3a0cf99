"""URL configuration: one include per app. Every route is covered by the access tests."""

from django.urls import include, path

urlpatterns = [
    path("", include("samen.web.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("samen.web.accounts.urls")),
    path("youth/", include("samen.web.youth.urls")),
    path("audit/", include("samen.web.audit.urls")),
    path("screening/", include("samen.web.screening.urls")),
    path("monitoring/", include("samen.web.monitoring.urls")),
    path("careplans/", include("samen.web.careplans.urls")),
    path("alerts/", include("samen.web.alerts.urls")),
    path("dashboard/", include("samen.web.dashboard.urls")),
    path("api/v1/", include("samen.web.api.urls")),
    path("fhir/", include("samen.web.fhir.urls")),
    path("privacy/", include("samen.web.privacy.urls")),
]

# A body too large answers 413, an unreachable database 503 (see core/errors.py).
handler400 = "samen.web.core.errors.bad_request"
handler500 = "samen.web.core.errors.server_error"
