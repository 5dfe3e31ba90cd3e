from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from waymark.training import compliance_data
from waymark.training.cohort_rules import Answers, PublicContact, RoleType
from waymark.training.compliance import Status, add_months
from waymark.training.models import Cohort, Completion, TrainingLevel
from waymark.training.services import seed_default_framework, suggest_cohort_for
from waymark.training.tests.factories import levels_and_cohorts, make_course, make_staff


@pytest.mark.django_db
def test_the_default_framework_is_seeded_once_and_keeps_the_partnerships_edits(world):
    assert seed_default_framework(partnership=world.testford) == (4, 6)
    Cohort.objects.filter(partnership=world.testford, key="occasional_contact").update(name="Some public contact")
    Cohort.objects.filter(partnership=world.testford, key="little_contact").delete()
    assert seed_default_framework(partnership=world.testford) == (0, 1)
    assert seed_default_framework(partnership=world.testford) == (0, 0)
    assert list(TrainingLevel.objects.filter(partnership=world.testford).values_list("number", "name")) == [
        (1, "Awareness"),
        (2, "Identification and referral"),
        (3, "First responder and specialist"),
        (4, "Strategic"),
    ]
    names = Cohort.objects.filter(partnership=world.testford).values_list("name", flat=True)
    assert "Some public contact" in names and "Staff with occasional public contact" not in names
    elected = Cohort.objects.get(partnership=world.testford, is_elected_members=True)
    assert (elected.required_level.name, elected.refresh_months) == ("Strategic", 48)


@pytest.mark.django_db
def test_the_cohort_tool_names_the_partnerships_own_cohort_and_level(world):
    levels, cohorts = levels_and_cohorts(world.testford)
    occasional = cohorts["occasional_contact"]
    occasional.required_level = levels[2]
    occasional.save()
    cohort, reason = suggest_cohort_for(
        partnership=world.testford,
        answers=Answers(role_type=RoleType.SUPPORT, public_contact=PublicContact.OCCASIONALLY),
    )
    assert cohort == occasional and reason == "Meets the public occasionally: needs level 2"
    # Elected members go to the elected members' cohort, even one the partnership named itself.
    Cohort.objects.filter(pk=cohorts["elected_members"].pk).update(key="", name="Councillors")
    cohort, reason = suggest_cohort_for(
        partnership=world.testford,
        answers=Answers(role_type=RoleType.SUPPORT, public_contact=PublicContact.NEVER, elected_member=True),
    )
    assert cohort.name == "Councillors" and reason == "Elected member: needs the strategic level"


@pytest.mark.django_db
def test_compliance_counts_an_organisations_register_from_the_database(world):
    levels, cohorts = levels_and_cohorts(world.testford)
    county_levels, _ = levels_and_cohorts(world.county)
    today = timezone.localdate()
    classroom = make_course(world.testford, [levels[2]], provider=world.charity)
    first_responder = make_course(world.county, [county_levels[3]], title="County e-learning", external="Home Office")
    frontline = cohorts["frontline_regular"]  # level 2, every 24 months
    trained = make_staff(world, world.council, "Tia Trained", cohort=frontline)
    Completion.objects.create(staff_member=trained, course=first_responder, completed_on=today - timedelta(days=30))
    expiring = make_staff(world, world.council, "Eli Expiring", cohort=frontline)
    Completion.objects.create(
        staff_member=expiring, course=classroom, completed_on=add_months(today, -24) + timedelta(days=10)
    )
    untrained = make_staff(world, world.council, "Una Untrained", cohort=frontline)
    make_staff(world, world.council, "Lou Leaver", cohort=frontline, leaving_date=today - timedelta(days=1))
    unplaced = make_staff(world, world.council, "Nia Notplaced")
    make_staff(world, world.charity, "Vic Volunteer", cohort=frontline)

    council = compliance_data.summary_for(partnership_id=world.testford.pk, organisation_id=world.council.pk)
    counts = council.cohorts[frontline.pk]
    assert (counts.in_cohort, counts.trained, counts.expiring, counts.untrained) == (3, 2, 1, 1)
    assert counts.share == Decimal("66.7") and council.not_placed == 1
    assert set(council.cohorts) == set(Cohort.objects.filter(partnership=world.testford).values_list("pk", flat=True))
    whole = compliance_data.summary_for(partnership_id=world.testford.pk)
    assert whole.cohorts[frontline.pk].in_cohort == 4 and whole.total.share == Decimal("50.0")
    statuses = dict(compliance_data.statuses_for(partnership_id=world.testford.pk, organisation_id=world.council.pk))
    assert statuses == {
        trained: Status.TRAINED,
        expiring: Status.EXPIRING,
        untrained: Status.UNTRAINED,
        unplaced: Status.NOT_PLACED,
    }
