"""Routes of the organisation admin pages (included under ``/org/``, namespace ``accounts``)."""

from django.urls import path

from samen.web.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.organisations, name="organisations"),
    path("<int:organisation_id>/members/new/", views.add_member, name="add_member"),
    path("<int:organisation_id>/members/<int:membership_id>/role/", views.change_role,
         name="change_role"),
    path("<int:organisation_id>/members/<int:membership_id>/deactivate/", views.deactivate,
         name="deactivate"),
]
