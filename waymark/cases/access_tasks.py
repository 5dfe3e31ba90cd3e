"""Who may see and work a task. Task views and the task lists call these first.

Rules (whiteboard version):
- A task is seen by whoever may see its case (access.get_case_for_user); otherwise it is "not found".
- Accepting it, marking it done or saying it cannot be done: a user of the owning organisation, or a
  coordinator of the case's partnership.
- Giving it to another organisation: coordinators of the case's partnership only.
- An organisation's list shows its unfinished tasks on cases its users may see.
- Coordinators see every overdue task in the partnerships they coordinate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from waymark.partners import access as partners_access

from . import access
from .models import Task

if TYPE_CHECKING:
    from waymark.accounts.models import User

OWNER_ACTIONS = {"accept", "done", "cannot_do"}


def coordinates(user: User, partnership_id: int) -> bool:
    return partners_access.coordinated_partnerships(user).filter(pk=partnership_id).exists()


def may_work(user: User, task: Task, *, coordinator: bool) -> bool:
    """May accept, finish or decline the task. `coordinator`: the user coordinates its partnership."""
    return coordinator or (user.organisation_id is not None and user.organisation_id == task.owner_organisation_id)


def get_task_for_user(user: User, pk: int, *, action: str = "view") -> Task:
    task = Task.objects.select_related("owner_organisation", "accepted_by", "completed_by").filter(pk=pk).first()
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
    raise PermissionDenied


def tasks_for_organisation(user: User) -> QuerySet[Task]:
    """The user's organisation's unfinished tasks, on cases the user may see."""
    return (
        Task.objects.for_organisation(user.organisation_id)
        .unfinished()
        .filter(case__in=access.visible_cases(user).values("pk"))
    )


def overdue_tasks_for_coordinator(user: User) -> QuerySet[Task]:
    """Every overdue task in the partnerships the user coordinates (none for anyone else)."""
    return Task.objects.overdue().filter(case__partnership__in=partners_access.coordinated_partnerships(user))
