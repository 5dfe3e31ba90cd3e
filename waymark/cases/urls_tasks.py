"""URLs for the tasks pages (see views_tasks.py)."""

urlpatterns: list = []
