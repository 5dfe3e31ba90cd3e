"""URLs for reporting a concern (practitioners) and for case pages."""

from django.urls import path

from . import views_case

urlpatterns = [
    path("cases/", views_case.case_list, name="case-list"),
    path("cases/<int:pk>/", views_case.case_detail, name="case-detail"),
]
