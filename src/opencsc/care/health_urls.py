"""The health, missing and wellbeing pages' URL patterns, joined into care/urls.py."""

health_urlpatterns: list = []
