app_name = "accounts"
urlpatterns: list = []  # type: ignore[type-arg]
