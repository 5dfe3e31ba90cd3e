"""URLs for the sharing pages (see views_sharing.py)."""

urlpatterns: list = []
