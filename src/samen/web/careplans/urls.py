from django.urls import path

from samen.web.careplans import views

app_name = "careplans"
urlpatterns = [
    path("<int:young_person_id>/", views.plan, name="plan"),
    path("<int:young_person_id>/profile/", views.profile, name="profile"),
    path("<int:young_person_id>/actions/new/", views.action_add, name="action_add"),
    path("<int:young_person_id>/actions/<int:pk>/", views.action_edit, name="action_edit"),
    path("<int:young_person_id>/actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("<int:young_person_id>/goals/new/", views.goal_add, name="goal_add"),
    path("<int:young_person_id>/goals/<int:pk>/", views.goal_edit, name="goal_edit"),
    path("<int:young_person_id>/goals/<int:pk>/done/", views.goal_done, name="goal_done"),
]
