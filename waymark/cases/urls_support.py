"""URLs for the support pages (see views_support.py)."""

from django.urls import path

from . import views_support

urlpatterns = [
    path("cases/<int:pk>/support/new/", views_support.start_episode, name="support-episode-add"),
    path("cases/<int:pk>/support/<int:episode_pk>/", views_support.episode_detail, name="support-episode"),
    path("cases/<int:pk>/support/<int:episode_pk>/change/", views_support.edit_episode, name="support-episode-edit"),
    path("cases/<int:pk>/support/<int:episode_pk>/end/", views_support.end_episode, name="support-episode-end"),
    path(
        "cases/<int:pk>/support/<int:episode_pk>/feedback/new/",
        views_support.add_feedback,
        name="support-feedback-add",
    ),
]
