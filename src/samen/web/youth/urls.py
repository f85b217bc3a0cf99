"""Routes of the youth app (included under ``/youth/`` with namespace ``youth``)."""

from django.urls import path

from samen.web.youth import emergency_views, views

app_name = "youth"
urlpatterns = [
    path("", views.record_list, name="list"),
    path("new/", views.start_team, name="start"),
    path("<int:young_person_id>/", views.overview, name="overview"),
    path("<int:young_person_id>/consent/", views.consent, name="consent"),
    path("<int:young_person_id>/team/", views.team, name="team"),
    path("emergency/", emergency_views.emergency, name="emergency"),
    path("emergency/<int:emergency_id>/end/", emergency_views.end_emergency,
         name="emergency_end"),
]
