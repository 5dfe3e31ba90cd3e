"""Who may see and do what in governance: persona x object x action -> 200 (allowed), 403, 404.

Testford's board has the council, the police and Brightway as members and Bella (a board member at
the commissioner's office) as its chair; Brightway takes the minutes of the held meeting.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from conftest import make_user
from waymark.governance import access
from waymark.governance.models import Group, GroupKind, MinutesStatus
from waymark.governance.tests.factories import governance_for_testford

PEOPLE = [
    "coordinator",
    "council_caseworker",
    "charity_caseworker",
    "intelligence_officer",
    "grants_officer",
    "board_member",
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

# (what, getter, object, action, expected per persona)
MATRIX = [
    ("group", access.get_group_for_user, "board", "view", READ_BY_MEMBERS),
    ("group", access.get_group_for_user, "board", "manage", MANAGED_BY_COORDINATOR),
    ("meeting", access.get_meeting_for_user, "held", "view", READ_BY_MEMBERS),
    ("meeting", access.get_meeting_for_user, "held", "manage", MANAGED_BY_COORDINATOR),
    (
        "meeting",
        access.get_meeting_for_user,
        "held",
        "take_minutes",
        expect(403, coordinator=200, charity_caseworker=200),
    ),
    ("approved minutes", access.get_minutes_for_user, "approved_minutes", "view", READ_BY_MEMBERS),
    # Drafts: the coordinator, the member organisations' users (council, police, Brightway) and the chair.
    ("draft minutes", access.get_minutes_for_user, "draft_minutes", "view", expect(grants_officer=404)),
    (
        "draft minutes",
        access.get_minutes_for_user,
        "draft_minutes",
        "update",
        expect(403, coordinator=200, charity_caseworker=200, grants_officer=404),
    ),
    (
        "draft minutes",
        access.get_minutes_for_user,
        "draft_minutes",
        "manage",
        expect(403, coordinator=200, grants_officer=404),
    ),
    ("approved minutes", access.get_minutes_for_user, "approved_minutes", "update", MANAGED_BY_COORDINATOR),
    ("action arising", access.get_meeting_action_for_user, "action", "view", READ_BY_MEMBERS),
    (
        "action arising",
        access.get_meeting_action_for_user,
        "action",
        "update",
        expect(403, coordinator=200, charity_caseworker=200),
    ),
    ("action arising", access.get_meeting_action_for_user, "action", "manage", MANAGED_BY_COORDINATOR),
    ("plan", access.get_action_plan_for_user, "plan", "view", READ_BY_MEMBERS),
    ("plan", access.get_action_plan_for_user, "plan", "manage", MANAGED_BY_COORDINATOR),
    ("plan action", access.get_plan_action_for_user, "plan_action", "view", READ_BY_MEMBERS),
    # Led by the police (Ian's organisation) with Cathy as the lead person.
    (
        "plan action",
        access.get_plan_action_for_user,
        "plan_action",
        "update",
        expect(403, coordinator=200, intelligence_officer=200, council_caseworker=200),
    ),
    ("plan action", access.get_plan_action_for_user, "plan_action", "manage", MANAGED_BY_COORDINATOR),
    ("risk", access.get_risk_for_user, "risk", "view", READ_BY_MEMBERS),
    ("risk", access.get_risk_for_user, "risk", "update", expect(403, coordinator=200, council_caseworker=200)),
    ("risk", access.get_risk_for_user, "risk", "manage", MANAGED_BY_COORDINATOR),
    ("agreement", access.get_agreement_for_user, "agreement", "view", READ_BY_MEMBERS),
    ("agreement", access.get_agreement_for_user, "agreement", "manage", MANAGED_BY_COORDINATOR),
    ("sent briefing", access.get_briefing_for_user, "sent_briefing", "view", READ_BY_MEMBERS),
    ("sent briefing", access.get_briefing_for_user, "sent_briefing", "manage", MANAGED_BY_COORDINATOR),
    ("draft briefing", access.get_briefing_for_user, "draft_briefing", "view", expect(404, coordinator=200)),
    ("draft briefing", access.get_briefing_for_user, "draft_briefing", "manage", expect(404, coordinator=200)),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("getter", "attribute", "action", "expected"),
    [row[1:] for row in MATRIX],
    ids=[f"{row[0]}-{row[3]}" for row in MATRIX],
)
def test_access_matrix(getter, attribute, action, expected, world, personas):
    governance = governance_for_testford(world, personas)
    people = {**personas, "board_member": governance.bella}
    target = getattr(governance, attribute)
    got = {name: _status(lambda user=people[name]: getter(user, target.pk, action=action)) for name in PEOPLE}
    assert got == expected


@pytest.mark.django_db
def test_the_county_coordinator_manages_testford_below_it(world, personas):
    governance = governance_for_testford(world, personas)
    county_coordinator = make_user("cora@county.example", "Cora County", world.police, [(world.county, "coordinator")])
    assert access.get_risk_for_user(county_coordinator, governance.risk.pk, action="manage") == governance.risk
    assert access.get_briefing_for_user(county_coordinator, governance.draft_briefing.pk) == governance.draft_briefing


@pytest.mark.django_db
def test_minutes_shared_upward_are_read_in_the_parent_partnership(world, personas):
    governance = governance_for_testford(world, personas)
    county_board = Group.objects.create(
        partnership=world.county, name="Testshire Governing Board", kind=GroupKind.GOVERNING_BOARD
    )
    county_only = make_user("dana@county.example", "Dana County", None, [(world.county, "board_member")])
    minutes = governance.approved_minutes
    assert not access.visible_minutes(county_only).filter(pk=minutes.pk).exists()
    minutes.share(with_group=county_board, by=personas["coordinator"])
    assert minutes.status == MinutesStatus.SHARED
    assert access.get_minutes_for_user(county_only, minutes.pk) == minutes
    # The meeting itself stays Testford's.
    with pytest.raises(Http404):
        access.get_meeting_for_user(county_only, minutes.meeting_id)


@pytest.mark.django_db
def test_the_outsider_sees_nothing_of_testford(world, personas):
    governance_for_testford(world, personas)
    oscar = personas["outsider"]
    for listing in (
        access.visible_groups,
        access.visible_meetings,
        access.visible_minutes,
        access.visible_meeting_actions,
        access.visible_action_plans,
        access.visible_plan_actions,
        access.visible_risks,
        access.visible_agreements,
        access.visible_briefings,
    ):
        assert not listing(oscar).exists(), listing.__name__


@pytest.mark.django_db
def test_members_list_what_they_may_read(world, personas):
    governance = governance_for_testford(world, personas)
    greta = personas["grants_officer"]
    assert list(access.visible_minutes(greta)) == [governance.approved_minutes]
    assert list(access.visible_briefings(greta)) == [governance.sent_briefing]
    assert set(access.visible_briefings(personas["coordinator"])) == {
        governance.sent_briefing,
        governance.draft_briefing,
    }
    assert list(access.groups_user_sits_on(governance.bella)) == [governance.board]
    assert not access.groups_user_sits_on(greta).exists()


@pytest.mark.django_db
def test_your_actions_are_those_you_or_your_organisation_lead(world, personas):
    governance = governance_for_testford(world, personas)
    assert list(access.plan_actions_led_by(personas["intelligence_officer"])) == [governance.plan_action]
    assert list(access.plan_actions_led_by(personas["council_caseworker"])) == [governance.plan_action]
    assert not access.plan_actions_led_by(personas["charity_caseworker"]).exists()


@pytest.mark.django_db
def test_governance_is_for_members_of_a_partnership(world, personas):
    loner = make_user("lee@nowhere.example", "Lee Loner", None)
    assert access.can_see_governance(personas["grants_officer"])
    assert access.can_see_governance(personas["outsider"])
    assert not access.can_see_governance(loner)
    assert not access.can_see_governance(AnonymousUser())


@pytest.mark.django_db
def test_an_unknown_action_is_a_programming_error(world, personas):
    governance = governance_for_testford(world, personas)
    for name in ("coordinator", "council_caseworker"):
        with pytest.raises(ValueError):
            access.get_risk_for_user(personas[name], governance.risk.pk, action="delete-everything")
