"""Minutes as the partnership uses them: drafted by the minute-taker (with a version check), read in
draft only by those access.py allows, approved at the next meeting by a coordinator or its chair,
then shared with the parent group, whose representatives are told by e-mail and see them on its page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse

from conftest import make_user
from waymark.governance import services_meetings
from waymark.governance.models import Group, Minutes, MinutesStatus
from waymark.governance.tests.factories import add_representative, governance_for_testford, make_group, make_meeting

pytestmark = pytest.mark.django_db

SECRET = "The police raised a concern about Unit 4 on the industrial estate"


@pytest.fixture
def gov(world, personas):
    return governance_for_testford(world, personas)


def page(response) -> str:
    return response.content.decode()


def detail(client, meeting) -> str:
    return page(client.get(reverse("governance:meeting-detail", args=[meeting.pk])))


# Drafting


def test_the_minute_taker_writes_the_minutes_of_a_meeting(world, personas, gov, client_for):
    meeting = make_meeting(gov.board, days_from_now=-1, minute_taker=world.charity)
    client = client_for("charity_caseworker")
    response = client.post(reverse("governance:minutes-edit", args=[meeting.pk]), {"text": "1. Welcome.", "version": 0})

    assert response.status_code == 302
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.is_draft and minutes.text == "1. Welcome."
    assert minutes.drafted_by == personas["charity_caseworker"]
    shown = page(client.get(response["Location"]))
    assert "Draft minutes saved" in shown and "1. Welcome." in shown


def test_other_members_may_not_write_the_minutes(gov, client_for):
    url = reverse("governance:minutes-edit", args=[gov.held.pk])
    assert client_for("council_caseworker").post(url, {"text": "Mine", "version": 1}).status_code == 403
    gov.draft_minutes.refresh_from_db()
    assert gov.draft_minutes.text == "Draft minutes."


def test_a_stale_draft_is_refused_and_keeps_what_was_typed(gov, client_for):
    Minutes.objects.filter(pk=gov.draft_minutes.pk).update(text="Someone else's words", version=3)
    response = client_for("charity_caseworker").post(
        reverse("governance:minutes-edit", args=[gov.held.pk]), {"text": "My careful minutes", "version": 1}
    )

    assert response.status_code == 409
    assert "Someone else changed these minutes while you were working on it" in page(response)
    assert "My careful minutes" in page(response)
    gov.draft_minutes.refresh_from_db()
    assert gov.draft_minutes.text == "Someone else's words"


def test_two_first_drafts_do_not_overwrite_each_other(world, personas, gov):
    meeting = make_meeting(gov.board, days_from_now=-1)
    services_meetings.save_minutes(meeting=meeting, version=0, text="First", by=personas["coordinator"])
    with pytest.raises(services_meetings.Stale):
        services_meetings.save_minutes(meeting=meeting, version=0, text="Second", by=personas["coordinator"])


def test_approved_minutes_can_no_longer_be_changed(gov, client_for):
    url = reverse("governance:minutes-edit", args=[gov.approved_minutes.meeting_id])
    response = client_for("coordinator").post(url, {"text": "Rewritten", "version": gov.approved_minutes.version})
    assert response.status_code == 302
    gov.approved_minutes.refresh_from_db()
    assert gov.approved_minutes.text == "Agreed the plan."


def test_minutes_wait_for_the_meeting(gov, client_for):
    response = client_for("coordinator").get(reverse("governance:minutes-edit", args=[gov.next_meeting.pk]))
    assert response.status_code == 302
    assert "Write the minutes" not in detail(client_for("coordinator"), gov.next_meeting)


# Who reads a draft


def test_draft_minutes_are_read_only_by_those_allowed(gov, client_for):
    Minutes.objects.filter(pk=gov.draft_minutes.pk).update(text=SECRET)

    assert SECRET in detail(client_for("council_caseworker"), gov.held)  # represents the council on the board
    shown = detail(client_for("grants_officer"), gov.held)  # the commissioner's office has no seat
    assert SECRET not in shown
    assert "The minutes are still a draft. You can read them once they are approved." in shown
    url = reverse("governance:minutes-detail", args=[gov.draft_minutes.pk])
    assert client_for("grants_officer").get(url).status_code == 404


# Approving at the next meeting


def test_the_next_meeting_offers_to_approve_the_previous_minutes(gov, client_for):
    today = make_meeting(gov.board, days_from_now=0)
    shown = detail(client_for("coordinator"), today)
    assert f"Approve the minutes of {gov.held}" in shown

    response = client_for("coordinator").post(
        reverse("governance:minutes-approve", args=[today.pk]), {"version": gov.draft_minutes.version}
    )

    assert response.status_code == 302
    gov.draft_minutes.refresh_from_db()
    assert gov.draft_minutes.status == MinutesStatus.APPROVED
    assert gov.draft_minutes.approved_at_meeting == today
    shown = detail(client_for("grants_officer"), gov.held)
    assert "Draft minutes." in shown  # now everyone in the partnership may read them
    assert f"Approved at the meeting on {today.starts_at:%-d %B %Y}" in shown


def test_minutes_are_not_approved_before_the_next_meeting_comes(gov, client_for):
    assert "Approve the minutes" not in detail(client_for("coordinator"), gov.next_meeting)
    response = client_for("coordinator").post(
        reverse("governance:minutes-approve", args=[gov.next_meeting.pk]), {"version": gov.draft_minutes.version}
    )
    assert response.status_code == 302
    gov.draft_minutes.refresh_from_db()
    assert gov.draft_minutes.is_draft


def test_the_chair_approves_and_other_members_may_not(world, personas, gov, client_for):
    from conftest import sign_in

    today = make_meeting(gov.board, days_from_now=0)
    url = reverse("governance:minutes-approve", args=[today.pk])
    assert client_for("council_caseworker").post(url, {"version": 1}).status_code == 403
    assert "Approve the minutes" not in detail(client_for("council_caseworker"), today)

    bella = sign_in(client_for("anonymous"), gov.bella)  # the board's chair
    assert f"Approve the minutes of {gov.held}" in detail(bella, today)
    assert bella.post(url, {"version": gov.draft_minutes.version}).status_code == 302
    gov.draft_minutes.refresh_from_db()
    assert gov.draft_minutes.approved_by == gov.bella


def test_the_representative_of_the_chairing_organisation_approves(world, personas, gov, client_for):
    today = make_meeting(gov.board, days_from_now=0, chair_organisation=world.council)
    response = client_for("council_caseworker").post(
        reverse("governance:minutes-approve", args=[today.pk]), {"version": gov.draft_minutes.version}
    )
    assert response.status_code == 302
    gov.draft_minutes.refresh_from_db()
    assert gov.draft_minutes.status == MinutesStatus.APPROVED


def test_a_stale_approval_is_refused(gov, client_for):
    today = make_meeting(gov.board, days_from_now=0)
    Minutes.objects.filter(pk=gov.draft_minutes.pk).update(version=4)
    response = client_for("coordinator").post(reverse("governance:minutes-approve", args=[today.pk]), {"version": 1})
    assert response.status_code == 409
    assert "Someone else changed these minutes while you were working on it" in page(response)
    gov.draft_minutes.refresh_from_db()
    assert gov.draft_minutes.is_draft


# Sharing with the parent group


@pytest.fixture
def county_board(world, personas, gov):
    """The county's governing board, which the Testford board reports to; the police sit on it."""
    parent = make_group(world, name="Testshire Governing Board", partnership=world.county, organisations=[world.police])
    add_representative(parent, world.police, user=personas["intelligence_officer"])
    add_representative(parent, world.police, name="Chief Supt. County", email="chief@police.example")
    Group.objects.filter(pk=gov.board.pk).update(reports_to=parent)
    gov.board.refresh_from_db()
    return parent


def test_approved_minutes_are_shared_upward_and_the_parent_is_told_without_the_text(
    world, personas, gov, county_board, client_for
):
    Minutes.objects.filter(pk=gov.approved_minutes.pk).update(text=SECRET)
    coordinator = client_for("coordinator")
    share_url = reverse("governance:minutes-share", args=[gov.approved_minutes.pk])
    confirm = page(coordinator.get(share_url))
    assert "2 representatives of Testshire Governing Board will be e-mailed" in confirm

    response = coordinator.post(share_url, {"version": gov.approved_minutes.version}, follow=True)

    assert "Minutes shared with Testshire Governing Board. 2 representatives e-mailed" in page(response)
    gov.approved_minutes.refresh_from_db()
    assert gov.approved_minutes.status == MinutesStatus.SHARED
    assert gov.approved_minutes.shared_with_group == county_board
    [email] = mail.outbox
    assert sorted(email.to) == ["chief@police.example", "ian@police.example"]
    assert "Testford Strategic Board" in email.subject
    assert reverse("governance:minutes-detail", args=[gov.approved_minutes.pk]) in email.body
    assert SECRET not in email.body and "Agreed" not in email.body


def test_the_parent_groups_members_read_shared_minutes(world, personas, gov, county_board, client_for):
    services_meetings.share_minutes(
        minutes=gov.approved_minutes, version=gov.approved_minutes.version, by=personas["coordinator"]
    )
    from conftest import sign_in
    from waymark.partners.models import Membership, Organisation

    # Someone at the county council, which belongs to the county partnership but not to Testford.
    county_council = Organisation.objects.create(name="Testshire County Council", kind="local_authority")
    Membership.objects.create(organisation=county_council, partnership=world.county, kind="statutory")
    county_member = make_user("kim@county.example", "Kim County", county_council, [(world.county, "caseworker")])

    client = sign_in(client_for("anonymous"), county_member)
    listing = page(client.get(reverse("governance:minutes-shared", args=[county_board.pk])))
    assert "Testford Strategic Board" in listing
    minutes_url = reverse("governance:minutes-detail", args=[gov.approved_minutes.pk])
    assert minutes_url in listing
    assert "Agreed the plan." in page(client.get(minutes_url))
    # The minutes, not the meeting: Testford's meeting pages stay Testford's.
    assert client.get(reverse("governance:meeting-detail", args=[gov.approved_minutes.meeting_id])).status_code == 404


def test_shared_minutes_for_lists_only_minutes_shared_with_the_group(personas, gov, county_board):
    assert list(services_meetings.shared_minutes_for(county_board)) == []
    services_meetings.share_minutes(minutes=gov.approved_minutes, version=1, by=personas["coordinator"])
    assert list(services_meetings.shared_minutes_for(county_board)) == [gov.approved_minutes]
    assert list(services_meetings.shared_minutes_for(gov.board)) == []
    html = render_to_string(
        "governance/_minutes_shared_up.html",
        {"group": county_board, "shared_minutes": services_meetings.shared_minutes_for(county_board)},
    )
    assert "Minutes shared with Testshire Governing Board" in html
    assert reverse("governance:minutes-detail", args=[gov.approved_minutes.pk]) in html


def test_draft_minutes_and_groups_without_a_parent_are_not_shared(personas, gov, county_board, client_for):
    response = client_for("coordinator").post(
        reverse("governance:minutes-share", args=[gov.draft_minutes.pk]), {"version": gov.draft_minutes.version}
    )
    assert response.status_code == 302
    gov.draft_minutes.refresh_from_db()
    assert gov.draft_minutes.is_draft

    Group.objects.filter(pk=gov.board.pk).update(reports_to=None)
    with pytest.raises(services_meetings.NotNow, match="does not report to another group"):
        services_meetings.share_minutes(minutes=gov.approved_minutes, version=1, by=personas["coordinator"])
    assert mail.outbox == []


def test_members_are_offered_no_share(gov, county_board, client_for):
    assert "Share the minutes" not in detail(client_for("council_caseworker"), gov.approved_minutes.meeting)
    assert "Share the minutes with Testshire Governing Board" in detail(
        client_for("coordinator"), gov.approved_minutes.meeting
    )
