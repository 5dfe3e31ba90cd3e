"""URLs for people: a person's page, matching, merging and the review queue (see views.py)."""

from django.urls import path  # noqa: F401

app_name = "people"

urlpatterns: list = []  # type: ignore[type-arg]
