from django.apps import AppConfig


class Config(AppConfig):
    name = "samen.web.careplans"
    label = "careplans"
    default_auto_field = "django.db.models.BigAutoField"
