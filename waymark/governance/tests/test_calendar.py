"""The iCalendar feeds: the .ics text follows RFC 5545 (read back here by a small parser of our own),
and the secret addresses: Cathy gets one for her meetings and one for the board's; an unknown,
replaced or stopped address, or one whose user can no longer see the group, is not found."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from waymark.governance import calendar
from waymark.governance.models import CalendarFeed, MeetingStatus
from waymark.governance.tests.factories import add_representative, make_group, make_meeting
from waymark.partners.models import RoleAssignment

# A small reader of what we write, independent of the writer: unfold, split, unescape.


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n"), "every line ends with CRLF"
    assert "\n" not in text.replace("\r\n", ""), "no bare line feeds"
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse(text: str) -> list[dict[str, str]]:
    """The VEVENTs, each as {property name: unescaped value}."""
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines[1:-1]:
        name, _, value = line.partition(":")
        name = name.split(";")[0]
        if (name, value) == ("BEGIN", "VEVENT"):
            current = {}
        elif (name, value) == ("END", "VEVENT"):
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            current[name] = unescape(value)
    return events


def an_event(**changes) -> calendar.Event:
    fields = {
        "uid": "governance-meeting-1@waymark.example",
        "starts_at": datetime(2026, 7, 1, 9, 0, tzinfo=UTC),
        "ends_at": datetime(2026, 7, 1, 11, 0, tzinfo=UTC),
        "summary": "Board meeting",
    }
    return calendar.Event(**{**fields, **changes})


NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)

# The writer


def test_a_calendar_reads_back_with_its_events():
    text = calendar.calendar_text([an_event(location="Room 1, Town Hall; 2nd floor")], name="Board", now=NOW)
    (event,) = parse(text)
    assert event["UID"] == "governance-meeting-1@waymark.example"
    assert event["DTSTAMP"] == "20260601T120000Z"
    assert event["DTSTART"] == "20260701T090000Z"
    assert event["DTEND"] == "20260701T110000Z"
    assert event["SUMMARY"] == "Board meeting"
    assert event["LOCATION"] == "Room 1, Town Hall; 2nd floor"
    assert event["STATUS"] == "CONFIRMED"
    assert "VERSION:2.0\r\n" in text and "PRODID:" in text


def test_commas_semicolons_backslashes_and_newlines_are_escaped():
    text = calendar.calendar_text(
        [an_event(description="Chair: Council, Police; host\\annex\nJoin online")], name="B", now=NOW
    )
    assert "DESCRIPTION:Chair: Council\\, Police\\; host\\\\annex\\nJoin online" in "".join(unfold(text))
    assert parse(text)[0]["DESCRIPTION"] == "Chair: Council, Police; host\\annex\nJoin online"


def test_times_are_given_in_utc():
    summer = datetime(2026, 7, 1, 10, 0, tzinfo=timezone.get_fixed_timezone(60))  # 10am BST
    (event,) = parse(calendar.calendar_text([an_event(starts_at=summer)], name="B", now=NOW))
    assert event["DTSTART"] == "20260701T090000Z"


def test_a_cancelled_meeting_says_so():
    (event,) = parse(calendar.calendar_text([an_event(cancelled=True)], name="B", now=NOW))
    assert event["STATUS"] == "CANCELLED"


@pytest.mark.parametrize(
    "summary",
    ["A" * 200, "Ä" * 120, "Board 🙂 " * 30, "x" * 74, "x" * 75, "x" * 76],
    ids=["long-ascii", "two-byte-characters", "four-byte-characters", "74", "75", "76"],
)
def test_long_lines_fold_at_75_octets_without_splitting_a_character(summary):
    text = calendar.calendar_text([an_event(summary=summary)], name="B", now=NOW)
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75, line
    assert parse(text)[0]["SUMMARY"] == summary


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        calendar.utc_stamp(datetime(2026, 7, 1, 9, 0))


# The feeds


@pytest.fixture
def board(world, personas):
    board = make_group(world, name="Testford Strategic Board", organisations=[world.council, world.police])
    add_representative(board, world.police, name="Supt. Testshire", email="supt@police.example")
    return board


def feed_url(token: str) -> str:
    return reverse("governance:calendar-feed", args=[token])


def test_a_feed_lists_the_meetings_of_the_groups_the_users_organisation_sits_on(client, world, personas, board):
    upcoming = make_meeting(board, days_from_now=10, location="Testford Town Hall")
    cancelled = make_meeting(board, days_from_now=40, status=MeetingStatus.CANCELLED)
    elsewhere = make_group(world, name="Brightway Forum", organisations=[world.charity])
    make_meeting(elsewhere, days_from_now=12)
    _, token = CalendarFeed.issue(user=personas["council_caseworker"])

    response = client.get(feed_url(token))  # nobody signed in: calendar apps cannot

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = {e["UID"]: e for e in parse(response.content.decode())}
    assert set(events) == {
        f"governance-meeting-{upcoming.pk}@testserver",
        f"governance-meeting-{cancelled.pk}@testserver",
    }
    assert events[f"governance-meeting-{upcoming.pk}@testserver"]["SUMMARY"] == "Testford Strategic Board meeting"
    assert events[f"governance-meeting-{upcoming.pk}@testserver"]["LOCATION"] == "Testford Town Hall"
    assert events[f"governance-meeting-{cancelled.pk}@testserver"]["STATUS"] == "CANCELLED"


def test_a_representative_without_an_organisation_seat_gets_the_meetings(client, world, personas, board):
    """Greta works for the commissioner's office, which has no seat, but represents the police."""
    add_representative(board, world.police, user=personas["grants_officer"])
    meeting = make_meeting(board, days_from_now=5)
    _, token = CalendarFeed.issue(user=personas["grants_officer"])
    events = parse(client.get(feed_url(token)).content.decode())
    assert [e["UID"] for e in events] == [f"governance-meeting-{meeting.pk}@testserver"]


def test_a_group_feed_has_only_that_groups_meetings(client, world, personas, board):
    other = make_group(world, name="Operational Group", organisations=[world.council])
    mine = make_meeting(board, days_from_now=3)
    make_meeting(other, days_from_now=4)
    _, token = CalendarFeed.issue(
        user=personas["charity_caseworker"], group=board
    )  # Brightway has no seat: still a member
    events = parse(client.get(feed_url(token)).content.decode())
    assert [e["UID"] for e in events] == [f"governance-meeting-{mine.pk}@testserver"]


def test_an_unknown_address_is_not_found(client, world):
    assert client.get(feed_url("not-a-real-token")).status_code == 404


def test_a_stopped_address_is_not_found(client, world, personas, board, client_for):
    feed, token = CalendarFeed.issue(user=personas["council_caseworker"])
    response = client_for("council_caseworker").post(reverse("governance:calendar-revoke", args=[feed.pk]))
    assert response.status_code == 302
    assert client.get(feed_url(token)).status_code == 404


def test_someone_elses_feed_cannot_be_stopped(world, personas, client_for):
    feed, token = CalendarFeed.issue(user=personas["council_caseworker"])
    response = client_for("charity_caseworker").post(reverse("governance:calendar-revoke", args=[feed.pk]))
    assert response.status_code == 404
    feed.refresh_from_db()
    assert feed.revoked_at is None


def test_a_feed_stops_when_its_user_leaves_the_partnership(client, world, personas, board):
    """The feed shows what its user may see now, not what they could see when it was made."""
    ian = personas["intelligence_officer"]
    _, token = CalendarFeed.issue(user=ian, group=board)
    assert client.get(feed_url(token)).status_code == 200
    RoleAssignment.objects.filter(user=ian).delete()
    world.police.memberships.filter(partnership=world.testford).delete()
    assert client.get(feed_url(token)).status_code == 404


def test_a_deactivated_users_feed_is_not_found(client, world, personas, board):
    cathy = personas["council_caseworker"]
    _, token = CalendarFeed.issue(user=cathy)
    cathy.is_active = False
    cathy.save()
    assert client.get(feed_url(token)).status_code == 404


def test_the_address_is_shown_once_and_a_new_one_retires_the_old(client, world, personas, board, client_for):
    cathy = client_for("council_caseworker")
    first = cathy.post(reverse("governance:calendar-issue"))
    first_link = re.search(r'value="(http://testserver/governance/calendar/feed/[^"]+\.ics)"', first.content.decode())
    assert first.status_code == 200 and first_link
    assert "This address is shown only once" in first.content.decode()
    assert first_link.group(1) not in cathy.get(reverse("governance:calendar-links")).content.decode()
    assert client.get(first_link.group(1)).status_code == 200

    second = cathy.post(reverse("governance:calendar-issue"))
    second_link = re.search(r'value="(http://testserver/[^"]+\.ics)"', second.content.decode()).group(1)
    assert client.get(first_link.group(1)).status_code == 404
    assert client.get(second_link).status_code == 200
    assert CalendarFeed.objects.filter(user=personas["council_caseworker"], revoked_at__isnull=True).count() == 1
    # Only the hash is kept.
    token = second_link.rsplit("/", 1)[1].removesuffix(".ics")
    assert not CalendarFeed.objects.filter(token_hash=token).exists()


def test_a_group_address_can_be_had_for_a_visible_group_only(world, personas, board, client_for):
    otherton_group = make_group(
        world, name="Otherton Board", organisations=[world.other_council], partnership=world.otherton
    )
    cathy = client_for("council_caseworker")
    response = cathy.post(reverse("governance:calendar-issue"), {"group": board.pk})
    assert response.status_code == 200
    assert "Your new calendar address for Testford Strategic Board" in response.content.decode()
    assert cathy.post(reverse("governance:calendar-issue"), {"group": otherton_group.pk}).status_code == 404


def test_the_feed_needs_no_password_or_second_factor(world, personas, board):
    """A client that signed in with a password only (no second factor) still gets the feed: the
    address is the key, and the two-factor check does not stand in its way."""
    from django.test import Client

    client = Client()
    client.force_login(personas["council_caseworker"])  # no second factor in this session
    _, token = CalendarFeed.issue(user=personas["council_caseworker"])
    assert client.get(feed_url(token)).status_code == 200


def test_meetings_more_than_a_year_old_are_left_out(client, world, personas, board):
    old = make_meeting(board, days_from_now=-400)
    recent = make_meeting(board, days_from_now=-30)
    _, token = CalendarFeed.issue(user=personas["council_caseworker"])
    uids = {e["UID"] for e in parse(client.get(feed_url(token)).content.decode())}
    assert f"governance-meeting-{recent.pk}@testserver" in uids
    assert f"governance-meeting-{old.pk}@testserver" not in uids
