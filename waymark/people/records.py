"""Keeping a person's matching data in step with the record: the facts matching compares and the
blocking keys that find the person. Call `refresh_match_data` after any change to a person's names,
date of birth, gender, nationalities, identifiers or addresses, and after a merge or its undoing."""

from __future__ import annotations

import dataclasses
import random

from django.db import connection, transaction
from django.utils import timezone

from .matching import LEVELS, NO_FREQUENCIES, Facts, Frequencies, facts, keys
from .models import MatchingFrequencies, MatchKey, NameKind, Person
from .normalise import BirthDate, BirthDateKind
from .training import estimate_levels


def birth_date_of(person: Person) -> BirthDate:
    if person.birth_date_kind == BirthDateKind.EXACT and person.date_of_birth:
        return BirthDate.exact(person.date_of_birth)
    if person.birth_date_kind == BirthDateKind.YEAR and person.birth_year:
        return BirthDate.year_only(person.birth_year)
    if (
        person.birth_date_kind == BirthDateKind.ESTIMATED
        and person.estimated_age is not None
        and person.age_estimated_on
    ):
        return BirthDate.from_age(person.estimated_age, person.age_estimated_on)
    return BirthDate.unknown()


def facts_of(person: Person) -> Facts:
    names = sorted(person.names.all(), key=lambda n: (n.kind != NameKind.PRIMARY, n.pk or 0))
    primary = names[0] if names else None
    addresses = sorted(person.addresses.all(), key=lambda a: (not a.current, -(a.pk or 0)))
    address = addresses[0] if addresses else None
    return facts(
        given_name=primary.given_names if primary else None,
        family_name=primary.family_name if primary else None,
        aliases=[(n.given_names, n.family_name) for n in names[1:]],
        birth=birth_date_of(person),
        gender=person.gender,
        nationality=person.nationalities[0] if person.nationalities else None,
        postcode=address.postcode if address else None,
        town=address.town if address else None,
        identifiers=[(i.kind, i.normalised) for i in person.identifiers.all()],
    )


@transaction.atomic
def refresh_match_data(person: Person) -> Facts:
    """Store the person's facts and blocking keys; a merged record has none (it is not matched)."""
    found = facts_of(person)
    Person.objects.filter(pk=person.pk).update(match_facts=found.to_json())
    person.match_facts = found.to_json()
    MatchKey.objects.filter(person=person).delete()
    if person.merged_into_id is None:
        MatchKey.objects.bulk_create(
            MatchKey(person=person, partnership_id=person.partnership_id, key=key) for key in sorted(keys(found))
        )
    return found


# Learning m and u needs enough people for pairs of records of one person to turn up; below this,
# the defaults in matching.LEVELS are used. A sample of at most TRAINING_SAMPLE is learnt from.
TRAINING_MINIMUM = 2_000
TRAINING_SAMPLE = 100_000


def refresh_frequencies(partnership_id: int, *, learn: bool = True) -> Frequencies:
    """Count names, towns and nationalities among the partnership's live people, and learn each
    comparison level's m and u from them (the batch job: a million people take about a minute)."""
    live = Person.objects.filter(partnership_id=partnership_id, merged_into__isnull=True)
    people = [Facts.from_json(data) for data in live.values_list("match_facts", flat=True).iterator(5000)]
    found = Frequencies.of(people)
    levels: dict[str, dict[str, tuple[float, float]]] = {}
    if learn and len(people) >= TRAINING_MINIMUM:
        sample = random.Random(partnership_id).sample(people, min(TRAINING_SAMPLE, len(people)))
        levels = estimate_levels(sample)
        found = dataclasses.replace(found, levels=levels)
    MatchingFrequencies.objects.update_or_create(
        partnership_id=partnership_id,
        defaults={
            "total": found.total,
            "names": found.names,
            "towns": found.towns,
            "nationalities": found.nationalities,
            "names_by_nationality": found.names_by_nationality,
            "levels": levels,
            "computed_at": timezone.now(),
        },
    )
    return found


_loaded: dict[int, tuple[object, Frequencies]] = {}
_FREQUENCIES = MatchingFrequencies._meta.db_table


def frequencies_for(partnership_id: int) -> Frequencies:
    """The partnership's frequencies, read from the database when they have been recomputed and
    kept in the process otherwise (one small query per look-up to check)."""
    with connection.cursor() as cursor:  # plain SQL: it runs on every look-up
        cursor.execute(f"SELECT computed_at FROM {_FREQUENCIES} WHERE partnership_id = %s", [partnership_id])  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        return NO_FREQUENCIES
    stamp = row[0]
    cached = _loaded.get(partnership_id)
    if cached is None or cached[0] != stamp:
        row = MatchingFrequencies.objects.get(partnership_id=partnership_id)
        frequencies = Frequencies(row.total, row.names, row.towns, row.nationalities, row.names_by_nationality)
        if row.levels:
            learnt = {f: {level: (m, u) for level, (m, u) in levels.items()} for f, levels in row.levels.items()}
            frequencies = dataclasses.replace(frequencies, levels={**LEVELS, **learnt})
        cached = (stamp, frequencies)
        _loaded[partnership_id] = cached
    return cached[1]
