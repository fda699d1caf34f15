"""The health, missing and wellbeing pages' URL patterns, joined into care/urls.py."""

from django.urls import path

from opencsc.care.views import health

health_urlpatterns: list = [
    path("health/<int:child_id>/new/", health.health_new, name="health-new"),
    path("health/<int:child_id>/sdq/new/", health.sdq_new, name="sdq-new"),
    path("health/<int:child_id>/convictions/new/", health.conviction_new, name="conviction-new"),
    path("health/<int:child_id>/substance-misuse/new/", health.substance_new, name="substance-new"),
    path("health/<int:child_id>/missing/new/", health.missing_new, name="missing-new"),
    path("missing/<int:missing_id>/return/", health.missing_return, name="missing-return"),
    path("health/<int:child_id>/", health.health_summary, name="health-summary"),
]
