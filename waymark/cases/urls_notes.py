"""URLs for the notes pages (see views_notes.py)."""

from django.urls import path

from . import views_notes

urlpatterns = [
    path("cases/<int:pk>/notes/", views_notes.note_list, name="note-list"),
    path("cases/<int:pk>/notes/add/", views_notes.note_add, name="note-add"),
    path("cases/notes/<int:pk>/", views_notes.note_detail, name="note-detail"),
    path("cases/<int:pk>/documents/add/", views_notes.document_add, name="document-add"),
    path("cases/documents/<int:pk>/download/", views_notes.document_download, name="document-download"),
]
