app_name = "youth"
urlpatterns: list = []  # type: ignore[type-arg]
