"""URLs for funding, all under /funding/.

Name each page with the prefix of its section, so the navigation marks "Funding" as current: fund-,
grant-, report- (decision reports and settings), decision- (sign-off, decision, publication),
return- (performance returns). The public register (register-) needs no sign-in.
"""

from django.urls import path

from . import urls_decisions, urls_funds, urls_grants, urls_register, urls_reports, urls_returns, views

app_name = "funding"

urlpatterns = [
    path("", views.index, name="index"),
    *urls_funds.urlpatterns,
    *urls_grants.urlpatterns,
    *urls_reports.urlpatterns,
    *urls_decisions.urlpatterns,
    *urls_returns.urlpatterns,
    *urls_register.urlpatterns,
]
