app_name = "monitoring"
urlpatterns: list = []  # type: ignore[type-arg]
