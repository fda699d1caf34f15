from django.urls import path

from opencsc.plans import views

app_name = "plans"

urlpatterns = [
    path("cin/new/<int:episode_id>/", views.cin_plan_new, name="cin-plan-new"),
    path("cin/<int:plan_id>/", views.cin_plan_detail, name="cin-plan-detail"),
    path("cin/<int:plan_id>/end/", views.cin_plan_end_view, name="cin-plan-end"),
    path("cin/<int:plan_id>/reviews/new/", views.cin_plan_review_new, name="cin-plan-review-new"),
    # kind: "cp" (a child protection plan) or "cin" (a child in need plan).
    path("actions/<str:kind>/<int:plan_id>/new/", views.action_new, name="action-new"),
    path("actions/<int:action_id>/complete/", views.action_complete, name="action-complete"),
    path("visits/<int:child_id>/new/", views.visit_new, name="visit-new"),
    path("visits/<int:child_id>/", views.visit_list, name="visit-list"),
]
