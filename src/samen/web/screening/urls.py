app_name = "screening"
urlpatterns: list = []  # type: ignore[type-arg]
