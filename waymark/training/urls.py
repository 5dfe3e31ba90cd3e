"""URLs for training, all under /training/.

Name each page with the prefix of its section, so the navigation marks "Training" as current and
the landing page links to the section once its list page exists: level-, cohort- (framework),
staff-, completion- (staff), course-, session-, booking- (courses), compliance-, awareness-.
"""

from django.urls import path

from . import urls_awareness, urls_compliance, urls_courses, urls_framework, urls_staff, views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    *urls_framework.urlpatterns,
    *urls_staff.urlpatterns,
    *urls_courses.urlpatterns,
    *urls_compliance.urlpatterns,
    *urls_awareness.urlpatterns,
]
