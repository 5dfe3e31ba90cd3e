"""URLs for the sharing pages (see views_sharing.py): consent, shares, access requests, the lead role."""

from django.urls import path

from . import views_sharing

urlpatterns = [
    path("cases/<int:pk>/consents/add/", views_sharing.consent_add, name="consent-add"),
    path("cases/consents/<int:pk>/withdraw/", views_sharing.consent_withdraw, name="consent-withdraw"),
    path("cases/<int:pk>/share/", views_sharing.share_add, name="share-add"),
    path("cases/shares/<int:pk>/revoke/", views_sharing.share_revoke, name="share-revoke"),
    path("cases/<int:pk>/lead/", views_sharing.lead_transfer, name="lead-transfer"),
    path("cases/access-requests/", views_sharing.access_request_list, name="access-request-list"),
    path("cases/access-requests/new/", views_sharing.access_request, name="access-request"),
    path("cases/access-requests/sent/", views_sharing.access_request_sent, name="access-request-sent"),
    path("cases/access-requests/<int:pk>/", views_sharing.access_request_decide, name="access-request-decide"),
]
