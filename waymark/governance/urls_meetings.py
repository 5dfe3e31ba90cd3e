"""Governance URLs for meetings (see views_meetings.py): meetings, their agenda and attendance,
minutes, and actions arising. Joined into waymark.governance.urls (names carry their section's prefix)."""

from django.urls import path

from . import views_meetings

urlpatterns = [
    path("meetings/", views_meetings.meeting_list, name="meeting-list"),
    path("meetings/new/", views_meetings.meeting_add, name="meeting-add"),
    path("meetings/<int:pk>/", views_meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views_meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/cancel/", views_meetings.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/agenda/new/", views_meetings.agenda_add, name="meeting-agenda-add"),
    path("meetings/agenda/<int:pk>/edit/", views_meetings.agenda_edit, name="meeting-agenda-edit"),
    path("meetings/agenda/<int:pk>/move/", views_meetings.agenda_move, name="meeting-agenda-move"),
    path("meetings/agenda/<int:pk>/paper/", views_meetings.agenda_paper, name="meeting-agenda-paper"),
    path("meetings/<int:pk>/attendance/", views_meetings.meeting_attendance, name="meeting-attendance"),
    path("meetings/<int:pk>/minutes/", views_meetings.minutes_edit, name="minutes-edit"),
    path("meetings/<int:pk>/approve-minutes/", views_meetings.minutes_approve, name="minutes-approve"),
    path("minutes/<int:pk>/", views_meetings.minutes_detail, name="minutes-detail"),
    path("minutes/<int:pk>/share/", views_meetings.minutes_share, name="minutes-share"),
    path("groups/<int:pk>/shared-minutes/", views_meetings.minutes_shared, name="minutes-shared"),
    path("meetings/<int:pk>/actions/new/", views_meetings.action_add, name="action-add"),
    path("actions/", views_meetings.action_list, name="action-list"),
    path("actions/<int:pk>/update/", views_meetings.action_update, name="action-update"),
]
