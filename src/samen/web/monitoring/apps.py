from django.apps import AppConfig


class Config(AppConfig):
    name = "samen.web.monitoring"
    label = "monitoring"
    default_auto_field = "django.db.models.BigAutoField"
