"""Training URLs for compliance per organisation and for the partnership, joined into
waymark.training.urls.

Page names start with compliance- (the overview: compliance-overview).
"""

from django.urls import path

from . import views_compliance

urlpatterns = [
    path("compliance/", views_compliance.overview, name="compliance-overview"),
    path("compliance/<int:pk>/", views_compliance.partnership_detail, name="compliance-partnership"),
    path(
        "compliance/<int:pk>/organisations/<int:organisation_pk>/",
        views_compliance.organisation_detail,
        name="compliance-organisation",
    ),
    path("compliance/<int:pk>/export.xlsx", views_compliance.export_xlsx, name="compliance-export"),
]
