"""Actions arising as the partnership follows them up: added by the minute-taker, updated by their
owner with a version check, listed across groups with the overdue ones highlighted, and chased by a
daily e-mail."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from waymark.governance import services_meetings
from waymark.governance.models import MeetingAction, MeetingActionStatus
from waymark.governance.tests.factories import governance_for_testford, make_group, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def gov(world, personas):
    return governance_for_testford(world, personas)


def page(response) -> str:
    return response.content.decode()


def due_in(days: int) -> dict[str, str]:
    day = timezone.localdate() + timedelta(days=days)
    return {"due_date_0": str(day.day), "due_date_1": str(day.month), "due_date_2": str(day.year)}


# Adding


def test_the_minute_taker_adds_an_action_arising(world, personas, gov, client_for):
    client = client_for("charity_caseworker")
    data = {
        "description": "Share the training slides",
        "owner_organisation": world.council.pk,
        "owner_user": personas["council_caseworker"].pk,
        **due_in(14),
    }
    response = client.post(reverse("governance:action-add", args=[gov.held.pk]), data)

    assert response.status_code == 302
    action = MeetingAction.objects.get(description="Share the training slides")
    assert (action.owner_organisation, action.owner_user) == (world.council, personas["council_caseworker"])
    shown = page(client.get(reverse("governance:meeting-detail", args=[gov.held.pk])))
    assert "Action added for Testford Council: Share the training slides" in shown
    assert "Cathy Caseworker" in shown


def test_an_action_is_owned_by_someone_in_the_owning_organisation(world, personas, gov, client_for):
    data = {
        "description": "Share the slides",
        "owner_organisation": world.police.pk,
        "owner_user": personas["council_caseworker"].pk,
        "due_date_0": "",
        "due_date_1": "",
        "due_date_2": "",
    }
    response = client_for("coordinator").post(reverse("governance:action-add", args=[gov.held.pk]), data)

    assert response.status_code == 400
    assert "Select a person who works for Testshire Police" in page(response)
    assert "Enter the date the action is due" in page(response)
    assert "Share the slides" in page(response)


def test_members_who_do_not_take_the_minutes_add_no_actions(world, gov, client_for):
    data = {"description": "Mine", "owner_organisation": world.council.pk, **due_in(3)}
    assert (
        client_for("council_caseworker").post(reverse("governance:action-add", args=[gov.held.pk]), data).status_code
        == 403
    )
    assert not MeetingAction.objects.filter(description="Mine").exists()


# Updating the status


def test_the_owner_marks_their_action_done(personas, gov, client_for):
    url = reverse("governance:action-update", args=[gov.action.pk])
    response = client_for("charity_caseworker").post(url, {"status": "done", "version": gov.action.version})

    assert response.status_code == 302
    gov.action.refresh_from_db()
    assert gov.action.status == MeetingActionStatus.DONE
    assert gov.action.completed_by == personas["charity_caseworker"]
    assert gov.action.completed_at is not None


def test_others_may_not_update_an_action(gov, client_for):
    url = reverse("governance:action-update", args=[gov.action.pk])
    assert client_for("council_caseworker").post(url, {"status": "done", "version": 1}).status_code == 403
    assert client_for("outsider").post(url, {"status": "done", "version": 1}).status_code == 404
    gov.action.refresh_from_db()
    assert gov.action.status == MeetingActionStatus.OPEN


def test_a_stale_update_is_refused_and_keeps_the_choice(gov, client_for):
    MeetingAction.objects.filter(pk=gov.action.pk).update(status=MeetingActionStatus.IN_PROGRESS, version=2)
    url = reverse("governance:action-update", args=[gov.action.pk])
    response = client_for("coordinator").post(url, {"status": "cancelled", "version": 1})

    assert response.status_code == 409
    shown = page(response)
    assert "Someone else changed this action while you were working on it" in shown
    assert 'value="cancelled" checked' in shown
    gov.action.refresh_from_db()
    assert gov.action.status == MeetingActionStatus.IN_PROGRESS


# The list


def test_overdue_actions_are_highlighted_with_how_late_they_are(world, gov, client_for):
    MeetingAction.objects.filter(pk=gov.action.pk).update(due_date=timezone.localdate() - timedelta(days=3))
    MeetingAction.objects.create(
        meeting=gov.held,
        description="Book the venue",
        owner_organisation=world.council,
        due_date=timezone.localdate() + timedelta(days=5),
    )

    shown = page(client_for("grants_officer").get(reverse("governance:action-list")))

    late_row = shown[shown.index("Circulate the referral flowchart") :].split("</tr>")[0]
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong> by 3 days' in late_row
    on_time_row = shown[shown.index("Book the venue") :].split("</tr>")[0]
    assert "Overdue" not in on_time_row
    assert "1 action is overdue" in shown


def test_only_overdue_leaves_out_the_rest(world, gov, client_for):
    MeetingAction.objects.create(
        meeting=gov.held, description="Book the venue", owner_organisation=world.council, due_date=timezone.localdate()
    )
    MeetingAction.objects.create(
        meeting=gov.held,
        description="Send the report",
        owner_organisation=world.council,
        due_date=timezone.localdate() - timedelta(days=9),
        status=MeetingActionStatus.DONE,
    )

    shown = page(client_for("coordinator").get(reverse("governance:action-list"), {"overdue": "on"}))

    assert "Circulate the referral flowchart" in shown
    assert "Book the venue" not in shown  # due today is not late
    assert "Send the report" not in shown  # done is never late
    assert "Overdue actions" in shown


def test_the_list_spans_groups_and_hides_other_partnerships(world, gov, client_for):
    network = make_group(world, name="Testford Network")
    MeetingAction.objects.create(
        meeting=make_meeting(network), description="Map the car washes", owner_organisation=world.police
    )
    otherton = make_group(world, name="Otherton Board", partnership=world.otherton, organisations=[world.other_council])
    MeetingAction.objects.create(
        meeting=make_meeting(otherton), description="Otherton's own action", owner_organisation=world.other_council
    )

    shown = page(client_for("intelligence_officer").get(reverse("governance:action-list")))
    assert "Map the car washes" in shown and "Circulate the referral flowchart" in shown
    assert "Otherton's own action" not in shown
    assert "Testford Network" in shown


# The daily reminder


def test_overdue_actions_are_e_mailed_once_a_day(world, personas, gov):
    sent = services_meetings.send_overdue_action_reminders()

    assert sent == 1
    [email] = mail.outbox
    assert email.to == ["charlie@brightway.example"]  # Brightway's representative on the board
    assert "Circulate the referral flowchart" in email.body
    assert "(1 day overdue)" in email.body
    assert reverse("governance:action-update", args=[gov.action.pk]) in email.body

    assert services_meetings.send_overdue_action_reminders() == 0  # not twice in a day
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert services_meetings.send_overdue_action_reminders(today=tomorrow) == 1
    assert "(2 days overdue)" in mail.outbox[-1].body


def test_the_owner_is_told_too_and_finished_actions_are_not_chased(world, personas, gov):
    MeetingAction.objects.filter(pk=gov.action.pk).update(owner_user=personas["charity_caseworker"])
    MeetingAction.objects.create(
        meeting=gov.held,
        description="Police action",
        owner_organisation=world.police,
        owner_user=personas["intelligence_officer"],
        due_date=timezone.localdate() - timedelta(days=2),
    )
    MeetingAction.objects.create(
        meeting=gov.held,
        description="Done already",
        owner_organisation=world.council,
        due_date=timezone.localdate() - timedelta(days=2),
        status=MeetingActionStatus.DONE,
    )

    assert services_meetings.send_overdue_action_reminders() == 2
    police = next(m for m in mail.outbox if "Police action" in m.body)
    assert police.to == ["ian@police.example", "supt@police.example"]
    assert not any("Done already" in m.body for m in mail.outbox)


def test_an_organisation_with_no_representative_falls_back_to_the_coordinators(world, gov):
    MeetingAction.objects.filter(pk=gov.action.pk).update(owner_organisation=world.opcc)
    services_meetings.send_overdue_action_reminders()
    assert mail.outbox[0].to == ["carol@testford.example"]


def test_the_daily_command_sends_every_governance_reminder(gov):
    out = StringIO()
    call_command("send_overdue_governance_reminders", stdout=out)

    assert "Sent 1 overdue action reminder." in out.getvalue()
    assert "risk review reminder" in out.getvalue()
    assert "agreement review reminder" in out.getvalue()
    out = StringIO()
    call_command("send_overdue_governance_reminders", stdout=out)
    assert "Sent 0 overdue action reminders." in out.getvalue()


def test_only_those_who_may_update_an_action_are_offered_to(gov, client_for):
    update = reverse("governance:action-update", args=[gov.action.pk])
    assert update in page(client_for("charity_caseworker").get(reverse("governance:action-list")))
    assert update in page(client_for("coordinator").get(reverse("governance:meeting-detail", args=[gov.held.pk])))
    assert update not in page(client_for("council_caseworker").get(reverse("governance:action-list")))
