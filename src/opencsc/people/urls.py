from django.urls import path

from opencsc.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_search, name="person-search"),
    path("new/", views.person_new, name="person-new"),
    path("<int:pk>/", views.person_detail, name="person-detail"),
    path("<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("<int:pk>/merge/", views.person_merge, name="person-merge"),
    path("<int:pk>/access-log/", views.person_access_log, name="person-access-log"),
    path("<int:pk>/relationships/new/", views.relationship_new, name="relationship-new"),
    path("<int:pk>/addresses/new/", views.address_new, name="address-new"),
    path("<int:pk>/professionals/new/", views.professional_new, name="professional-new"),
]
