"""Changing a person's record from their page: names, date of birth, gender, nationalities and
languages, identifiers, addresses. Each change checks the version, keeps the matching data in step,
is audited without personal data, and says when it brings up a likely match without leaking records
the user may not see."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_user, sign_in
from waymark.cases.tests.factories import share_with_consent
from waymark.core.models import AuditEntry
from waymark.people import search, services, services_edit
from waymark.people.matching import facts
from waymark.people.models import MatchAlert, MatchKey, NameKind, Person
from waymark.people.normalise import BirthDate, BirthDateKind
from waymark.people.tests.factories import record_person

pytestmark = pytest.mark.django_db

DRITAN = {
    "given_names": "Dritan",
    "family_name": "Krasniqi",
    "aliases": ["Tani"],
    "date_of_birth": date(2010, 3, 4),
    "gender": "male",
    "nationalities": ["Albanian"],
    "languages": ["Albanian"],
    "contact": "Text 07700 900456 after school",
}
OSMAN = {
    "given_names": "Muhammad",
    "family_name": "Osman",
    "date_of_birth": date(2012, 11, 5),
    "gender": "male",
    "nationalities": ["Sudanese"],
}


@pytest.fixture
def dritan(world, personas):
    return record_person(world, personas["council_caseworker"], **DRITAN)


def url(name: str, person: Person) -> str:
    return reverse(f"people:person-edit-{name}", args=[person.pk])


def page_of(response) -> str:
    return response.content.decode()


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def names_post(person: Person, *, given: str, family: str, others: list[dict], extra: dict | None = None) -> dict:
    """What the names page posts: the name in use, a row per other name and the blank row."""
    data = {
        "version": fresh(person).version,
        "given_names": given,
        "family_name": family,
        "other-TOTAL_FORMS": len(others) + 1,
        "other-INITIAL_FORMS": sum(1 for o in others if o.get("id")),
        "other-MIN_NUM_FORMS": 0,
        "other-MAX_NUM_FORMS": 50,
    }
    rows = [*others, extra or {"kind": "alias", "given_names": "", "family_name": ""}]
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"other-{index}-{key}"] = value
    return data


def rows_post(person: Person, prefix: str, rows: list[dict]) -> dict:
    data = {
        "version": fresh(person).version,
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": sum(1 for r in rows if r.get("id")),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 50,
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


# Who may change a record


def test_the_person_page_offers_change_links_to_those_who_may_change_it(client_for, dritan):
    for persona in ("council_caseworker", "coordinator"):
        page = page_of(client_for(persona).get(reverse("people:person-detail", args=[dritan.pk])))
        assert f'href="{url("names", dritan)}">Change<span class="govuk-visually-hidden"> name</span>' in page
        assert f'href="{url("birth-date", dritan)}"' in page
        assert f'href="{url("addresses", dritan)}"' in page


def test_a_partner_who_may_only_see_the_person_reads_their_record_only(world, personas, client_for, dritan):
    share_with_consent(dritan.case_people.get().case, world.charity, personas["council_caseworker"])
    charity = client_for("charity_caseworker")

    page = page_of(charity.get(reverse("people:person-detail", args=[dritan.pk])))
    assert "Dritan Krasniqi" in page
    assert "Change<span" not in page
    assert charity.get(url("names", dritan)).status_code == 403
    response = charity.post(url("gender", dritan), {"version": dritan.version, "gender": "female"})
    assert response.status_code == 403
    assert fresh(dritan).gender == "male"


def test_a_user_of_the_recording_organisation_without_the_caseworker_role_may_not_change_it(world, dritan):
    gail = make_user("gail@testford.example", "Gail Grants", world.council, [(world.testford, "grants_officer")])
    client = sign_in(Client(), gail)
    assert client.get(reverse("people:person-detail", args=[dritan.pk])).status_code == 200
    assert client.get(url("names", dritan)).status_code == 403


def test_outsiders_are_told_nothing(client_for, dritan):
    for persona in ("outsider", "intelligence_officer", "charity_caseworker"):
        assert client_for(persona).get(url("names", dritan)).status_code == 404, persona


def test_a_merged_records_change_pages_lead_to_the_record_it_was_merged_into(world, personas, client_for, dritan):
    other = record_person(world, personas["council_caseworker"], given_names="Driton", family_name="Krasnici")
    services.merge(dritan, other, "Same boy", personas["coordinator"])

    response = client_for("council_caseworker").get(url("names", other), follow=True)

    assert response.redirect_chain[0] == (reverse("people:person-detail", args=[dritan.pk]), 302)
    assert f"Record {other.pk} was merged into this record: make your change here" in page_of(response)


# Names


def test_a_caseworker_changes_the_name_in_use_adds_a_previous_name_and_removes_an_alias(client_for, dritan):
    client = client_for("council_caseworker")
    alias = dritan.names.get(kind=NameKind.ALIAS)
    form = page_of(client.get(url("names", dritan)))
    assert 'value="Dritan"' in form and 'value="Tani"' in form

    response = client.post(
        url("names", dritan),
        names_post(
            dritan,
            given="Dritan",
            family="Krasniqi-Berisha",
            others=[{"id": alias.pk, "kind": "alias", "given_names": "Tani", "family_name": "", "DELETE": "on"}],
            extra={"kind": "previous", "given_names": "Dritan", "family_name": "Berisha"},
        ),
        follow=True,
    )

    page = page_of(response)
    assert '<h1 class="govuk-heading-l">Dritan Krasniqi-Berisha</h1>' in page
    assert "Dritan Berisha (previous name)" in page
    assert "Tani" not in page
    assert "Names saved" in page
    person = fresh(dritan)
    assert person.version == dritan.version + 1
    assert {(n.kind, str(n)) for n in person.names.all()} == {
        (NameKind.PRIMARY, "Dritan Krasniqi-Berisha"),
        (NameKind.PREVIOUS, "Dritan Berisha"),
    }
    assert person.names.get(kind=NameKind.PRIMARY).family_tokens == "krasniqi berisha"


def test_a_changed_name_is_found_by_the_search_and_no_longer_by_the_old_one(world, personas, client_for, dritan):
    client_for("council_caseworker").post(
        url("names", dritan), names_post(dritan, given="Arben", family="Hoxha", others=[])
    )

    def found(given: str, family: str) -> set[int]:
        query = facts(given_name=given, family_name=family, birth=BirthDate.exact(date(2010, 3, 4)))
        return {c.person_id for c in search.candidates([world.testford.pk], query)}

    assert dritan.pk in found("Arben", "Hoxha")
    assert dritan.pk in found("Arben", "Hodja")  # a transliteration of the new name
    assert dritan.pk not in found("Dritan", "Krasniqi")
    assert fresh(dritan).match_facts != dritan.match_facts


def test_names_with_errors_keep_what_was_typed(client_for, dritan):
    client = client_for("council_caseworker")
    alias = dritan.names.get(kind=NameKind.ALIAS)

    response = client.post(
        url("names", dritan),
        names_post(
            dritan,
            given="Dritan",
            family="Krasniqi",
            others=[{"id": alias.pk, "kind": "alias", "given_names": "", "family_name": ""}],
            extra={"kind": "alias", "given_names": "", "family_name": "Krasnici"},
        ),
    )

    assert response.status_code == 400
    page = page_of(response)
    assert "<title>Error: Change their names" in page
    assert '<a href="#id_other-0-given_names">Enter the name, or select Remove this name</a>' in page
    assert 'value="Krasnici"' in page
    assert fresh(dritan).version == dritan.version


def test_a_person_needs_at_least_one_name(client_for, dritan):
    alias = dritan.names.get(kind=NameKind.ALIAS)
    response = client_for("council_caseworker").post(
        url("names", dritan),
        names_post(
            dritan,
            given="",
            family="",
            others=[{"id": alias.pk, "kind": "alias", "given_names": "Tani", "DELETE": "on"}],
        ),
    )
    assert response.status_code == 400
    assert "Enter the name they use, or a name they are known by" in page_of(response)


def test_a_name_change_is_audited_without_the_name(client_for, dritan):
    client_for("council_caseworker").post(
        url("names", dritan), names_post(dritan, given="Arben", family="Hoxha", others=[])
    )
    entry = AuditEntry.objects.filter(object_type="people.Person", action="update").get()
    assert entry.object_repr == f"Person {dritan.pk}"
    assert entry.detail["changed"] == "names"
    for secret in ("Arben", "Hoxha", "Dritan", "Krasniqi", "Tani"):
        assert secret not in str(entry.detail), secret


def test_opening_a_change_page_is_audited_as_a_view(client_for, dritan):
    client_for("council_caseworker").get(url("identifiers", dritan))
    assert AuditEntry.objects.filter(object_type="people.Person", object_id=str(dritan.pk), action="view").exists()


# Date of birth


@pytest.mark.parametrize(
    ("posted", "kind", "shown"),
    [
        (
            {"kind": "exact", "date_of_birth_0": "14", "date_of_birth_1": "3", "date_of_birth_2": "2009"},
            BirthDateKind.EXACT,
            "14 March 2009",
        ),
        ({"kind": "year", "birth_year": "2009"}, BirthDateKind.YEAR, "2009 (the year only)"),
        (
            {
                "kind": "estimated",
                "estimated_age": "16",
                "age_estimated_on_0": "1",
                "age_estimated_on_1": "6",
                "age_estimated_on_2": "2025",
            },
            BirthDateKind.ESTIMATED,
            "Not known: thought to be about 16 on 1 June 2025",
        ),
        ({"kind": "unknown", "birth_year": "not a year"}, BirthDateKind.UNKNOWN, "Not known"),
    ],
    ids=["exact", "year-only", "estimated-age", "not-known-ignores-the-other-boxes"],
)
def test_a_caseworker_changes_the_date_of_birth(client_for, dritan, posted, kind, shown):
    response = client_for("council_caseworker").post(
        url("birth-date", dritan), {"version": dritan.version, **posted}, follow=True
    )

    assert f'<dd class="govuk-summary-list__value">{shown}</dd>' in page_of(response)
    person = fresh(dritan)
    assert person.birth_date_kind == kind
    if kind != BirthDateKind.EXACT:
        assert person.date_of_birth is None  # the old exact date does not outlive the change


@pytest.mark.parametrize(
    ("posted", "error", "kept"),
    [
        ({}, "Select what you know about their date of birth", None),
        ({"kind": "exact"}, "Enter their date of birth", None),
        (
            {"kind": "exact", "date_of_birth_0": "31", "date_of_birth_1": "2", "date_of_birth_2": "2009"},
            "Date of birth must be a real date",
            'value="31"',
        ),
        ({"kind": "year", "birth_year": "1850"}, "Year of birth must be between 1900 and", 'value="1850"'),
        ({"kind": "estimated", "estimated_age": "16"}, "Enter the date their age was estimated", 'value="16"'),
    ],
    ids=["nothing-chosen", "no-date", "not-a-real-date", "year-too-early", "estimate-without-its-date"],
)
def test_date_of_birth_errors_say_what_to_do_and_keep_what_was_typed(client_for, dritan, posted, error, kept):
    response = client_for("council_caseworker").post(url("birth-date", dritan), {"version": dritan.version, **posted})
    assert response.status_code == 400
    page = page_of(response)
    assert error in page
    if kept:
        assert kept in page
    assert fresh(dritan).date_of_birth == date(2010, 3, 4)


def test_the_date_of_birth_page_shows_every_answers_boxes_under_it(client_for, dritan):
    page = page_of(client_for("council_caseworker").get(url("birth-date", dritan)))
    # Without JavaScript, GOV.UK Frontend hides none of them; with it, the page's script does.
    for box in ('name="date_of_birth_0"', 'name="birth_year"', 'name="estimated_age"', 'name="age_estimated_on_0"'):
        assert box in page
    assert "aria-expanded" not in page and "data-aria-controls" not in page
    assert 'value="4"' in page and 'value="2010"' in page


# Gender, nationalities and languages


def test_a_caseworker_changes_the_gender(client_for, dritan):
    client = client_for("council_caseworker")
    assert client.post(url("gender", dritan), {"version": dritan.version}).status_code == 400
    response = client.post(url("gender", dritan), {"version": dritan.version, "gender": "other"}, follow=True)
    assert "They do not identify as male or female" in page_of(response)
    assert fresh(dritan).match_facts["g"] == "other"


def test_nationalities_and_languages_are_written_with_commas(client_for, dritan):
    response = client_for("council_caseworker").post(
        url("nationalities", dritan),
        {"version": dritan.version, "nationalities": "Albanian, Kosovan, albanian", "languages": "Albanian,Italian, "},
        follow=True,
    )
    assert "Albanian, Kosovan" in page_of(response)
    person = fresh(dritan)
    assert person.nationalities == ["Albanian", "Kosovan"]
    assert person.languages == ["Albanian", "Italian"]


# Identifiers


def test_identifiers_are_normalised_on_save(client_for, dritan):
    phone = dritan.identifiers.get()
    response = client_for("council_caseworker").post(
        url("identifiers", dritan),
        rows_post(
            dritan,
            "identifier",
            [
                {"id": phone.pk, "kind": "phone", "value": "07700 900 982", "country": ""},
                {"kind": "ni_number", "value": "ab 12 34 56 c", "country": ""},
            ],
        ),
        follow=True,
    )
    assert "Phone: 07700 900 982" in page_of(response)
    stored = {i.kind: i.normalised for i in fresh(dritan).identifiers.all()}
    assert stored == {"phone": "+447700900982", "ni_number": "AB123456C"}
    assert fresh(dritan).identifiers.get(kind="phone").pk == phone.pk
    assert MatchKey.objects.filter(person=dritan, key__contains="+447700900982").exists()


@pytest.mark.parametrize(
    ("kind", "value", "error"),
    [
        ("phone", "12", "Enter a phone number in the correct format, like 07700 900 982"),
        ("ni_number", "12345", "Enter a National Insurance number in the correct format, like QQ 12 34 56 C"),
        ("email", "dritan.example", "Enter an email address in the correct format, like name@example.com"),
        ("phone", "", "Enter the phone number"),
        ("", "07700 900 982", "Select the kind of identifier"),
    ],
)
def test_identifier_errors_say_what_to_do_and_keep_what_was_typed(client_for, dritan, kind, value, error):
    phone = dritan.identifiers.get()
    response = client_for("council_caseworker").post(
        url("identifiers", dritan),
        rows_post(
            dritan,
            "identifier",
            [
                {"id": phone.pk, "kind": "phone", "value": "07700 900456", "country": ""},
                {"kind": kind, "value": value, "country": ""},
            ],
        ),
    )
    assert response.status_code == 400
    page = page_of(response)
    assert error in page
    if value:
        assert f'value="{value}"' in page
    assert fresh(dritan).identifiers.count() == 1


def test_removing_an_identifier(client_for, dritan):
    phone = dritan.identifiers.get()
    client_for("coordinator").post(
        url("identifiers", dritan),
        rows_post(dritan, "identifier", [{"id": phone.pk, "kind": "phone", "value": "07700 900456", "DELETE": "on"}]),
    )
    assert not fresh(dritan).identifiers.exists()
    assert not MatchKey.objects.filter(person=dritan, key__contains="+447700900456").exists()


# Addresses


def test_addresses_keep_the_uk_postcode_in_its_standard_form(client_for, dritan):
    response = client_for("council_caseworker").post(
        url("addresses", dritan),
        rows_post(
            dritan,
            "address",
            [
                {"address": "4 Mill Lane", "town": "Testford", "postcode": "tf1  2ab", "current": "current"},
                {"address": "Rruga Durresit 12, 1001", "town": "Tirana", "postcode": "", "current": "previous"},
            ],
        ),
        follow=True,
    )
    page = page_of(response)
    assert "4 Mill Lane, Testford, TF1 2AB" in page
    assert "Rruga Durresit 12, 1001, Tirana (previous)" in page
    current = fresh(dritan).addresses.get(current=True)
    assert current.postcode_normalised == "TF1 2AB"
    assert fresh(dritan).match_facts["p"] == "TF1 2AB"


def test_an_address_with_a_postcode_that_is_not_one_keeps_what_was_typed(client_for, dritan):
    response = client_for("council_caseworker").post(
        url("addresses", dritan),
        rows_post(
            dritan, "address", [{"address": "4 Mill Lane", "town": "Testford", "postcode": "TF", "current": "current"}]
        ),
    )
    assert response.status_code == 400
    page = page_of(response)
    assert "Enter a real UK postcode, like SW1A 1AA, or leave it blank" in page
    assert "4 Mill Lane</textarea>" in page
    assert not fresh(dritan).addresses.exists()


# Someone else changed the record meanwhile


def test_a_change_on_a_stale_page_is_a_conflict_that_keeps_what_was_typed(world, personas, client_for, dritan):
    stale = dritan.version
    services_edit.change_gender(person=dritan, by=personas["coordinator"], version=stale, gender="unknown")

    client = client_for("council_caseworker")
    response = client.post(
        url("names", dritan), names_post(dritan, given="Arben", family="Hoxha", others=[]) | {"version": stale}
    )

    assert response.status_code == 409
    page = page_of(response)
    assert "Someone else changed this record while you were working on it" in page
    assert "What the record says now" in page and "Not known" in page
    assert 'value="Arben"' in page and 'value="Hoxha"' in page
    assert f'name="version" value="{fresh(dritan).version}"' in page
    assert str(fresh(dritan)) == "Dritan Krasniqi"

    # Saving again, having seen the record as it is now, goes through.
    again = client.post(url("names", dritan), names_post(dritan, given="Arben", family="Hoxha", others=[]))
    assert again.status_code == 302
    assert str(fresh(dritan)) == "Arben Hoxha"


def test_the_service_refuses_a_stale_version_and_a_merged_record(world, personas, dritan):
    with pytest.raises(services.StalePerson):
        services_edit.change_gender(
            person=dritan, by=personas["coordinator"], version=dritan.version - 1, gender="female"
        )
    other = record_person(world, personas["council_caseworker"], given_names="Driton")
    services.merge(dritan, other, "Same boy", personas["coordinator"])
    with pytest.raises(services_edit.PersonMerged):
        services_edit.change_gender(
            person=other, by=personas["coordinator"], version=fresh(other).version, gender="female"
        )


# A change that brings up a likely match


def test_a_change_that_makes_a_likely_match_says_so_with_a_link_to_the_matches(world, personas, client_for, dritan):
    cathy = personas["council_caseworker"]
    other = record_person(
        world, cathy, given_names="Ana", family_name="Testova", gender="male", nationalities=["Albanian"]
    )
    client = client_for("council_caseworker")
    client.post(url("names", other), names_post(other, given="Dritan", family="Krasniqi", others=[]))

    response = client.post(
        url("birth-date", other),
        {
            "version": fresh(other).version,
            "kind": "exact",
            "date_of_birth_0": "4",
            "date_of_birth_1": "3",
            "date_of_birth_2": "2010",
        },
        follow=True,
    )

    page = page_of(response)
    matches = reverse("people:case-person-matches", args=[other.case_people.get().pk])
    assert "There is 1 likely match for this person." in page
    assert f'<a class="govuk-notification-banner__link" href="{matches}">Check for matches again</a>' in page
    assert "held by" not in page
    assert not MatchAlert.objects.exists()  # the caseworker sees the match: nothing to ask the coordinator


def test_a_likely_match_the_user_may_not_see_is_told_only_as_who_to_ask(world, personas, client_for):
    council_person = record_person(world, personas["council_caseworker"], **OSMAN)
    charity_person = record_person(
        world, personas["charity_caseworker"], **{**OSMAN, "given_names": "Ana", "family_name": "Testova"}
    )
    client = client_for("charity_caseworker")

    response = client.post(
        url("names", charity_person),
        names_post(charity_person, given="Mohammed", family="Osman", others=[]),
        follow=True,
    )

    page = page_of(response)
    assert "A possible match is held by Testford Council: ask them." in page
    assert "likely match for this person" not in page
    for secret in ("Muhammad", council_person.case_people.get().case.reference, f"/people/{council_person.pk}/"):
        assert secret not in page, secret
    alert = MatchAlert.objects.get()
    assert (alert.person, alert.candidate, alert.raised_by) == (
        charity_person,
        council_person,
        personas["charity_caseworker"],
    )
