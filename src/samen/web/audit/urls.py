"""Routes of the audit app (included under ``/audit/`` with namespace ``audit``)."""

from django.urls import path

from samen.web.audit import auditor_views, views

app_name = "audit"
urlpatterns = [
    path("<int:young_person_id>/", views.access_log, name="log"),
    path("emergency/", auditor_views.emergency_list, name="emergency"),
    path("export/", auditor_views.export, name="export"),
]
