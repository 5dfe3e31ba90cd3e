"""Governance URLs for the action plan (see views_plans.py): joined into waymark.governance.urls."""

from django.urls import path

from . import views_plans

urlpatterns = [
    path("plans/", views_plans.plan_list, name="plan-list"),
    path("plans/new/", views_plans.plan_add, name="plan-add"),
    path("plans/<int:pk>/", views_plans.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", views_plans.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/priorities/new/", views_plans.priority_add, name="plan-priority-add"),
    path("plans/priorities/<int:pk>/edit/", views_plans.priority_edit, name="plan-priority-edit"),
    path("plans/priorities/<int:pk>/move/", views_plans.priority_move, name="plan-priority-move"),
    path("plans/priorities/<int:pk>/actions/new/", views_plans.action_add, name="plan-action-add"),
    path("plans/actions/<int:pk>/", views_plans.action_detail, name="plan-action-detail"),
    path("plans/actions/<int:pk>/edit/", views_plans.action_edit, name="plan-action-edit"),
    path("plans/actions/<int:pk>/progress/", views_plans.progress_add, name="plan-action-progress"),
    path("plans/progress/<int:pk>/evidence/", views_plans.evidence_download, name="plan-evidence"),
    path("plans/<int:pk>/report/", views_plans.report, name="plan-report"),
    path("plans/<int:pk>/report.xlsx", views_plans.export_xlsx, name="plan-export-xlsx"),
    path("plans/<int:pk>/report.pdf", views_plans.export_pdf, name="plan-export-pdf"),
    path("plans/<int:pk>/import/", views_plans.import_upload, name="plan-import"),
    path("plans/<int:pk>/import/preview/", views_plans.import_preview, name="plan-import-preview"),
]
