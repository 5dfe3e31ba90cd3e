"""Who may change a person's record (names, date of birth, gender, nationalities, languages,
identifiers, addresses). The change pages call these first.

Need-to-know, as a safeguarding lead would put it:

- The coordinators of the person's partnership (or of a partnership above it) may change the record.
- The caseworkers of the organisation that recorded the person (holding the caseworker role in the
  person's partnership or one above it) may change it.
- Anyone else who may see the person (access.may_see_person) reads the record only: 403.
- Nobody else learns the record exists: 404 (access.get_person_for_user).
- A merged record is not changed: its details are on the record it was merged into, and the change
  pages lead there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from waymark.cases.access_tasks import partnership_and_above
from waymark.partners.models import Role, RoleAssignment

from . import access
from .models import Person

if TYPE_CHECKING:
    from waymark.accounts.models import User


def _is_caseworker_in(user: User, person: Person) -> bool:
    held = set(
        RoleAssignment.objects.filter(user_id=user.pk, role=Role.CASEWORKER).values_list("partnership_id", flat=True)
    )
    return bool(held) and any(pk in held for pk in partnership_and_above(person.partnership))


def may_edit_person(user: User, person: Person) -> bool:
    """Whether the user may change the record, assuming they may see it."""
    if not user.is_authenticated or not user.is_active:
        return False
    if access.coordinates(user, person):
        return True
    organisation_id = getattr(user, "organisation_id", None)
    return organisation_id is not None and organisation_id == person.organisation_id and _is_caseworker_in(user, person)


def get_person_to_edit(user: User, pk: int) -> Person:
    """The person, if the user may change them: 404 if they may not see them, 403 if they may only
    read. A merged record is returned as it is (seen through its survivor); the caller sends the
    user to the record it was merged into."""
    person = access.get_person_for_user(user, pk)
    if person.merged_into_id is None and not may_edit_person(user, person):
        raise PermissionDenied
    return person
