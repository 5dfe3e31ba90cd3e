"""Training URLs for the staff register, its import and completions, joined into waymark.training.urls.

Page names start with staff- or completion- (the register: staff-list).
"""

from django.urls import path

from . import views_staff

urlpatterns = [
    path("staff/", views_staff.staff_list, name="staff-list"),
    path("staff/add/", views_staff.staff_add, name="staff-add"),
    path("staff/import/", views_staff.staff_import_upload, name="staff-import"),
    path("staff/import/check/", views_staff.staff_import_preview, name="staff-import-preview"),
    path("staff/cohort/", views_staff.staff_place_many, name="staff-place-many"),
    path("staff/<int:pk>/", views_staff.staff_detail, name="staff-detail"),
    path("staff/<int:pk>/edit/", views_staff.staff_edit, name="staff-edit"),
    path("staff/<int:pk>/leaving/", views_staff.staff_leaving, name="staff-leaving"),
    path("staff/<int:pk>/cohort/", views_staff.staff_place, name="staff-place"),
]
