from django.apps import AppConfig


class Config(AppConfig):
    name = "samen.web.youth"
    label = "youth"
    default_auto_field = "django.db.models.BigAutoField"
