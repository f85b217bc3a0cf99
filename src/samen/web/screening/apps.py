from django.apps import AppConfig


class Config(AppConfig):
    name = "samen.web.screening"
    label = "screening"
    default_auto_field = "django.db.models.BigAutoField"
