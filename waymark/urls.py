"""Top-level URLs. Every view is behind sign-in and two-factor unless marked `login_not_required`."""

from django.contrib import admin
from django.urls import include, path

from waymark.core import views as core_views

admin.site.site_header = "Waymark reference data"
admin.site.site_title = "Waymark admin"

urlpatterns = [
    path("", include("waymark.core.urls")),
    path("", include("waymark.accounts.urls")),
    path("", include("waymark.partners.urls")),
    path("", include("waymark.cases.urls")),
    path("", include("waymark.cases.urls_public")),
    path("", include("waymark.people.urls")),
    path("governance/", include("waymark.governance.urls")),
    path("funding/", include("waymark.funding.urls")),
    path("training/", include("waymark.training.urls")),
    path("api/", include("waymark.api.urls")),
    # The admin has no sign-in of its own: everyone signs in, with two-factor, through Waymark's.
    path("admin/login/", core_views.admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
]

handler400 = core_views.error_400
handler403 = core_views.error_403
handler404 = core_views.error_404
handler500 = core_views.error_500
