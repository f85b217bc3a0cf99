app_name = "careplans"
urlpatterns: list = []  # type: ignore[type-arg]
