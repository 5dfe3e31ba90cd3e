"""URLs for decision reports and the funding office's settings (views_reports.py), joined into
waymark.funding.urls; every name starts "report-"."""

from django.urls import path

from . import views_reports as views

urlpatterns = [
    path("reports/", views.report_list, name="report-list"),
    path("grants/<int:pk>/reports/new/", views.report_add, name="report-add"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/pdf/", views.report_pdf_download, name="report-pdf"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report-edit"),
    path("reports/<int:pk>/sections/", views.report_sections_edit, name="report-sections"),
    path("reports/<int:pk>/appendices/new/", views.appendix_add, name="report-appendix-add"),
    path("reports/appendices/<int:pk>/remove/", views.appendix_remove, name="report-appendix-remove"),
    path("reports/appendices/<int:pk>/document/", views.appendix_document, name="report-appendix-document"),
    path("settings/<int:pk>/", views.settings_detail, name="report-settings"),
    path("settings/<int:pk>/edit/", views.settings_edit, name="report-settings-edit"),
    path("settings/<int:pk>/priorities/new/", views.priority_add, name="report-priority-add"),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="report-priority-edit"),
    path("priorities/<int:pk>/retire/", views.priority_retire, name="report-priority-retire"),
    path("priorities/<int:pk>/restore/", views.priority_restore, name="report-priority-restore"),
    path("priorities/<int:pk>/move/<str:direction>/", views.priority_move, name="report-priority-move"),
]
