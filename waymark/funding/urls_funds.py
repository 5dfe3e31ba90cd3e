"""URLs for funds (views_funds.py; see urls.py)."""

from django.urls import path

from . import views_funds as views

urlpatterns = [
    path("funds/", views.fund_list, name="fund-list"),
    path("funds/new/", views.fund_add, name="fund-add"),
    path("funds/<int:pk>/", views.fund_detail, name="fund-detail"),
    path("funds/<int:pk>/edit/", views.fund_edit, name="fund-edit"),
    path("funds/<int:pk>/next-year/", views.fund_next_year, name="fund-next-year"),
    path("funds/<int:pk>/contributors/new/", views.contribution_add, name="fund-contribution-add"),
    path("funds/contributors/<int:pk>/remove/", views.contribution_remove, name="fund-contribution-remove"),
]
