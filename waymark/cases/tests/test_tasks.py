"""Tasks across organisations: Cathy (Testford Council) accepts, finishes or declines her council's
tasks; Carol, the coordinator, gives them to another organisation and sees everything overdue;
Charlie (Brightway) sees the case through his own task but may not work the council's; nobody
overwrites anybody else's change without knowing it."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from waymark.cases import services_tasks, views_tasks
from waymark.cases.models import Case, CaseEvent, Task, TaskStatus
from waymark.cases.tests.factories import open_child_case
from waymark.core.models import AuditEntry

pytestmark = pytest.mark.django_db

CONFLICT = "Someone else changed this task while you were working on it. Check the task below, then try again."


def page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def case(world, personas):
    return open_child_case(world, personas["council_caseworker"])


@pytest.fixture
def task(case):
    """The council's first task: refer to children's social care."""
    return case.tasks.get(code="children_social_care_referral")


@pytest.fixture
def charity_task(case, world):
    return Task.objects.create(case=case, code="manual", title="Offer an advocate", owner_organisation=world.charity)


@pytest.fixture
def cathy(client_for):
    return client_for("council_caseworker")


@pytest.fixture
def carol(client_for):
    return client_for("coordinator")


@pytest.fixture
def charlie(client_for):
    return client_for("charity_caseworker")


def overdue_by(task, days):
    Task.objects.filter(pk=task.pk).update(due_date=timezone.localdate() - timedelta(days=days))
    task.refresh_from_db()
    return task


def post(client, name, task, **data):
    return client.post(reverse(name, args=[task.pk]), {"version": task.version, **data})


# Working a task


def test_a_caseworker_accepts_her_councils_task_from_the_case_page(cathy, case, task):
    page = page_text(cathy.get(reverse("cases:case-detail", args=[case.pk])))
    assert reverse("cases:task-accept", args=[task.pk]) in page
    assert f'name="version" value="{task.version}"' in page

    response = post(cathy, "cases:task-accept", task)

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case-detail", args=[case.pk]) + "#tasks"
    task.refresh_from_db()
    assert task.status == TaskStatus.ACCEPTED
    assert task.accepted_by.full_name == "Cathy Caseworker"
    assert task.version == 2
    page = page_text(cathy.get(response["Location"]))
    assert "Testford Council accepted the task: Refer to children's social care" in page
    assert "Task accepted by Testford Council: Refer to children's social care" in page  # the timeline
    assert AuditEntry.objects.filter(object_type="cases.Task", object_id=str(task.pk), action="update").exists()


def test_a_caseworker_marks_a_task_done_with_its_outcome(cathy, case, task):
    response = post(cathy, "cases:task-done", task, outcome="Referred to the Testford MASH, reference M-123.")

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.completed_by.full_name == "Cathy Caseworker"
    page = page_text(cathy.get(reverse("cases:case-detail", args=[case.pk])))
    assert "Referred to the Testford MASH, reference M-123." in page
    assert "Task done: Refer to children's social care" in page
    assert CaseEvent.objects.filter(case=case, kind="task").count() == 1


def test_a_task_cannot_be_marked_done_without_an_outcome(cathy, task):
    response = post(cathy, "cases:task-done", task, outcome="  ")

    assert response.status_code == 400
    text = page_text(response)
    assert "Enter the outcome of the task" in text
    assert 'href="#done-outcome"' in text
    assert "<title>Error: Refer to children's social care" in text
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_a_caseworker_says_a_task_cannot_be_done_and_why(cathy, case, task):
    response = post(cathy, "cases:task-cannot-do", task, reason="The family moved to Otherton last week.")

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.CANNOT_DO
    page = page_text(cathy.get(reverse("cases:case-detail", args=[case.pk])))
    assert "Why it cannot be done:" in page and "The family moved to Otherton last week." in page


def test_saying_a_task_cannot_be_done_needs_a_reason(cathy, task):
    response = post(cathy, "cases:task-cannot-do", task)

    assert response.status_code == 400
    assert "Enter why the task cannot be done" in page_text(response)


def test_a_finished_task_cannot_be_accepted(cathy, task):
    post(cathy, "cases:task-done", task, outcome="Done by phone.")
    task.refresh_from_db()

    response = post(cathy, "cases:task-accept", task)

    assert response.status_code == 400
    assert "You cannot accept a task that is done" in page_text(response)


def test_the_coordinator_gives_a_task_to_the_charity_which_is_told_by_email(carol, charlie, world, case, task):
    post(carol, "cases:task-accept", task)
    task.refresh_from_db()
    mail.outbox.clear()

    response = post(carol, "cases:task-reassign", task, organisation=world.charity.pk)

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.owner_organisation == world.charity
    assert task.status == TaskStatus.OPEN  # Brightway must accept it afresh
    assert task.accepted_by is None
    assert [m.to for m in mail.outbox] == [["charlie@brightway.example"]]
    assert case.reference in mail.outbox[0].body
    assert "Refer to children's social care" in mail.outbox[0].body
    assert "Refer to children's social care" in page_text(charlie.get(reverse("cases:my-tasks")))
    assert post(charlie, "cases:task-accept", task).status_code == 302


def test_the_coordinator_can_give_a_task_only_to_another_member_organisation(carol, world, task):
    response = post(carol, "cases:task-reassign", task, organisation=world.other_council.pk)
    assert response.status_code == 400
    assert "Select another organisation that is a member of the partnership" in page_text(response)

    response = post(carol, "cases:task-reassign", task, organisation=world.council.pk)
    assert response.status_code == 400  # it is the council's already


def test_caseworkers_cannot_give_tasks_away(cathy, charlie, world, task, charity_task):
    assert post(cathy, "cases:task-reassign", task, organisation=world.charity.pk).status_code == 403
    assert post(charlie, "cases:task-reassign", charity_task, organisation=world.council.pk).status_code == 403


def test_the_charity_sees_the_councils_task_but_cannot_work_it(charlie, case, task, charity_task):
    text = page_text(charlie.get(reverse("cases:task-detail", args=[task.pk])))
    assert "Refer to children's social care" in text
    assert "Accept the task" not in text and "Mark as done" not in text

    assert post(charlie, "cases:task-accept", task).status_code == 403
    assert post(charlie, "cases:task-done", task, outcome="Done").status_code == 403
    assert post(charlie, "cases:task-cannot-do", task, reason="No").status_code == 403

    page = page_text(charlie.get(reverse("cases:case-detail", args=[case.pk])))
    assert reverse("cases:task-accept", args=[charity_task.pk]) in page
    assert reverse("cases:task-accept", args=[task.pk]) not in page


@pytest.mark.parametrize("persona", ["outsider", "intelligence_officer", "charity_caseworker"])
def test_other_organisations_and_partnerships_get_not_found_for_a_task_by_its_url(client_for, persona, task):
    client = client_for(persona)

    assert client.get(reverse("cases:task-detail", args=[task.pk])).status_code == 404
    assert post(client, "cases:task-accept", task).status_code == 404
    assert post(client, "cases:task-done", task, outcome="Done").status_code == 404


def test_a_task_that_does_not_exist_is_not_found(cathy):
    assert cathy.get(reverse("cases:task-detail", args=[999999])).status_code == 404


# No lost updates


def test_a_change_made_meanwhile_is_not_overwritten_and_what_was_typed_is_kept(cathy, carol, task):
    shown = cathy.get(reverse("cases:task-detail", args=[task.pk]))
    assert f'value="{task.version}"' in page_text(shown)
    post(carol, "cases:task-accept", task)  # Carol accepts while Cathy is typing

    response = post(cathy, "cases:task-done", task, outcome="Referred to the MASH by phone at 10:15.")

    assert response.status_code == 409
    text = page_text(response)
    assert CONFLICT in text
    assert "Referred to the MASH by phone at 10:15." in text
    assert "Accepted" in text  # the task as it is now
    task.refresh_from_db()
    assert task.status == TaskStatus.ACCEPTED
    assert task.outcome == ""
    # The kept form carries the new version, so trying again works.
    version = re.search(r'name="version" value="(\d+)" id="done-version"', text)
    assert version and int(version.group(1)) == task.version
    retry = cathy.post(
        reverse("cases:task-done", args=[task.pk]),
        {"version": version.group(1), "outcome": "Referred to the MASH by phone at 10:15."},
    )
    assert retry.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_the_service_refuses_a_stale_version(personas, task):
    services_tasks.accept_task(task=task, version=task.version, by=personas["council_caseworker"])

    with pytest.raises(services_tasks.StaleTask):
        services_tasks.decline_task(task=task, version=1, reason="Too late", by=personas["coordinator"])
    task.refresh_from_db()
    assert (task.status, task.reason, task.version) == (TaskStatus.ACCEPTED, "", 2)


# Lists


def test_my_tasks_shows_only_my_organisations_unfinished_tasks_overdue_first(cathy, case, task, charity_task):
    later = case.tasks.get(code="nrm_referral")
    overdue_by(later, 3)
    done = Task.objects.create(
        case=case, code="manual", title="Call the school", owner_organisation=task.owner_organisation, status="done"
    )

    response = cathy.get(reverse("cases:my-tasks"))

    text = page_text(response)
    assert response.status_code == 200
    assert case.reference in text
    assert text.index("Make the National Referral Mechanism referral") < text.index("Refer to children's social care")
    assert text.count("Overdue</strong>") == 1
    assert "Offer an advocate" not in text  # Brightway's
    assert done.title not in text
    assert "Ana" not in text and "Testova" not in text
    assert AuditEntry.objects.filter(action="view", object_type="cases.Task").exists()


def test_my_tasks_are_paginated(cathy, case, monkeypatch):
    monkeypatch.setattr(views_tasks, "PER_PAGE", 1)

    first = page_text(cathy.get(reverse("cases:my-tasks")))
    second = page_text(cathy.get(reverse("cases:my-tasks") + "?page=2"))

    assert "page 1 of 2" in first and 'rel="next"' in first
    assert "page 2 of 2" in second and 'rel="prev"' in second


def test_coordinators_see_every_overdue_task_in_their_partnership(carol, world, personas, task, charity_task):
    overdue_by(charity_task, 2)
    elsewhere = Case.objects.create(reference="OT-2026-000001", partnership=world.otherton, source="practitioner")
    otherton_task = overdue_by(
        Task.objects.create(
            case=elsewhere, code="manual", title="Visit the farm", owner_organisation=world.other_council
        ),
        5,
    )

    text = page_text(carol.get(reverse("cases:overdue-tasks")))

    assert "Offer an advocate" in text and "Brightway" in text and "Overdue" in text
    assert "Refer to children's social care" not in text  # not overdue
    assert otherton_task.title not in text


def test_only_coordinators_see_the_overdue_list(cathy):
    assert cathy.get(reverse("cases:overdue-tasks")).status_code == 403


# E-mails


def test_new_tasks_are_emailed_to_each_owning_organisation_without_the_victims_details(world, personas, case):
    make_charity_task = Task.objects.create(
        case=case, code="manual", title="Offer an advocate", owner_organisation=world.charity
    )
    mail.outbox.clear()

    sent = services_tasks.notify_assigned([*case.tasks.exclude(pk=make_charity_task.pk), make_charity_task])

    assert sent == 2
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    council = by_recipient[("cathy@testford.example",)]
    assert council.subject == "Waymark: 2 new tasks for Testford Council"
    assert case.reference in council.body
    assert "Refer to children's social care, due now" in council.body
    assert "due by 25 November 2026" in council.body
    assert "Offer an advocate" in by_recipient[("charlie@brightway.example",)].body
    for message in mail.outbox:
        assert "Ana" not in message.body and "Testova" not in message.body
        assert "car wash" not in message.body


def test_an_organisation_with_no_caseworkers_has_its_tasks_emailed_to_the_coordinators(world, personas, case):
    police_task = Task.objects.create(
        case=case, code="manual", title="Check the address", owner_organisation=world.police
    )
    mail.outbox.clear()

    services_tasks.notify_assigned([police_task])

    assert [m.to for m in mail.outbox] == [["carol@testford.example"]]


def test_overdue_reminders_are_sent_once_a_day(world, personas, case, task, charity_task):
    overdue_by(task, 1)
    overdue_by(charity_task, 4)
    mail.outbox.clear()

    out = call_command_output("send_overdue_task_reminders")

    assert "Sent 3 overdue task reminders." in out
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["carol@testford.example", "cathy@testford.example", "charlie@brightway.example"]
    summary = next(m for m in mail.outbox if m.to == ["carol@testford.example"])
    assert "2 tasks in Testford Anti-Slavery Partnership are overdue" in summary.body
    assert "Brightway" in summary.body and "Testford Council" in summary.body
    assert all("Ana" not in m.body and "Testova" not in m.body for m in mail.outbox)

    mail.outbox.clear()
    assert "Sent 0 overdue task reminders." in call_command_output("send_overdue_task_reminders")
    assert mail.outbox == []

    tomorrow = timezone.localdate() + timedelta(days=1)
    assert services_tasks.send_overdue_reminders(today=tomorrow) == 3


def test_finished_tasks_get_no_reminder(cathy, task):
    overdue_by(task, 2)
    post(cathy, "cases:task-done", task, outcome="Done late, by phone.")
    mail.outbox.clear()

    assert services_tasks.send_overdue_reminders() == 0


def call_command_output(name: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(name, stdout=out)
    return out.getvalue()
