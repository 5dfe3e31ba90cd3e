"""The monthly briefing: started from the month's events, edited by the coordinator (stale edits
refused), sent once to every current representative, and kept as a page members read."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from waymark.governance import services_briefings
from waymark.governance.models import (
    RAG,
    Briefing,
    BriefingStatus,
    MeetingAction,
    MeetingActionStatus,
    MinutesStatus,
    Risk,
    RiskCategory,
)
from waymark.governance.tests.factories import add_representative, governance_for_testford, make_group, make_meeting

pytestmark = pytest.mark.django_db

OCTOBER = date(2026, 10, 1)


@pytest.fixture
def gov(world, personas):
    return governance_for_testford(world, personas)  # with a draft for November and one sent for October


@pytest.fixture
def october_free(gov):
    Briefing.objects.filter(month=OCTOBER).delete()
    return gov


def _at(day, hour=10):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def test_the_first_draft_tells_what_happened_in_the_month(october_free, world, personas):
    gov = october_free
    board = gov.board
    held = make_meeting(board, days_from_now=-1)
    held.starts_at = _at(date(2026, 10, 8))
    held.ends_at = held.starts_at + timedelta(hours=2)
    held.save()
    outside = make_meeting(board, days_from_now=-1)
    outside.starts_at, outside.ends_at = _at(date(2026, 9, 30)), _at(date(2026, 9, 30), 12)
    outside.save()
    upcoming = make_meeting(board, days_from_now=1, location="Town Hall")
    upcoming.starts_at, upcoming.ends_at = _at(date(2026, 11, 5), 14), _at(date(2026, 11, 5), 16)
    upcoming.save()
    MeetingAction.objects.create(
        meeting=held,
        description="Book the training venue",
        owner_organisation=world.council,
        status=MeetingActionStatus.DONE,
        completed_at=_at(date(2026, 10, 20)),
    )
    MeetingAction.objects.create(
        meeting=held, description="Send the rota", owner_organisation=world.police, due_date=date(2026, 10, 15)
    )
    gov.plan_action.rag = RAG.RED
    gov.plan_action.save()
    Risk.objects.create(
        partnership=world.testford,
        reference="R09",
        description="The helpline number changes",
        category=RiskCategory.OPERATIONAL,
        likelihood=2,
        impact=2,
        raised_on=date(2026, 10, 3),
    )

    briefing = services_briefings.start_briefing(
        partnership=world.testford, month=date(2026, 10, 17), by=personas["coordinator"], today=date(2026, 11, 2)
    )

    assert briefing.month == OCTOBER
    assert briefing.title == "October 2026 briefing"
    body = briefing.body
    assert "- Testford Strategic Board: 8 October 2026" in body
    assert "30 September" not in body
    assert "Done this month:\n- Book the training venue (Testford Council)" in body
    assert "Overdue:\n- Send the rota (Testshire Police, due 15 October 2026)" in body
    assert "Red (off track):\n- 1.1 Train every neighbourhood officer in spotting the signs (Testshire Police)" in body
    assert "- R09 (risk): The helpline number changes. Score 4, low" in body
    assert "## Meetings in November 2026\n- Testford Strategic Board: 5 November 2026 at 14:00, Town Hall" in body


def test_minutes_shared_in_the_month_are_in_the_briefing(october_free, world, personas):
    gov = october_free
    county_board = make_group(world, name="Testshire Governing Board", partnership=world.county)
    minutes = gov.approved_minutes
    minutes.status = MinutesStatus.SHARED
    minutes.shared_with_group = county_board
    minutes.shared_at = _at(date(2026, 10, 9))
    minutes.save()
    briefing = services_briefings.start_briefing(
        partnership=world.testford, month=OCTOBER, by=personas["coordinator"], today=date(2026, 11, 2)
    )
    assert ": shared with Testshire Governing Board" in briefing.body


def test_the_coordinator_starts_a_briefing_and_is_taken_to_edit_it(gov, client_for):
    response = client_for("coordinator").post(reverse("governance:briefing-add"), {"month": "2026-09-01"})
    briefing = Briefing.objects.get(month=date(2026, 9, 1))
    assert response["Location"] == reverse("governance:briefing-edit", args=[briefing.pk])
    assert briefing.status == BriefingStatus.DRAFT


def test_a_month_cannot_have_two_briefings(gov, client_for, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 11, 23))
    response = client_for("coordinator").post(reverse("governance:briefing-add"), {"month": "2026-10-01"})
    assert response.status_code == 400
    assert "There is already a briefing for October 2026: choose another month" in response.content.decode()


def test_only_coordinators_start_briefings(gov, client_for):
    assert client_for("council_caseworker").get(reverse("governance:briefing-add")).status_code == 403


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(gov, personas, client_for):
    draft = gov.draft_briefing
    shown = draft.version
    services_briefings.update_briefing(
        briefing=draft, version=shown, title="November", body="First", by=personas["coordinator"]
    )
    response = client_for("coordinator").post(
        reverse("governance:briefing-edit", args=[draft.pk]), {"version": shown, "title": "November", "body": "Mine"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this briefing" in page
    assert "\nMine</textarea>" in page
    draft.refresh_from_db()
    assert draft.body == "First"


def test_the_page_shows_the_text_safely_with_headings(gov, personas, client_for):
    draft = gov.draft_briefing
    services_briefings.update_briefing(
        briefing=draft,
        version=draft.version,
        title="November",
        body="## News\n<img src=x onerror=alert(1)>",
        by=personas["coordinator"],
    )
    page = client_for("coordinator").get(reverse("governance:briefing-detail", args=[draft.pk])).content.decode()
    assert '<h2 class="govuk-heading-m">News</h2>' in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in page


def test_sending_e_mails_each_representative_once_and_archives_it(gov, world, personas, client_for):
    other = make_group(world, name="Testford Operational Group", organisations=[world.council, world.police])
    add_representative(other, world.council, user=personas["council_caseworker"])  # Cathy again
    add_representative(other, world.police, name="Supt. Testshire", email="SUPT@police.example")  # same address
    add_representative(other, world.police, name="Former rep", email="gone@police.example").__class__.objects.filter(
        email="gone@police.example"
    ).update(is_active=False)
    draft = gov.draft_briefing
    draft.body = "## Meetings held\n- Board"
    draft.save()
    mail.outbox.clear()

    response = client_for("coordinator").post(
        reverse("governance:briefing-send", args=[draft.pk]), {"version": draft.version}
    )

    assert response.status_code == 302
    addresses = sorted(address.lower() for message in mail.outbox for address in message.to)
    assert addresses == ["cathy@testford.example", "charlie@brightway.example", "supt@police.example"]
    assert all(len(message.to) == 1 for message in mail.outbox)  # nobody sees the others' addresses
    assert mail.outbox[0].subject == "Testford Anti-Slavery Partnership: November"
    assert "## Meetings held\n- Board" in mail.outbox[0].body
    draft.refresh_from_db()
    assert (draft.status, draft.recipients_count, draft.sent_by) == (BriefingStatus.SENT, 3, personas["coordinator"])
    page = client_for("grants_officer").get(reverse("governance:briefing-detail", args=[draft.pk])).content.decode()
    assert "Sent on" in page and "to 3 representatives" in page


def test_a_sent_briefing_is_not_sent_or_changed_again(gov, client_for):
    sent = gov.sent_briefing
    client = client_for("coordinator")
    response = client.post(reverse("governance:briefing-send", args=[sent.pk]), {"version": sent.version})
    assert response.status_code == 302
    response = client.post(
        reverse("governance:briefing-edit", args=[sent.pk]), {"version": sent.version, "title": "X", "body": "Y"}
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.title == "October"
    assert mail.outbox == []


def test_members_read_sent_briefings_but_not_drafts(gov, client_for):
    page = client_for("charity_caseworker").get(reverse("governance:briefing-list")).content.decode()
    assert reverse("governance:briefing-detail", args=[gov.sent_briefing.pk]) in page
    assert reverse("governance:briefing-detail", args=[gov.draft_briefing.pk]) not in page
    response = client_for("charity_caseworker").get(reverse("governance:briefing-detail", args=[gov.draft_briefing.pk]))
    assert response.status_code == 404
    page = client_for("coordinator").get(reverse("governance:briefing-list")).content.decode()
    assert reverse("governance:briefing-detail", args=[gov.draft_briefing.pk]) in page and "Draft" in page


def test_with_no_representatives_there_is_nobody_to_send_to(world, personas, client_for):
    draft = Briefing.objects.create(partnership=world.testford, month=OCTOBER, title="October", body="Quiet")
    response = client_for("coordinator").post(
        reverse("governance:briefing-send", args=[draft.pk]), {"version": draft.version}
    )
    assert response.status_code == 400
    assert "there is nobody to send it to" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == BriefingStatus.DRAFT
