"""``/fhir/``: FHIR R4 JSON endpoints (Questionnaire, QuestionnaireResponse, CarePlan).

The views module is imported on the first FHIR request, not with the URLconf: under pytest-django
(which puts ``src/samen/web`` on ``sys.path`` when it finds ``manage.py`` there, unless
``django_find_project = false``) this app's folder would shadow the ``fhir.resources`` package
for every test that merely loads the URLconf.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt


def _view(name: str) -> Callable[..., HttpResponse]:
    @csrf_exempt  # the FHIR views check CSRF themselves for session writes
    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from samen.web.fhir import views

        handler: Callable[..., HttpResponse] = getattr(views, name)
        return handler(request, *args, **kwargs)

    view.__name__ = name
    return view


app_name = "fhir"
urlpatterns = [
    path("Questionnaire", _view("questionnaire_search"), name="questionnaire-search"),
    path("Questionnaire/<str:resource_id>", _view("questionnaire_read"),
         name="questionnaire-read"),
    path("QuestionnaireResponse", _view("questionnaire_response_create"),
         name="questionnaire-response-create"),
    path("QuestionnaireResponse/<str:resource_id>", _view("questionnaire_response_read"),
         name="questionnaire-response-read"),
    path("CarePlan/<str:resource_id>", _view("care_plan_read"), name="care-plan-read"),
    re_path(r"^.*$", _view("not_found"), name="not-found"),
]
