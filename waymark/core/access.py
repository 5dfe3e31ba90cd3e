"""Who may read the audit log: coordinators see entries by users of the organisations in the
partnerships they coordinate; superusers see all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from waymark.partners import access as partners_access

from .models import AuditEntry

if TYPE_CHECKING:
    from waymark.accounts.models import User


def visible_audit_entries(user: User) -> QuerySet[AuditEntry]:
    if user.is_superuser:
        return AuditEntry.objects.all()
    if not partners_access.can_view_audit_log(user):
        return AuditEntry.objects.none()
    organisation_ids = list(partners_access.manageable_organisations(user).values_list("id", flat=True))
    return AuditEntry.objects.filter(organisation_id_at_time__in=organisation_ids)
