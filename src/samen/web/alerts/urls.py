app_name = "alerts"
urlpatterns: list = []  # type: ignore[type-arg]
