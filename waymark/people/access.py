"""Who may see a person's record in full, and who reviews and merges records. Every people view
calls these first.

Need-to-know, as a safeguarding lead would put it:

- The coordinators of the person's partnership (or of a partnership above it) see every person in it.
- The users of the organisation that recorded the person see them.
- The users who may see a case the person is on see them, where they may also see that case's
  identifying details (an adult who has not consented to the NRM stays with the organisation that
  recorded them: cases.access.can_see_identifying_details).
- Nobody else: the person is "not found" (404) by address, and in match results the user is told
  only that a possible match exists and which organisation to ask (never a name, date or case).
- A merged record is seen by whoever sees the record it was merged into (its details are there now).
- Only coordinators review possible duplicates, merge records and undo merges.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from waymark.cases import access as cases_access
from waymark.cases.models import Case, CasePerson
from waymark.partners import access as partners_access

from .models import AlertStatus, MatchAlert, Merge, Person
from .services import live

if TYPE_CHECKING:
    from waymark.accounts.models import User


def coordinates(user: User, person: Person) -> bool:
    """Whether the user coordinates the person's partnership or a partnership above it."""
    return person.partnership_id in partners_access.coordinated_partnership_ids(user)


def _sees_on_a_case(user: User, cases: Iterable[Case]) -> bool:
    return any(
        cases_access.may_see(user, case) and cases_access.can_see_identifying_details(user, case) for case in cases
    )


def visible_person_ids(user: User, people: Iterable[Person]) -> set[int]:
    """The ids of those of `people` the user may see in full (one query for all their case links)."""
    if not user.is_authenticated:
        return set()
    coordinated = partners_access.coordinated_partnership_ids(user)
    member_of = partners_access.user_partnership_ids(user)
    organisation_id = getattr(user, "organisation_id", None)
    visible: set[int] = set()
    undecided: set[int] = set()
    for person in people:
        if person.partnership_id in coordinated:
            visible.add(person.pk)
        elif person.partnership_id not in member_of:
            continue
        elif organisation_id is not None and person.organisation_id == organisation_id:
            visible.add(person.pk)
        else:
            undecided.add(person.pk)
    if undecided:
        cases_of: dict[int, dict[int, Case]] = {}
        # One Case object per case, so that each case's answers are worked out once (may_see caches them).
        loaded: dict[int, Case] = {}
        links = CasePerson.objects.filter(person_id__in=sorted(undecided)).select_related("case")
        for person_id, case in ((link.person_id, link.case) for link in links if link.person_id is not None):
            case = loaded.setdefault(case.pk, case)
            cases_of.setdefault(person_id, {})[case.pk] = case
        visible |= {pk for pk, cases in cases_of.items() if _sees_on_a_case(user, cases.values())}
    return visible


def may_see_person(user: User, person: Person) -> bool:
    return person.pk in visible_person_ids(user, [person])


def get_person_for_user(user: User, pk: int) -> Person:
    """The person, if the user may see them in full (a merged record through the record it was
    merged into); otherwise 404, so that their existence is not disclosed."""
    person = Person.objects.filter(pk=pk).select_related("partnership", "organisation", "merged_into").first()
    if person is None or not may_see_person(user, live(person)):
        raise Http404("No such person")
    return person


def get_case_person_for_user(user: User, pk: int) -> CasePerson:
    """A person on a case, for matching: the case must be visible to the user (404 otherwise) and so
    must the person's identifying details (403: the case itself is known to them)."""
    case_person = CasePerson.objects.filter(pk=pk).select_related("person").first()
    if case_person is None:
        raise Http404("No such person")
    case = cases_access.get_case_for_user(user, case_person.case_id)
    case_person.case = case
    if case_person.anonymous or not cases_access.can_see_identifying_details(user, case):
        raise PermissionDenied
    return case_person


# Reviewing, merging and undoing: coordinators only


def review_alerts(user: User) -> QuerySet[MatchAlert]:
    """Possible matches waiting for review in the partnerships the user coordinates."""
    return MatchAlert.objects.filter(
        partnership_id__in=sorted(partners_access.coordinated_partnership_ids(user)), status=AlertStatus.OPEN
    )


def get_alert_for_user(user: User, pk: int) -> MatchAlert:
    partners_access.require_coordinator(user)
    alert = (
        MatchAlert.objects.filter(pk=pk, partnership_id__in=sorted(partners_access.coordinated_partnership_ids(user)))
        .select_related("person", "candidate")
        .first()
    )
    if alert is None:
        raise Http404("No such possible match")
    return alert


def get_pair_for_user(user: User, pk: int, other: int) -> tuple[Person, Person]:
    """Two records a coordinator compares to merge them: both in partnerships they coordinate."""
    partners_access.require_coordinator(user)
    coordinated = sorted(partners_access.coordinated_partnership_ids(user))
    found = {
        p.pk: p
        for p in Person.objects.filter(pk__in=[pk, other], partnership_id__in=coordinated).select_related(
            "partnership", "organisation"
        )
    }
    if pk == other or len(found) != 2:
        raise Http404("No such person")
    return found[pk], found[other]


def get_merge_for_user(user: User, pk: int) -> Merge:
    partners_access.require_coordinator(user)
    merge = (
        Merge.objects.filter(
            pk=pk, survivor__partnership_id__in=sorted(partners_access.coordinated_partnership_ids(user))
        )
        .select_related("survivor", "merged", "merged_by", "undone_by")
        .first()
    )
    if merge is None:
        raise Http404("No such merge")
    return merge
