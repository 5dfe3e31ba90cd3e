"""URLs for the triage pages (see views_triage.py)."""

urlpatterns: list = []
