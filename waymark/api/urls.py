"""/api/v1/: the REST API, its OpenAPI 3 schema and docs (served from this server, no CDN), and the
pages where coordinators manage service tokens."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from waymark.cases import api as cases_api
from waymark.cases import api_cases

from . import views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register("audit-entries", views.AuditEntryViewSet, basename="audit-entry")
router.register("cases", api_cases.CaseViewSet, basename="case")
router.register("tasks", api_cases.TaskViewSet, basename="task")

# DRF authenticates and authorises these itself (deny by default: see api/permissions.py), so the
# site-wide sign-in redirect must not intercept token requests.
api_patterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("whoami/", views.whoami, name="whoami"),
    path("pathway/decide", cases_api.decide_pathway, name="pathway-decide"),
    *router.urls,
]
for pattern in api_patterns:
    pattern.callback = login_not_required(pattern.callback)

urlpatterns = [
    path("v1/", include(api_patterns)),
    path("v1/docs/", views.api_docs, name="docs"),
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/add/", views.token_add, name="token-add"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]
