"""Writes for awareness raising: events, and the materials library (adding, editing, a new version
that takes the old one's place). Each records an audit event; edits are refused if the record
changed since the form was shown (StaleRecord)."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from waymark.cases import documents
from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.core.versioning import StaleRecord, apply_changes, locked_at_version  # noqa: F401 - views catch StaleRecord here
from waymark.partners.models import Organisation, Partnership

from .models import AwarenessEvent, AwarenessMaterial

if TYPE_CHECKING:
    from waymark.accounts.models import User

EVENT_FIELDS = {"title", "kind", "held_on", "audience", "reach", "notes"}
MATERIAL_FIELDS = {"title", "kind", "edition", "link", "languages", "review_date", "is_current"}


def _check(fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")


def _changes(obj: Model, fields: dict[str, Any]) -> list[str]:
    changed = []
    for name, value in fields.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


# Events


@transaction.atomic
def add_event(
    *, partnership: Partnership, by: User, organisations: list[Organisation] | None = None, **fields: Any
) -> AwarenessEvent:
    _check(fields, EVENT_FIELDS)
    event = AwarenessEvent(partnership=partnership, created_by=by, **fields)
    event._history_user = by  # type: ignore[attr-defined]
    event.save()
    event.organisations.set(organisations or [])
    audit.record(action=AuditAction.CREATE, user=by, obj=event, detail={"partnership": partnership.pk})
    return event


@transaction.atomic
def update_event(
    *,
    event: AwarenessEvent,
    version: int,
    by: User,
    organisations: list[Organisation] | None = None,
    **fields: Any,
) -> AwarenessEvent:
    _check(fields, EVENT_FIELDS)
    fresh: AwarenessEvent = locked_at_version(AwarenessEvent, event.pk, version)
    changed = _changes(fresh, fields)
    if organisations is not None and {o.pk for o in organisations} != set(
        fresh.organisations.values_list("pk", flat=True)
    ):
        fresh.organisations.set(organisations)
        changed.append("organisations")
    fresh.version += 1
    fresh._history_user = by  # type: ignore[attr-defined]
    fresh.save()
    audit.record(action=AuditAction.UPDATE, user=by, obj=fresh, detail={"changed": changed})
    return fresh


def reach_by_year(events: list[AwarenessEvent]) -> list[dict[str, Any]]:
    """Per calendar year, newest first: the events, how many people they reached in all, and how
    many events did not record their reach."""
    years: dict[int, dict[str, Any]] = {}
    for event in events:
        year = years.setdefault(
            event.held_on.year, {"year": event.held_on.year, "events": [], "reach": 0, "not_recorded": 0}
        )
        year["events"].append(event)
        if event.reach is None:
            year["not_recorded"] += 1
        else:
            year["reach"] += event.reach
    return [years[year] for year in sorted(years, reverse=True)]


# The materials library


def _store(material: AwarenessMaterial, upload: UploadedFile, kind: documents.DocumentKind) -> str:
    """Write the file under a random name outside the web root; returns the stored name."""
    field: Any = AwarenessMaterial._meta.get_field("file")
    stored: str = field.storage.save(
        field.generate_filename(material, upload.name or "material"), upload, max_length=200
    )
    material.file.name = stored
    material.file_name = documents.download_name(upload.name or "", kind)[:255]
    return stored


def _save_new(
    material: AwarenessMaterial,
    *,
    by: User,
    upload: UploadedFile | None,
    file_kind: documents.DocumentKind | None,
    detail: dict[str, Any],
    before: Any = None,
) -> AwarenessMaterial:
    """Store its file (if any), then save it and record the event; the file goes again if that fails."""
    stored = _store(material, upload, file_kind) if upload is not None and file_kind is not None else None
    try:
        with transaction.atomic():
            if before is not None:
                before()
            material._history_user = by  # type: ignore[attr-defined]
            material.save()
            if stored and upload is not None and file_kind is not None:
                detail = {**detail, "file": file_kind.content_type, "sha256": documents.sha256(upload)}
            audit.record(action=AuditAction.CREATE, user=by, obj=material, detail=detail)
    except Exception:
        if stored:
            material.file.storage.delete(stored)
        raise
    return material


def add_material(
    *,
    partnership: Partnership,
    by: User,
    upload: UploadedFile | None = None,
    file_kind: documents.DocumentKind | None = None,
    **fields: Any,
) -> AwarenessMaterial:
    _check(fields, MATERIAL_FIELDS)
    material = AwarenessMaterial(partnership=partnership, **fields)
    return _save_new(material, by=by, upload=upload, file_kind=file_kind, detail={"partnership": partnership.pk})


@transaction.atomic
def update_material(*, material: AwarenessMaterial, version: int, by: User, **fields: Any) -> AwarenessMaterial:
    _check(fields, MATERIAL_FIELDS)
    fresh: AwarenessMaterial = locked_at_version(AwarenessMaterial, material.pk, version)
    changed = _changes(fresh, fields)
    fresh.version += 1
    fresh.updated_at = timezone.now()
    fresh._history_user = by  # type: ignore[attr-defined]
    fresh.save()
    audit.record(action=AuditAction.UPDATE, user=by, obj=fresh, detail={"changed": changed})
    return fresh


def new_material_version(
    *,
    previous: AwarenessMaterial,
    version: int,
    by: User,
    upload: UploadedFile | None = None,
    file_kind: documents.DocumentKind | None = None,
    **fields: Any,
) -> AwarenessMaterial:
    """A new version of a material: a record of its own, current, while the one it replaces stays in
    the library as not current. Refused (StaleRecord) if the old one changed since the form was shown."""
    _check(fields, MATERIAL_FIELDS - {"is_current"})

    def retire_previous() -> None:
        old: AwarenessMaterial = locked_at_version(AwarenessMaterial, previous.pk, version)
        old.is_current = False
        old.version += 1
        old.updated_at = timezone.now()
        old._history_user = by  # type: ignore[attr-defined]
        old.save(update_fields=["is_current", "version", "updated_at"])
        audit.record(action=AuditAction.UPDATE, user=by, obj=old, detail={"changed": ["is_current"], "replaced": True})

    material = AwarenessMaterial(partnership=previous.partnership, is_current=True, **fields)
    return _save_new(
        material, by=by, upload=upload, file_kind=file_kind, detail={"replaces": previous.pk}, before=retire_previous
    )


def open_material_file(material: AwarenessMaterial) -> IO[bytes]:
    """The stored file, opened for reading. Raises FileNotFoundError if there is none."""
    if not material.file.name:
        raise FileNotFoundError("The material has no file")
    field: Any = AwarenessMaterial._meta.get_field("file")
    return field.storage.open(material.file.name, "rb")  # type: ignore[no-any-return]
