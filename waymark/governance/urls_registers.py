"""Governance URLs for registers: joined into waymark.governance.urls (names carry their section's prefix)."""

from django.urls import path  # noqa: F401 - used as the pages arrive

urlpatterns: list = []
