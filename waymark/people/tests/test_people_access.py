"""Matching must not leak: a user is shown a person in full only when they may see them, and
otherwise only that a possible match exists and which organisation to ask, while the partnership's
coordinator gets an alert to review."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from waymark.cases import services_triage
from waymark.core.models import AuditEntry
from waymark.people import access, services
from waymark.people.models import AlertSource, AlertStatus, MatchAlert, Person
from waymark.people.tests.factories import open_case_about, record_person

pytestmark = pytest.mark.django_db

# One Sudanese boy, written down twice: his name transliterated differently, day and month swapped.
ON_THE_COUNCIL_CASE = {
    "given_names": "Muhammad",
    "family_name": "Osman",
    "date_of_birth": date(2012, 11, 5),
    "gender": "male",
    "nationalities": ["Sudanese"],
    "contact": "07700 900123",
}
ON_THE_CHARITY_CASE = {
    "given_names": "Mohammed",
    "family_name": "Othman",
    "date_of_birth": date(2012, 5, 11),
    "gender": "male",
    "nationalities": ["Sudanese"],
}


@pytest.fixture
def council_person(world, personas):
    return record_person(world, personas["council_caseworker"], **ON_THE_COUNCIL_CASE)


@pytest.fixture
def charity_case(world, personas):
    return open_case_about(world, personas["charity_caseworker"], **ON_THE_CHARITY_CASE)


def matches_url(case):
    return reverse("people:case-person-matches", args=[case.people.get().pk])


def test_the_charity_sees_only_who_to_ask_about_a_match_on_a_council_case(
    world, personas, client_for, council_person, charity_case
):
    council_case = council_person.case_people.get().case
    response = client_for("charity_caseworker").get(matches_url(charity_case))

    assert response.status_code == 200
    page = response.content.decode()
    assert "A possible match is held by Testford Council: ask them" in page
    # Nothing about the council's person: no name, date, identifier, case, score or explanation.
    for secret in ("Muhammad", "Osman", "5 November 2012", "07700", council_case.reference, "likely to be", "Agrees"):
        assert secret not in page, secret


def test_a_hidden_match_raises_one_alert_for_the_coordinator(world, personas, client_for, council_person, charity_case):
    charity = client_for("charity_caseworker")
    charity.get(matches_url(charity_case))
    charity.get(matches_url(charity_case))  # looking again raises nothing new

    alert = MatchAlert.objects.get()
    assert alert.source == AlertSource.INTAKE and alert.status == AlertStatus.OPEN
    assert alert.partnership == world.testford
    assert alert.candidate == council_person
    assert alert.person == charity_case.people.get().person
    assert alert.raised_by == personas["charity_caseworker"]
    assert alert.score > 0.9

    queue = client_for("coordinator").get(reverse("people:review")).content.decode()
    assert "Mohammed Othman and Muhammad Osman" in queue
    review = client_for("coordinator").get(reverse("people:review-alert", args=[alert.pk]))
    assert review.status_code == 200
    assert "5 November 2012" in review.content.decode() and "11 May 2012" in review.content.decode()


def test_the_council_persons_page_is_not_found_for_the_charity(client_for, council_person, charity_case):
    url = reverse("people:person-detail", args=[council_person.pk])
    assert client_for("charity_caseworker").get(url).status_code == 404
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("council_caseworker").get(url).status_code == 200
    assert client_for("coordinator").get(url).status_code == 200


def test_the_charity_cannot_link_or_dismiss_a_record_it_cannot_see(client_for, council_person, charity_case):
    charity = client_for("charity_caseworker")
    case_person = charity_case.people.get()
    for name in ("people:case-person-link", "people:case-person-not-same"):
        response = charity.post(reverse(name, args=[case_person.pk]), {"candidate": council_person.pk})
        assert response.status_code == 400
        assert "Select a possible match from the list" in response.content.decode()
    case_person.refresh_from_db()
    assert case_person.person != council_person


def test_once_the_case_is_shared_the_charity_sees_the_match_in_full(
    world, personas, client_for, council_person, charity_case
):
    council_case = council_person.case_people.get().case
    services_triage.assign_lead(case=council_case, lead_organisation=world.charity, by=personas["coordinator"])

    page = client_for("charity_caseworker").get(matches_url(charity_case)).content.decode()

    assert "Muhammad Osman: 99% likely to be the same person" in page
    assert "held by" not in page
    assert "Date of birth: the same, with the day and month swapped" in page
    assert not MatchAlert.objects.exists()


def test_an_adult_who_has_not_consented_is_seen_only_by_the_organisation_that_recorded_them(
    world, personas, client_for
):
    """The case is visible to the council through its task, but its identifying details are not."""
    from waymark.cases import services as case_services
    from waymark.pathways import Facts

    charlie = personas["charity_caseworker"]
    facts = Facts.from_json(
        {
            "nation": "england",
            "age_group": "adult",
            "immediate_danger": False,
            "consents_to_nrm": False,
            "care_and_support_needs": False,
            "cooperates_with_authorities": False,
            **case_services.referrer_facts(world.charity, world.testford),
        }
    )
    case, _ = case_services.open_case(
        partnership=world.testford,
        facts=facts,
        by=charlie,
        case_fields={"what_happened": "Working at a nail bar."},
        people=[{"role": "potential_victim", "given_names": "Lan", "family_name": "Nguyen"}],
    )
    services_triage.assign_lead(case=case, lead_organisation=world.council, by=personas["coordinator"])
    person = services.person_from_case_person(case.people.get(), charlie)
    cathy = personas["council_caseworker"]

    assert not access.may_see_person(cathy, person)
    assert access.may_see_person(charlie, person)
    assert client_for("council_caseworker").get(reverse("people:person-detail", args=[person.pk])).status_code == 404
    assert client_for("council_caseworker").get(matches_url(case)).status_code == 403


def test_the_audit_trail_names_nobody(world, personas, client_for, council_person, charity_case):
    client_for("charity_caseworker").get(matches_url(charity_case))
    coordinator = client_for("coordinator")
    coordinator.get(reverse("people:person-detail", args=[council_person.pk]))
    alert = MatchAlert.objects.get()
    coordinator.post(
        reverse("people:review-alert", args=[alert.pk]),
        {"keep": "keep_second", "reason": "Same boy", "first_version": 1, "second_version": 1, "action": "merge"},
    )
    assert Person.objects.filter(merged_into=council_person).exists()

    for entry in AuditEntry.objects.all():
        written = f"{entry.object_repr} {entry.detail}"
        for name in ("Muhammad", "Mohammed", "Osman", "Othman", "07700"):
            assert name not in written, (name, entry.object_type, written)
    people_entries = AuditEntry.objects.filter(object_type__startswith="people.")
    assert {e.action for e in people_entries} >= {"view", "create"}


def test_a_weak_match_on_a_case_the_user_may_not_see_is_not_disclosed_at_all(
    client_for, council_person, charity_case, monkeypatch
):
    # Make this pair's score fall below the bar for acting on a match (it is a strong match otherwise).
    monkeypatch.setattr("waymark.people.views.ALERT_FROM", 0.999999999)
    page = client_for("charity_caseworker").get(matches_url(charity_case)).content.decode()
    assert "Testford Council" not in page
    assert "No possible matches" in page
    assert not MatchAlert.objects.exists()
