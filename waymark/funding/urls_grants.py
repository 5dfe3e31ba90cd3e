"""URLs for grants (views_grants.py; see urls.py)."""

from django.urls import path

from . import views_grants as views

urlpatterns = [
    path("grants/", views.grant_list, name="grant-list"),
    path("grants/new/", views.grant_add, name="grant-add"),
    path("grants/<int:pk>/", views.grant_detail, name="grant-detail"),
    path("grants/<int:pk>/edit/", views.grant_edit, name="grant-edit"),
    path("grants/<int:pk>/measures/", views.grant_measures, name="grant-measures"),
    path("grants/<int:pk>/costs/new/", views.cost_add, name="grant-cost-add"),
    path("grants/<int:pk>/match-funding/new/", views.match_add, name="grant-match-add"),
    path("grants/<int:pk>/in-kind/new/", views.in_kind_add, name="grant-in-kind-add"),
    path("grants/<int:pk>/agreement-signed/", views.grant_agreement_signed, name="grant-agreement-signed"),
    path("grants/<int:pk>/activate/", views.grant_activate, name="grant-activate"),
    path("grants/<int:pk>/close/", views.grant_close, name="grant-close"),
    path("grants/<int:pk>/renew/", views.grant_renew, name="grant-renew"),
    path("grants/costs/<int:pk>/remove/", views.cost_remove, name="grant-cost-remove"),
    path("grants/match-funding/<int:pk>/remove/", views.match_remove, name="grant-match-remove"),
    path("grants/in-kind/<int:pk>/remove/", views.in_kind_remove, name="grant-in-kind-remove"),
]
