"""Changing a person's record directly: names, date of birth, gender, nationalities and languages,
identifiers, addresses. Each change checks the version the user saw, keeps the matching data in step
(records.refresh_match_data) and writes its audit entry with ids, kinds and counts only: names,
dates and numbers never go into the trail.

Who may change a record is decided in access_edit.py; these functions assume the caller has checked.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from waymark.core import audit
from waymark.core.models import AuditAction

from .models import NameKind, Person, PersonAddress, PersonIdentifier, PersonName
from .normalise import BirthDateKind, name_tokens, normalise_identifier, normalise_postcode
from .records import refresh_match_data
from .services import BIRTH_FIELDS, StalePerson

if TYPE_CHECKING:
    from waymark.accounts.models import User


class PersonMerged(Exception):
    """The record was merged into another while the user was changing it: change that one instead."""


class NotAnIdentifier(ValueError):
    """An identifier that cannot be normalised for its kind (the form says why before this is reached)."""


@dataclass(frozen=True)
class NameEntry:
    """A name as the user left it: `id` of the row it changes, or None for a new name."""

    id: int | None
    kind: str
    given_names: str
    family_name: str


@dataclass(frozen=True)
class IdentifierEntry:
    id: int | None
    kind: str
    value: str
    country: str = ""


@dataclass(frozen=True)
class AddressEntry:
    id: int | None
    address: str
    town: str
    postcode: str
    current: bool


def _locked(person: Person, version: int) -> Person:
    """The row, locked, as long as nobody changed or merged it since the user saw `version`."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.merged_into_id is not None:
        raise PersonMerged
    if locked.version != version:
        raise StalePerson
    return locked


def _saved(
    locked: Person, person: Person, *, by: User, section: str, fields: Sequence[str], detail: dict[str, Any]
) -> Person:
    """Move the version on, refresh matching, audit; the caller's object follows the row."""
    locked.version += 1
    locked._history_user = by  # type: ignore[attr-defined]
    locked._change_reason = f"Changed: {section}"  # type: ignore[attr-defined]
    locked.save(update_fields=[*fields, "version"])
    refresh_match_data(locked)
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=locked,
        object_repr=f"Person {locked.pk}",
        detail={"changed": section, **detail},
    )
    for field in (*fields, "version", "match_facts"):
        setattr(person, field, getattr(locked, field))
    return locked


def _rows_to_keep(existing: dict[int, Any], entries: Sequence[Any]) -> tuple[list[Any], list[int]]:
    """Entries for the person's own rows or new ones (ids of other people's rows are treated as new),
    and the ids of the rows the user removed."""
    kept_ids = {e.id for e in entries if e.id in existing}
    return [e if e.id in existing else dataclasses.replace(e, id=None) for e in entries], sorted(
        set(existing) - kept_ids
    )


@transaction.atomic
def change_names(*, person: Person, by: User, version: int, names: Sequence[NameEntry]) -> Person:
    """Replace the person's names with `names`: the name in use (at most one) and the aliases and
    previous names. Rows keep their ids, so a merge made earlier can still be undone."""
    locked = _locked(person, version)
    if sum(1 for n in names if n.kind == NameKind.PRIMARY) > 1:
        raise ValueError("A person has one name in use")
    existing = {n.pk: n for n in locked.names.all()}
    entries, removed = _rows_to_keep(existing, names)
    PersonName.objects.filter(pk__in=removed).delete()
    added, changed = 0, []
    for entry in entries:
        row = existing.get(entry.id) if entry.id else PersonName(person=locked)
        assert row is not None
        values = {
            "kind": entry.kind,
            "given_names": entry.given_names.strip(),
            "family_name": entry.family_name.strip(),
            "given_tokens": " ".join(name_tokens(entry.given_names)),
            "family_tokens": " ".join(name_tokens(entry.family_name)),
        }
        if row.pk and all(getattr(row, f) == v for f, v in values.items()):
            continue
        for f, v in values.items():
            setattr(row, f, v)
        if row.pk:
            changed.append(row.pk)
        else:
            added += 1
        row.save()
    detail = {"names_added": added, "names_changed": changed, "names_removed": removed}
    return _saved(locked, person, by=by, section="names", fields=[], detail=detail)


@transaction.atomic
def change_birth_date(
    *,
    person: Person,
    by: User,
    version: int,
    kind: str,
    date_of_birth: date | None = None,
    birth_year: int | None = None,
    estimated_age: int | None = None,
    age_estimated_on: date | None = None,
) -> Person:
    """What is known of the date of birth: the date, the year only, an age estimated on a date, or
    nothing. Whatever the other kinds held is cleared, so an old exact date cannot outlive an estimate."""
    locked = _locked(person, version)
    values: dict[str, Any] = dict.fromkeys(BIRTH_FIELDS)
    values["birth_date_kind"] = kind
    if kind == BirthDateKind.EXACT:
        if date_of_birth is None:
            raise ValueError("An exact date of birth needs the date")
        values.update(date_of_birth=date_of_birth, birth_year=date_of_birth.year)
    elif kind == BirthDateKind.YEAR:
        if birth_year is None:
            raise ValueError("A year of birth needs the year")
        values.update(birth_year=birth_year)
    elif kind == BirthDateKind.ESTIMATED:
        if estimated_age is None or age_estimated_on is None:
            raise ValueError("An estimated age needs the age and the date it was estimated")
        values.update(estimated_age=estimated_age, age_estimated_on=age_estimated_on)
    elif kind != BirthDateKind.UNKNOWN:
        raise ValueError(f"Unknown kind of date of birth: {kind}")
    for field, value in values.items():
        setattr(locked, field, value)
    return _saved(locked, person, by=by, section="date_of_birth", fields=BIRTH_FIELDS, detail={"birth_date_kind": kind})


@transaction.atomic
def change_gender(*, person: Person, by: User, version: int, gender: str) -> Person:
    locked = _locked(person, version)
    locked.gender = gender
    return _saved(locked, person, by=by, section="gender", fields=["gender"], detail={})


def _distinct(values: Sequence[str]) -> list[str]:
    """Trimmed, blanks dropped, each once (ignoring case), in the order given."""
    seen: set[str] = set()
    kept = []
    for value in (v.strip() for v in values):
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return kept


@transaction.atomic
def change_nationalities_and_languages(
    *, person: Person, by: User, version: int, nationalities: Sequence[str], languages: Sequence[str]
) -> Person:
    locked = _locked(person, version)
    locked.nationalities = _distinct(nationalities)
    locked.languages = _distinct(languages)
    detail = {"nationalities": len(locked.nationalities), "languages": len(locked.languages)}
    return _saved(
        locked,
        person,
        by=by,
        section="nationalities_and_languages",
        fields=["nationalities", "languages"],
        detail=detail,
    )


@transaction.atomic
def change_identifiers(*, person: Person, by: User, version: int, identifiers: Sequence[IdentifierEntry]) -> Person:
    """Replace the person's identifiers with `identifiers`, each normalised for its kind (phone
    numbers to E.164, National Insurance numbers without spaces...). Raises NotAnIdentifier for one
    that cannot be."""
    locked = _locked(person, version)
    existing = {i.pk: i for i in locked.identifiers.all()}
    entries, removed = _rows_to_keep(existing, identifiers)
    PersonIdentifier.objects.filter(pk__in=removed).delete()
    added: list[str] = []
    changed: list[int] = []
    for entry in entries:
        normalised = normalise_identifier(entry.kind, entry.value)
        if normalised is None:
            raise NotAnIdentifier(entry.kind)
        row = existing.get(entry.id) if entry.id else PersonIdentifier(person=locked)
        assert row is not None
        values = {
            "kind": entry.kind,
            "value": entry.value.strip(),
            "normalised": normalised,
            "country": entry.country.strip(),
        }
        if row.pk and all(getattr(row, f) == v for f, v in values.items()):
            continue
        for f, v in values.items():
            setattr(row, f, v)
        if row.pk:
            changed.append(row.pk)
        else:
            added.append(entry.kind)
        row.save()
    detail = {"identifier_kinds_added": sorted(added), "identifiers_changed": changed, "identifiers_removed": removed}
    return _saved(locked, person, by=by, section="identifiers", fields=[], detail=detail)


@transaction.atomic
def change_addresses(*, person: Person, by: User, version: int, addresses: Sequence[AddressEntry]) -> Person:
    """Replace the person's addresses with `addresses`. A UK postcode is kept in its standard form
    ("sw1a1aa" becomes "SW1A 1AA"); raises ValueError for a postcode that is not one."""
    locked = _locked(person, version)
    existing = {a.pk: a for a in locked.addresses.all()}
    entries, removed = _rows_to_keep(existing, addresses)
    PersonAddress.objects.filter(pk__in=removed).delete()
    added, changed = 0, []
    for entry in entries:
        postcode = ""
        if entry.postcode.strip():
            postcode = normalise_postcode(entry.postcode) or ""
            if not postcode:
                raise ValueError("Not a UK postcode")
        row = existing.get(entry.id) if entry.id else PersonAddress(person=locked)
        assert row is not None
        values = {
            "address": entry.address.strip(),
            "town": entry.town.strip(),
            "postcode": postcode,
            "postcode_normalised": postcode,
            "current": entry.current,
        }
        if row.pk and all(getattr(row, f) == v for f, v in values.items()):
            continue
        for f, v in values.items():
            setattr(row, f, v)
        if row.pk:
            changed.append(row.pk)
        else:
            added += 1
        row.save()
    detail = {"addresses_added": added, "addresses_changed": changed, "addresses_removed": removed}
    return _saved(locked, person, by=by, section="addresses", fields=[], detail=detail)
