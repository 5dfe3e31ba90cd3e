"""Writing an organisation's staff register: adding and changing people, recording that they leave,
placing them in cohorts (one or many at once) and importing a checked staff list. Each write
records an audit event; a change to a person is refused if someone else changed them first
(StaleStaffMember). The audit detail names the fields changed, not their values: the register's
history (simple_history) keeps those, so the trail holds no more personal data than it must."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import Organisation, Partnership

from . import staff_identity, staff_import
from .models import Cohort, StaffMember

if TYPE_CHECKING:
    from waymark.accounts.models import User

STAFF_FIELDS = ("full_name", "email", "job_title", "team", "reference", "start_date", "leaving_date")


class StaleStaffMember(Exception):
    """Someone else changed the person after the form was shown (their version moved on)."""

    def __init__(self, names: Sequence[str] = ()) -> None:
        super().__init__(", ".join(names))
        self.names = list(names)


class AlreadyOnRegister(Exception):
    """Another person on the register has the same reference, or the same name and job title."""


def _claim(staff: StaffMember, version: int) -> StaffMember:
    """Move the person to their next version, or refuse if they are no longer at `version`. The
    conditional UPDATE is the guard: of two people sending the same version, only one matches."""
    if not StaffMember.objects.filter(pk=staff.pk, version=version).update(version=version + 1):
        raise StaleStaffMember([staff.full_name])
    staff = StaffMember.objects.select_related("cohort", "organisation", "partnership").get(pk=staff.pk)
    return staff


def _check_unique(staff: StaffMember) -> None:
    key = staff_identity.identity_key(reference=staff.reference, full_name=staff.full_name, job_title=staff.job_title)
    others = StaffMember.objects.of_organisation(staff.organisation_id, staff.partnership_id).filter(identity_key=key)
    if staff.pk:
        others = others.exclude(pk=staff.pk)
    if others.exists():
        raise AlreadyOnRegister


@transaction.atomic
def add_staff_member(*, partnership: Partnership, organisation: Organisation, by: User, **fields: Any) -> StaffMember:
    staff = StaffMember(partnership=partnership, organisation=organisation, **fields)
    _check_unique(staff)
    staff.save()
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=staff,
        detail={"partnership": partnership.pk, "organisation": organisation.pk},
    )
    return staff


@transaction.atomic
def update_staff_member(*, staff: StaffMember, version: int, by: User, **fields: Any) -> StaffMember:
    staff = _claim(staff, version)
    changed = [name for name in STAFF_FIELDS if name in fields and getattr(staff, name) != fields[name]]
    for name in changed:
        setattr(staff, name, fields[name])
    _check_unique(staff)
    staff.updated_at = timezone.now()
    staff.save()
    audit.record(action=AuditAction.UPDATE, user=by, obj=staff, detail={"fields": changed})
    return staff


@transaction.atomic
def record_leaving(*, staff: StaffMember, version: int, leaving_date: date, by: User) -> StaffMember:
    staff = _claim(staff, version)
    staff.leaving_date = leaving_date
    staff.updated_at = timezone.now()
    staff.save()
    audit.record(action=AuditAction.UPDATE, user=by, obj=staff, detail={"fields": ["leaving_date"]})
    return staff


def _place(staff: StaffMember, version: int, cohort: Cohort | None, reason: str) -> StaffMember:
    staff = _claim(staff, version)
    staff.version = version  # place_in_cohort moves it on to the version claimed, and keeps history
    staff.place_in_cohort(cohort, reason=reason)
    return staff


@transaction.atomic
def place_in_cohort(*, staff: StaffMember, version: int, cohort: Cohort, reason: str, by: User) -> StaffMember:
    """Put one person in a cohort, with why (the cohort tool's reason)."""
    if cohort.partnership_id != staff.partnership_id:
        raise ValueError("The cohort must be one of the person's partnership")
    staff = _place(staff, version, cohort, reason)
    audit.record(action=AuditAction.UPDATE, user=by, obj=staff, detail={"cohort": cohort.pk})
    return staff


@transaction.atomic
def place_many_in_cohort(
    *, staff_versions: Iterable[tuple[StaffMember, int]], cohort: Cohort, reason: str, by: User
) -> int:
    """Put everyone in the cohort, or nobody: if anyone was changed meanwhile by someone else, the
    whole placement is refused (StaleStaffMember names them). Returns how many moved cohort."""
    pairs = list(staff_versions)
    if any(staff.partnership_id != cohort.partnership_id for staff, _ in pairs):
        raise ValueError("The cohort must be one of the people's partnership")
    current = dict(StaffMember.objects.filter(pk__in=[s.pk for s, _ in pairs]).values_list("pk", "version"))
    stale = [staff.full_name for staff, version in pairs if current.get(staff.pk) != version]
    if stale:
        raise StaleStaffMember(stale)
    moved = 0
    for staff, version in pairs:
        if staff.cohort_id == cohort.pk and staff.cohort_reason == reason:
            continue
        _place(staff, version, cohort, reason)
        moved += 1
    if pairs:
        first = pairs[0][0]
        audit.record(
            action=AuditAction.UPDATE,
            user=by,
            obj=first.organisation,
            detail={
                "staff_placed": [staff.pk for staff, _ in pairs],
                "cohort": cohort.pk,
                "partnership": first.partnership_id,
            },
        )
    return moved


def register_people(partnership: Partnership, organisation: Organisation) -> list[dict[str, Any]]:
    """The register's people, as staff_import.match compares them."""
    return list(
        StaffMember.objects.of_organisation(organisation.pk, partnership.pk).values("id", "version", *STAFF_FIELDS)
    )


@transaction.atomic
def import_rows(
    *, partnership: Partnership, organisation: Organisation, rows: Iterable[staff_import.Row], filename: str, by: User
) -> tuple[int, int]:
    """Add the new people and update the ones already on the register, from checked rows. The rows
    are matched again against the register as it is now, in case it changed since the preview.
    Returns (added, updated)."""
    result = staff_import.match(staff_import.Result(list(rows), []), register_people(partnership, organisation))
    if not result.ok:
        raise ValueError("Only a file without errors can be imported")
    added = updated = 0
    now = timezone.now()
    for row in result.rows:
        if row.status == staff_import.NEW:
            StaffMember.objects.create(
                partnership=partnership,
                organisation=organisation,
                **{name: getattr(row, name) for name in STAFF_FIELDS},
            )
            added += 1
        elif row.status == staff_import.UPDATE and row.existing_id is not None:
            staff = StaffMember.objects.get(pk=row.existing_id)
            for name in row.changes:
                setattr(staff, name, getattr(row, name))
            staff.updated_at = now
            staff.version += 1
            staff.save()
            updated += 1
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=organisation,
        detail={"staff_import": filename, "partnership": partnership.pk, "added": added, "updated": updated},
    )
    return added, updated
