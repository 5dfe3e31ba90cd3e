from io import StringIO

import pytest
from django.core.management import call_command

from waymark.partners.models import Organisation, Partnership
from waymark.training import compliance_data
from waymark.training.models import (
    AwarenessEvent,
    AwarenessMaterial,
    Booking,
    BookingStatus,
    Cohort,
    Course,
    CourseSession,
    SessionStatus,
    TrainingLevel,
)


@pytest.mark.django_db
def test_the_demo_has_a_training_framework_once(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assert TrainingLevel.objects.count() == 3 * 4 and Cohort.objects.count() == 3 * 6
    assert Course.objects.count() == 4
    home_office = Course.objects.get(external_provider="Home Office")
    assert home_office.provider_organisation is None and home_office.level_numbers() == {3}
    held = CourseSession.objects.get(status=SessionStatus.HELD)
    assert held.bookings.filter(status=BookingStatus.ATTENDED, completion__isnull=False).count() == 2
    upcoming = CourseSession.objects.upcoming().get()
    assert upcoming.places_left() == 0
    assert [b.staff_member.full_name for b in Booking.objects.filter(session=upcoming).waiting_list()] == [
        "Mark Evans",
        "Ruth Kemp",
    ]
    county = Partnership.objects.get(name="Northshire Anti-Slavery Partnership")
    for name in ("Northshire County Council", "Northshire Integrated Care Board"):
        organisation = Organisation.objects.get(name=name)
        total = compliance_data.summary_for(partnership_id=county.pk, organisation_id=organisation.pk).total
        assert total.trained > total.expiring > 0 and total.untrained > 0, name
    assert AwarenessEvent.objects.count() == 2 and AwarenessMaterial.objects.count() == 3
