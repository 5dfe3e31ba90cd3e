"""Training URLs for levels, cohorts and the cohort tool, joined into waymark.training.urls.

Page names start with level- or cohort- (the cohort tool: cohort-tool).
"""

from django.urls import path

from . import views_framework

urlpatterns = [
    path("levels/", views_framework.level_list, name="level-list"),
    path("levels/add/", views_framework.level_add, name="level-add"),
    path("levels/<int:pk>/edit/", views_framework.level_edit, name="level-edit"),
    path("cohorts/", views_framework.cohort_list, name="cohort-list"),
    path("cohorts/add/", views_framework.cohort_add, name="cohort-add"),
    path("cohorts/<int:pk>/edit/", views_framework.cohort_edit, name="cohort-edit"),
    path("cohorts/restore-defaults/", views_framework.cohort_restore_defaults, name="cohort-restore-defaults"),
    path("cohorts/which-cohort/", views_framework.cohort_tool, name="cohort-tool"),
]
