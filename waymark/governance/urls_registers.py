"""Governance URLs for the risks and issues register and the agreements register (views_registers.py):
joined into waymark.governance.urls (names carry their section's prefix)."""

from django.urls import path

from . import views_registers as views

urlpatterns = [
    path("risks/", views.risk_list, name="risk-list"),
    path("risks/heat-map/", views.risk_heat_map, name="risk-heat-map"),
    path("risks/new/", views.risk_add, name="risk-add"),
    path("risks/<int:pk>/", views.risk_detail, name="risk-detail"),
    path("risks/<int:pk>/edit/", views.risk_edit, name="risk-edit"),
    path("risks/<int:pk>/review/", views.risk_review, name="risk-review"),
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/new/", views.agreement_add, name="agreement-add"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement-edit"),
    path("agreements/<int:pk>/parties/new/", views.agreement_party_add, name="agreement-party-add"),
    path("agreements/<int:pk>/document/new/", views.agreement_document_upload, name="agreement-document-upload"),
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement-document"),
    path("agreements/parties/<int:pk>/signature/", views.agreement_party_sign, name="agreement-party-sign"),
    path("agreements/parties/<int:pk>/remove/", views.agreement_party_remove, name="agreement-party-remove"),
]
