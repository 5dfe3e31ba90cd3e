"""URLs for the closing pages (see views_closing.py)."""

from django.urls import path

from . import views_closing

urlpatterns = [
    path("cases/<int:pk>/close/", views_closing.close_case, name="case-close"),
    path("cases/<int:pk>/reopen/", views_closing.reopen_case, name="case-reopen"),
    path("cases/retention-review/", views_closing.retention_review, name="retention-review"),
]
