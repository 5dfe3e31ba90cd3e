"""URLs for people: a person's page, matching, merging and the review queue (see views.py)."""

from django.urls import path

from . import views, views_edit, views_import

app_name = "people"

urlpatterns = [
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("cases/people/<int:pk>/matches/", views.case_person_matches, name="case-person-matches"),
    path("cases/people/<int:pk>/matches/link/", views.case_person_link, name="case-person-link"),
    path("cases/people/<int:pk>/matches/not-same/", views.case_person_not_same, name="case-person-not-same"),
    path("people/review/", views.review_list, name="review"),
    path("people/review/<int:pk>/", views.review_alert, name="review-alert"),
    path("people/<int:pk>/merge/<int:other>/", views.merge_pair, name="merge-pair"),
    path("people/merges/<int:pk>/undo/", views.merge_undo, name="merge-undo"),
    # Importing people from a file (views_import.py)
    path("people/import/", views_import.person_import_upload, name="person-import"),
    path("people/import/check/", views_import.person_import_preview, name="person-import-preview"),
    path("people/import/done/", views_import.person_import_done, name="person-import-done"),
    # Changing a person's record (views_edit.py)
    path("people/<int:pk>/change/names/", views_edit.person_edit_names, name="person-edit-names"),
    path("people/<int:pk>/change/date-of-birth/", views_edit.person_edit_birth_date, name="person-edit-birth-date"),
    path("people/<int:pk>/change/gender/", views_edit.person_edit_gender, name="person-edit-gender"),
    path(
        "people/<int:pk>/change/nationalities/", views_edit.person_edit_nationalities, name="person-edit-nationalities"
    ),
    path("people/<int:pk>/change/identifiers/", views_edit.person_edit_identifiers, name="person-edit-identifiers"),
    path("people/<int:pk>/change/addresses/", views_edit.person_edit_addresses, name="person-edit-addresses"),
]
