"""Changes to person records: recording a person from a case, linking a case to a record, merging two
records and undoing it, "not the same person" decisions, and the match alerts coordinators review.
Each change writes its audit entry, with ids and kinds only: names and dates never go into the trail,
which can never be edited.

Who may do what is decided in access.py; these functions assume the caller has checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import phonenumbers
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from waymark.cases.models import CasePerson
from waymark.core import audit
from waymark.core.models import AuditAction

from .matching import Facts, explain
from .models import (
    AlertSource,
    AlertStatus,
    MatchAlert,
    Merge,
    NameKind,
    NotSamePerson,
    Person,
    PersonAddress,
    PersonIdentifier,
    PersonName,
)
from .normalise import BirthDateKind, IdentifierKind, fold, name_tokens, normalise_identifier
from .records import facts_of, refresh_frequencies, refresh_match_data
from .search import SHOW_FROM, Candidate, candidates

if TYPE_CHECKING:
    from waymark.accounts.models import User
    from waymark.partners.models import Partnership

# The batch check proposes a pair for review from this probability: "probably the same person".
PROBABLE_DUPLICATE = 0.9
BIRTH_FIELDS = ("birth_date_kind", "date_of_birth", "birth_year", "estimated_age", "age_estimated_on")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")
_EMAIL = re.compile(r"[^@\s,;:<>()\[\]]+@[^@\s,;:<>()\[\]]+\.[^@\s,;:<>()\[\].]+")


class CannotMerge(Exception):
    """The two records cannot be merged (one is merged already, they are in different partnerships)."""


class CannotUndo(Exception):
    """The merge cannot be undone as things stand (undone already, or the kept record merged since)."""


class NoLongerPossible(Exception):
    """Someone else got there first: the record was merged or the case person linked meanwhile."""


class StalePerson(Exception):
    """Someone else changed one of the records after the page was shown (its version moved on)."""


def _repr(person: Person | int) -> str:
    """How a person appears in the audit trail: by id, never by name."""
    return f"Person {person if isinstance(person, int) else person.pk}"


def live(person: Person) -> Person:
    """The record that stands for `person` now: itself, or the record it was merged into."""
    seen = {person.pk}
    while person.merged_into_id is not None:
        person = Person.objects.select_related("partnership", "organisation").get(pk=person.merged_into_id)
        if person.pk in seen:  # merges never make a loop; this guards against bad data
            break
        seen.add(person.pk)
    return person


def live_ids(ids: Iterable[int]) -> dict[int, int]:
    """Each id mapped to the id of the record that stands for it now (one query per merge depth)."""
    root = {pk: pk for pk in ids}
    pending = set(root)
    while pending:
        step = dict(
            Person.objects.filter(pk__in=sorted({root[pk] for pk in pending}), merged_into__isnull=False).values_list(
                "pk", "merged_into_id"
            )
        )
        pending = {pk for pk in pending if root[pk] in step}
        for pk in pending:
            root[pk] = step[root[pk]]
    return root


def cluster_ids(ids: Iterable[int]) -> set[int]:
    """The records, with every record merged into them, however deep."""
    found = set(ids)
    frontier = set(found)
    while frontier:
        frontier = set(Person.objects.filter(merged_into_id__in=sorted(frontier)).values_list("pk", flat=True)) - found
        found |= frontier
    return found


# Recording a person from a case


def _split(full_name: str) -> tuple[str, str]:
    """An alias as written, split at its last word ("Ana Maria T" -> "Ana Maria", "T"); a single word
    is taken as a given name, as people usually give a first name or a nickname alone."""
    words = full_name.split()
    if len(words) < 2:
        return full_name.strip(), ""
    return " ".join(words[:-1]), words[-1]


def _name(person: Person, kind: str, given: str, family: str) -> PersonName:
    return PersonName.objects.create(
        person=person,
        kind=kind,
        given_names=given,
        family_name=family,
        given_tokens=" ".join(name_tokens(given)),
        family_tokens=" ".join(name_tokens(family)),
    )


def identifiers_in(text: str) -> list[tuple[str, str, str]]:
    """The e-mail addresses and phone numbers in a free-text contact note, as (kind, as written,
    normalised); anything else in it ("text only, after 6pm") is left alone."""
    found: dict[tuple[str, str], str] = {}
    for written in _EMAIL.findall(text or ""):
        if normalised := normalise_identifier(IdentifierKind.EMAIL, written):
            found.setdefault((IdentifierKind.EMAIL, normalised), written)
    # "Possible" rather than "valid": the numbers set aside for drama and examples are still numbers.
    for match in phonenumbers.PhoneNumberMatcher(text or "", "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        if _DATE.fullmatch(match.raw_string.strip()) or sum(c.isdigit() for c in match.raw_string) < 8:
            continue  # a date or a short number, not a phone number
        if normalised := normalise_identifier(IdentifierKind.PHONE, match.raw_string):
            found.setdefault((IdentifierKind.PHONE, normalised), match.raw_string)
    return [(kind, written, normalised) for (kind, normalised), written in found.items()]


@transaction.atomic
def person_from_case_person(case_person: CasePerson, by: User) -> Person:
    """The person record for someone on a case: the one it is linked to, or a new one made from what
    the case says (names and aliases, date of birth or the age estimated when the case was opened,
    gender, nationalities, languages, any phone number or e-mail address in the contact note)."""
    locked = CasePerson.objects.select_for_update(of=("self",)).select_related("case", "person").get(pk=case_person.pk)
    if locked.person is not None:
        person = live(locked.person)
        case_person.person = person
        return person
    case = locked.case
    organisation_id = case.referring_organisation_id or case.lead_organisation_id or by.organisation_id
    if organisation_id is None:
        raise ValueError("A person record needs the organisation that recorded them")
    birth: dict[str, Any] = {"birth_date_kind": BirthDateKind.UNKNOWN}
    if locked.date_of_birth:
        birth = {
            "birth_date_kind": BirthDateKind.EXACT,
            "date_of_birth": locked.date_of_birth,
            "birth_year": locked.date_of_birth.year,
        }
    elif locked.estimated_age is not None:
        birth = {
            "birth_date_kind": BirthDateKind.ESTIMATED,
            "estimated_age": locked.estimated_age,
            "age_estimated_on": timezone.localdate(case.created_at),
        }
    person = Person.objects.create(
        partnership_id=case.partnership_id,
        organisation_id=organisation_id,
        gender=locked.gender,
        nationalities=list(locked.nationalities or []),
        languages=list(locked.languages or []),
        created_by=by,
        **birth,
    )
    if locked.given_names or locked.family_name:
        _name(person, NameKind.PRIMARY, locked.given_names, locked.family_name)
    for alias in locked.aliases or []:
        if str(alias).strip():
            _name(person, NameKind.ALIAS, *_split(str(alias)))
    identifiers = identifiers_in(locked.contact)
    PersonIdentifier.objects.bulk_create(
        PersonIdentifier(person=person, kind=kind, value=written, normalised=normalised)
        for kind, written, normalised in identifiers
    )
    refresh_match_data(person)
    _link(locked, person, by)
    case_person.person = person
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=person,
        object_repr=_repr(person),
        detail={
            "case": case.pk,
            "case_person": locked.pk,
            "birth_date_kind": birth["birth_date_kind"],
            "identifier_kinds": sorted(kind for kind, _, _ in identifiers),
        },
    )
    return person


def _link(case_person: CasePerson, person: Person, by: User) -> None:
    case_person.person = person
    case_person._history_user = by  # type: ignore[attr-defined]
    case_person._change_reason = "Linked to a person record"  # type: ignore[attr-defined]
    case_person.save(update_fields=["person"])


@transaction.atomic
def link(case_person: CasePerson, person: Person, by: User) -> Person:
    """Say that someone on a case is `person`. If the case person's own record stood for nobody else,
    it is merged into `person` (kept whole, so a coordinator can undo it); otherwise only this case
    moves to `person`."""
    locked = CasePerson.objects.select_for_update(of=("self",)).select_related("case", "person").get(pk=case_person.pk)
    target = Person.objects.select_for_update().get(pk=person.pk)
    if target.merged_into_id is not None:
        raise NoLongerPossible("That record has been merged into another record meanwhile")
    if target.partnership_id != locked.case.partnership_id:
        raise CannotMerge("Only a record in the case's partnership can be linked")
    old = locked.person
    if old is not None and old.pk == target.pk:
        raise NoLongerPossible("They are already linked to that record")
    if old is not None and old.merged_into_id is None and not old.case_people.exclude(pk=locked.pk).exists():
        merge(target, old, f"Linked as the same person from case {locked.case.reference}", by)
    else:
        _link(locked, target, by)
        _save(target, by, "A case linked to it", [])
        if old is not None:
            _save(old, by, "A case linked to another record", [])
        refresh_match_data(target)
        audit.record(
            action=AuditAction.UPDATE,
            user=by,
            obj=target,
            object_repr=_repr(target),
            detail={"linked_case_person": locked.pk, "case": locked.case_id, "from_person": old.pk if old else None},
        )
    case_person.person = target
    return target


# Merging and undoing


def _lock_pair(first: Person, second: Person) -> tuple[Person, Person]:
    """Both rows, locked in id order (two coordinators merging the pair both ways cannot deadlock)."""
    rows = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=sorted([first.pk, second.pk]))}
    return rows[first.pk], rows[second.pk]


def _save(person: Person, by: User, reason: str, fields: list[str]) -> None:
    person.version += 1
    person._history_user = by  # type: ignore[attr-defined]
    person._change_reason = reason  # type: ignore[attr-defined]
    person.save(update_fields=[*fields, "version"])


def _fill_gaps(survivor: Person, merged: Person) -> tuple[dict[str, Any], list[str]]:
    """What the kept record lacks and the merged one knows: a date of birth, a gender, more
    nationalities and languages. Returns what the kept record had before, to put back on undoing."""
    before: dict[str, Any] = {}
    changed: list[str] = []
    if survivor.birth_date_kind == BirthDateKind.UNKNOWN and merged.birth_date_kind != BirthDateKind.UNKNOWN:
        before["birth"] = {f: _json(getattr(survivor, f)) for f in BIRTH_FIELDS}
        for f in BIRTH_FIELDS:
            setattr(survivor, f, getattr(merged, f))
        changed += BIRTH_FIELDS
    if survivor.gender in ("", "unknown") and merged.gender not in ("", "unknown"):
        before["gender"] = survivor.gender
        survivor.gender = merged.gender
        changed.append("gender")
    for field in ("nationalities", "languages"):
        added = [v for v in getattr(merged, field) if v not in getattr(survivor, field)]
        if added:
            before[field] = added
            setattr(survivor, field, [*getattr(survivor, field), *added])
            changed.append(field)
    return before, changed


def _json(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _put_gaps_back(survivor: Person, before: dict[str, Any]) -> list[str]:
    changed: list[str] = []
    if "birth" in before:
        for f, value in before["birth"].items():
            if f in ("date_of_birth", "age_estimated_on") and value:
                value = date.fromisoformat(value)
            setattr(survivor, f, value)
        changed += BIRTH_FIELDS
    if "gender" in before:
        survivor.gender = before["gender"]
        changed.append("gender")
    for field in ("nationalities", "languages"):
        if field in before:
            setattr(survivor, field, [v for v in getattr(survivor, field) if v not in before[field]])
            changed.append(field)
    return changed


@transaction.atomic
def merge(
    survivor: Person,
    merged: Person,
    reason: str,
    by: User,
    *,
    survivor_version: int | None = None,
    merged_version: int | None = None,
) -> Merge:
    """Merge `merged` into `survivor`: its names (the name in use becomes an alias where it differs),
    identifiers, addresses and case links move to the survivor; the survivor fills its gaps from it;
    open alerts between the two are closed. Everything that moved is kept in Merge.moved, so that
    undo_merge puts each row back exactly. Pass the versions the user saw to refuse a stale merge."""
    if survivor.pk == merged.pk:
        raise CannotMerge("A record cannot be merged with itself")
    kept, gone = _lock_pair(survivor, merged)
    if (survivor_version is not None and kept.version != survivor_version) or (
        merged_version is not None and gone.version != merged_version
    ):
        raise StalePerson
    if gone.merged_into_id is not None:
        raise CannotMerge("This record has already been merged into another record")
    if kept.merged_into_id is not None:
        raise CannotMerge("The record to keep has been merged into another record")
    if kept.partnership_id != gone.partnership_id:
        raise CannotMerge("Only records in the same partnership can be merged")

    known_names = {(n.given_tokens, n.family_tokens) for n in kept.names.all()}
    names = []
    for name in gone.names.all():
        if (name.given_tokens, name.family_tokens) in known_names:
            continue  # the same name: it stays with the merged record, and nothing is lost
        known_names.add((name.given_tokens, name.family_tokens))
        names.append({"id": name.pk, "kind": name.kind})
        PersonName.objects.filter(pk=name.pk).update(
            person=kept, kind=NameKind.ALIAS if name.kind == NameKind.PRIMARY else name.kind
        )
    known_ids = {(i.kind, i.normalised or i.value) for i in kept.identifiers.all()}
    identifiers = [i for i in gone.identifiers.all() if (i.kind, i.normalised or i.value) not in known_ids]
    PersonIdentifier.objects.filter(pk__in=[i.pk for i in identifiers]).update(person=kept)

    def place(a: PersonAddress) -> tuple[str, str, str]:
        return fold(a.address), fold(a.town), a.postcode_normalised or fold(a.postcode)

    known_places = {place(a) for a in kept.addresses.all()}
    addresses = [a for a in gone.addresses.all() if place(a) not in known_places]
    PersonAddress.objects.filter(pk__in=[a.pk for a in addresses]).update(person=kept)
    case_people = list(CasePerson.objects.filter(person=gone).values_list("pk", flat=True))
    CasePerson.objects.filter(pk__in=case_people).update(person=kept)
    before, changed = _fill_gaps(kept, gone)

    gone.merged_into = kept
    _save(gone, by, "Merged into another record", ["merged_into"])
    _save(kept, by, "Another record merged into it", changed)
    together = cluster_ids([kept.pk])
    settled = MatchAlert.objects.filter(status=AlertStatus.OPEN, person_id__in=together, candidate_id__in=together)
    alerts = sorted(settled.values_list("pk", flat=True))
    MatchAlert.objects.filter(pk__in=alerts).update(
        status=AlertStatus.MERGED, reviewed_by=by, reviewed_at=timezone.now()
    )
    moved = {
        "names": names,
        "identifiers": [i.pk for i in identifiers],
        "addresses": [a.pk for a in addresses],
        "case_people": case_people,
        "alerts_closed": alerts,
        "survivor_before": before,
    }
    record = Merge.objects.create(survivor=kept, merged=gone, reason=reason, moved=moved, merged_by=by)
    refresh_match_data(kept)
    refresh_match_data(gone)
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=record,
        detail={
            "survivor": kept.pk,
            "merged": gone.pk,
            "names": [n["id"] for n in names],
            "identifiers": moved["identifiers"],
            "identifier_kinds": sorted(i.kind for i in identifiers),
            "addresses": moved["addresses"],
            "case_people": case_people,
            "alerts_closed": alerts,
            "filled": sorted(before),
        },
    )
    survivor.version, merged.version, merged.merged_into_id = kept.version, gone.version, kept.pk
    return record


@transaction.atomic
def undo_merge(merge: Merge, reason: str, by: User, *, survivor_version: int | None = None) -> Merge:
    """Put every row the merge moved back on the merged record, as it was, and make it a record of
    its own again. Refused if the kept record has been merged into another since: that merge must be
    undone first."""
    record = Merge.objects.select_for_update().get(pk=merge.pk)
    if record.undone_at is not None:
        raise CannotUndo("This merge has already been undone")
    kept, gone = _lock_pair(record.survivor, record.merged)
    if survivor_version is not None and kept.version != survivor_version:
        raise StalePerson
    if kept.merged_into_id is not None:
        raise CannotUndo(
            "The record this one was merged into has since been merged into another record. Undo that merge first"
        )
    if gone.merged_into_id != kept.pk:
        raise CannotUndo("The merged record is no longer part of this record")
    moved = record.moved
    for name in moved.get("names", []):
        PersonName.objects.filter(pk=name["id"], person=kept).update(person=gone, kind=name["kind"])
    PersonIdentifier.objects.filter(pk__in=moved.get("identifiers", []), person=kept).update(person=gone)
    PersonAddress.objects.filter(pk__in=moved.get("addresses", []), person=kept).update(person=gone)
    CasePerson.objects.filter(pk__in=moved.get("case_people", []), person=kept).update(person=gone)
    MatchAlert.objects.filter(pk__in=moved.get("alerts_closed", []), status=AlertStatus.MERGED).update(
        status=AlertStatus.OPEN, reviewed_by=None, reviewed_at=None
    )
    changed = _put_gaps_back(kept, moved.get("survivor_before", {}))
    gone.merged_into = None
    _save(gone, by, "Merge undone", ["merged_into"])
    _save(kept, by, "Merge undone", changed)
    record.undone_by = by
    record.undone_at = timezone.now()
    record.undo_reason = reason
    record.save(update_fields=["undone_by", "undone_at", "undo_reason"])
    refresh_match_data(kept)
    refresh_match_data(gone)
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=record,
        detail={"undone": True, "survivor": kept.pk, "merged": gone.pk, "alerts_reopened": moved.get("alerts_closed")},
    )
    merge.undone_at, merge.undone_by = record.undone_at, by
    return record


# Not the same person


def _excluded(person: Person) -> set[int]:
    """The records never to propose for `person`: itself and what was merged into it, and every
    record judged not to be them (or the record that now stands for it)."""
    own = cluster_ids([person.pk])
    pairs = NotSamePerson.objects.filter(Q(person_a_id__in=own) | Q(person_b_id__in=own)).values_list(
        "person_a_id", "person_b_id"
    )
    others = {b if a in own else a for a, b in pairs}
    return own | others | set(live_ids(others).values())


@transaction.atomic
def not_same_person(a: Person, b: Person, reason: str, by: User) -> NotSamePerson:
    """Remember that two records are two people, so the pair is not proposed again; open alerts for
    the pair are closed."""
    if a.pk == b.pk:
        raise CannotMerge("A record is always the same person as itself")
    if a.partnership_id != b.partnership_id:
        raise CannotMerge("Only records in the same partnership can be compared")
    low, high = sorted([a.pk, b.pk])
    decision, _ = NotSamePerson.objects.get_or_create(
        person_a_id=low, person_b_id=high, defaults={"reason": reason, "decided_by": by}
    )
    side_a, side_b = cluster_ids([a.pk]), cluster_ids([b.pk])
    pair = Q(person_id__in=side_a, candidate_id__in=side_b) | Q(person_id__in=side_b, candidate_id__in=side_a)
    alerts = sorted(MatchAlert.objects.filter(pair, status=AlertStatus.OPEN).values_list("pk", flat=True))
    MatchAlert.objects.filter(pk__in=alerts).update(
        status=AlertStatus.NOT_SAME, reviewed_by=by, reviewed_at=timezone.now()
    )
    audit.record(
        action=AuditAction.CREATE, user=by, obj=decision, detail={"people": [low, high], "alerts_closed": alerts}
    )
    return decision


# Matching and alerts


def facts_for(person: Person) -> Facts:
    return Facts.from_json(person.match_facts) if person.match_facts else facts_of(person)


def candidates_for(person: Person, *, limit: int = 10, show_from: float = SHOW_FROM) -> list[Candidate]:
    """The live records in the person's partnership that may be them, best first; never the person
    themself, a merged record, or a record judged not to be them."""
    return candidates(
        [person.partnership_id], facts_for(person), limit=limit, show_from=show_from, exclude=_excluded(person)
    )


def explanation_json(candidate: Candidate) -> list[dict[str, Any]]:
    return [{"field": r.field, "agrees": r.agrees, "words": r.words} for r in explain(candidate.comparison)]


def _raise(person: Person, candidate: Candidate, *, source: str, by: User | None, own: set[int]) -> MatchAlert | None:
    """One alert for the pair unless there is one already, for these records or the records merged
    into them, either way round."""
    theirs = cluster_ids([candidate.person_id])
    pair = Q(person_id__in=own, candidate_id__in=theirs) | Q(person_id__in=theirs, candidate_id__in=own)
    if MatchAlert.objects.filter(pair).exists():
        return None
    alert = MatchAlert.objects.create(
        source=source,
        partnership_id=person.partnership_id,
        person=person,
        candidate_id=candidate.person_id,
        score=candidate.probability,
        explanation=explanation_json(candidate),
        raised_by=by,
    )
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=alert,
        detail={"source": source, "person": person.pk, "candidate": candidate.person_id},
    )
    return alert


@transaction.atomic
def raise_alerts(person: Person, found: Iterable[Candidate], by: User | None) -> list[MatchAlert]:
    """Ask the partnership's coordinators to review possible matches the user could not see. Raising
    the same alert twice does nothing; nor does a pair judged not to be the same person."""
    excluded = _excluded(person)
    own = cluster_ids([person.pk])
    raised = [
        _raise(person, c, source=AlertSource.INTAKE, by=by, own=own) for c in found if c.person_id not in excluded
    ]
    return [a for a in raised if a is not None]


@dataclass
class DuplicateCheck:
    people: int = 0
    alerts: int = 0


def find_duplicates(partnership: Partnership, *, threshold: float = PROBABLE_DUPLICATE) -> DuplicateCheck:
    """The batch check: score every live person in the partnership against their candidates and raise
    a review alert for each pair that is probably one person, skipping pairs judged not to be and
    pairs already alerted. Each person is checked in its own transaction, so a long run can stop
    and start again."""
    result = DuplicateCheck()
    # First what the scores rest on: how common each name is, and m and u learnt from these people.
    refresh_frequencies(partnership.pk)
    people = Person.objects.filter(partnership=partnership, merged_into__isnull=True).order_by("pk")
    for pk in people.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            person = Person.objects.filter(pk=pk, merged_into__isnull=True).first()
            if person is None:
                continue
            result.people += 1
            own = cluster_ids([person.pk])
            for candidate in candidates_for(person, show_from=threshold):
                if _raise(person, candidate, source=AlertSource.BATCH, by=None, own=own):
                    result.alerts += 1
    return result
