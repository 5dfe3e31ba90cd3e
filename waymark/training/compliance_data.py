"""Compliance from the database: loads a register's staff, cohorts and completions in three queries
and hands them to the pure rules in compliance.py. Callers check access first
(access.may_see_compliance for counts, access.may_see_staff_names for the names of the untrained)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils import timezone

from . import compliance
from .models import Cohort, Completion, Course, StaffMember, TrainingLevel


def _standalone_levels(partnership_id: int) -> frozenset[int]:
    return frozenset(
        TrainingLevel.objects.filter(partnership_id=partnership_id, is_standalone=True).values_list("number", flat=True)
    )


def staff_records(staff: list[StaffMember], today: date) -> list[compliance.StaffRecord]:
    """The rules' view of these staff (their cohort loaded with its required level)."""
    levels_by_course: dict[int, set[int]] = defaultdict(set)
    completions: dict[int, list[compliance.CompletionRecord]] = defaultdict(list)
    rows = list(
        Completion.objects.filter(staff_member__in=[s.pk for s in staff], completed_on__lte=today).values_list(
            "staff_member_id", "course_id", "completed_on"
        )
    )
    course_levels = Course.levels.through.objects.filter(course_id__in={course_id for _, course_id, _ in rows})
    for course_id, number in course_levels.values_list("course_id", "traininglevel__number"):
        levels_by_course[course_id].add(number)
    for staff_id, course_id, completed_on in rows:
        completions[staff_id].append(compliance.CompletionRecord(frozenset(levels_by_course[course_id]), completed_on))
    return [
        compliance.StaffRecord(
            cohort=person.cohort_id,
            required_level=person.cohort.required_level.number if person.cohort else None,
            refresh_months=person.cohort.refresh_months if person.cohort else None,
            completions=tuple(completions[person.pk]),
            leaving_date=person.leaving_date,
            key=person.pk,
        )
        for person in staff
    ]


def _staff(partnership_id: int, organisation_id: int | None, today: date) -> list[StaffMember]:
    staff = StaffMember.objects.filter(partnership_id=partnership_id).current(today)
    if organisation_id is not None:
        staff = staff.filter(organisation_id=organisation_id)
    return list(staff.select_related("cohort", "cohort__required_level"))


def summary_for(
    *, partnership_id: int, organisation_id: int | None = None, today: date | None = None
) -> compliance.Summary:
    """Counts per cohort (every active cohort of the partnership has a row) for one organisation's
    register, or for the whole partnership."""
    today = today or timezone.localdate()
    records = staff_records(_staff(partnership_id, organisation_id, today), today)
    cohorts = Cohort.objects.filter(partnership_id=partnership_id).active().values_list("pk", flat=True)
    return compliance.summarise(records, today, _standalone_levels(partnership_id), cohorts=list(cohorts))


def statuses_for(
    *, partnership_id: int, organisation_id: int, today: date | None = None
) -> list[tuple[StaffMember, compliance.Status]]:
    """Each current member of an organisation's register with their status: for its training lead only."""
    today = today or timezone.localdate()
    staff = _staff(partnership_id, organisation_id, today)
    standalone = _standalone_levels(partnership_id)
    by_pk = {person.pk: person for person in staff}
    return [
        (by_pk[record.key], compliance.status(record, today, standalone))  # type: ignore[index]
        for record in staff_records(staff, today)
    ]
