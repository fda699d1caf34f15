from django.urls import path  # noqa: F401  (the pages are added by the views)

app_name = "care"

urlpatterns: list = []
