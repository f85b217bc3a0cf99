"""The policy dashboard's routes (policy officers only; 404 for everyone else)."""

from django.urls import path

from samen.web.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("trend.svg", views.trend_chart, name="trend_chart"),
    path("export.csv", views.export_csv, name="export"),
    path("scenarios/", views.scenario_list, name="scenarios"),
    path("scenarios/<int:pk>/", views.scenario_detail, name="scenario"),
    path("scenarios/<int:pk>/chart.svg", views.scenario_chart, name="scenario_chart"),
]
