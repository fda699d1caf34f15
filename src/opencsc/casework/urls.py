from django.urls import path

from opencsc.casework import episode_views, views

app_name = "casework"

urlpatterns = [
    path("children/<int:child_id>/chronology/", views.chronology, name="chronology"),
    path("children/<int:child_id>/notes/new/", views.note_new, name="note-new"),
    path("notes/<int:pk>/addendum/", views.note_addendum, name="note-addendum"),
    path("children/<int:child_id>/oversight/new/", views.oversight_new, name="oversight-new"),
    path("children/<int:child_id>/supervision/new/", views.supervision_new, name="supervision-new"),
    path("children/<int:child_id>/allocation/", views.allocation_new, name="allocation-new"),
    path("children/<int:child_id>/changes/new/", views.change_new, name="change-new"),
    # Closing an episode: written with the front door (casework/episode_views.py).
    path("episodes/<int:pk>/close/", episode_views.episode_close, name="episode-close"),
]
