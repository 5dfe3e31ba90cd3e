"""URLs for people: a person's page, matching, merging and the review queue (see views.py)."""

from django.urls import path

from . import views

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
]
