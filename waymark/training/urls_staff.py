"""Training URLs for the staff register, its import and completions, joined into waymark.training.urls.

Page names start with staff- or completion- (the register: staff-list).
"""

from django.urls import path  # noqa: F401 - used as the pages arrive

urlpatterns: list = []
