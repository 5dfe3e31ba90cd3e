"""Governance URLs for the monthly briefing (views_briefings.py): joined into waymark.governance.urls
(names carry their section's prefix)."""

from django.urls import path

from . import views_briefings as views

urlpatterns = [
    path("briefings/", views.briefing_list, name="briefing-list"),
    path("briefings/new/", views.briefing_add, name="briefing-add"),
    path("briefings/<int:pk>/", views.briefing_detail, name="briefing-detail"),
    path("briefings/<int:pk>/edit/", views.briefing_edit, name="briefing-edit"),
    path("briefings/<int:pk>/send/", views.briefing_send, name="briefing-send"),
]
