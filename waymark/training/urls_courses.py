"""Training URLs for the training menu, joined into waymark.training.urls.

Page names start with course-, session- or booking- (the menu: course-list; sessions: session-list),
and completion- for completions recorded one by one and their evidence (views_courses.py).
"""

from django.urls import path

from . import views_courses

urlpatterns = [
    path("courses/", views_courses.course_list, name="course-list"),
    path("courses/new/", views_courses.course_add, name="course-add"),
    path("courses/<int:pk>/", views_courses.course_detail, name="course-detail"),
    path("courses/<int:pk>/edit/", views_courses.course_edit, name="course-edit"),
    path("sessions/", views_courses.session_list, name="session-list"),
    path("sessions/new/", views_courses.session_add, name="session-add"),
    path("sessions/<int:pk>/", views_courses.session_detail, name="session-detail"),
    path("sessions/<int:pk>/edit/", views_courses.session_edit, name="session-edit"),
    path("sessions/<int:pk>/cancel/", views_courses.session_cancel, name="session-cancel"),
    path("sessions/<int:pk>/attendance/", views_courses.session_attendance, name="session-attendance"),
    path("sessions/<int:pk>/book/", views_courses.booking_add, name="booking-add"),
    path("bookings/<int:pk>/cancel/", views_courses.booking_cancel, name="booking-cancel"),
    path("completions/staff/<int:pk>/new/", views_courses.completion_add, name="completion-add"),
    path("completions/<int:pk>/", views_courses.completion_detail, name="completion-detail"),
    path("completions/<int:pk>/evidence/", views_courses.completion_evidence, name="completion-evidence"),
]
