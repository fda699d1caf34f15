from django.urls import path

from opencsc.protection import views

app_name = "protection"

urlpatterns = [
    path("children/<int:child_id>/strategy/new/", views.strategy_new, name="strategy-new"),
    path("strategy/<int:discussion_id>/", views.strategy_detail, name="strategy-detail"),
    path("enquiries/<int:enquiry_id>/", views.enquiry_detail, name="enquiry-detail"),
    path("enquiries/<int:enquiry_id>/edit/", views.enquiry_edit, name="enquiry-edit"),
    path(
        "enquiries/<int:enquiry_id>/complete/",
        views.enquiry_complete_view,
        name="enquiry-complete",
    ),
    path("children/<int:child_id>/conferences/new/", views.conference_new, name="conference-new"),
    path("conferences/<int:conference_id>/", views.conference_detail, name="conference-detail"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:plan_id>/end/", views.plan_end_view, name="plan-end"),
    path("plans/<int:plan_id>/core-groups/new/", views.core_group_new, name="core-group-new"),
    path(
        "children/<int:child_id>/emergency-powers/new/",
        views.emergency_power_new,
        name="emergency-power-new",
    ),
]
