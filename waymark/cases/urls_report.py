"""URLs for reporting a concern (practitioners) and for case pages."""

from django.urls import path

from . import views_case, views_report

urlpatterns = [
    path("concerns/", views_report.drafts, name="report-drafts"),
    path("concerns/new/", views_report.start, name="report-start"),
    path("concerns/<int:pk>/check/", views_report.check, name="report-check"),
    path("concerns/<int:pk>/delete/", views_report.discard, name="report-discard"),
    path("concerns/<int:pk>/<slug:step>/", views_report.step, name="report-step"),
    path("cases/", views_case.case_list, name="case-list"),
    path("cases/<int:pk>/", views_case.case_detail, name="case-detail"),
    path("cases/<int:pk>/reported/", views_report.done, name="report-done"),
]
