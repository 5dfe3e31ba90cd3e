"""URLs for the notes pages (see views_notes.py)."""

urlpatterns: list = []
