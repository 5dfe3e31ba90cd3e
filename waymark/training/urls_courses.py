"""Training URLs for the training menu, joined into waymark.training.urls.

Page names start with course-, session- or booking- (the menu: course-list; sessions: session-list).
"""

from django.urls import path  # noqa: F401 - used as the pages arrive

urlpatterns: list = []
