"""URLs for sign-off, decision and publication of decision reports (views_decisions; see urls.py)."""

from django.urls import path

from . import views_decisions as views

urlpatterns = [
    path("reports/<int:pk>/send/", views.decision_send, name="decision-send"),
    path("reports/<int:pk>/approve/", views.decision_approve, name="decision-approve"),
    path("reports/<int:pk>/decide/", views.decision_decide, name="decision-decide"),
    path("reports/<int:pk>/publication/", views.decision_publication, name="decision-publication"),
    path("reports/<int:pk>/redaction/", views.decision_redaction, name="decision-redaction"),
    path("reports/<int:pk>/public-version.pdf", views.decision_public_pdf, name="decision-public-pdf"),
    path("appendices/<int:pk>/public-version/", views.decision_appendix_preview, name="decision-appendix-preview"),
]
