"""Manual tasks and the person who will do a task: Cathy (Testford Council, which leads the case) and
Carol, the coordinator, add tasks to a case for any member organisation and may name who there will
do it; Bea joins Charlie at Brightway, so "the organisation" and "the person" get different e-mails;
Charlie sees the case through Brightway's task but may not add tasks to it; nobody outside the case
learns it exists."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from waymark.cases import services_closing, services_tasks, services_triage
from waymark.cases.models import CaseEvent, CaseStatus, Task, TaskStatus
from waymark.cases.tests.factories import open_child_case
from waymark.core.models import AuditEntry

pytestmark = pytest.mark.django_db

CONFLICT = "Someone else changed this task while you were working on it. Check the task below, then try again."


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def in_a_week():
    return timezone.localdate() + timedelta(days=7)


def date_fields(day, prefix="due_date") -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


@pytest.fixture
def case(world, personas):
    """A child's case referred by the council and led by it, with a task for Brightway."""
    case = open_child_case(world, personas["council_caseworker"])
    case = services_triage.assign_lead(case=case, lead_organisation=world.council, by=personas["coordinator"])
    Task.objects.create(case=case, code="manual", title="Offer an advocate", owner_organisation=world.charity)
    return case


@pytest.fixture
def bea(world):
    return make_user("bea@brightway.example", "Bea Befriender", world.charity, [(world.testford, "caseworker")])


@pytest.fixture
def colin(world):
    return make_user("colin@testford.example", "Colin Council", world.council, [(world.testford, "first_responder")])


@pytest.fixture
def task(case):
    """The council's pathway task: refer to children's social care."""
    return case.tasks.get(code="children_social_care_referral")


@pytest.fixture
def cathy(client_for):
    return client_for("council_caseworker")


@pytest.fixture
def carol(client_for):
    return client_for("coordinator")


@pytest.fixture
def charlie(client_for):
    return client_for("charity_caseworker")


def add_url(case) -> str:
    return reverse("cases:task-add", args=[case.pk])


def person_url(task) -> str:
    return reverse("cases:task-person", args=[task.pk])


def add(client, case, **data):
    answers = {"title": "Arrange an interpreter", "explanation": "", **date_fields(in_a_week()), **data}
    return client.post(add_url(case), answers)


def name(client, task, person, *, version=None):
    return client.post(
        person_url(task),
        {"version": task.version if version is None else version, "person": person.pk if person else ""},
    )


# Adding a task: the service


def test_a_manual_task_goes_after_the_cases_tasks_and_is_recorded(world, personas, case, bea):
    cathy = personas["council_caseworker"]
    mail.outbox.clear()

    task = services_tasks.add_task(
        case=case,
        title="Arrange an interpreter",
        explanation="Albanian, for the next visit.",
        organisation=world.charity,
        person=bea,
        due_date=in_a_week(),
        by=cathy,
    )

    assert task.code == "manual"
    assert list(case.tasks.order_by("order", "id"))[-1] == task
    assert (task.owner_organisation, task.owner_user, task.status) == (world.charity, bea, TaskStatus.OPEN)
    assert CaseEvent.objects.filter(
        case=case, kind="task", summary="Task added for Brightway, for Bea Befriender: Arrange an interpreter"
    ).exists()
    assert AuditEntry.objects.filter(object_type="cases.Task", object_id=str(task.pk), action="create").exists()
    assert sorted((m.subject, tuple(m.to)) for m in mail.outbox) == [
        ("Waymark: 1 new task for Brightway", ("bea@brightway.example", "charlie@brightway.example")),
        (f"Waymark: you have been named for a task on case {case.reference}", ("bea@brightway.example",)),
    ]


def test_the_service_refuses_a_person_from_another_organisation(world, personas, case):
    with pytest.raises(ValueError):
        services_tasks.add_task(
            case=case,
            title="Arrange an interpreter",
            explanation="",
            organisation=world.charity,
            person=personas["council_caseworker"],
            due_date=in_a_week(),
            by=personas["coordinator"],
        )
    assert not case.tasks.filter(title="Arrange an interpreter").exists()


def test_the_service_refuses_a_closed_case(world, personas, case):
    services_closing.close_case(
        case=case, version=case.version, outcome="supported", reason="Safe at home.", by=personas["coordinator"]
    )

    with pytest.raises(services_tasks.NotNow, match="is closed, so no tasks can be added to it"):
        services_tasks.add_task(
            case=case,
            title="Arrange an interpreter",
            explanation="",
            organisation=world.charity,
            person=None,
            due_date=in_a_week(),
            by=personas["coordinator"],
        )


# Adding a task: the pages


def test_the_lead_caseworker_adds_a_task_naming_a_person_and_both_are_emailed(cathy, world, case, bea):
    page = page_text(cathy.get(reverse("cases:case-detail", args=[case.pk])))
    assert f'href="{add_url(case)}"' in page and ">Add a task</a>" in page
    mail.outbox.clear()

    response = add(
        cathy,
        case,
        title="Arrange an interpreter",
        explanation="Albanian, for the next visit.",
        organisation=world.charity.pk,
        person=bea.pk,
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case-detail", args=[case.pk]) + "#tasks"
    page = page_text(cathy.get(response["Location"]))
    assert "Task added for Brightway, for Bea Befriender: Arrange an interpreter" in page  # the banner
    row = re.search(r"<tr[^>]*>((?:(?!</tr>).)*Arrange an interpreter(?:(?!</tr>).)*)</tr>", page, re.S).group(1)
    assert "Brightway" in row and "Bea Befriender" in row and in_a_week().strftime("%B %Y") in row
    task = case.tasks.get(title="Arrange an interpreter")
    assert task.code == "manual" and task.explanation == "Albanian, for the next visit."

    by_subject = {m.subject: m for m in mail.outbox}
    assert by_subject["Waymark: 1 new task for Brightway"].to == ["bea@brightway.example", "charlie@brightway.example"]
    named = by_subject[f"Waymark: you have been named for a task on case {case.reference}"]
    assert named.to == ["bea@brightway.example"]
    assert "Cathy Caseworker has named you" in named.body
    assert f"Case {case.reference}: Arrange an interpreter" in named.body
    assert reverse("cases:task-detail", args=[task.pk]) in named.body
    for message in mail.outbox:
        assert "Ana" not in message.body and "Testova" not in message.body and "car wash" not in message.body


def test_the_coordinator_adds_a_task_for_nobody_in_particular(carol, world, case):
    mail.outbox.clear()

    response = add(carol, case, title="Check the school roll", organisation=world.council.pk, person="")

    assert response.status_code == 302
    task = case.tasks.get(title="Check the school roll")
    assert task.owner_user is None
    assert [m.subject for m in mail.outbox] == ["Waymark: 1 new task for Testford Council"]
    assert "Task added for Testford Council: Check the school roll" in page_text(carol.get(response["Location"]))


def test_the_form_offers_the_users_own_organisation_and_people_grouped_by_organisation(cathy, world, case, bea):
    text = page_text(cathy.get(add_url(case)))

    assert f'<option value="{world.council.pk}" selected>Testford Council</option>' in text
    assert "Otherton Council" not in text  # not a member of Testford
    people = text[text.index('name="person"') : text.index("</select>", text.index('name="person"'))]
    assert '<option value="" selected>Nobody named</option>' in people
    assert '<optgroup label="Brightway">' in people
    assert people.index("Bea Befriender") < people.index("Charlie Caseworker")
    assert '<optgroup label="Testford Council">' in people
    assert "Carol Coordinator" in people and "Cathy Caseworker" in people
    # Only caseworkers, first responders and coordinators of the partnership can be named.
    assert "Ian Intelligence" not in people and "Greta Grants" not in people and "Oscar Outsider" not in people


def test_mistakes_are_explained_and_what_was_typed_is_kept(cathy, world, case):
    response = cathy.post(
        add_url(case),
        {"title": "Arrange an interpreter", "explanation": "Albanian, please.", "organisation": world.charity.pk},
    )

    assert response.status_code == 400
    text = page_text(response)
    assert "<title>Error: Add a task" in text
    assert "Enter the date the task is due" in text and 'href="#id_due_date_0"' in text
    assert 'value="Arrange an interpreter"' in text
    assert "Albanian, please." in text
    assert f'<option value="{world.charity.pk}" selected>Brightway</option>' in text
    assert not case.tasks.filter(title="Arrange an interpreter").exists()


def test_a_task_needs_a_title_of_200_characters_or_fewer(cathy, case):
    assert "Enter the task" in page_text(add(cathy, case, title=""))
    assert "The task must be 200 characters or fewer" in page_text(add(cathy, case, title="x" * 201))


def test_a_person_from_another_organisation_is_refused(cathy, world, personas, case):
    response = add(cathy, case, organisation=world.charity.pk, person=personas["council_caseworker"].pk)

    assert response.status_code == 400
    text = page_text(response)
    assert "Select a person who works for Brightway" in text and 'href="#id_person"' in text
    assert not case.tasks.filter(title="Arrange an interpreter").exists()


def test_a_due_date_in_the_past_is_refused(cathy, world, case):
    yesterday = timezone.localdate() - timedelta(days=1)

    response = add(cathy, case, organisation=world.council.pk, **date_fields(yesterday))

    assert response.status_code == 400
    assert "Due date must be today or in the future" in page_text(response)
    assert add(cathy, case, organisation=world.council.pk, **date_fields(timezone.localdate())).status_code == 302


def test_a_due_date_that_is_not_a_real_date_is_refused(cathy, world, case):
    response = add(cathy, case, organisation=world.council.pk, due_date_0="31", due_date_1="2", due_date_2="2030")

    assert "Due date must be a real date" in page_text(response)


def test_no_task_can_be_added_to_a_closed_case(cathy, world, personas, case):
    services_closing.close_case(
        case=case, version=case.version, outcome="supported", reason="Safe at home.", by=personas["coordinator"]
    )

    page = page_text(cathy.get(reverse("cases:case-detail", args=[case.pk])))
    assert "Add a task" not in page
    response = cathy.get(add_url(case))
    assert response.status_code == 302
    banner = page_text(cathy.get(response["Location"]))
    assert f"Case {case.reference} is closed, so no tasks can be added to it" in banner

    assert add(cathy, case, organisation=world.council.pk).status_code == 302
    assert not case.tasks.filter(title="Arrange an interpreter").exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_only_the_lead_organisations_caseworkers_and_coordinators_add_tasks(charlie, client_for, world, case):
    page = page_text(charlie.get(reverse("cases:case-detail", args=[case.pk])))
    assert "Add a task" not in page  # Brightway sees the case but does not lead it
    assert charlie.get(add_url(case)).status_code == 403
    assert add(charlie, case, organisation=world.charity.pk).status_code == 403
    assert not case.tasks.filter(title="Arrange an interpreter").exists()


def test_a_lead_organisation_user_without_a_caseworking_role_cannot_add_tasks(world, case, client):
    from conftest import sign_in

    reader = make_user("rita@testford.example", "Rita Reader", world.council, [(world.testford, "read_only")])
    sign_in(client, reader)

    assert "Add a task" not in page_text(client.get(reverse("cases:case-detail", args=[case.pk])))
    assert client.get(add_url(case)).status_code == 403


def test_a_caseworker_role_in_the_county_partnership_counts_for_its_local_partnerships(world, case, client):
    from conftest import sign_in

    county_worker = make_user("hana@testford.example", "Hana County", world.council, [(world.county, "caseworker")])
    sign_in(client, county_worker)

    assert client.get(add_url(case)).status_code == 200
    assert "Hana County" in page_text(client.get(add_url(case)))  # and she can be named


@pytest.mark.parametrize("persona", ["outsider", "intelligence_officer", "grants_officer"])
def test_anyone_who_cannot_see_the_case_gets_not_found(client_for, persona, world, case):
    client = client_for(persona)

    assert client.get(add_url(case)).status_code == 404
    assert add(client, case, organisation=world.council.pk).status_code == 404


# Naming the person who will do a task


def test_a_caseworker_names_a_colleague_on_a_pathway_task_who_is_emailed(cathy, case, task, colin):
    page = page_text(cathy.get(reverse("cases:task-detail", args=[task.pk])))
    assert "Not named" in page
    assert f'href="{person_url(task)}"' in page and "Name a person" in page
    form = page_text(cathy.get(person_url(task)))
    assert "Colin Council" in form and "Charlie Caseworker" not in form  # only the owning organisation's people
    assert f'name="version" value="{task.version}"' in form
    mail.outbox.clear()

    response = name(cathy, task, colin)

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:task-detail", args=[task.pk])
    page = page_text(cathy.get(response["Location"]))
    assert "Colin Council named for the task: Refer to children's social care" in page
    assert re.search(r"Person</dt><dd[^>]*>Colin Council", page)
    task.refresh_from_db()
    assert task.owner_user == colin and task.version == 2
    assert [m.to for m in mail.outbox] == [["colin@testford.example"]]
    assert f"Case {case.reference}: Refer to children's social care" in mail.outbox[0].body
    assert "Ana" not in mail.outbox[0].body and "Testova" not in mail.outbox[0].body
    case_page = page_text(cathy.get(reverse("cases:case-detail", args=[case.pk])))
    assert "Colin Council named for the task: Refer to children's social care" in case_page  # the timeline
    assert AuditEntry.objects.filter(object_type="cases.Task", object_id=str(task.pk), action="update").exists()


def test_the_coordinator_names_nobody_and_nobody_is_emailed(carol, task, colin):
    name(carol, task, colin)
    task.refresh_from_db()
    mail.outbox.clear()

    response = name(carol, task, None)

    assert response.status_code == 302
    assert "Nobody named for the task: Refer to children's social care" in page_text(carol.get(response["Location"]))
    task.refresh_from_db()
    assert task.owner_user is None
    assert mail.outbox == []


def test_a_person_outside_the_owning_organisation_cannot_be_named(cathy, personas, task):
    response = name(cathy, task, personas["charity_caseworker"])

    assert response.status_code == 400
    assert "Select a person who works for Testford Council" in page_text(response)
    task.refresh_from_db()
    assert task.owner_user is None


def test_a_person_named_meanwhile_is_not_overwritten_and_the_choice_is_kept(cathy, carol, personas, task, colin):
    shown_version = task.version
    name(carol, task, personas["council_caseworker"])  # Carol names Cathy while Cathy has the form open

    response = name(cathy, task, colin, version=shown_version)

    assert response.status_code == 409
    text = page_text(response)
    assert CONFLICT in text
    assert f'<option value="{colin.pk}" selected>Colin Council</option>' in text  # what she chose
    assert re.search(r"Person</dt><dd[^>]*>Cathy Caseworker", text)  # the task as it is now
    task.refresh_from_db()
    assert task.owner_user == personas["council_caseworker"]
    version = re.search(r'name="version" value="(\d+)"', text)
    assert version and int(version.group(1)) == task.version
    assert name(cathy, task, colin, version=int(version.group(1))).status_code == 302


def test_the_service_refuses_a_stale_version(personas, task, colin):
    services_tasks.name_person(task=task, version=task.version, person=colin, by=personas["coordinator"])

    with pytest.raises(services_tasks.StaleTask):
        services_tasks.name_person(task=task, version=1, person=None, by=personas["coordinator"])
    task.refresh_from_db()
    assert (task.owner_user, task.version) == (colin, 2)


def test_nobody_is_named_on_a_finished_task(cathy, task, colin):
    services_tasks.complete_task(task=task, version=task.version, outcome="Referred.", by=colin)
    task.refresh_from_db()

    assert "Name a person" not in page_text(cathy.get(reverse("cases:task-detail", args=[task.pk])))
    response = cathy.get(person_url(task))
    assert response.status_code == 302
    assert "You cannot name a person on a task that is done" in page_text(cathy.get(response["Location"]))
    response = name(cathy, task, colin)
    assert response.status_code == 400
    assert "You cannot name a person on a task that is done" in page_text(response)


def test_another_organisation_may_see_the_task_but_not_name_its_person(charlie, task, colin):
    assert "Name a person" not in page_text(charlie.get(reverse("cases:task-detail", args=[task.pk])))
    assert charlie.get(person_url(task)).status_code == 403
    assert name(charlie, task, colin).status_code == 403


@pytest.mark.parametrize("persona", ["outsider", "intelligence_officer", "grants_officer"])
def test_the_person_page_of_a_task_on_a_case_they_cannot_see_is_not_found(client_for, persona, task, colin):
    client = client_for(persona)

    assert client.get(person_url(task)).status_code == 404
    assert name(client, task, colin).status_code == 404


def test_giving_a_task_to_another_organisation_clears_the_person(carol, world, task, colin):
    name(carol, task, colin)
    task.refresh_from_db()

    carol.post(
        reverse("cases:task-reassign", args=[task.pk]), {"version": task.version, "organisation": world.charity.pk}
    )

    task.refresh_from_db()
    assert task.owner_user is None


# The lists


def test_my_tasks_show_the_person_and_can_be_narrowed_to_tasks_naming_me(cathy, personas, case, task, colin):
    nrm = case.tasks.get(code="nrm_referral")
    services_tasks.name_person(task=task, version=task.version, person=personas["council_caseworker"], by=colin)
    services_tasks.name_person(task=nrm, version=nrm.version, person=colin, by=colin)

    everything = page_text(cathy.get(reverse("cases:my-tasks")))
    assert '<th scope="col" class="govuk-table__header">Person</th>' in everything
    assert "Cathy Caseworker" in everything and "Colin Council" in everything
    assert 'name="naming_me"' in everything and "Only tasks naming me" in everything

    mine = page_text(cathy.get(reverse("cases:my-tasks") + "?naming_me=on"))
    assert "Refer to children's social care" in mine
    assert "Make the National Referral Mechanism referral" not in mine
    assert re.search(r'name="naming_me"[^>]* checked', mine)
    assert "1 task" in mine


def test_when_no_task_names_me_the_filtered_list_says_so(cathy, task):
    text = page_text(cathy.get(reverse("cases:my-tasks") + "?naming_me=on"))

    assert "No tasks name you." in text
    assert "Refer to children's social care" not in text
    assert "Clear filter" in text


def test_tasks_naming_nobody_say_so_in_the_lists(cathy, carol, case, task):
    Task.objects.filter(pk=task.pk).update(due_date=timezone.localdate() - timedelta(days=2))

    assert "Not named" in page_text(cathy.get(reverse("cases:my-tasks")))
    overdue = page_text(carol.get(reverse("cases:overdue-tasks")))
    assert "Refer to children's social care" in overdue and "Not named" in overdue
    panel = page_text(cathy.get(reverse("cases:case-detail", args=[case.pk])))
    assert '<th scope="col" class="govuk-table__header">Person</th>' in panel and "Not named" in panel
