"""URLs for governance, all under /governance/.

Name each page with the prefix of its section, so the navigation marks "Governance" as current and
the landing page links to the section once its list page exists: group-, meeting-, minutes-,
action- (actions arising), plan- (the action plan), risk-, agreement-, briefing-, calendar-.
"""

from django.urls import path

from . import urls_briefings, urls_groups, urls_meetings, urls_plans, urls_registers, views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    *urls_groups.urlpatterns,
    *urls_meetings.urlpatterns,
    *urls_plans.urlpatterns,
    *urls_registers.urlpatterns,
    *urls_briefings.urlpatterns,
]
