from django.urls import path

from opencsc.legal import views

app_name = "legal"

urlpatterns = [
    path("children/<int:child_id>/meetings/new/", views.meeting_new, name="meeting-new"),
    path("pre-proceedings/<int:plo_id>/", views.plo_detail, name="plo-detail"),
    path("pre-proceedings/<int:plo_id>/edit/", views.plo_edit, name="plo-edit"),
    path("pre-proceedings/<int:plo_id>/reviews/new/", views.plo_review_new, name="plo-review-new"),
    path("pre-proceedings/<int:plo_id>/end/", views.plo_end, name="plo-end"),
    path("children/<int:child_id>/proceedings/new/", views.proceedings_new, name="proceedings-new"),
    path("proceedings/<int:proceedings_id>/", views.proceedings_detail, name="proceedings-detail"),
    path("proceedings/<int:proceedings_id>/hearings/new/", views.hearing_new, name="hearing-new"),
    path("children/<int:child_id>/orders/new/", views.order_new, name="order-new"),
    path("tracker/", views.tracker, name="tracker"),
]
