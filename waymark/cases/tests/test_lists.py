"""The case list: filters, search, pages of 50, counts, and filter input it cannot use explained."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from waymark.cases import services_sharing, services_tasks
from waymark.cases.models import Case, CaseStatus, Task
from waymark.cases.tests.factories import open_child_case, share_with_consent
from waymark.core.models import AuditEntry

URL = reverse("cases:case-list")


def references(response) -> set[str]:
    return {c.reference for c in response.context["page"].object_list}


@pytest.fixture
def cathy(client_for):
    return client_for("council_caseworker")


@pytest.fixture
def two_cases(world, personas):
    labour = open_child_case(world, personas["council_caseworker"], exploitation_types=["forced-to-work"])
    sexual = open_child_case(
        world, personas["council_caseworker"], exploitation_types=["prostitution"], what_happened="Seen at a hotel."
    )
    Case.objects.filter(pk=sexual.pk).update(status=CaseStatus.OPEN, lead_organisation=world.charity)
    return labour, sexual


def test_a_caseworker_sees_the_cases_their_organisation_referred_with_counts(cathy, two_cases):
    response = cathy.get(URL)
    assert response.status_code == 200
    assert references(response) == {c.reference for c in two_cases}
    assert "2 cases" in response.text
    assert "Waiting for triage: <strong>1</strong>" in response.text
    assert "Open: <strong>1</strong>" in response.text


def test_an_outsider_sees_no_cases(client_for, two_cases):
    response = client_for("outsider").get(URL)
    assert references(response) == set()
    assert "No cases yet." in response.text


def test_filtering_by_status_shows_only_those_cases(cathy, two_cases):
    labour, _ = two_cases
    response = cathy.get(URL, {"status": "triage"})
    assert references(response) == {labour.reference}


def test_filtering_by_lead_organisation(cathy, world, two_cases):
    _, sexual = two_cases
    response = cathy.get(URL, {"lead_organisation": world.charity.pk})
    assert references(response) == {sexual.reference}


def test_filtering_by_type_of_exploitation(cathy, two_cases):
    labour, _ = two_cases
    response = cathy.get(URL, {"exploitation_type": "forced-to-work"})
    assert references(response) == {labour.reference}


def test_filtering_by_who_reported_it(cathy, two_cases):
    assert references(cathy.get(URL, {"source": "public"})) == set()
    assert len(references(cathy.get(URL, {"source": "practitioner"}))) == 2


def test_searching_by_reference_or_words_in_what_happened(cathy, two_cases):
    labour, sexual = two_cases
    assert references(cathy.get(URL, {"q": labour.reference})) == {labour.reference}
    assert references(cathy.get(URL, {"q": "HOTEL"})) == {sexual.reference}
    response = cathy.get(URL, {"q": "nothing like this"})
    assert references(response) == set()
    assert "No cases match these filters." in response.text


def test_only_cases_with_overdue_tasks_and_the_overdue_count_shows(cathy, two_cases):
    labour, _ = two_cases
    labour.tasks.filter(pk=labour.tasks.first().pk).update(due_date=timezone.localdate() - timedelta(days=1))
    response = cathy.get(URL, {"overdue": "on"})
    assert references(response) == {labour.reference}
    assert "1 overdue" in response.text


def test_an_unknown_status_is_explained_and_what_was_typed_is_kept(cathy, two_cases):
    response = cathy.get(URL, {"status": "lost", "q": "car wash"})
    assert response.status_code == 200
    assert "<title>Error: Cases" in response.text
    assert "There is a problem" in response.text
    assert "Select a status from the list" in response.text
    assert 'value="car wash"' in response.text
    # The search still applies; the status it could not use is left out.
    assert len(references(response)) == 1


def test_an_organisation_from_another_partnership_cannot_be_chosen(cathy, world, two_cases):
    response = cathy.get(URL, {"lead_organisation": world.other_council.pk})
    assert "Select a lead organisation from the list" in response.text
    assert world.other_council.name not in response.text


def test_each_user_is_offered_only_their_own_partnerships_organisations_however_often_the_form_is_shown(
    cathy, client_for, world, two_cases
):
    # The empty filter form is built once per list of organisations and kept: it must never carry
    # one partnership's organisations to a user of another.
    for _ in range(2):
        assert world.charity.name in cathy.get(URL).content.decode()
        outsider_page = client_for("outsider").get(URL).content.decode()
        assert world.charity.name not in outsider_page
        assert world.other_council.name in outsider_page


def test_cases_come_50_to_a_page_and_the_next_page_keeps_the_filters(cathy, world, personas):
    council = world.council
    Case.objects.bulk_create(
        Case(
            reference=f"TF-2026-{n:06d}",
            partnership=world.testford,
            source="practitioner",
            referring_organisation=council,
        )
        for n in range(51)
    )
    first = cathy.get(URL, {"source": "practitioner"})
    assert len(first.context["page"].object_list) == 50
    assert "51 cases, page 1 of 2" in first.text
    assert 'href="?source=practitioner&amp;page=2"' in first.text
    second = cathy.get(URL, {"source": "practitioner", "page": 2})
    assert len(second.context["page"].object_list) == 1
    assert references(first).isdisjoint(references(second))


def test_opening_the_list_is_in_the_audit_trail_with_the_cases_shown(cathy, personas, two_cases):
    cathy.get(URL)
    entry = AuditEntry.objects.filter(object_type="cases.Case", action="view").latest("sequence")
    assert entry.user_email == personas["council_caseworker"].email
    assert set(entry.detail["ids"]) == {str(c.pk) for c in two_cases}


# The counts are cached (list_counts) until a case in the user's partnerships changes.


def test_the_counts_follow_a_new_case_and_a_withdrawn_share_at_once(
    cathy, client_for, world, personas, two_cases, django_capture_on_commit_callbacks
):
    assert "2 cases" in cathy.get(URL).text
    with django_capture_on_commit_callbacks(execute=True):
        open_child_case(world, personas["council_caseworker"])
    assert "3 cases" in cathy.get(URL).text

    brightway = client_for("charity_caseworker")
    labour, _ = two_cases
    assert "1 case" in brightway.get(URL).text  # the one it leads
    with django_capture_on_commit_callbacks(execute=True):
        consent = share_with_consent(labour, world.charity, personas["council_caseworker"])
    assert "2 cases" in brightway.get(URL).text
    with django_capture_on_commit_callbacks(execute=True):
        services_sharing.withdraw_consent(
            consent=consent, withdrawn_on=timezone.localdate(), by=personas["council_caseworker"]
        )
    assert "1 case" in brightway.get(URL).text


def test_the_cases_are_not_counted_again_while_nothing_changes(cathy, two_cases):
    def counts(response_queries) -> list[str]:
        return [
            q["sql"]
            for q in response_queries
            if q["sql"].startswith('SELECT "cases_case"."status" AS "status", COUNT(')
        ]

    with CaptureQueriesContext(connection) as first:
        assert "2 cases" in cathy.get(URL).text
    with CaptureQueriesContext(connection) as second:
        assert "2 cases" in cathy.get(URL).text
    assert len(counts(first.captured_queries)) == 1  # the status counts, which give the pager's total
    assert counts(second.captured_queries) == []
    # A different filter is a different count.
    with CaptureQueriesContext(connection) as filtered:
        assert "1 case" in cathy.get(URL, {"status": "open"}).text
    assert len(counts(filtered.captured_queries)) == 1


def test_the_task_lists_count_follows_a_finished_task_at_once(
    cathy, personas, two_cases, django_capture_on_commit_callbacks
):
    my_tasks = reverse("cases:my-tasks")
    unfinished = Task.objects.filter(owner_organisation=personas["council_caseworker"].organisation).unfinished()
    before = unfinished.count()
    assert before > 1
    assert f"{before} tasks" in cathy.get(my_tasks).text
    task = unfinished.order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        services_tasks.complete_task(task=task, version=task.version, outcome="Done", by=personas["council_caseworker"])
    after = before - 1
    assert f"{after} task{'s' if after != 1 else ''}" in cathy.get(my_tasks).text
