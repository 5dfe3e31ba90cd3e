"""Who can open a case by its address, persona by situation (need-to-know, waymark/cases/access.py).

The case is a child's, referred by Testford Council and led by it; its tasks belong to the council.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user, sign_in
from waymark.cases.access import may_see, visible_cases
from waymark.cases.models import CaseShare, ConsentPurpose, ConsentRecord, LawfulBasis, Task
from waymark.cases.tests.factories import open_child_case

SEES = 200
NOT_FOUND = 404


def _share(case, organisation, by, *, consent=None):
    return CaseShare.objects.create(
        case=case,
        organisation=organisation,
        reason="Will provide a safe house",
        lawful_basis=LawfulBasis.CONSENT if consent else LawfulBasis.SAFEGUARDING,
        consent=consent,
        shared_by=by,
    )


def _sharing_consent(case, organisation, by):
    return ConsentRecord.objects.create(
        case=case,
        purpose=ConsentPurpose.SHARING,
        organisation=organisation,
        given_on=timezone.localdate(),
        how="In person",
        recorded_by=by,
    )


def not_shared(case, world, by):
    pass


def shared_with_the_charity(case, world, by):
    _share(case, world.charity, by)


def shared_with_the_charity_with_consent(case, world, by):
    _share(case, world.charity, by, consent=_sharing_consent(case, world.charity, by))


def shared_with_the_charity_then_consent_withdrawn(case, world, by):
    consent = _sharing_consent(case, world.charity, by)
    _share(case, world.charity, by, consent=consent)
    # Only the consent changes: the share itself is left as it was.
    ConsentRecord.objects.filter(pk=consent.pk).update(withdrawn_on=timezone.localdate())


def shared_with_the_charity_then_revoked(case, world, by):
    _share(case, world.charity, by)
    CaseShare.objects.filter(case=case).update(revoked_at=timezone.now())


def shared_with_the_charity_after_it_left_the_partnership(case, world, by):
    _share(case, world.charity, by)
    world.charity.memberships.filter(partnership=world.testford).update(until=timezone.localdate().replace(year=2000))


def shared_with_an_organisation_outside_the_partnership(case, world, by):
    _share(case, world.other_council, by)


def led_by_the_charity(case, world, by):
    type(case).objects.filter(pk=case.pk).update(lead_organisation=world.charity)


def a_task_for_the_charity(case, world, by):
    Task.objects.create(case=case, code="manual", title="Safe house place", owner_organisation=world.charity)


SITUATIONS = {
    # situation: {persona: status}; personas not named get 404
    not_shared: {"coordinator": SEES, "council_caseworker": SEES},
    shared_with_the_charity: {"coordinator": SEES, "council_caseworker": SEES, "charity_caseworker": SEES},
    shared_with_the_charity_with_consent: {"coordinator": SEES, "council_caseworker": SEES, "charity_caseworker": SEES},
    shared_with_the_charity_then_consent_withdrawn: {"coordinator": SEES, "council_caseworker": SEES},
    shared_with_the_charity_then_revoked: {"coordinator": SEES, "council_caseworker": SEES},
    shared_with_the_charity_after_it_left_the_partnership: {"coordinator": SEES, "council_caseworker": SEES},
    shared_with_an_organisation_outside_the_partnership: {"coordinator": SEES, "council_caseworker": SEES},
    led_by_the_charity: {"coordinator": SEES, "council_caseworker": SEES, "charity_caseworker": SEES},
    a_task_for_the_charity: {"coordinator": SEES, "council_caseworker": SEES, "charity_caseworker": SEES},
}
PERSONAS = [
    "coordinator",
    "council_caseworker",
    "charity_caseworker",
    "intelligence_officer",
    "grants_officer",
    "outsider",
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("situation", list(SITUATIONS), ids=lambda s: s.__name__)
def test_who_can_open_the_case(situation, persona, world, personas, client_for):
    cathy = personas["council_caseworker"]
    case = open_child_case(world, cathy)
    type(case).objects.filter(pk=case.pk).update(lead_organisation=world.council)
    situation(case, world, cathy)

    response = client_for(persona).get(reverse("cases:case-detail", args=[case.pk]))

    assert response.status_code == SITUATIONS[situation].get(persona, NOT_FOUND)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("situation", list(SITUATIONS), ids=lambda s: s.__name__)
def test_the_list_rule_and_the_one_case_rule_agree(situation, persona, world, personas):
    """visible_cases (the lists, in SQL, in two forms) and may_see (a case page, for one case) are
    implementations of one rule: they must give the same answer in every situation."""
    cathy = personas["council_caseworker"]
    case = open_child_case(world, cathy)
    type(case).objects.filter(pk=case.pk).update(lead_organisation=world.council)
    situation(case, world, cathy)
    user = personas[persona]
    fresh = type(case).objects.get(pk=case.pk)

    in_list = visible_cases(user).filter(pk=case.pk).exists()

    assert may_see(user, fresh) == in_list
    assert visible_cases(user, row_by_row=True).filter(pk=case.pk).exists() == in_list
    assert in_list == (SITUATIONS[situation].get(persona, NOT_FOUND) == SEES)


def test_a_coordinator_of_the_county_above_sees_the_case(world, personas, client_for):
    county_coordinator = make_user("kim@county.example", "Kim County", world.police, [(world.county, "coordinator")])
    case = open_child_case(world, personas["council_caseworker"])
    client = sign_in(client_for("anonymous"), county_coordinator)
    assert client.get(reverse("cases:case-detail", args=[case.pk])).status_code == SEES


def test_the_case_list_shows_only_what_the_user_may_see(world, personas):
    cathy = personas["council_caseworker"]
    case = open_child_case(world, cathy)
    assert list(visible_cases(personas["charity_caseworker"])) == []
    _share(case, world.charity, cathy)
    _share(case, world.charity, cathy)  # a second share does not list the case twice
    assert list(visible_cases(personas["charity_caseworker"])) == [case]
