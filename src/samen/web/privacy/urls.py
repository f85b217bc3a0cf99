"""Routes of the privacy app (included under ``/privacy/`` with namespace ``privacy``)."""

from django.urls import path

from samen.web.privacy import views

app_name = "privacy"
urlpatterns = [
    path("<int:young_person_id>/", views.index, name="index"),
    path("<int:young_person_id>/export.json", views.export_json, name="export_json"),
    path("<int:young_person_id>/export.fhir.json", views.export_fhir, name="export_fhir"),
    path("<int:young_person_id>/erasure/", views.erasure, name="erasure"),
    path("<int:young_person_id>/erasure/decide/", views.decide, name="decide"),
]
