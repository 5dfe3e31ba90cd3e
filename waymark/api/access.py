"""What an API caller may see: a person sees what their pages show; a service token sees the
partnership it was issued for, and only with the scopes it holds."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from waymark.core.access import visible_audit_entries
from waymark.core.models import AuditEntry
from waymark.partners import access as partners_access
from waymark.partners.models import Organisation, Partnership

from .models import ServiceToken


def api_partnerships(request: Any) -> QuerySet[Partnership]:
    if isinstance(request.auth, ServiceToken):
        return Partnership.objects.filter(pk=request.auth.partnership_id).with_descendants()
    return partners_access.user_partnerships(request.user)


def api_organisations(request: Any) -> QuerySet[Organisation]:
    if isinstance(request.auth, ServiceToken):
        return Organisation.objects.filter(memberships__partnership__in=api_partnerships(request)).distinct()
    return partners_access.visible_organisations(request.user)


def api_audit_entries(request: Any) -> QuerySet[AuditEntry]:
    """A token sees entries by users of its partnership's organisations; a person, what their audit
    log page shows (coordinators only)."""
    if isinstance(request.auth, ServiceToken):
        return AuditEntry.objects.filter(organisation_id_at_time__in=api_organisations(request).values("id"))
    if not partners_access.can_view_audit_log(request.user):
        raise PermissionDenied
    return visible_audit_entries(request.user)


def manageable_tokens(user: Any) -> QuerySet[ServiceToken]:
    return ServiceToken.objects.filter(partnership__in=partners_access.coordinated_partnerships(user))


def get_token_for_user(user: Any, pk: int) -> ServiceToken:
    from django.http import Http404

    partners_access.require_coordinator(user)
    token = manageable_tokens(user).filter(pk=pk).first()
    if token is None:
        raise Http404("No such token")
    return token
