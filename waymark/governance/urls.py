"""URLs for governance, all under /governance/.

Name each page with the prefix of its section, so the navigation marks "Governance" as current and
the landing page links to the section once its list page exists: group-, meeting-, minutes-,
action- (actions arising), plan- (the action plan), risk-, agreement-, briefing-, calendar-.
"""

from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
]
