"""Matching when a concern is submitted: each person named on the new case gets a person record and
is looked for among the people already recorded in the partnership.

The submitter is told only how many possible matches they may open (on the "Possible matches"
page), or, for records they may not see, which organisation holds them; the partnership's
coordinators get an alert to review those.

This runs after the case is saved, outside its transaction, and never raises: matching going wrong
must not lose a concern. A failure is logged (with ids, never names) and rolls back only that
person's matching; "Check for matches" on the case page does it again later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction

from waymark.cases.models import Case, CasePerson

from . import access, services
from .models import Person
from .search import ALERT_FROM

if TYPE_CHECKING:
    from waymark.accounts.models import User

logger = logging.getLogger(__name__)


@dataclass
class Found:
    """What matching found for one person on the case, as the confirmation page tells it."""

    case_person_id: int
    shown: int = 0  # possible matches the submitter may see in full
    held_by: list[str] = field(default_factory=list)  # the organisations holding the others, once each


def identifiable(case_person: CasePerson) -> bool:
    """Whether there is anything to match on: an anonymous adult, or an exploiter known only by a
    description, gets no person record."""
    if case_person.anonymous:
        return False
    names = [case_person.given_names, case_person.family_name, *(str(a) for a in case_person.aliases or [])]
    return any(n.strip() for n in names) or bool(case_person.contact.strip())


def match_case_person(case_person: CasePerson, by: User) -> Found:
    """Record the person, find their candidates, and raise an alert for each the user may not see."""
    person = services.person_from_case_person(case_person, by)
    found = services.candidates_for(person, show_from=ALERT_FROM)  # only likely matches are worth a message
    result = Found(case_person.pk)
    if not found:
        return result
    people = {
        p.pk: p for p in Person.objects.filter(pk__in=[c.person_id for c in found]).select_related("organisation")
    }
    visible = access.visible_person_ids(by, people.values())
    hidden = [c for c in found if c.person_id not in visible]
    services.raise_alerts(person, hidden, by)
    result.shown = len(found) - len(hidden)
    result.held_by = list(dict.fromkeys(str(people[c.person_id].organisation) for c in hidden))
    return result


def match_new_case(case: Case, by: User) -> list[Found]:
    """Match everyone identifiable on a newly opened case; returns those with possible matches.
    Each person is matched in a transaction of their own, so one failing loses nothing else."""
    results: list[Found] = []
    try:
        people = [p for p in case.people.filter(anonymous=False).order_by("pk") if identifiable(p)]
    except Exception:
        logger.exception("Matching the people on a new case failed; the case is saved", extra={"case": case.pk})
        return results
    for case_person in people:
        try:
            with transaction.atomic():
                result = match_case_person(case_person, by)
        except Exception:
            logger.exception(
                "Matching a person on a new case failed; the case is saved",
                extra={"case": case.pk, "case_person": case_person.pk},
            )
            continue
        if result.shown or result.held_by:
            results.append(result)
    return results
