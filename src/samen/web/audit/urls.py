app_name = "audit"
urlpatterns: list = []  # type: ignore[type-arg]
