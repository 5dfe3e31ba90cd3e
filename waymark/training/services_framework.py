"""Writing a partnership's training framework: its levels and cohorts. Each write records an audit
event; a change is refused if someone else changed the record first (StaleFramework). Restoring the
default levels and cohorts is services.seed_default_framework."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max, Model

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import Partnership

from .models import Cohort, StaffMember, TrainingLevel

if TYPE_CHECKING:
    from waymark.accounts.models import User

LEVEL_FIELDS = ("number", "name", "description", "learning_outcomes", "is_standalone")
COHORT_FIELDS = ("name", "description", "required_level", "refresh_months", "is_active")


class StaleFramework(Exception):
    """Someone else changed the level or cohort after the form was shown."""


def _claim(model: type[Model], obj: Any, version: int) -> None:
    if not model._default_manager.filter(pk=obj.pk, version=version).update(version=version + 1):
        raise StaleFramework
    obj.version = version + 1


def _changes(obj: Any, fields: dict[str, Any], names: tuple[str, ...]) -> dict[str, list[str]]:
    changed = {}
    for name in names:
        if name not in fields:
            continue
        before, value = getattr(obj, name), fields[name]
        if before != value:
            changed[name] = [str(before if before is not None else ""), str(value if value is not None else "")]
        setattr(obj, name, value)
    return changed


@transaction.atomic
def add_level(*, partnership: Partnership, by: User, **fields: Any) -> TrainingLevel:
    level = TrainingLevel.objects.create(partnership=partnership, **{n: fields[n] for n in LEVEL_FIELDS})
    audit.record(action=AuditAction.CREATE, user=by, obj=level, detail={"partnership": partnership.pk})
    return level


@transaction.atomic
def update_level(*, level: TrainingLevel, version: int, by: User, **fields: Any) -> TrainingLevel:
    _claim(TrainingLevel, level, version)
    changed = _changes(level, fields, LEVEL_FIELDS)
    level.save()
    audit.record(action=AuditAction.UPDATE, user=by, obj=level, detail=changed)
    return level


@transaction.atomic
def add_cohort(*, partnership: Partnership, by: User, **fields: Any) -> Cohort:
    last = Cohort.objects.filter(partnership=partnership).aggregate(last=Max("order"))["last"] or 0
    values = {n: fields[n] for n in COHORT_FIELDS if n in fields}
    cohort = Cohort.objects.create(partnership=partnership, order=last + 1, **values)
    audit.record(action=AuditAction.CREATE, user=by, obj=cohort, detail={"partnership": partnership.pk})
    return cohort


@transaction.atomic
def update_cohort(*, cohort: Cohort, version: int, by: User, **fields: Any) -> Cohort:
    """Change the cohort. A new refresh interval moves the expiry dates of its staff's completions."""
    _claim(Cohort, cohort, version)
    refresh_before = cohort.refresh_months
    changed = _changes(cohort, fields, COHORT_FIELDS)
    cohort.save()
    if cohort.refresh_months != refresh_before:
        for staff in StaffMember.objects.filter(cohort=cohort).select_related("cohort"):
            staff.refresh_expiry_dates()
    audit.record(action=AuditAction.UPDATE, user=by, obj=cohort, detail=changed)
    return cohort
