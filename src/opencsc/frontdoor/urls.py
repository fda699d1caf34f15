from django.urls import path

from opencsc.frontdoor import views

app_name = "frontdoor"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("contacts/new/", views.contact_new, name="contact-new"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact-detail"),
    path("contacts/<int:pk>/information/", views.contact_information, name="contact-information"),
    path("contacts/<int:pk>/decision/", views.contact_decide, name="contact-decide"),
    path("contacts/<int:pk>/handover/", views.contact_handover, name="contact-handover"),
    path("early-help/<int:pk>/", views.earlyhelp_detail, name="earlyhelp-detail"),
    path("early-help/<int:pk>/update/", views.earlyhelp_update, name="earlyhelp-update"),
    path("early-help/<int:pk>/step-up/", views.earlyhelp_step_up, name="earlyhelp-step-up"),
]
