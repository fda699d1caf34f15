from django.urls import path

from opencsc.assessments import views

app_name = "assessments"

urlpatterns = [
    path("<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("<int:pk>/edit/", views.assessment_edit, name="assessment-edit"),
    path("<int:pk>/child-seen/", views.assessment_child_seen_view, name="assessment-child-seen"),
    path("<int:pk>/submit/", views.assessment_submit_view, name="assessment-submit"),
    path("<int:pk>/review/", views.assessment_review, name="assessment-review"),
    path("<int:pk>/update/", views.assessment_update_start, name="assessment-update-start"),
    # Needs "assessments:assessment-start" in accounts/policy.py (SOCIAL_WORK) to be reachable.
    path("episodes/<int:episode_id>/start/", views.assessment_start_view, name="assessment-start"),
]
