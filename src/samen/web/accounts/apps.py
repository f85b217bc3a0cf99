from django.apps import AppConfig


class Config(AppConfig):
    name = "samen.web.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Signal receivers: audit of authentication events, MFA activation, session clocks.
        from samen.web.accounts import auth_events, mfa, sessions  # noqa: F401
