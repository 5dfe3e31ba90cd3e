"""URLs for the nrm pages (see views_nrm.py)."""

urlpatterns: list = []
