"""Training URLs for awareness events and the materials library, joined into waymark.training.urls.

Page names start with awareness- (awareness-event-list, awareness-material-list).
"""

from django.urls import path  # noqa: F401 - used as the pages arrive

urlpatterns: list = []
