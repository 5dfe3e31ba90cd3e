"""URLs for the pack pages (see views_pack.py)."""

urlpatterns: list = []
