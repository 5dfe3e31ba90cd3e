"""Governance URLs for groups: joined into waymark.governance.urls (names carry their section's prefix).
The group pages, the structure, scheduling meetings and the rota, and the calendar feeds."""

from django.urls import path

from . import views_groups

urlpatterns = [
    path("groups/", views_groups.group_list, name="group-list"),
    path("groups/structure/", views_groups.group_structure, name="group-structure"),
    path("groups/new/", views_groups.group_add, name="group-add"),
    path("groups/<int:pk>/", views_groups.group_detail, name="group-detail"),
    path("groups/<int:pk>/edit/", views_groups.group_edit, name="group-edit"),
    path("groups/<int:pk>/terms-of-reference/", views_groups.group_document, name="group-document"),
    path("groups/<int:pk>/members/new/", views_groups.group_member_add, name="group-member-add"),
    path("groups/members/<int:pk>/remove/", views_groups.group_member_remove, name="group-member-remove"),
    path(
        "groups/members/<int:pk>/representatives/new/",
        views_groups.group_representative_add,
        name="group-representative-add",
    ),
    path(
        "groups/representatives/<int:pk>/remove/",
        views_groups.group_representative_remove,
        name="group-representative-remove",
    ),
    path("groups/<int:pk>/schedule/", views_groups.group_schedule, name="group-schedule"),
    path("groups/rota/<int:pk>/", views_groups.group_rota_edit, name="group-rota-edit"),
    path("calendar/", views_groups.calendar_links, name="calendar-links"),
    path("calendar/new/", views_groups.calendar_issue, name="calendar-issue"),
    path("calendar/<int:pk>/stop/", views_groups.calendar_revoke, name="calendar-revoke"),
    path("calendar/feed/<str:token>.ics", views_groups.calendar_feed, name="calendar-feed"),
]
