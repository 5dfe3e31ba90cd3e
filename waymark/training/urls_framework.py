"""Training URLs for levels, cohorts and the cohort tool, joined into waymark.training.urls.

Page names start with level- or cohort- (the cohort tool: cohort-tool).
"""

from django.urls import path  # noqa: F401 - used as the pages arrive

urlpatterns: list = []
