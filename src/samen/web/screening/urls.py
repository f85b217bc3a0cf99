"""Routes of the screening app (included under ``/screening/``, namespace ``screening``)."""

from django.urls import path

from samen.web.screening import views

app_name = "screening"
urlpatterns = [
    path("<int:young_person_id>/", views.history, name="history"),
    path("<int:young_person_id>/assign/", views.assign, name="assign"),
    path("<int:young_person_id>/fill/<int:assignment_id>/", views.fill, name="fill"),
    path("<int:young_person_id>/enter/<slug:instrument_id>/", views.enter, name="enter"),
    path("<int:young_person_id>/chart/<slug:instrument_id>.svg", views.chart, name="chart"),
    path("<int:young_person_id>/response/<int:response_id>/", views.response_detail,
         name="response"),
]
