"""URLs for performance returns (views_returns.py; see urls.py)."""

from django.urls import path

from . import views_returns as views

urlpatterns = [
    path("returns/", views.return_list, name="return-list"),
    path("returns/<int:pk>/", views.return_detail, name="return-detail"),
    path("returns/<int:pk>/submit/", views.return_submit, name="return-submit"),
    path("returns/<int:pk>/review/", views.return_review, name="return-review"),
    path("returns/<int:pk>/evidence/", views.return_evidence, name="return-evidence"),
]
