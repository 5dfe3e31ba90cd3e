"""API v1 endpoints, and the pages where coordinators issue and revoke service tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners import access as partners_access

from . import access, docs
from .forms import ServiceTokenForm
from .models import Scope, ServiceToken
from .serializers import AuditEntrySerializer, OrganisationSerializer, PartnershipSerializer, WhoAmISerializer


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations in the caller's partnerships."""

    serializer_class = OrganisationSerializer
    required_scopes = [Scope.PARTNERS_READ]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return access.api_organisations(self.request).prefetch_related("memberships").order_by("name")


class PartnershipViewSet(viewsets.ReadOnlyModelViewSet):
    """Partnerships the caller belongs to."""

    serializer_class = PartnershipSerializer
    required_scopes = [Scope.PARTNERS_READ]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return access.api_partnerships(self.request).prefetch_related("local_authority_areas").order_by("name")


@extend_schema_view(retrieve=extend_schema(parameters=[OpenApiParameter("sequence", int, OpenApiParameter.PATH)]))
class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail, newest first, for a security system to collect. Each call is itself logged."""

    serializer_class = AuditEntrySerializer
    required_scopes = [Scope.AUDIT_READ]
    lookup_field = "sequence"
    lookup_value_regex = r"\d+"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return access.api_audit_entries(self.request)

    def list(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        response = super().list(request, *args, **kwargs)
        audit.record(
            action=AuditAction.EXPORT,
            user=request.user if request.user.is_authenticated and not isinstance(request.auth, ServiceToken) else None,
            object_type="core.AuditEntry",
            object_repr=f"Audit entries via the API ({request.auth or 'session'})"[:200],
            path=request.get_full_path(),
        )
        return response


@extend_schema(responses=WhoAmISerializer)
@api_view(["GET"])
def whoami(request: Request) -> Response:
    """Who the API thinks you are: a signed-in person, or a service account and its scopes."""
    if isinstance(request.auth, ServiceToken):
        token = request.auth
        data = {
            "kind": "service_account",
            "name": token.name,
            "organisation": token.organisation.name,
            "scopes": token.scopes,
        }
    else:
        user = request.user
        organisation = getattr(user, "organisation", None)
        data = {
            "kind": "user",
            "name": user.full_name,
            "organisation": organisation.name if organisation else None,
            "scopes": [],
        }
    return Response(WhoAmISerializer(data).data)


whoami.cls.required_scopes = []  # type: ignore[attr-defined]


@login_not_required
def api_docs(request: HttpRequest) -> HttpResponse:
    schema, operations = docs.operations()
    return render(
        request,
        "api/docs.html",
        {"info": schema["info"], "operations": operations, "scopes": Scope.choices},
    )


def token_list(request: HttpRequest) -> HttpResponse:
    partners_access.require_coordinator(request.user)  # type: ignore[arg-type]
    tokens = access.manageable_tokens(request.user).select_related("organisation", "partnership", "created_by")
    return render(request, "api/token_list.html", {"tokens": tokens})


def token_add(request: HttpRequest) -> HttpResponse:
    partners_access.require_coordinator(request.user)  # type: ignore[arg-type]
    form = ServiceTokenForm(
        request.POST or None,
        partnerships=partners_access.coordinated_partnerships(request.user),  # type: ignore[arg-type]
        organisations=partners_access.manageable_organisations(request.user).active().order_by("name"),  # type: ignore[arg-type]
    )
    if request.method == "POST" and form.is_valid():
        token, plain = ServiceToken.issue(created_by=request.user, **form.cleaned_data)
        audit.record(action=AuditAction.CREATE, request=request, obj=token, detail={"scopes": token.scopes})
        return render(request, "api/token_created.html", {"token": token, "plain": plain})
    return render(request, "api/token_add.html", {"form": form})


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = access.get_token_for_user(request.user, pk)
    if token.is_active:
        token.revoke()
        audit.record(action=AuditAction.UPDATE, request=request, obj=token, detail={"revoked": True})
        messages.success(request, f"Token '{token.name}' revoked. It no longer works")
    return redirect("api:token-list")
