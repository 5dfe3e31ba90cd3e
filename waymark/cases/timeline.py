"""A case's timeline: services call `record` for everything that happens to a case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .models import Case, CaseEvent

if TYPE_CHECKING:
    from waymark.accounts.models import User


def record(case: Case, kind: str, summary: str, *, by: User | None = None, **detail: Any) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        actor=by,
        organisation=getattr(by, "organisation", None),
        kind=kind,
        summary=summary[:300],
        detail=detail,
    )
