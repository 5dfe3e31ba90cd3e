"""Finding candidates among a partnership's people: ranked by the rarity of the keys they share, with
keys that too many people hold left out of the ranking unless nothing rarer is shared."""

from __future__ import annotations

from datetime import date

import pytest

from waymark.people import search
from waymark.people.matching import facts
from waymark.people.models import Person, PersonName
from waymark.people.normalise import BirthDate
from waymark.people.records import refresh_match_data


def _person(world, given, family, born=None):
    person = Person.objects.create(
        partnership=world.testford,
        organisation=world.council,
        birth_date_kind="exact" if born else "unknown",
        date_of_birth=born,
        birth_year=born.year if born else None,
    )
    PersonName.objects.create(person=person, given_names=given, family_name=family)
    refresh_match_data(person)
    return person


@pytest.fixture
def namesakes(world):
    """Five people called Nam Nguyen; only one born on 2 March 1990."""
    others = [_person(world, "Nam", "Nguyen") for _ in range(4)]
    return _person(world, "Nam", "Nguyen", date(1990, 3, 2)), others


@pytest.mark.django_db
def test_a_key_too_many_people_hold_is_not_read_when_a_rarer_one_is_shared(world, namesakes, monkeypatch):
    born_then, others = namesakes
    monkeypatch.setattr(search, "COMMON_KEY", 3)  # "Nam" with "Nguyen" is held by five
    query = facts(given_name="Nam", family_name="Nguyen", birth=BirthDate.exact(date(1990, 3, 2)))
    found = search.candidates([world.testford.pk], query, show_from=0.0)
    assert [c.person_id for c in found] == [born_then.pk]


@pytest.mark.django_db
def test_when_only_common_keys_are_shared_the_rarest_still_finds_candidates(world, namesakes, monkeypatch):
    born_then, others = namesakes
    monkeypatch.setattr(search, "COMMON_KEY", 3)
    found = search.candidates([world.testford.pk], facts(given_name="Nam", family_name="Nguyen"), show_from=0.0)
    assert {c.person_id for c in found} == {born_then.pk, *(p.pk for p in others)}


@pytest.mark.django_db
def test_below_the_limit_every_shared_key_ranks(world, namesakes):
    born_then, others = namesakes
    query = facts(given_name="Nam", family_name="Nguyen", birth=BirthDate.exact(date(1990, 3, 2)))
    found = search.candidates([world.testford.pk], query, show_from=0.0)
    assert found[0].person_id == born_then.pk
    assert {c.person_id for c in found} == {born_then.pk, *(p.pk for p in others)}
