"""The case list, the case page, the task lists and the "Add a task" page cost the same number of
database queries with one case or thirty, one task or thirty, one person to name or thirty: nothing is
loaded row by row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from waymark.cases.models import CaseEvent, EventKind, Task
from waymark.cases.tests.factories import open_child_case

# Ceilings with room for the case page's panels, still being built; the real guarantee is that the
# count does not grow with the data. Today: about 26 for the list and 29 for the case page, of
# which 5 are the navigation asking "is this a coordinator?" and 5 the audit entry and session.
MOST_QUERIES_FOR_THE_LIST = 40
MOST_QUERIES_FOR_THE_CASE_PAGE = 40


def queries_for(client, url: str) -> int:
    client.get(url)  # the first request warms per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_tasks_and_events(case, world, by, count: int) -> None:
    overdue = timezone.localdate() - timedelta(days=3)
    Task.objects.bulk_create(
        Task(
            case=case,
            code="manual",
            title=f"Follow-up {n}",
            order=100 + n,
            owner_organisation=world.charity if n % 2 else world.police,
            owner_user=by,
            due_date=overdue,
        )
        for n in range(count)
    )
    CaseEvent.objects.bulk_create(
        CaseEvent(case=case, actor=by, organisation=world.council, kind=EventKind.NOTE, summary=f"Note {n}")
        for n in range(count)
    )


@pytest.mark.parametrize("viewer", ["council_caseworker", "coordinator"])
def test_the_case_list_runs_the_same_queries_for_1_case_or_30(world, personas, client_for, viewer):
    cathy = personas["council_caseworker"]
    client = client_for(viewer)
    url = reverse("cases:case-list")
    first = open_child_case(world, cathy)
    with_one = queries_for(client, url)
    add_tasks_and_events(first, world, cathy, 5)
    for _ in range(29):
        add_tasks_and_events(open_child_case(world, cathy), world, cathy, 2)
    with_thirty = queries_for(client, url)
    assert with_thirty == with_one
    assert with_thirty <= MOST_QUERIES_FOR_THE_LIST


def test_the_filtered_case_list_runs_the_same_queries_for_1_case_or_30(world, personas, client_for):
    cathy = personas["council_caseworker"]
    client = client_for("council_caseworker")
    url = reverse("cases:case-list") + "?overdue=on&exploitation_type=other&q=car"
    add_tasks_and_events(open_child_case(world, cathy, exploitation_types=["other"]), world, cathy, 1)
    with_one = queries_for(client, url)
    for _ in range(29):
        add_tasks_and_events(open_child_case(world, cathy, exploitation_types=["other"]), world, cathy, 1)
    assert queries_for(client, url) == with_one


@pytest.mark.parametrize("viewer", ["council_caseworker", "coordinator"])
def test_the_case_page_runs_the_same_queries_for_1_task_or_30(world, personas, client_for, viewer):
    cathy = personas["council_caseworker"]
    client = client_for(viewer)
    case = open_child_case(world, cathy)
    url = reverse("cases:case-detail", args=[case.pk])
    Task.objects.filter(case=case).exclude(pk=case.tasks.first().pk).delete()
    with_one = queries_for(client, url)
    add_tasks_and_events(case, world, cathy, 30)
    with_thirty = queries_for(client, url)
    assert with_thirty == with_one
    assert with_thirty <= MOST_QUERIES_FOR_THE_CASE_PAGE


def test_the_case_page_asks_once_which_lists_hold_anything_and_shows_what_they_hold(world, personas, client_for):
    from waymark.cases import holdings, services_notes

    cathy = personas["council_caseworker"]
    client = client_for("council_caseworker")
    case = open_child_case(world, cathy)
    url = reverse("cases:case-detail", args=[case.pk])
    empty = queries_for(client, url)
    holdings.note_what_the_case_holds(case)
    assert not any(holdings.holds(case, name) for name in ("notes", "documents", "consents", "shares", "nrm"))

    services_notes.add_note(case=case, text="Met at the drop-in centre.", sensitive=False, by=cathy)
    page = client.get(url).content.decode()
    assert "Met at the drop-in centre." in page
    assert queries_for(client, url) > empty  # the notes are fetched now that there are some
    del case.__dict__["_holds"]
    holdings.note_what_the_case_holds(case)
    assert holdings.holds(case, "notes") and not holdings.holds(case, "documents")


def add_council_tasks(case, world, person, count: int) -> None:
    Task.objects.bulk_create(
        Task(
            case=case,
            code="manual",
            title=f"Council follow-up {n}",
            order=200 + n,
            owner_organisation=world.council,
            owner_user=person if n % 2 else None,
            due_date=timezone.localdate() + timedelta(days=n),
        )
        for n in range(count)
    )


@pytest.mark.parametrize("query", ["", "?naming_me=on"], ids=["all", "only-naming-me"])
def test_my_tasks_run_the_same_queries_for_1_task_or_30(world, personas, client_for, query):
    cathy = personas["council_caseworker"]
    client = client_for("council_caseworker")
    url = reverse("cases:my-tasks") + query
    add_council_tasks(open_child_case(world, cathy), world, cathy, 2)
    with_few = queries_for(client, url)
    for _ in range(15):
        add_council_tasks(open_child_case(world, cathy), world, cathy, 2)
    assert queries_for(client, url) == with_few


def test_the_add_a_task_page_runs_the_same_queries_for_1_person_to_name_or_30(world, personas, client_for):
    from conftest import make_user
    from waymark.cases import services_triage

    cathy = personas["council_caseworker"]
    case = open_child_case(world, cathy)
    services_triage.assign_lead(case=case, lead_organisation=world.council, by=personas["coordinator"])
    client = client_for("council_caseworker")
    url = reverse("cases:task-add", args=[case.pk])
    with_few = queries_for(client, url)
    for n in range(30):
        organisation = (world.council, world.charity, world.police)[n % 3]
        make_user(f"worker{n}@example.org", f"Worker {n}", organisation, [(world.testford, "caseworker")])
    assert queries_for(client, url) == with_few
