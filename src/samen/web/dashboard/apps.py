from django.apps import AppConfig


class Config(AppConfig):
    name = "samen.web.dashboard"
    label = "dashboard"
    default_auto_field = "django.db.models.BigAutoField"
