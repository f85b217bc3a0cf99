from django.apps import AppConfig


class Config(AppConfig):
    name = "samen.web.fhir"
    label = "fhir"
    default_auto_field = "django.db.models.BigAutoField"
