"""URLs for the closing pages (see views_closing.py)."""

urlpatterns: list = []
