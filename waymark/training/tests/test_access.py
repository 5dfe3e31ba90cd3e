"""Who may see and do what in training: persona x object x action -> 200 (allowed), 403, 404.

Testford's framework; a classroom course that Brightway runs (so Tobi, Brightway's training lead,
keeps the session's register); Una on the council's register, booked on the session; Cathy's own
staff record with a completion; Vic on Brightway's register; the county's e-learning.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from conftest import make_user
from waymark.training import access
from waymark.training.tests.factories import training_for_testford, with_training_leads

PEOPLE = [
    "coordinator",
    "council_training_lead",
    "charity_training_lead",
    "council_caseworker",
    "charity_caseworker",
    "intelligence_officer",
    "grants_officer",
    "outsider",
]


def _status(call):
    try:
        call()
    except Http404:
        return 404
    except PermissionDenied:
        return 403
    return 200


def expect(default=200, outsider=404, **overrides):
    return {**dict.fromkeys(PEOPLE, default), "outsider": outsider, **overrides}


READ_BY_MEMBERS = expect()
MANAGED_BY_COORDINATOR = expect(403, coordinator=200)
NAMES_FOR_THE_COUNCIL_LEAD = expect(404, council_training_lead=200)

# (what, getter, object, action, expected per persona)
MATRIX = [
    ("level", access.get_level_for_user, "level", "view", READ_BY_MEMBERS),
    ("level", access.get_level_for_user, "level", "manage", MANAGED_BY_COORDINATOR),
    ("cohort", access.get_cohort_for_user, "cohort", "view", READ_BY_MEMBERS),
    ("cohort", access.get_cohort_for_user, "cohort", "manage", MANAGED_BY_COORDINATOR),
    ("course", access.get_course_for_user, "course", "view", READ_BY_MEMBERS),
    ("course", access.get_course_for_user, "course", "manage", MANAGED_BY_COORDINATOR),
    # The county's menu is open to Testford's members; only the county's coordinators manage it.
    ("county course", access.get_course_for_user, "county_course", "view", READ_BY_MEMBERS),
    ("county course", access.get_course_for_user, "county_course", "manage", expect(403)),
    ("session", access.get_session_for_user, "session", "view", READ_BY_MEMBERS),
    ("session", access.get_session_for_user, "session", "manage", MANAGED_BY_COORDINATOR),
    (
        "session",
        access.get_session_for_user,
        "session",
        "book",
        expect(403, coordinator=200, council_training_lead=200, charity_training_lead=200),
    ),
    (
        "session",
        access.get_session_for_user,
        "session",
        "record_attendance",
        expect(403, coordinator=200, charity_training_lead=200),
    ),
    ("council staff", access.get_staff_member_for_user, "council_staff", "view", NAMES_FOR_THE_COUNCIL_LEAD),
    ("council staff", access.get_staff_member_for_user, "council_staff", "manage", NAMES_FOR_THE_COUNCIL_LEAD),
    (
        "charity staff",
        access.get_staff_member_for_user,
        "charity_staff",
        "manage",
        expect(404, charity_training_lead=200),
    ),
    (
        "Cathy's own record",
        access.get_staff_member_for_user,
        "own_record",
        "view",
        expect(404, council_training_lead=200, council_caseworker=200),
    ),
    (
        "Cathy's own record",
        access.get_staff_member_for_user,
        "own_record",
        "manage",
        expect(404, council_training_lead=200, council_caseworker=403),
    ),
    (
        "Una's booking",
        access.get_booking_for_user,
        "booking",
        "view",
        expect(404, coordinator=200, council_training_lead=200, charity_training_lead=200),
    ),
    (
        "Una's booking",
        access.get_booking_for_user,
        "booking",
        "manage",
        expect(404, coordinator=200, council_training_lead=200, charity_training_lead=403),
    ),
    (
        "Una's booking",
        access.get_booking_for_user,
        "booking",
        "record_attendance",
        expect(404, coordinator=200, council_training_lead=200, charity_training_lead=200),
    ),
    (
        "Cathy's completion",
        access.get_completion_for_user,
        "completion",
        "view",
        expect(404, council_training_lead=200, council_caseworker=200),
    ),
    (
        "Cathy's completion",
        access.get_completion_for_user,
        "completion",
        "manage",
        expect(404, council_training_lead=200, council_caseworker=403),
    ),
    ("awareness event", access.get_awareness_event_for_user, "event", "view", READ_BY_MEMBERS),
    ("awareness event", access.get_awareness_event_for_user, "event", "manage", MANAGED_BY_COORDINATOR),
    ("awareness material", access.get_awareness_material_for_user, "material", "view", READ_BY_MEMBERS),
    ("awareness material", access.get_awareness_material_for_user, "material", "manage", MANAGED_BY_COORDINATOR),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("what", "getter", "target", "action", "expected"),
    MATRIX,
    ids=[f"{row[0]}-{row[3]}" for row in MATRIX],
)
def test_access_matrix(world, personas, what, getter, target, action, expected):
    people = with_training_leads(world, personas)
    training = training_for_testford(world, personas)
    obj = (
        training.levels[2]
        if target == "level"
        else training.cohorts["frontline_regular"]
        if target == "cohort"
        else getattr(training, target)
    )
    got = {name: _status(lambda name=name: getter(people[name], obj.pk, action=action)) for name in PEOPLE}
    assert got == expected


@pytest.mark.django_db
def test_anonymous_users_and_people_in_no_partnership_find_nothing(world, personas):
    training = training_for_testford(world, personas)
    loner = make_user("lee@nowhere.example", "Lee Loner", None)
    for user in (AnonymousUser(), loner):
        assert not access.can_see_training(user)
        assert not access.visible_courses(user).exists()
        assert not access.visible_staff(user).exists()
        assert not access.visible_bookings(user).exists()
        assert not access.visible_completions(user).exists()
        with pytest.raises(Http404):
            access.get_session_for_user(user, training.session.pk)


@pytest.mark.django_db
def test_only_an_organisations_own_training_lead_sees_its_staff_names(world, personas):
    people = with_training_leads(world, personas)
    seen = {
        name: (
            access.may_see_staff_names(people[name], world.council),
            access.may_see_staff_names(people[name], world.charity),
        )
        for name in PEOPLE
    }
    assert seen == {
        **dict.fromkeys(PEOPLE, (False, False)),
        "council_training_lead": (True, False),
        "charity_training_lead": (False, True),
    }
    assert access.may_see_staff_names(people["council_training_lead"], world.council, world.testford.pk)
    assert not access.may_see_staff_names(people["council_training_lead"], world.council, world.county.pk)


@pytest.mark.django_db
def test_members_see_their_own_organisations_counts_and_overseers_see_every_organisations(world, personas):
    people = with_training_leads(world, personas)
    testford = world.testford.pk
    seen = {
        name: (
            access.may_see_compliance(people[name], testford, world.council.pk),
            access.may_see_compliance(people[name], testford, world.charity.pk),
            access.may_see_compliance(people[name], testford),
        )
        for name in PEOPLE
    }
    assert seen == {
        "coordinator": (True, True, True),
        "council_training_lead": (True, True, True),
        "charity_training_lead": (True, True, True),
        "council_caseworker": (True, False, False),
        "charity_caseworker": (False, True, False),
        "intelligence_officer": (False, False, False),
        "grants_officer": (False, False, False),
        "outsider": (False, False, False),
    }


@pytest.mark.django_db
def test_a_training_lead_manages_only_their_own_organisations_register(world, personas):
    people = with_training_leads(world, personas)
    training = training_for_testford(world, personas)
    tara = people["council_training_lead"]
    assert access.registers_managed_by(tara) == [(world.testford.pk, world.council.pk)]
    assert access.can_add_staff(tara, world.council.pk, world.testford.pk)
    assert not access.can_add_staff(tara, world.charity.pk, world.testford.pk)
    assert not access.can_add_staff(people["coordinator"], world.council.pk, world.testford.pk)
    assert set(access.visible_staff(tara)) == {training.council_staff, training.own_record}
    assert set(access.visible_staff(people["council_caseworker"])) == {training.own_record}
    assert not access.visible_staff(people["coordinator"]).exists()


@pytest.mark.django_db
def test_the_menu_includes_the_partnership_above_but_not_below_or_beside(world, personas):
    from waymark.training.tests.factories import levels_and_cohorts, make_course

    training = training_for_testford(world, personas)
    other_levels, _ = levels_and_cohorts(world.otherton)
    otherton_course = make_course(
        world.otherton, [other_levels[1]], title="Otherton awareness", external="Otherton Council"
    )
    ian = personas["intelligence_officer"]  # the police are members of the county as well as Testford
    cathy = personas["council_caseworker"]
    assert set(access.visible_courses(cathy)) == {training.course, training.county_course}
    assert set(access.visible_courses(ian)) == {training.course, training.county_course}
    assert set(access.visible_courses(personas["outsider"])) == {otherton_course}
