"""Optimistic locking for records that several people edit: each carries a `version` that a form
sends back; a save checks it under a row lock, so a form opened before someone else's change is
refused (the page then explains and keeps what was typed) instead of silently overwriting it."""

from __future__ import annotations

from typing import Any

from django.db.models import Model


class StaleRecord(Exception):
    """Someone else changed the record after the form was shown (its version moved on)."""


def locked_at_version(model: type[Model], pk: int, version: int) -> Any:
    """The row, locked until the transaction ends, if it is still at `version`; else StaleRecord."""
    fresh = model._default_manager.select_for_update().order_by().get(pk=pk)
    if fresh.version != version:  # type: ignore[attr-defined]
        raise StaleRecord
    return fresh


def apply_changes(obj: Model, fields: dict[str, Any]) -> list[str]:
    """Set the fields on `obj`; the names of those whose value changed (for the audit trail)."""
    changed = []
    for name, value in fields.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed
