"""Training records for tests, built on the conftest world (Testford and its personas).

Two training lead personas join the root conftest's (which has none): Tara, the training lead at
Testford Council, and Tobi, the training lead at Brightway, the partner charity. Brightway runs the
classroom course's sessions, so Tobi keeps their register.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from conftest import make_user
from waymark.training.models import (
    AwarenessEvent,
    AwarenessEventKind,
    AwarenessMaterial,
    AwarenessMaterialKind,
    Booking,
    BookingStatus,
    Cohort,
    Completion,
    Course,
    CourseFormat,
    CourseSession,
    StaffMember,
    TrainingLevel,
)
from waymark.training.services import seed_default_framework


def council_training_lead(world):
    return make_user("tara@testford.example", "Tara Training", world.council, [(world.testford, "training_lead")])


def charity_training_lead(world):
    return make_user("tobi@brightway.example", "Tobi Training", world.charity, [(world.testford, "training_lead")])


def with_training_leads(world, personas):
    """The conftest personas and the two training leads, by name."""
    return {
        **personas,
        "council_training_lead": council_training_lead(world),
        "charity_training_lead": charity_training_lead(world),
    }


def levels_and_cohorts(partnership):
    seed_default_framework(partnership=partnership)
    levels = {level.number: level for level in TrainingLevel.objects.filter(partnership=partnership)}
    cohorts = {cohort.key: cohort for cohort in Cohort.objects.filter(partnership=partnership)}
    return levels, cohorts


def make_course(partnership, levels, *, title="Spotting the signs", provider=None, external="", **fields):
    course = Course.objects.create(
        partnership=partnership,
        title=title,
        provider_organisation=provider,
        external_provider=external if provider is None else "",
        format=fields.pop("format", CourseFormat.CLASSROOM),
        **fields,
    )
    course.levels.set(levels)
    return course


def make_session(course, *, days_from_now=14, capacity=10, trainer_organisation=None, **fields):
    starts_at = timezone.now() + timedelta(days=days_from_now)
    return CourseSession.objects.create(
        course=course,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        venue=fields.pop("venue", "Testford Town Hall"),
        capacity=capacity,
        trainer_organisation=trainer_organisation,
        **fields,
    )


def make_staff(world, organisation, name, *, cohort=None, job_title="Housing Officer", partnership=None, **fields):
    return StaffMember.objects.create(
        partnership=partnership or world.testford,
        organisation=organisation,
        full_name=name,
        job_title=job_title,
        cohort=cohort,
        **fields,
    )


@dataclass
class Training:
    levels: dict[int, TrainingLevel]
    cohorts: dict[str, Cohort]
    course: Course
    county_course: Course
    session: CourseSession
    council_staff: StaffMember
    own_record: StaffMember
    charity_staff: StaffMember
    booking: Booking
    completion: Completion
    event: AwarenessEvent
    material: AwarenessMaterial


def training_for_testford(world, personas) -> Training:
    """Testford's default framework; a classroom course run by Brightway with an upcoming session;
    the county's e-learning; a council register (with Cathy's own record) and a Brightway one."""
    levels, cohorts = levels_and_cohorts(world.testford)
    county_levels, _ = levels_and_cohorts(world.county)
    course = make_course(world.testford, [levels[2]], provider=world.charity)
    county_course = make_course(
        world.county,
        [county_levels[3]],
        title="First responder e-learning",
        external="Home Office",
        format=CourseFormat.E_LEARNING,
    )
    session = make_session(course, trainer_organisation=world.charity)
    frontline = cohorts["frontline_regular"]
    council_staff = make_staff(world, world.council, "Una Untrained", cohort=frontline)
    own_record = make_staff(
        world,
        world.council,
        "Cathy Caseworker",
        cohort=frontline,
        job_title="Caseworker",
        user=personas["council_caseworker"],
    )
    charity_staff = make_staff(world, world.charity, "Vic Volunteer", cohort=frontline, job_title="Volunteer")
    booking = Booking.objects.create(session=session, staff_member=council_staff, status=BookingStatus.BOOKED)
    completion = Completion.objects.create(
        staff_member=own_record, course=course, completed_on=timezone.localdate() - timedelta(days=100)
    )
    event = AwarenessEvent.objects.create(
        partnership=world.testford,
        title="Testford market stall",
        kind=AwarenessEventKind.COMMUNITY,
        held_on=date(2026, 3, 7),
    )
    material = AwarenessMaterial.objects.create(
        partnership=world.testford,
        title="Spot the signs",
        kind=AwarenessMaterialKind.LEAFLET,
        edition="1.0",
        link="https://testford.example/leaflet",
    )
    return Training(
        levels,
        cohorts,
        course,
        county_course,
        session,
        council_staff,
        own_record,
        charity_staff,
        booking,
        completion,
        event,
        material,
    )
