from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from waymark.training.models import (
    AwarenessMaterial,
    AwarenessMaterialKind,
    Booking,
    BookingStatus,
    Cohort,
    Completion,
    CompletionSource,
    Course,
    CourseFormat,
    StaffMember,
    TrainingLevel,
)
from waymark.training.tests.factories import levels_and_cohorts, make_course, make_session, make_staff


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.mark.django_db
def test_the_database_refuses_impossible_records(world):
    levels, cohorts = levels_and_cohorts(world.testford)
    course = make_course(world.testford, [levels[2]], provider=world.charity)
    staff = make_staff(world, world.council, "Una Untrained", cohort=cohorts["frontline_regular"])
    refused(lambda: TrainingLevel.objects.create(partnership=world.testford, number=2, name="Another level 2"))
    refused(lambda: make_session(course, capacity=0))
    refused(
        lambda: Course.objects.create(
            partnership=world.testford,
            title="Two providers",
            provider_organisation=world.charity,
            external_provider="Home Office",
            format=CourseFormat.WEBINAR,
        )
    )
    refused(lambda: Course.objects.create(partnership=world.testford, title="No provider", format=CourseFormat.WEBINAR))
    refused(
        lambda: Cohort.objects.create(
            partnership=world.testford, name="Second elected", required_level=levels[1], is_elected_members=True
        )
    )
    refused(
        lambda: Cohort.objects.create(
            partnership=world.testford, name="Never", required_level=levels[1], refresh_months=0
        )
    )
    session = make_session(course)
    refused(lambda: Booking.objects.create(session=session, staff_member=staff, status=BookingStatus.WAITING_LIST))
    refused(lambda: Booking.objects.create(session=session, staff_member=staff, waiting_list_position=1))
    refused(
        lambda: make_staff(
            world, world.council, "Lee Leaver", start_date=date(2026, 1, 1), leaving_date=date(2025, 12, 31)
        )
    )
    refused(lambda: Completion.objects.create(staff_member=staff, course=course, completed_on=date(1999, 12, 31)))
    refused(
        lambda: Completion.objects.create(
            staff_member=staff, course=course, completed_on=date(2026, 1, 1), source=CompletionSource.ATTENDANCE
        )
    )
    refused(
        lambda: AwarenessMaterial.objects.create(
            partnership=world.testford, title="Nothing", kind=AwarenessMaterialKind.POSTER
        )
    )


@pytest.mark.django_db
def test_reimporting_the_same_person_is_refused_as_a_duplicate(world):
    make_staff(world, world.council, "Anne-Marie O'Neil", job_title="Housing Officer")
    refused(lambda: make_staff(world, world.council, "anne marie oneil", job_title="housing officer"))
    make_staff(world, world.charity, "Anne-Marie O'Neil", job_title="Housing Officer")  # another register
    make_staff(world, world.council, "Anne-Marie O'Neil", job_title="Housing Officer", reference="HR 77")
    refused(lambda: make_staff(world, world.council, "A O'Neil", job_title="Officer", reference="hr77"))
    assert StaffMember.objects.filter(organisation=world.council).count() == 2


@pytest.mark.django_db
def test_expiry_follows_the_cohort_refresh_rule_and_moves_with_the_cohort(world):
    levels, cohorts = levels_and_cohorts(world.testford)
    course = make_course(world.testford, [levels[2]], provider=world.charity)
    staff = make_staff(world, world.council, "Una", cohort=cohorts["frontline_regular"])  # every 24 months
    completion = Completion.objects.create(staff_member=staff, course=course, completed_on=date(2025, 1, 31))
    assert completion.expires_on == date(2027, 1, 31)
    staff.place_in_cohort(cohorts["little_contact"], reason="Rarely or never meets the public: needs level 1")
    completion.refresh_from_db()
    assert completion.expires_on == date(2028, 1, 31)
    never = Cohort.objects.create(partnership=world.testford, name="Once only", required_level=levels[1])
    staff.place_in_cohort(never)
    completion.refresh_from_db()
    assert completion.expires_on is None and staff.version == 3


@pytest.mark.django_db
def test_a_completion_must_be_in_the_past_and_on_the_menu(world):
    levels, cohorts = levels_and_cohorts(world.testford)
    other_levels, _ = levels_and_cohorts(world.otherton)
    staff = make_staff(world, world.council, "Una", cohort=cohorts["frontline_regular"])
    county_levels, _ = levels_and_cohorts(world.county)
    county_course = make_course(world.county, [county_levels[3]], title="County e-learning", external="Home Office")
    Completion(staff_member=staff, course=county_course, completed_on=timezone.localdate()).clean()
    tomorrow = Completion(
        staff_member=staff, course=county_course, completed_on=timezone.localdate() + timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="today or in the past"):
        tomorrow.clean()
    elsewhere = make_course(world.otherton, [other_levels[1]], title="Otherton awareness", external="Otherton Council")
    with pytest.raises(ValidationError, match="training menu"):
        Completion(staff_member=staff, course=elsewhere, completed_on=date(2026, 1, 1)).clean()


@pytest.mark.django_db
def test_places_left_counts_bookings_that_hold_a_place(world):
    levels, cohorts = levels_and_cohorts(world.testford)
    session = make_session(make_course(world.testford, [levels[2]], provider=world.charity), capacity=3)
    names = ["Ann", "Ben", "Cal", "Dee", "Eve"]
    staff = [make_staff(world, world.council, name) for name in names]
    Booking.objects.create(session=session, staff_member=staff[0])
    Booking.objects.create(session=session, staff_member=staff[1], status=BookingStatus.CANCELLED)
    Booking.objects.create(session=session, staff_member=staff[2], status=BookingStatus.ATTENDED)
    waiting = Booking.objects.create(
        session=session,
        staff_member=staff[3],
        status=BookingStatus.WAITING_LIST,
        waiting_list_position=session.next_waiting_list_position(),
    )
    assert (session.places_taken(), session.places_left(), session.next_waiting_list_position()) == (2, 1, 2)
    waiting.set_status(BookingStatus.BOOKED)
    waiting.refresh_from_db()
    assert waiting.waiting_list_position is None and session.places_left() == 0


@pytest.mark.django_db
def test_a_cohorts_level_and_role_types_are_checked(world):
    levels, _ = levels_and_cohorts(world.testford)
    other_levels, _ = levels_and_cohorts(world.otherton)
    cohort = Cohort(partnership=world.testford, name="Mixed", required_level=other_levels[1])
    with pytest.raises(ValidationError, match="level of this partnership"):
        cohort.clean()
    cohort = Cohort(partnership=world.testford, name="Mixed", required_level=levels[1], role_types=["wizard"])
    with pytest.raises(ValidationError, match="Unknown role types: wizard"):
        cohort.clean()
