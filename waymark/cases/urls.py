"""Cases: the practitioner's "report a concern" journey, case pages, triage and the NRM referral
pack. The public report form is in urls_public.py, mounted without sign-in."""

from django.urls import include, path

app_name = "cases"

urlpatterns = [
    path("", include("waymark.cases.urls_report")),
    path("", include("waymark.cases.urls_triage")),
    path("", include("waymark.cases.urls_pack")),
    path("", include("waymark.cases.urls_tasks")),
    path("", include("waymark.cases.urls_nrm")),
    path("", include("waymark.cases.urls_sharing")),
    path("", include("waymark.cases.urls_notes")),
    path("", include("waymark.cases.urls_support")),
    path("", include("waymark.cases.urls_closing")),
]
