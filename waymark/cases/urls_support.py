"""URLs for the support pages (see views_support.py)."""

urlpatterns: list = []
