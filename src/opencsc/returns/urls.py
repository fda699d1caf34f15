from django.urls import path

from opencsc.returns import views

app_name = "returns"

urlpatterns = [
    path("", views.returns_index, name="index"),
    path("runs/new/", views.run_new, name="run-new"),
    path("runs/<int:run_id>/", views.run_detail, name="run-detail"),
    path("runs/<int:run_id>/download/", views.run_download, name="run-download"),
]
