"""Working tasks: accept, finish, decline and reassign them (each refused if someone else changed the
task first), and the e-mails about new and overdue tasks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.core.tasks import send_email
from waymark.partners.models import Organisation, Partnership, Role

from . import timeline
from .models import CaseStatus, EventKind, Task, TaskStatus

if TYPE_CHECKING:
    from waymark.accounts.models import User

UNFINISHED: set[str] = {TaskStatus.OPEN, TaskStatus.ACCEPTED}


class StaleTask(Exception):
    """Someone else changed the task after the form was shown (its version moved on)."""


class NotNow(Exception):
    """The task's status does not allow this, for example accepting a task that is done."""


def _claim(task: Task, *, version: int, allowed: set[str], by: User, what: str) -> Task:
    """Move the task to its next version, or refuse if it is no longer at `version`.

    The conditional UPDATE is the guard: of two people sending the same version, only one matches
    the row; it also locks the row until the transaction ends."""
    if not Task.objects.filter(pk=task.pk, version=version).update(version=version + 1):
        raise StaleTask
    fresh = Task.objects.select_related("case", "owner_organisation").get(pk=task.pk)
    if fresh.status not in allowed:
        raise NotNow(f"You cannot {what} a task that is {fresh.get_status_display().lower()}")
    fresh._history_user = by  # type: ignore[attr-defined]
    return fresh


def _record(task: Task, *, by: User, summary: str, before: str) -> None:
    timeline.record(task.case, EventKind.TASK, f"{summary}: {task.title}", by=by, task=task.pk, status=task.status)
    # The outcome and reason stay on the task, not in the audit trail: they may name people, and
    # the trail can never be edited.
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=task,
        detail={"status": [before, task.status], "owner_organisation": task.owner_organisation.name},
    )


@transaction.atomic
def accept_task(*, task: Task, version: int, by: User) -> Task:
    task = _claim(task, version=version, allowed={str(TaskStatus.OPEN)}, by=by, what="accept")
    task.status = TaskStatus.ACCEPTED
    task.accepted_at = timezone.now()
    task.accepted_by = by
    task.save()
    _record(task, by=by, summary=f"Task accepted by {task.owner_organisation}", before=TaskStatus.OPEN)
    return task


@transaction.atomic
def complete_task(*, task: Task, version: int, outcome: str, by: User) -> Task:
    task = _claim(task, version=version, allowed=UNFINISHED, by=by, what="finish")
    before = task.status
    task.status = TaskStatus.DONE
    task.outcome = outcome
    task.completed_at = timezone.now()
    task.completed_by = by
    task.save()
    _record(task, by=by, summary="Task done", before=before)
    return task


@transaction.atomic
def decline_task(*, task: Task, version: int, reason: str, by: User) -> Task:
    task = _claim(task, version=version, allowed=UNFINISHED, by=by, what="decline")
    before = task.status
    task.status = TaskStatus.CANNOT_DO
    task.reason = reason
    task.completed_at = timezone.now()
    task.completed_by = by
    task.save()
    _record(task, by=by, summary=f"{task.owner_organisation} cannot do the task", before=before)
    return task


@transaction.atomic
def reassign_task(*, task: Task, version: int, organisation: Organisation, by: User) -> Task:
    """Give the task to another organisation, which must accept it afresh."""
    task = _claim(task, version=version, allowed=UNFINISHED, by=by, what="reassign")
    before, previous_owner = task.status, task.owner_organisation
    task.owner_organisation = organisation
    task.owner_user = None
    task.status = TaskStatus.OPEN
    task.accepted_at = None
    task.accepted_by = None
    task.overdue_notified_on = None
    task.save()
    _record(task, by=by, summary=f"Task given to {organisation} (was {previous_owner})", before=before)
    notify_assigned([task])
    return task


# E-mails. They name the case by its reference and the tasks by their titles: never the people in it.


def _emails(users: Iterable[User]) -> list[str]:
    return sorted({u.email for u in users if u.email})


def organisation_recipients(organisation: Organisation, partnership: Partnership) -> list[str]:
    """Who hears about an organisation's tasks: its caseworkers and first responders in the
    partnership; if it has none, the partnership's coordinators, who can give the task to someone."""
    from waymark.accounts.models import User

    workers = User.objects.filter(
        organisation=organisation,
        is_active=True,
        role_assignments__partnership=partnership,
        role_assignments__role__in=[Role.CASEWORKER, Role.FIRST_RESPONDER],
    )
    return _emails(workers) or coordinator_recipients(partnership)


def coordinator_recipients(partnership: Partnership) -> list[str]:
    from waymark.accounts.models import User

    return _emails(
        User.objects.filter(
            is_active=True, role_assignments__partnership=partnership, role_assignments__role=Role.COORDINATOR
        )
    )


def _by_owner(tasks: Iterable[Task]) -> dict[tuple[Organisation, Partnership], list[Task]]:
    groups: dict[tuple[Organisation, Partnership], list[Task]] = defaultdict(list)
    for task in tasks:
        groups[(task.owner_organisation, task.case.partnership)].append(task)
    return groups


def _send(to: list[str], subject: str, template: str, context: dict[str, object]) -> int:
    if not to:
        return 0
    links = {"my_tasks": reverse("cases:my-tasks"), "overdue_list": reverse("cases:overdue-tasks")}
    body = render_to_string(template, {**context, **links, "site_url": settings.SITE_URL})
    send_email.enqueue(to=to, subject=subject, body=body)
    return 1


def notify_assigned(tasks: Iterable[Task]) -> int:
    """One e-mail to each owning organisation about the tasks it has just been given. Returns how
    many e-mails were sent."""
    sent = 0
    for (organisation, partnership), owned in _by_owner(tasks).items():
        sent += _send(
            organisation_recipients(organisation, partnership),
            f"Waymark: {len(owned)} new task{'s' if len(owned) != 1 else ''} for {organisation}",
            "cases/tasks/email_assigned.txt",
            {"organisation": organisation, "tasks": owned},
        )
    return sent


@transaction.atomic
def send_overdue_reminders(*, today: date | None = None) -> int:
    """Tell each organisation about its overdue tasks, and each partnership's coordinators about all
    of them, at most once a day (the daily job). Returns how many e-mails were sent."""
    today = today or timezone.localdate()
    due = list(
        Task.objects.overdue(today)
        .exclude(overdue_notified_on=today)
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case__partnership", "owner_organisation")
        .select_for_update(of=("self",))
        .order_by("case__partnership_id", "owner_organisation__name", "due_date", "case__reference", "order")
    )
    sent = 0
    per_partnership: dict[Partnership, list[Task]] = defaultdict(list)
    for (organisation, partnership), owned in _by_owner(due).items():
        per_partnership[partnership].extend(owned)
        sent += _send(
            organisation_recipients(organisation, partnership),
            f"Waymark: {len(owned)} overdue task{'s' if len(owned) != 1 else ''} for {organisation}",
            "cases/tasks/email_overdue.txt",
            {"organisation": organisation, "tasks": owned, "today": today},
        )
    for partnership, overdue in per_partnership.items():
        sent += _send(
            coordinator_recipients(partnership),
            f"Waymark: {len(overdue)} overdue task{'s' if len(overdue) != 1 else ''} in {partnership}",
            "cases/tasks/email_overdue_summary.txt",
            {"partnership": partnership, "tasks": overdue, "today": today},
        )
    # A plain UPDATE on purpose: the reminder is not an edit, so the version stays and nobody's open
    # form is made stale by it.
    Task.objects.filter(pk__in=[t.pk for t in due]).update(overdue_notified_on=today)
    return sent
