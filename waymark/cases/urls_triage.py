"""URLs for the triage pages (see views_triage.py): the queue, then a page and its actions for each
practitioner referral and each public report."""

from django.urls import path

from . import views_triage

urlpatterns = [
    path("triage/", views_triage.triage, name="triage"),
    path("triage/referrals/<int:pk>/", views_triage.triage_case, name="triage-case"),
    path("triage/referrals/<int:pk>/lead/", views_triage.triage_case_assign_lead, name="triage-case-assign-lead"),
    path("triage/referrals/<int:pk>/close/", views_triage.triage_case_close, name="triage-case-close"),
    path("triage/reports/<int:pk>/", views_triage.triage_report, name="triage-report"),
    path("triage/reports/<int:pk>/open-case/", views_triage.triage_report_open_case, name="triage-report-open-case"),
    path("triage/reports/<int:pk>/link/", views_triage.triage_report_link, name="triage-report-link"),
    path("triage/reports/<int:pk>/close/", views_triage.triage_report_close, name="triage-report-close"),
]
