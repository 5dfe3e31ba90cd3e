"""Working tasks: add one to a case by hand; accept, finish, decline and reassign them, and name the
person who will do one (each refused if someone else changed the task first); and the e-mails about
new, named and overdue tasks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.core.tasks import send_email
from waymark.partners.models import Organisation, Partnership, Role

from . import timeline
from .models import Case, CaseStatus, EventKind, Task, TaskStatus

if TYPE_CHECKING:
    from waymark.accounts.models import User

UNFINISHED: set[str] = {TaskStatus.OPEN, TaskStatus.ACCEPTED}
MANUAL = "manual"  # the code of a task added by hand rather than by the pathway


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


@transaction.atomic
def add_task(
    *,
    case: Case,
    title: str,
    explanation: str,
    organisation: Organisation,
    person: User | None,
    due_date: date,
    by: User,
) -> Task:
    """Add a task to the case by hand, after its other tasks, and tell the organisation (and the
    person named, if any) by e-mail."""
    if person is not None and person.organisation_id != organisation.pk:
        raise ValueError("The person named must work for the owning organisation")
    # Locking the case keeps two tasks added at once from taking the same place in the order, and
    # a case closed meanwhile from getting a new task.
    locked = Case.objects.select_for_update().only("status").get(pk=case.pk)
    if locked.status == CaseStatus.CLOSED:
        raise NotNow(f"Case {case.reference} is closed, so no tasks can be added to it")
    last = case.tasks.aggregate(last=Max("order"))["last"]
    task = Task(
        case=case,
        code=MANUAL,
        title=title,
        explanation=explanation,
        order=0 if last is None else last + 1,
        owner_organisation=organisation,
        owner_user=person,
        due_date=due_date,
    )
    task._history_user = by  # type: ignore[attr-defined]
    task.save()
    named = f", for {person.full_name}" if person is not None else ""
    timeline.record(
        case, EventKind.TASK, f"Task added for {organisation}{named}: {title}", by=by, task=task.pk, status=task.status
    )
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=task,
        detail={"owner_organisation": organisation.name, "owner_user": person.pk if person else None},
    )
    notify_assigned([task])
    if person is not None and person.pk != by.pk:
        notify_named(task, by=by)
    return task


@transaction.atomic
def name_person(*, task: Task, version: int, person: User | None, by: User) -> Task:
    """Name who in the owning organisation will do the task (or nobody), and tell them by e-mail."""
    task = _claim(task, version=version, allowed=UNFINISHED, by=by, what="name a person on")
    if person is not None and person.organisation_id != task.owner_organisation_id:
        raise ValueError("The person named must work for the owning organisation")
    before = task.owner_user
    task.owner_user = person
    task.save()
    summary = f"{person.full_name} named for the task" if person is not None else "Nobody named for the task"
    timeline.record(task.case, EventKind.TASK, f"{summary}: {task.title}", by=by, task=task.pk, status=task.status)
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=task,
        detail={"owner_user": [before.pk if before else None, person.pk if person else None]},
    )
    if person is not None and person != before and person.pk != by.pk:
        notify_named(task, by=by)
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


def notify_named(task: Task, *, by: User) -> int:
    """Tell the person named on a task that it is theirs to do. Returns how many e-mails were sent."""
    person = task.owner_user
    if person is None or not person.is_active:
        return 0
    return _send(
        _emails([person]),
        f"Waymark: you have been named for a task on case {task.case.reference}",
        "cases/tasks/email_named.txt",
        {"task": task, "person": person, "by": by, "task_url": reverse("cases:task-detail", args=[task.pk])},
    )


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
