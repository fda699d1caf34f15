from django.urls import path

from opencsc.insight import views

app_name = "insight"

urlpatterns = [
    path("", views.my_worklist, name="my-worklist"),
    path("team/", views.team_worklist, name="team-worklist"),
]
