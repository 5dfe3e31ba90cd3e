"""Importing people from a file into a partnership: the possible matches of each row among the
people already recorded and within the file (for the preview, and again when importing), and the
import itself: person records with their names, identifiers, addresses and matching data, and a
review alert for each likely match. The audit trail gets counts and ids, never names.

Who may import is decided in views_import.py (the partnership's coordinators); these functions
assume the caller has checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connection, transaction
from simple_history.utils import bulk_create_with_history

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import Membership, Organisation, Partnership

from . import person_import, records, services
from .matching import keys
from .models import AlertSource, MatchAlert, MatchKey, NameKind, Person, PersonAddress, PersonIdentifier, PersonName
from .normalise import name_tokens
from .person_import import Row
from .search import ALERT_FROM, SHOW_FROM, Candidate, candidates

if TYPE_CHECKING:
    from waymark.accounts.models import User

CHANGE_REASON = "Imported from a file"


class CannotImport(Exception):
    """The import cannot go ahead as chosen (the organisation is no longer a member, say)."""


def organisations_for(partnership: Partnership) -> list[Organisation]:
    """The organisations that may hold imported records: the partnership's current members."""
    return list(
        Organisation.objects.filter(Membership.current_q("memberships__"), memberships__partnership=partnership)
        .distinct()
        .order_by("name")
    )


@dataclass
class Matches:
    """Each ready row's possible matches: people already recorded, and other rows of the file."""

    recorded: dict[int, list[Candidate]] = field(default_factory=dict)  # row number -> candidates
    in_file: dict[int, list[tuple[int, Candidate]]] = field(default_factory=dict)  # row number -> (row, candidate)


def find_matches(partnership_id: int, rows: Sequence[Row], *, show_from: float = SHOW_FROM) -> Matches:
    """Look for each ready row among the partnership's people (search.candidates, as at intake:
    best first, at most ten, each at least SHOW_FROM likely) and among the file's other rows; the
    row's `matches` and `same_as` are set to what was found, for the preview to keep."""
    frequencies = records.frequencies_for(partnership_id)
    found = Matches()
    ready = [row for row in rows if row.ok]
    for row in ready:
        found.recorded[row.number] = candidates(
            [partnership_id], row.facts(), frequencies=frequencies, show_from=show_from
        )
        row.matches = [[c.person_id, c.probability] for c in found.recorded[row.number]]
    for number, others in person_import.same_person_rows(ready, frequencies, show_from=show_from).items():
        # The other row's number stands in for a person id until both are saved.
        found.in_file[number] = [(other, Candidate(other, comparison)) for other, comparison in others]
    for row in ready:
        row.same_as = [[other, c.probability] for other, c in found.in_file.get(row.number, [])]
    return found


@dataclass
class ImportResult:
    imported: int
    skipped: list[tuple[int, list[str]]]  # row number, errors
    alerts: int  # possible matches raised for review
    people: list[int] = field(default_factory=list)


def _person(row: Row, partnership: Partnership, organisation: Organisation, by: User) -> Person:
    found = row.facts()
    return Person(
        partnership=partnership,
        organisation=organisation,
        gender=row.gender,
        nationalities=[row.nationality] if row.nationality else [],
        created_by=by,
        match_facts=found.to_json(),
        **row.birth_fields(),
    )


def _name(person: Person, kind: str, given: str, family: str) -> PersonName:
    return PersonName(
        person=person,
        kind=kind,
        given_names=given,
        family_name=family,
        given_tokens=" ".join(name_tokens(given)),
        family_tokens=" ".join(name_tokens(family)),
    )


def _details(row: Row, person: Person) -> tuple[list[PersonName], list[PersonIdentifier], list[PersonAddress]]:
    names = [_name(person, NameKind.PRIMARY, row.given_names, row.family_name)]
    names += [_name(person, NameKind.ALIAS, given, family) for given, family in row.aliases]
    identifiers = [
        PersonIdentifier(person=person, kind=kind, value=written, normalised=normalised)
        for kind, written, normalised in row.identifiers
    ]
    addresses = []
    if row.address or row.town or row.postcode:
        addresses.append(
            PersonAddress(
                person=person,
                address=row.address,
                town=row.town,
                postcode=row.postcode,
                postcode_normalised=row.postcode_normalised,
            )
        )
    return names, identifiers, addresses


def _insert_keys(match_keys: list[tuple[int, int, str]]) -> None:
    """The new people's blocking keys (records.refresh_match_data stores the same). Plain SQL: some
    thirty thousand keys for a full file, which the ORM takes seconds to build and compile."""
    table, key = connection.ops.quote_name(MatchKey._meta.db_table), connection.ops.quote_name("key")
    sql = f"INSERT INTO {table} (person_id, partnership_id, {key}) VALUES (%s, %s, %s)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, match_keys)


@transaction.atomic
def import_people(
    *, partnership: Partnership, organisation: Organisation, rows: Iterable[Row], by: User
) -> ImportResult:
    """Record each row without errors as a person of `partnership` recorded by `organisation`, and
    raise a review alert (source IMPORT) for each likely match: with a person already recorded
    (looked for again now, as the partnership may have changed since the preview) and between two
    rows of the file. Rows with errors are skipped."""
    if organisation.pk not in {o.pk for o in organisations_for(partnership)}:
        raise CannotImport(f"{organisation} is no longer a member of {partnership}")
    rows = list(rows)
    ready = [row for row in rows if row.ok]
    matches = find_matches(partnership.pk, ready, show_from=ALERT_FROM)

    people = [_person(row, partnership, organisation, by) for row in ready]
    people = bulk_create_with_history(
        people, Person, batch_size=500, default_user=by, default_change_reason=CHANGE_REASON
    )
    names: list[PersonName] = []
    identifiers: list[PersonIdentifier] = []
    addresses: list[PersonAddress] = []
    match_keys: list[tuple[int, int, str]] = []
    for row, person in zip(ready, people, strict=True):
        row_names, row_identifiers, row_addresses = _details(row, person)
        names += row_names
        identifiers += row_identifiers
        addresses += row_addresses
        match_keys += [(person.pk, partnership.pk, key) for key in sorted(keys(row.facts()))]
    PersonName.objects.bulk_create(names, batch_size=1000)
    PersonIdentifier.objects.bulk_create(identifiers, batch_size=1000)
    PersonAddress.objects.bulk_create(addresses, batch_size=1000)
    _insert_keys(match_keys)

    # Each new record's likely matches go to the review queue. The records are new, so no alert or
    # "not the same person" decision can concern them yet: the alerts are made together (services._raise
    # checks for those one pair at a time, which for a few thousand rows takes many seconds), and the
    # import's audit entry lists them.
    person_of = {row.number: person for row, person in zip(ready, people, strict=True)}
    alerts: list[MatchAlert] = []
    paired: set[tuple[int, int]] = set()

    def alert(person: Person, candidate: Candidate) -> None:
        alerts.append(
            MatchAlert(
                source=AlertSource.IMPORT,
                partnership=partnership,
                person=person,
                candidate_id=candidate.person_id,
                score=candidate.probability,
                explanation=services.explanation_json(candidate),
                raised_by=by,
            )
        )

    for row in ready:
        person = person_of[row.number]
        for candidate in matches.recorded[row.number]:
            if candidate.probability >= ALERT_FROM:
                alert(person, candidate)
        for other, candidate in matches.in_file.get(row.number, []):
            pair = (min(row.number, other), max(row.number, other))
            if candidate.probability >= ALERT_FROM and pair not in paired:  # each pair once
                paired.add(pair)
                alert(person_of[pair[0]], Candidate(person_of[pair[1]].pk, candidate.comparison))
    raised = [a.pk for a in MatchAlert.objects.bulk_create(alerts, batch_size=1000)]
    skipped = [(row.number, row.errors) for row in rows if not row.ok]
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=organisation,
        object_repr=f"People imported: {len(people)}",
        detail={
            "person_import": True,
            "partnership": partnership.pk,
            "organisation": organisation.pk,
            "rows": len(rows),
            "imported": len(people),
            "skipped": len(skipped),
            "people": [p.pk for p in people],
            "alerts": raised,
        },
    )
    return ImportResult(imported=len(people), skipped=skipped, alerts=len(raised), people=[p.pk for p in people])
