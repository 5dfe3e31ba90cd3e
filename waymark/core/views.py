"""The home page, public information pages, the health check, the audit log and error pages."""

from __future__ import annotations

import csv
from datetime import datetime, time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from waymark.partners import access as partners_access
from waymark.partners.models import RoleAssignment

from . import audit
from .access import visible_audit_entries
from .filters import AuditFilterForm
from .models import AuditAction


def home(request: HttpRequest) -> HttpResponse:
    roles = RoleAssignment.objects.filter(user=request.user).select_related("partnership")
    return render(
        request,
        "core/home.html",
        {"roles": roles, "is_coordinator": partners_access.is_coordinator(request.user)},  # type: ignore[arg-type]
    )


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the app can reach its database, 503 when not. No details."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@login_not_required
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@login_not_required
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/cookies.html", {"idle_minutes": settings.SESSION_IDLE_MINUTES})


def _filtered_audit_entries(request: HttpRequest) -> tuple[AuditFilterForm, object]:
    if not partners_access.can_view_audit_log(request.user):  # type: ignore[arg-type]
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    entries = visible_audit_entries(request.user)  # type: ignore[arg-type]
    if form.is_valid():
        data = form.cleaned_data
        if data.get("user_email"):
            entries = entries.filter(user_email__icontains=data["user_email"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("object_type"):
            entries = entries.filter(object_type__icontains=data["object_type"])
        if data.get("date_from"):
            entries = entries.filter(at__gte=timezone.make_aware(datetime.combine(data["date_from"], time.min)))
        if data.get("date_to"):
            entries = entries.filter(at__lte=timezone.make_aware(datetime.combine(data["date_to"], time.max)))
    return form, entries


def audit_log(request: HttpRequest) -> HttpResponse:
    form, entries = _filtered_audit_entries(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))  # type: ignore[arg-type]
    audit.record_many_viewed(request, page.object_list, object_type="core.AuditEntry")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})


class _Echo:
    def write(self, value: str) -> str:
        return value


def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    form, entries = _filtered_audit_entries(request)
    audit.record(
        action=AuditAction.EXPORT,
        request=request,
        object_type="core.AuditEntry",
        object_repr="Audit log export (CSV)",
        detail={"filters": {k: v for k, v in request.GET.items() if v}},
    )
    writer = csv.writer(_Echo())
    header = ["sequence", "at", "user_email", "organisation", "action", "object_type", "object_id", "object", "path"]

    def rows():  # type: ignore[no-untyped-def]
        yield writer.writerow(header)
        for e in entries.iterator():  # type: ignore[attr-defined]
            yield writer.writerow(
                [
                    e.sequence,
                    e.at.isoformat(),
                    e.user_email,
                    e.organisation_name,
                    e.action,
                    e.object_type,
                    e.object_id,
                    e.object_repr,
                    e.path,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="waymark-audit-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    target = request.GET.get("next", "/admin/")
    if request.user.is_authenticated and request.user.is_verified():  # type: ignore[attr-defined]
        raise PermissionDenied  # signed in, but not staff
    return redirect_to_login(target, login_url=reverse("accounts:login"))


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without the request's context processors: the fault may be in the database.
    return HttpResponseServerError(loader.get_template("500.html").render())
