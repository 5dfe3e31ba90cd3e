"""Who may see and work a task. Task views and the task lists call these first.

Rules (whiteboard version):
- A task is seen by whoever may see its case (access.get_case_for_user); otherwise it is "not found".
- Accepting it, marking it done or saying it cannot be done: a user of the owning organisation, or a
  coordinator of the case's partnership.
- Giving it to another organisation: coordinators of the case's partnership only.
- Adding a task to a case: caseworkers and first responders of the case's lead organisation (holding
  the role in the case's partnership or one above it), and coordinators of the case's partnership.
- Naming the person who will do a task: caseworkers and first responders of the task's owning
  organisation (as above), and coordinators of the case's partnership.
- The people who may be named: active users holding a caseworker, first responder or coordinator
  role in the case's partnership or one above it.
- An organisation's list shows its unfinished tasks on cases its users may see.
- Coordinators see every overdue task in the partnerships they coordinate.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from waymark.partners import access as partners_access
from waymark.partners.models import Partnership, Role, RoleAssignment

from . import access
from .models import Case, Task

if TYPE_CHECKING:
    from waymark.accounts.models import User

OWNER_ACTIONS = {"accept", "done", "cannot_do"}
TASK_WORKER_ROLES = [Role.CASEWORKER, Role.FIRST_RESPONDER]
NAMEABLE_ROLES = [Role.CASEWORKER, Role.FIRST_RESPONDER, Role.COORDINATOR]


def coordinates(user: User, partnership_id: int) -> bool:
    return partnership_id in partners_access.coordinated_partnership_ids(user)


def may_work(user: User, task: Task, *, coordinator: bool) -> bool:
    """May accept, finish or decline the task. `coordinator`: the user coordinates its partnership."""
    return coordinator or (user.organisation_id is not None and user.organisation_id == task.owner_organisation_id)


def partnership_and_above(partnership: Partnership) -> Iterator[int]:
    """The partnership's id, then its parent's, and so on up; each step up costs a query only when
    the caller asks for it."""
    seen = {partnership.pk}
    yield partnership.pk
    parent_id = partnership.parent_id
    while parent_id is not None and parent_id not in seen:
        seen.add(parent_id)
        yield parent_id
        parent_id = Partnership.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()


def works_tasks_in(user: User, partnership: Partnership) -> bool:
    """Holds a caseworker or first responder role in the partnership or one above it. The roles are
    read once per request."""
    cache = user.__dict__.setdefault("_access_tasks_cache", {})
    if "task_worker_partnership_ids" not in cache:
        held = RoleAssignment.objects.filter(user_id=user.pk, role__in=TASK_WORKER_ROLES)
        cache["task_worker_partnership_ids"] = set(held.values_list("partnership_id", flat=True))
    ids = cache["task_worker_partnership_ids"]
    return bool(ids) and user.is_active and any(pk in ids for pk in partnership_and_above(partnership))


def may_add_task(user: User, case: Case, *, coordinator: bool) -> bool:
    """May add a task to the case. `coordinator`: the user coordinates its partnership."""
    if coordinator:
        return True
    lead = user.organisation_id is not None and user.organisation_id == case.lead_organisation_id
    return lead and works_tasks_in(user, case.partnership)


def may_name_person(user: User, task: Task, *, coordinator: bool) -> bool:
    """May name the person who will do the task. `coordinator`: the user coordinates its partnership."""
    if coordinator:
        return True
    owner = user.organisation_id is not None and user.organisation_id == task.owner_organisation_id
    return owner and works_tasks_in(user, task.case.partnership)


def get_case_for_new_task(user: User, pk: int) -> Case:
    """The case, if the user may see it (404 otherwise) and add tasks to it (403 otherwise)."""
    case = access.get_case_for_user(user, pk)
    if not may_add_task(user, case, coordinator=coordinates(user, case.partnership_id)):
        raise PermissionDenied
    return case


def nameable_people(partnership: Partnership) -> QuerySet[User]:
    """Who may be named on a task in the partnership, with their organisations, by organisation."""
    from waymark.accounts.models import User

    holders = User.objects.filter(
        is_active=True,
        organisation__isnull=False,
        role_assignments__partnership__in=list(partnership_and_above(partnership)),
        role_assignments__role__in=NAMEABLE_ROLES,
    ).values("pk")
    return (
        User.objects.filter(pk__in=holders)
        .select_related("organisation")
        .order_by("organisation__name", "full_name", "pk")
    )


def get_task_for_user(user: User, pk: int, *, action: str = "view") -> Task:
    task = (
        Task.objects.select_related("owner_organisation", "owner_user", "accepted_by", "completed_by")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404("No such task")
    task.case = access.get_case_for_user(user, task.case_id)  # 404 when the case is not theirs to see
    if action == "view":
        return task
    coordinator = coordinates(user, task.case.partnership_id)
    if action in OWNER_ACTIONS and may_work(user, task, coordinator=coordinator):
        return task
    if action == "reassign" and coordinator:
        return task
    if action == "name_person" and may_name_person(user, task, coordinator=coordinator):
        return task
    raise PermissionDenied


def tasks_for_organisation(user: User) -> QuerySet[Task]:
    """The user's organisation's unfinished tasks, on cases the user may see. Owning a task makes
    the organisation one involved in the case (access.involved_q), so the user sees each such case
    in their own partnerships: the rule reduces to the partnership, a cheap condition."""
    return (
        Task.objects.for_organisation(user.organisation_id)
        .unfinished()
        .filter(case__partnership_id__in=sorted(partners_access.user_partnership_ids(user)))
    )


def overdue_tasks_for_coordinator(user: User) -> QuerySet[Task]:
    """Every overdue task in the partnerships the user coordinates (none for anyone else)."""
    return Task.objects.overdue().filter(
        case__partnership_id__in=sorted(partners_access.coordinated_partnership_ids(user))
    )
