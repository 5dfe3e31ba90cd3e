"""Writes to organisations, partnerships and roles; each writes its own audit entry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from waymark.core import audit
from waymark.core.models import AuditAction

from .first_responders import is_listed_first_responder, is_public_authority_kind
from .models import Membership, Organisation, Partnership, RoleAssignment

if TYPE_CHECKING:
    from waymark.accounts.models import User


def changed_fields(instance: Any, data: dict[str, Any]) -> dict[str, list[str]]:
    """{field: [before, after]} for the values that differ, as text, for the audit entry."""
    changes = {}
    for name, value in data.items():
        before = getattr(instance, name)
        if before != value:
            changes[name] = [str(before), str(value)]
    return changes


@transaction.atomic
def create_organisation(
    *,
    by: User,
    partnership: Partnership,
    membership_kind: str,
    is_first_responder: bool | None,
    is_public_authority: bool | None,
    **fields: Any,
) -> Organisation:
    """Create an organisation as a member of `partnership`. A flag left unanswered (None) is filled in:
    First Responder from the Home Office list, Duty to Notify from the kind of organisation."""
    if is_first_responder is None:
        is_first_responder = is_listed_first_responder(fields["name"])
    if is_public_authority is None:
        is_public_authority = is_public_authority_kind(fields["kind"])
    organisation = Organisation.objects.create(
        is_first_responder=is_first_responder, is_public_authority=is_public_authority, **fields
    )
    Membership.objects.create(organisation=organisation, partnership=partnership, kind=membership_kind)
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=organisation,
        detail={"partnership": partnership.name, "membership": membership_kind},
    )
    return organisation


@transaction.atomic
def update_organisation(*, organisation: Organisation, by: User, **fields: Any) -> Organisation:
    changes = changed_fields(organisation, fields)
    if not changes:
        return organisation
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation._change_reason = "Edited by a coordinator"  # type: ignore[attr-defined]
    organisation.save()
    audit.record(action=AuditAction.UPDATE, user=by, obj=organisation, detail={"changes": changes})
    return organisation


@transaction.atomic
def update_partnership_settings(*, partnership: Partnership, by: User, **fields: Any) -> Partnership:
    changes = changed_fields(partnership, fields)
    if not changes:
        return partnership
    for name, value in fields.items():
        setattr(partnership, name, value)
    partnership.save()
    audit.record(action=AuditAction.UPDATE, user=by, obj=partnership, detail={"changes": changes})
    return partnership


@transaction.atomic
def add_member(*, partnership: Partnership, organisation: Organisation, kind: str, since: Any, by: User) -> Membership:
    membership = Membership.objects.create(partnership=partnership, organisation=organisation, kind=kind, since=since)
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=membership,
        detail={"organisation": organisation.name, "partnership": partnership.name, "kind": kind, "since": str(since)},
    )
    return membership


@transaction.atomic
def end_membership(*, membership: Membership, until: Any, by: User) -> Membership:
    membership.until = until
    membership.save(update_fields=["until"])
    audit.record(action=AuditAction.UPDATE, user=by, obj=membership, detail={"changes": {"until": ["", str(until)]}})
    return membership


@transaction.atomic
def assign_role(*, user: User, partnership: Partnership, role: str, by: User | None) -> RoleAssignment:
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, partnership=partnership, role=role, defaults={"assigned_by": by}
    )
    if created:
        audit.record(
            action=AuditAction.CREATE,
            user=by,
            obj=assignment,
            detail={"user": user.email, "partnership": partnership.name, "role": role},
        )
    return assignment


@transaction.atomic
def remove_role(*, assignment: RoleAssignment, by: User) -> None:
    audit.record(
        action=AuditAction.DELETE,
        user=by,
        obj=assignment,
        detail={"user": assignment.user.email, "partnership": assignment.partnership.name, "role": assignment.role},
    )
    assignment.delete()


@transaction.atomic
def deactivate_user(*, user: User, by: User) -> None:
    """Deactivated users cannot sign in, and any session they have ends at their next request."""
    user.is_active = False
    user.deactivated_at = timezone.now()
    user.save(update_fields=["is_active", "deactivated_at"])
    audit.record(action=AuditAction.UPDATE, user=by, obj=user, detail={"changes": {"is_active": ["True", "False"]}})


@transaction.atomic
def reactivate_user(*, user: User, by: User) -> None:
    user.is_active = True
    user.deactivated_at = None
    user.save(update_fields=["is_active", "deactivated_at"])
    audit.record(action=AuditAction.UPDATE, user=by, obj=user, detail={"changes": {"is_active": ["False", "True"]}})
