"""Writing to and checking the audit trail. Every read of personal data and every change goes
through `record`; `verify_chain` proves nothing was altered or removed afterwards."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditAction, AuditEntry, AuditHead

if TYPE_CHECKING:
    from waymark.accounts.models import User

GENESIS_HASH = "0" * 64


def _lock_chain() -> AuditHead:
    """Serialise appends: only one transaction at a time may extend the chain. On PostgreSQL the
    head row is locked until commit; SQLite serialises writing transactions by itself."""
    heads = AuditHead.objects.filter(id=1)
    if connection.vendor == "postgresql":
        heads = heads.select_for_update()
    head = heads.first()
    if head is None:
        AuditHead.objects.get_or_create(id=1)
        head = heads.get()
    return head


@transaction.atomic
def record(
    *,
    action: str,
    user: User | None = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    path: str = "",
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. Pass `request` to take the user and path from it."""
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}")
    if request is not None:
        path = path or request.get_full_path()[:500]
        if user is None and getattr(request, "user", None) is not None and request.user.is_authenticated:
            user = request.user  # type: ignore[assignment]
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    organisation = getattr(user, "organisation", None) if user is not None else None
    head = _lock_chain()
    entry = AuditEntry(
        sequence=head.sequence + 1,
        at=timezone.now(),
        user_id_at_time=user.pk if user is not None else None,
        user_email=user.email if user is not None else "",
        organisation_name=organisation.name if organisation is not None else "",
        organisation_id_at_time=organisation.pk if organisation is not None else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        path=path[:500],
        detail=detail or {},
        previous_hash=head.entry_hash or GENESIS_HASH,
    )
    entry.entry_hash = entry.compute_hash()
    entry.save()
    AuditHead.objects.filter(id=1).update(sequence=entry.sequence, entry_hash=entry.entry_hash)
    return entry


def record_many_viewed(
    request: HttpRequest, objects: Iterable[models.Model], *, object_type: str = ""
) -> AuditEntry | None:
    """One entry for a page that lists personal data: the ids shown are kept in `detail`."""
    ids = [str(o.pk) for o in objects]
    if not ids:
        return None
    return record(
        action=AuditAction.VIEW,
        request=request,
        object_type=object_type,
        object_repr=f"List of {len(ids)}",
        detail={"ids": ids},
    )


@dataclass
class ChainProblem:
    sequence: int
    reason: str

    def __str__(self) -> str:
        return f"entry #{self.sequence}: {self.reason}"


def verify_chain(batch_size: int = 2000) -> ChainProblem | None:
    """Walk the chain in order; return the first bad entry, or None if the trail is intact."""
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    last_sequence = 0
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=batch_size):
        if entry.sequence != expected_sequence:
            return ChainProblem(expected_sequence, f"missing (next entry found is #{entry.sequence})")
        if entry.previous_hash != expected_previous:
            return ChainProblem(entry.sequence, "does not follow the entry before it")
        if entry.compute_hash() != entry.entry_hash:
            return ChainProblem(entry.sequence, "its contents were altered after it was written")
        expected_previous = entry.entry_hash
        expected_sequence += 1
        last_sequence = entry.sequence
    head = AuditHead.objects.filter(id=1).first()
    head_sequence = head.sequence if head else 0
    if head_sequence != last_sequence:
        return ChainProblem(last_sequence + 1, f"missing (the trail recorded {head_sequence} entries)")
    if head and head.sequence and head.entry_hash != expected_previous:
        return ChainProblem(last_sequence, "differs from the hash recorded when it was written")
    return None
