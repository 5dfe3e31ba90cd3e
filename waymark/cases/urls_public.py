"""URLs for the public report journey (see views_public.py): no sign-in."""

from django.urls import path

from . import views_public

app_name = "public"

urlpatterns = [
    path("report-modern-slavery/", views_public.start, name="start"),
    path("report-modern-slavery/<int:pk>/", views_public.report, name="report"),
    path("report-modern-slavery/sent/", views_public.sent, name="sent"),
]
