app_name = "fhir"
urlpatterns: list = []  # type: ignore[type-arg]
