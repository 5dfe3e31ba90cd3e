"""Cases and tasks through the API: the same cases as the pages show, no personal data, scopes for
tokens, "not found" for a case out of reach, and every read in the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from waymark.api.models import ServiceToken
from waymark.cases import services_sharing
from waymark.cases.models import Case, CaseStatus, Task
from waymark.cases.tests.factories import open_child_case, share_with_consent
from waymark.core.models import AuditEntry

CASES = reverse("api:case-list")
TASKS = reverse("api:task-list")


def case_url(case) -> str:
    return reverse("api:case-detail", args=[case.pk])


def token_for(organisation, partnership, scopes=("cases:read", "tasks:read")) -> dict[str, str]:
    _, plain = ServiceToken.issue(
        name="Case system sync", organisation=organisation, partnership=partnership, scopes=list(scopes)
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def council_case(world, personas):
    return open_child_case(world, personas["council_caseworker"], exploitation_types=["forced-to-work"])


@pytest.mark.parametrize(
    ("persona", "sees_it"),
    [
        ("council_caseworker", True),
        ("coordinator", True),
        ("charity_caseworker", False),
        ("intelligence_officer", False),
        ("outsider", False),
    ],
)
def test_a_person_reads_the_same_cases_as_their_case_list(client_for, council_case, persona, sees_it):
    client = client_for(persona)
    page_cases = {c.pk for c in client.get(reverse("cases:case-list")).context["page"].object_list}
    assert ids(client.get(CASES)) == page_cases == ({council_case.pk} if sees_it else set())
    assert client.get(case_url(council_case)).status_code == (200 if sees_it else 404)


def test_a_case_carries_its_facts_and_task_counts_but_nobodys_personal_data(client_for, council_case):
    Task.objects.filter(pk=council_case.tasks.first().pk).update(due_date=timezone.localdate() - timedelta(days=1))
    response = client_for("council_caseworker").get(case_url(council_case))
    data = response.json()
    assert set(data) == {
        "id",
        "reference",
        "partnership",
        "status",
        "source",
        "lead_organisation",
        "referring_organisation",
        "created_at",
        "exploitation_types",
        "statistics_category",
        "tasks",
    }
    assert data["reference"] == council_case.reference
    assert data["exploitation_types"] == ["forced-to-work"]
    assert data["tasks"] == {
        "total": council_case.tasks.count(),
        "unfinished": council_case.tasks.count(),
        "overdue": 1,
    }
    for personal in ("Ana", "Testova", "car wash"):
        assert personal not in response.text


def test_cases_can_be_filtered_by_status_and_a_wrong_status_is_explained(client_for, world, personas, council_case):
    other = open_child_case(world, personas["council_caseworker"])
    Case.objects.filter(pk=other.pk).update(status=CaseStatus.OPEN)
    client = client_for("council_caseworker")
    assert ids(client.get(CASES, {"status": "open"})) == {other.pk}
    response = client.get(CASES, {"status": "lost"})
    assert response.status_code == 400
    assert "Use one of: triage, open, closed" in response.json()["status"][0]


def test_a_token_needs_the_cases_scope(client, world, council_case):
    headers = token_for(world.council, world.testford, scopes=["partners:read"])
    assert client.get(CASES, **headers).status_code == 403
    assert client.get(case_url(council_case), **headers).status_code == 403
    assert client.get(TASKS, **headers).status_code == 403


def test_a_token_with_only_the_cases_scope_cannot_read_tasks(client, world, council_case):
    headers = token_for(world.council, world.testford, scopes=["cases:read"])
    assert ids(client.get(CASES, **headers)) == {council_case.pk}
    assert client.get(TASKS, **headers).status_code == 403


def test_a_token_reads_the_cases_its_organisation_works_on(client, world, council_case):
    assert ids(client.get(CASES, **token_for(world.council, world.testford))) == {council_case.pk}
    charity = token_for(world.charity, world.testford)
    assert ids(client.get(CASES, **charity)) == set()
    Task.objects.create(case=council_case, code="manual", title="Support visit", owner_organisation=world.charity)
    assert ids(client.get(CASES, **charity)) == {council_case.pk}


def test_a_token_reads_a_case_shared_with_its_organisation_until_consent_is_withdrawn(
    client, world, personas, council_case
):
    charity = token_for(world.charity, world.testford)
    task = council_case.tasks.first()
    assert ids(client.get(CASES, **charity)) == set()
    consent = share_with_consent(council_case, world.charity, personas["council_caseworker"])
    assert ids(client.get(CASES, **charity)) == {council_case.pk}
    assert client.get(reverse("api:task-detail", args=[task.pk]), **charity).status_code == 200

    services_sharing.withdraw_consent(
        consent=consent, withdrawn_on=timezone.localdate(), by=personas["council_caseworker"]
    )
    assert ids(client.get(CASES, **charity)) == set()
    assert client.get(case_url(council_case), **charity).status_code == 404
    assert client.get(reverse("api:task-detail", args=[task.pk]), **charity).status_code == 404


def test_another_organisation_gets_not_found_for_a_case_or_task_by_id(client, world, council_case):
    task = council_case.tasks.first()
    for headers in (token_for(world.charity, world.testford), token_for(world.other_council, world.otherton)):
        assert client.get(case_url(council_case), **headers).status_code == 404
        assert client.get(reverse("api:task-detail", args=[task.pk]), **headers).status_code == 404


def test_a_token_for_another_partnership_does_not_reach_the_councils_cases(client, world, council_case):
    # Issued to the council, but for Otherton: the case is Testford's.
    assert ids(client.get(CASES, **token_for(world.council, world.otherton))) == set()


def test_tasks_of_visible_cases_only_filtered_by_status_and_overdue(client_for, world, personas, council_case):
    hidden = open_child_case(world, personas["charity_caseworker"])
    late = council_case.tasks.first()
    Task.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - timedelta(days=2))
    client = client_for("council_caseworker")
    everything = ids(client.get(TASKS))
    assert everything == set(council_case.tasks.values_list("pk", flat=True))
    assert everything.isdisjoint(hidden.tasks.values_list("pk", flat=True))
    overdue = client.get(TASKS, {"overdue": "true"})
    assert ids(overdue) == {late.pk}
    assert overdue.json()["results"][0]["overdue"] is True
    assert late.pk not in ids(client.get(TASKS, {"overdue": "false"}))
    assert ids(client.get(TASKS, {"status": "done"})) == set()
    assert client.get(TASKS, {"overdue": "yes"}).status_code == 400


def test_every_read_is_in_the_audit_trail(client, client_for, world, personas, council_case):
    client_for("council_caseworker").get(case_url(council_case))
    entry = AuditEntry.objects.latest("sequence")
    assert (entry.action, entry.object_type, entry.object_id) == ("view", "cases.Case", str(council_case.pk))
    assert entry.user_email == personas["council_caseworker"].email

    client.get(TASKS, **token_for(world.council, world.testford))
    entry = AuditEntry.objects.latest("sequence")
    assert (entry.action, entry.object_type) == ("view", "cases.Task")
    assert "Case system sync" in entry.object_repr
    assert set(entry.detail["ids"]) == {str(pk) for pk in council_case.tasks.values_list("pk", flat=True)}


def test_the_case_list_costs_the_same_queries_for_1_case_or_30(client, world, personas, council_case):
    headers = token_for(world.council, world.testford)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(CASES, **headers).status_code == 200
        return len(context.captured_queries)

    with_one = count()
    for _ in range(29):
        open_child_case(world, personas["council_caseworker"])
    assert count() == with_one
