from django.urls import path

from opencsc.care import views
from opencsc.care.health_urls import health_urlpatterns

app_name = "care"

urlpatterns = [
    path("start/<int:child_id>/", views.period_start, name="period-start"),
    path("periods/<int:period_id>/", views.period_detail, name="period-detail"),
    path("periods/<int:period_id>/change/", views.change, name="change"),
    path("periods/<int:period_id>/end/", views.period_end, name="period-end"),
    path("periods/<int:period_id>/reviews/new/", views.review_new, name="review-new"),
    path(
        "periods/<int:period_id>/iro-contacts/new/", views.iro_contact_new, name="iro-contact-new"
    ),
    path("periods/<int:period_id>/care-plans/new/", views.care_plan_new, name="care-plan-new"),
    path("periods/<int:period_id>/pwp-reviews/new/", views.pwp_review_new, name="pwp-review-new"),
    path("reviews-due/", views.reviews_due, name="reviews-due"),
    *health_urlpatterns,
]
