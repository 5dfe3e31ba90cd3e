"""Task pages: a task's page and its actions (accept, done, cannot do, reassign, name the person who
will do it), adding a task to a case, the case page's tasks panel, and the task lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.core.paging import CountedPaginator
from waymark.partners import access as partners_access

from . import access, access_tasks, list_counts, services_tasks
from .forms_lists import MyTasksFilterForm
from .forms_tasks import (
    CONFLICT,
    AcceptTaskForm,
    AddTaskForm,
    CannotDoTaskForm,
    DoneTaskForm,
    NamePersonForm,
    ReassignTaskForm,
    TaskForm,
)
from .models import Case, CaseStatus, Task, TaskStatus

PER_PAGE = 50
UNFINISHED = {TaskStatus.OPEN, TaskStatus.ACCEPTED}
# The task page holds several forms; distinct ids keep labels and error links pointing at the right one.
FORMS: dict[str, tuple[type[TaskForm], str]] = {
    "accept": (AcceptTaskForm, "accept-%s"),
    "done": (DoneTaskForm, "done-%s"),
    "cannot_do": (CannotDoTaskForm, "cannot-%s"),
    "reassign": (ReassignTaskForm, "reassign-%s"),
}


def is_overdue(task: Task, today: date) -> bool:
    return task.status in UNFINISHED and task.due_date is not None and task.due_date < today


@dataclass
class TaskRow:
    task: Task
    overdue: bool
    may_work: bool = False


def case_panel(request: HttpRequest, case: Case) -> dict[str, Any]:
    """What this part of the case page needs (templates/cases/_panel_tasks.html)."""
    user = request.user
    coordinator = access_tasks.coordinates(user, case.partnership_id)  # type: ignore[arg-type]
    today = timezone.localdate()
    tasks = list(case.tasks.select_related("owner_organisation", "owner_user"))
    access.remember_task_owners(case, tasks)
    rows = [
        TaskRow(task, is_overdue(task, today), access_tasks.may_work(user, task, coordinator=coordinator))  # type: ignore[arg-type]
        for task in tasks
    ]
    may_add = case.status != CaseStatus.CLOSED and access_tasks.may_add_task(user, case, coordinator=coordinator)  # type: ignore[arg-type]
    return {"task_rows": rows, "may_add_task": may_add}


# Adding a task to a case


def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_tasks.get_case_for_new_task(request.user, pk)  # type: ignore[arg-type]
    back = reverse("cases:case-detail", args=[case.pk]) + "#tasks"
    if case.status == CaseStatus.CLOSED:
        messages.info(request, f"Case {case.reference} is closed, so no tasks can be added to it")
        return redirect(back)
    people = access_tasks.nameable_people(case.partnership)
    form = AddTaskForm(request.POST if request.method == "POST" else None, case=case, people=people, user=request.user)  # type: ignore[arg-type]
    if form.is_bound and form.is_valid():
        try:
            task = services_tasks.add_task(case=case, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except services_tasks.NotNow as problem:
            messages.info(request, str(problem))
            return redirect(back)
        named = f", for {task.owner_user.full_name}" if task.owner_user else ""
        messages.success(request, f"Task added for {task.owner_organisation}{named}: {task.title}")
        return redirect(back)
    status = 400 if form.is_bound else 200
    return render(request, "cases/tasks/task_add.html", {"case": case, "form": form}, status=status)


# A task's page


def _available_actions(request: HttpRequest, task: Task) -> set[str]:
    if task.status not in UNFINISHED:
        return set()
    coordinator = access_tasks.coordinates(request.user, task.case.partnership_id)  # type: ignore[arg-type]
    actions = set()
    if access_tasks.may_work(request.user, task, coordinator=coordinator):  # type: ignore[arg-type]
        actions |= {"done", "cannot_do"} | ({"accept"} if task.status == TaskStatus.OPEN else set())
    if coordinator:
        actions.add("reassign")
    return actions


def _render_task(
    request: HttpRequest, task: Task, *, bound: dict[str, TaskForm] | None = None, status: int = 200
) -> HttpResponse:
    bound = bound or {}
    # A form the user filled in is shown even if the task has moved on, so nothing they typed is lost.
    actions = _available_actions(request, task) | set(bound)
    forms = {
        f"{action}_form": (bound.get(action) or form_class(task=task, auto_id=auto_id)) if action in actions else None
        for action, (form_class, auto_id) in FORMS.items()
    }
    coordinator = access_tasks.coordinates(request.user, task.case.partnership_id)  # type: ignore[arg-type]
    context = {
        "task": task,
        "case": task.case,
        "title": task.title,
        "overdue": is_overdue(task, timezone.localdate()),
        "may_name_person": task.status in UNFINISHED
        and access_tasks.may_name_person(request.user, task, coordinator=coordinator),  # type: ignore[arg-type]
        **forms,
    }
    return render(request, "cases/tasks/task_detail.html", context, status=status)


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = access_tasks.get_task_for_user(request.user, pk)  # type: ignore[arg-type]
    audit.record(action=AuditAction.VIEW, request=request, obj=task)
    return _render_task(request, task)


def _act(request: HttpRequest, pk: int, action: str, perform: Callable[[Task, dict[str, Any]], Task]) -> HttpResponse:
    """Check access, read the form, then change the task; if someone else changed it first, show the
    task as it is now with what the user typed still in the form (409)."""
    task = access_tasks.get_task_for_user(request.user, pk, action=action)  # type: ignore[arg-type]
    form_class, auto_id = FORMS[action]
    form = form_class(request.POST, task=task, auto_id=auto_id)
    if not form.is_valid():
        return _render_task(request, task, bound={action: form}, status=400)
    try:
        task = perform(task, form.cleaned_data)
    except services_tasks.StaleTask:
        task.refresh_from_db()
        data = request.POST.copy()
        data["version"] = str(task.version)  # so that trying again is judged against the task as it is now
        kept = form_class(data, task=task, auto_id=auto_id)
        kept.is_valid()
        kept.add_error(None, CONFLICT)
        return _render_task(request, task, bound={action: kept}, status=409)
    except services_tasks.NotNow as problem:
        form.add_error(None, str(problem))
        return _render_task(request, task, bound={action: form}, status=400)
    return redirect(reverse("cases:case-detail", args=[task.case_id]) + "#tasks")


@require_POST
def accept_task(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(task: Task, data: dict[str, Any]) -> Task:
        task = services_tasks.accept_task(task=task, version=data["version"], by=request.user)  # type: ignore[arg-type]
        messages.success(request, f"{task.owner_organisation} accepted the task: {task.title}")
        return task

    return _act(request, pk, "accept", perform)


@require_POST
def complete_task(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(task: Task, data: dict[str, Any]) -> Task:
        task = services_tasks.complete_task(
            task=task,
            version=data["version"],
            outcome=data["outcome"],
            by=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, f"Task done: {task.title}")
        return task

    return _act(request, pk, "done", perform)


@require_POST
def decline_task(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(task: Task, data: dict[str, Any]) -> Task:
        task = services_tasks.decline_task(
            task=task,
            version=data["version"],
            reason=data["reason"],
            by=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, f"Recorded that {task.owner_organisation} cannot do the task: {task.title}")
        return task

    return _act(request, pk, "cannot_do", perform)


@require_POST
def reassign_task(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(task: Task, data: dict[str, Any]) -> Task:
        task = services_tasks.reassign_task(
            task=task,
            version=data["version"],
            organisation=data["organisation"],
            by=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, f"Task given to {task.owner_organisation}: {task.title}")
        return task

    return _act(request, pk, "reassign", perform)


def _render_person(request: HttpRequest, task: Task, form: NamePersonForm, *, status: int = 200) -> HttpResponse:
    context = {
        "task": task,
        "case": task.case,
        "form": form,
        "conflict": status == 409,
        "overdue": is_overdue(task, timezone.localdate()),
    }
    return render(request, "cases/tasks/task_person.html", context, status=status)


def name_person(request: HttpRequest, pk: int) -> HttpResponse:
    """Name who in the owning organisation will do the task, or nobody. A change made meanwhile by
    someone else is not overwritten: the page comes back with what the user chose still chosen (409)."""
    task = access_tasks.get_task_for_user(request.user, pk, action="name_person")  # type: ignore[arg-type]
    people = access_tasks.nameable_people(task.case.partnership)
    if request.method != "POST":
        if task.status not in UNFINISHED:
            messages.info(request, f"You cannot name a person on a task that is {task.get_status_display().lower()}")
            return redirect("cases:task-detail", pk=task.pk)
        audit.record(action=AuditAction.VIEW, request=request, obj=task)
        return _render_person(request, task, NamePersonForm(task=task, people=people))
    form = NamePersonForm(request.POST, task=task, people=people)
    if not form.is_valid():
        return _render_person(request, task, form, status=400)
    try:
        task = services_tasks.name_person(
            task=task,
            version=form.cleaned_data["version"],
            person=form.cleaned_data["person"],
            by=request.user,  # type: ignore[arg-type]
        )
    except services_tasks.StaleTask:
        task = access_tasks.get_task_for_user(request.user, pk)  # type: ignore[arg-type]
        data = request.POST.copy()
        data["version"] = str(task.version)  # so that trying again is judged against the task as it is now
        kept = NamePersonForm(data, task=task, people=people)
        kept.is_valid()
        kept.add_error(None, CONFLICT)
        return _render_person(request, task, kept, status=409)
    except services_tasks.NotNow as problem:
        form.add_error(None, str(problem))
        return _render_person(request, task, form, status=400)
    if task.owner_user is not None:
        messages.success(request, f"{task.owner_user.full_name} named for the task: {task.title}")
    else:
        messages.success(request, f"Nobody named for the task: {task.title}")
    return redirect("cases:task-detail", pk=task.pk)


# Lists


def _list_page(request: HttpRequest, tasks: Any, template: str, extra: dict[str, Any]) -> HttpResponse:
    # Ordered by due date, so overdue tasks come first, then the oldest case first; tasks with no
    # date come last. The order of the task list indexes (models.Task.Meta), so a page is read off
    # the index. The count is cached until a case in the user's partnerships changes.
    count = list_counts.cached_for(
        request.user,  # type: ignore[arg-type]
        f"task-list-count:{request.resolver_match.view_name if request.resolver_match else ''}",
        [request.user.pk, sorted((key, request.GET.getlist(key)) for key in request.GET if key != "page")],
        tasks.count,
    )
    tasks = tasks.select_related("case", "owner_organisation", "owner_user").order_by(
        F("due_date").asc(nulls_last=True), "case_id", "order", "pk"
    )
    page = CountedPaginator(tasks, PER_PAGE, count=count).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [TaskRow(task, is_overdue(task, today)) for task in page.object_list]
    audit.record_many_viewed(request, [row.task for row in rows], object_type="cases.Task")
    return render(request, template, {"rows": rows, "page": page, **extra})


def my_tasks(request: HttpRequest) -> HttpResponse:
    filtering = bool(set(request.GET) - {"page"})
    form = MyTasksFilterForm(request.GET if filtering else None)
    tasks = form.filter(access_tasks.tasks_for_organisation(request.user), user=request.user)  # type: ignore[arg-type]
    query = request.GET.copy()
    query.pop("page", None)
    extra = {"organisation": request.user.organisation, "form": form, "query": query.urlencode()}  # type: ignore[union-attr]
    return _list_page(request, tasks, "cases/tasks/my_tasks.html", extra)


def overdue_tasks(request: HttpRequest) -> HttpResponse:
    partners_access.require_coordinator(request.user)  # type: ignore[arg-type]
    tasks = access_tasks.overdue_tasks_for_coordinator(request.user)  # type: ignore[arg-type]
    return _list_page(request, tasks, "cases/tasks/overdue_tasks.html", {})
