"""Routes of the weekly follow-up (included under ``/monitoring/``, namespace ``monitoring``)."""

from django.urls import path

from samen.web.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("import/", views.import_absence, name="import"),
    path("<int:young_person_id>/", views.timeline, name="timeline"),
    path("<int:young_person_id>/timeline.svg", views.timeline_chart, name="timeline_chart"),
    path("<int:young_person_id>/week/", views.log_week, name="log_week"),
]
