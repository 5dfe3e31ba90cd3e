"""Training URLs for compliance per organisation and for the partnership, joined into
waymark.training.urls.

Page names start with compliance- (the overview: compliance-overview).
"""

from django.urls import path  # noqa: F401 - used as the pages arrive

urlpatterns: list = []
