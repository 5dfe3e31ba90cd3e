"""Merging two person records and undoing it: the full history is kept, undoing puts every row and
case link back exactly, "not the same person" is remembered, merged records are never proposed, and
a merge built on a stale page is refused."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from waymark.cases.models import CasePerson
from waymark.core.models import AuditEntry
from waymark.people import services, tasks
from waymark.people.models import (
    AlertSource,
    AlertStatus,
    MatchAlert,
    MatchKey,
    NameKind,
    NotSamePerson,
    Person,
    PersonAddress,
    PersonIdentifier,
    PersonName,
)
from waymark.people.normalise import normalise_postcode
from waymark.people.tests.factories import open_case_about, record_person

pytestmark = pytest.mark.django_db

ANA = {"given_names": "Ana", "family_name": "Krasniqi", "date_of_birth": date(2011, 3, 4), "gender": "female"}
ANNA = {"given_names": "Anna", "family_name": "Krasnici", "date_of_birth": date(2011, 4, 3), "gender": "female"}
BORIS = {"given_names": "Boris", "family_name": "Ivanov", "date_of_birth": date(1990, 1, 1), "gender": "male"}


def add_address(person, address, postcode, *, current=True):
    PersonAddress.objects.create(
        person=person,
        address=address,
        town="Testford",
        postcode=postcode,
        postcode_normalised=normalise_postcode(postcode) or "",
        current=current,
    )


@pytest.fixture
def ana(world, personas):
    """Recorded by the council, with an alias, a phone number and an address."""
    person = record_person(world, personas["council_caseworker"], aliases=["Ani K"], contact="07700 900123", **ANA)
    add_address(person, "1 High Street", "tf1 1aa")
    services.refresh_match_data(person)
    return person


@pytest.fixture
def anna(world, personas):
    """Recorded twice by the charity (two cases), with the same phone, an e-mail and two addresses.
    Her date of birth is not known exactly; her nationality is."""
    cathy = personas["council_caseworker"]
    person = record_person(
        world,
        cathy,
        aliases=["Ani K", "Annie"],
        contact="07700 900 123, anna@example.org",
        nationalities=["Albanian"],
        **ANNA,
    )
    second_case = open_case_about(world, cathy, **ANNA)
    CasePerson.objects.filter(case=second_case).update(person=person)
    add_address(person, "1 High Street", "TF1 1AA")
    add_address(person, "Flat 2, 9 Mill Lane", "TF2 3BB", current=False)
    services.refresh_match_data(person)
    return person


def snapshot(*people):
    """Every row that belongs to the people, and what matching knows of them."""
    ids = [p.pk for p in people]
    fresh = {p.pk: Person.objects.get(pk=p.pk) for p in people}
    return {
        "names": sorted(
            PersonName.objects.filter(person_id__in=ids).values_list("pk", "person_id", "kind", "given_names")
        ),
        "identifiers": sorted(
            PersonIdentifier.objects.filter(person_id__in=ids).values_list("pk", "person_id", "normalised")
        ),
        "addresses": sorted(PersonAddress.objects.filter(person_id__in=ids).values_list("pk", "person_id", "current")),
        "case_people": sorted(CasePerson.objects.filter(person_id__in=ids).values_list("pk", "person_id")),
        "keys": sorted(MatchKey.objects.filter(person_id__in=ids).values_list("person_id", "key")),
        "people": {
            pk: (p.merged_into_id, p.birth_date_kind, p.date_of_birth, p.gender, p.nationalities, p.match_facts)
            for pk, p in fresh.items()
        },
        "alerts": sorted(MatchAlert.objects.values_list("pk", "status", "reviewed_by_id")),
    }


def test_merging_moves_names_identifiers_addresses_and_case_links(ana, anna, personas):
    carol = personas["coordinator"]
    anna_cases = set(anna.case_people.values_list("pk", flat=True))

    merge = services.merge(ana, anna, "Same girl: same phone", carol)

    ana.refresh_from_db()
    anna.refresh_from_db()
    assert anna.merged_into == ana
    assert set(ana.case_people.values_list("pk", flat=True)) >= anna_cases
    names = {(n.given_names, n.family_name, n.kind) for n in ana.names.all()}
    assert ("Anna", "Krasnici", NameKind.ALIAS) in names  # her name in use becomes an alias
    assert ("Annie", "", NameKind.ALIAS) in names
    assert list(anna.names.values_list("given_names", "family_name")) == [("Ani", "K")]  # already known: stays
    assert sorted(ana.identifiers.values_list("kind", "normalised")) == [
        ("email", "anna@example.org"),
        ("phone", "+447700900123"),
    ]
    assert ana.addresses.count() == 2 and anna.addresses.count() == 1  # the same address is not doubled
    assert ana.nationalities == ["Albanian"]  # a gap filled from the merged record
    assert not MatchKey.objects.filter(person=anna).exists()
    assert merge.moved["case_people"] == sorted(anna_cases)
    entry = AuditEntry.objects.get(object_type="people.Merge")
    assert entry.detail["survivor"] == ana.pk and entry.detail["merged"] == anna.pk


def test_undoing_a_merge_puts_every_row_and_link_back_exactly(ana, anna, personas):
    carol = personas["coordinator"]
    MatchAlert.objects.create(partnership=ana.partnership, person=ana, candidate=anna, score=0.99)
    before = snapshot(ana, anna)

    merge = services.merge(ana, anna, "Same girl", carol)
    assert MatchAlert.objects.get().status == AlertStatus.MERGED
    services.undo_merge(merge, "Twins, it turns out", carol)

    assert snapshot(ana, anna) == before
    merge.refresh_from_db()
    assert merge.undone_by == carol and merge.undo_reason == "Twins, it turns out"
    assert AuditEntry.objects.filter(object_type="people.Merge", action="update").exists()


def test_merge_then_undo_then_merge_the_other_way_round(ana, anna, personas):
    carol = personas["coordinator"]
    before = snapshot(ana, anna)
    services.undo_merge(services.merge(ana, anna, "", carol), "Wrong way round", carol)
    services.undo_merge(services.merge(anna, ana, "", carol), "Not sure yet", carol)
    assert snapshot(ana, anna) == before


def test_a_merged_record_cannot_be_merged_again(world, ana, anna, personas):
    carol = personas["coordinator"]
    boris = record_person(world, personas["council_caseworker"], **BORIS)
    services.merge(ana, anna, "", carol)
    with pytest.raises(services.CannotMerge, match="already been merged"):
        services.merge(boris, anna, "", carol)
    with pytest.raises(services.CannotMerge, match="record to keep has been merged"):
        services.merge(anna, boris, "", carol)


def test_records_in_different_partnerships_cannot_be_merged(world, ana, personas):
    elsewhere = Person.objects.create(partnership=world.otherton, organisation=world.other_council)
    with pytest.raises(services.CannotMerge, match="same partnership"):
        services.merge(ana, elsewhere, "", personas["coordinator"])


def test_undo_is_refused_once_the_kept_record_has_been_merged_again(world, ana, anna, personas):
    carol = personas["coordinator"]
    boris = record_person(world, personas["council_caseworker"], **BORIS)
    first = services.merge(ana, anna, "", carol)
    services.merge(boris, ana, "", carol)
    with pytest.raises(services.CannotUndo, match="Undo that merge first"):
        services.undo_merge(first, "", carol)


def test_a_merge_cannot_be_undone_twice(ana, anna, personas):
    carol = personas["coordinator"]
    merge = services.merge(ana, anna, "", carol)
    services.undo_merge(merge, "", carol)
    with pytest.raises(services.CannotUndo, match="already been undone"):
        services.undo_merge(merge, "", carol)


def test_a_merge_from_a_stale_page_is_refused(ana, anna, personas):
    carol = personas["coordinator"]
    seen = ana.version
    services.link(CasePerson.objects.filter(person=anna).first(), ana, carol)  # someone else acts meanwhile
    ana.refresh_from_db()
    assert ana.version > seen
    with pytest.raises(services.StalePerson):
        services.merge(ana, anna, "", carol, survivor_version=seen, merged_version=anna.version)


def test_undo_from_a_stale_page_is_refused(world, ana, anna, personas):
    carol = personas["coordinator"]
    merge = services.merge(ana, anna, "", carol)
    ana.refresh_from_db()
    seen = ana.version
    boris = record_person(world, personas["council_caseworker"], **BORIS)
    services.merge(ana, boris, "", carol)
    with pytest.raises(services.StalePerson):
        services.undo_merge(merge, "", carol, survivor_version=seen)


# Proposals


def test_merged_records_are_not_candidates(world, ana, anna, personas):
    services.merge(ana, anna, "", personas["coordinator"])
    newcomer = record_person(world, personas["council_caseworker"], **ANNA)
    found = [c.person_id for c in services.candidates_for(newcomer)]
    assert ana.pk in found and anna.pk not in found


def test_a_pair_judged_not_the_same_person_is_not_proposed_again(world, ana, anna, personas):
    carol = personas["coordinator"]
    assert anna.pk in [c.person_id for c in services.candidates_for(ana)]
    alert = MatchAlert.objects.create(partnership=world.testford, person=anna, candidate=ana, score=0.99)

    services.not_same_person(ana, anna, "Twins", carol)
    services.not_same_person(anna, ana, "Twins, again", carol)  # the same decision once

    assert NotSamePerson.objects.get().person_a_id == min(ana.pk, anna.pk)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.NOT_SAME and alert.reviewed_by == carol
    assert anna.pk not in [c.person_id for c in services.candidates_for(ana)]
    assert ana.pk not in [c.person_id for c in services.candidates_for(anna)]
    assert services.find_duplicates(world.testford).alerts == 0


def test_not_the_same_person_holds_for_the_record_a_person_was_merged_into(world, ana, anna, personas):
    carol = personas["coordinator"]
    boris = record_person(world, personas["council_caseworker"], **BORIS)
    services.not_same_person(anna, boris, "", carol)
    services.merge(ana, boris, "", carol)
    assert ana.pk not in [c.person_id for c in services.candidates_for(anna)]


def test_the_batch_check_raises_each_probable_duplicate_once(world, ana, anna, personas):
    record_person(world, personas["council_caseworker"], **BORIS)

    first = services.find_duplicates(world.testford)
    again = services.find_duplicates(world.testford)

    assert (first.people, first.alerts, again.alerts) == (3, 1, 0)
    alert = MatchAlert.objects.get()
    assert alert.source == AlertSource.BATCH and alert.raised_by is None
    assert {alert.person_id, alert.candidate_id} == {ana.pk, anna.pk}


def test_the_batch_check_runs_from_cron_and_as_a_background_job(world, ana, anna):
    out = StringIO()
    call_command("find_duplicates", stdout=out)
    assert "Testford Anti-Slavery Partnership: 2 people checked, 1 possible duplicate to review." in out.getvalue()
    MatchAlert.objects.all().delete()
    result = tasks.find_duplicates.enqueue(partnership_id=world.testford.pk)  # run at once in tests
    assert result.return_value == 1


def test_merging_closes_alerts_the_merge_settles(world, ana, anna, personas):
    carol = personas["coordinator"]
    boris = record_person(world, personas["council_caseworker"], **BORIS)
    settled = MatchAlert.objects.create(partnership=world.testford, person=boris, candidate=anna, score=0.6)
    services.merge(ana, anna, "", carol)
    services.merge(ana, boris, "", carol)
    settled.refresh_from_db()
    assert settled.status == AlertStatus.MERGED


# Linking at intake


def test_linking_a_new_record_merges_it_and_undoing_unlinks_the_case(world, ana, personas):
    cathy, carol = personas["council_caseworker"], personas["coordinator"]
    case_person = open_case_about(world, cathy, **ANNA).people.get()
    own = services.person_from_case_person(case_person, cathy)

    services.link(case_person, ana, cathy)

    case_person.refresh_from_db()
    own.refresh_from_db()
    assert case_person.person == ana and own.merged_into == ana
    merge = ana.merges_in.get()
    assert merge.merged_by == cathy and merge.moved["case_people"] == [case_person.pk]

    services.undo_merge(merge, "Not her", carol)
    case_person.refresh_from_db()
    assert case_person.person == own


def test_linking_someone_whose_record_is_on_other_cases_moves_only_this_case(world, ana, anna, personas):
    cathy = personas["council_caseworker"]
    case_person = anna.case_people.first()

    services.link(case_person, ana, cathy)

    case_person.refresh_from_db()
    anna.refresh_from_db()
    assert case_person.person == ana and anna.merged_into is None and anna.case_people.count() == 1


def test_a_coordinator_merging_two_records_at_once_with_another_gets_a_conflict(client_for, ana, anna, personas):
    """Two coordinators opened the same pair; the second to send is told, and keeps what they wrote."""
    url = reverse("people:merge-pair", args=[ana.pk, anna.pk])
    client = client_for("coordinator")
    form = {"keep": "keep_first", "reason": "Same phone number", "action": "merge"}
    stale = {**form, "first_version": ana.version, "second_version": anna.version}
    services.link(CasePerson.objects.filter(person=anna).first(), ana, personas["council_caseworker"])

    response = client.post(url, stale)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed these records while you were working on them" in page
    assert "Same phone number" in page
    ana.refresh_from_db()
    anna.refresh_from_db()
    assert f'name="first_version" value="{ana.version}"' in page  # trying again is judged against now
    assert f'name="second_version" value="{anna.version}"' in page
    assert client.post(url, {**form, "first_version": ana.version, "second_version": anna.version}).status_code == 302
    anna.refresh_from_db()
    assert anna.merged_into == ana


def test_what_the_kept_record_lacked_is_filled_from_the_merged_one_and_put_back_on_undoing(world, personas):
    cathy, carol = personas["council_caseworker"], personas["coordinator"]
    vague = record_person(world, cathy, given_names="Ana", family_name="Krasniqi")
    precise = record_person(world, cathy, nationalities=["Albanian"], **ANA)
    before = snapshot(vague, precise)

    merge = services.merge(vague, precise, "", carol)

    vague.refresh_from_db()
    assert (vague.date_of_birth, vague.gender, vague.nationalities) == (date(2011, 3, 4), "female", ["Albanian"])
    services.undo_merge(merge, "", carol)
    assert snapshot(vague, precise) == before
