"""Scheduling meetings from a group's frequency, with a fair rota of chair, minute-taker and host that
counts the turns already taken, and changing one meeting's rota (the page says when a change makes
the rota uneven, and a change made meanwhile by someone else is not overwritten)."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waymark.governance.group_schedule import Turns, add_months, meeting_dates, uneven_turns
from waymark.governance.models import Frequency, Meeting, MeetingStatus
from waymark.governance.tests.factories import make_group, make_meeting

# The dates rule


@pytest.mark.parametrize(
    ("first", "months", "count", "until", "expected"),
    [
        (date(2026, 1, 15), 1, 3, None, [date(2026, 1, 15), date(2026, 2, 15), date(2026, 3, 15)]),
        (date(2026, 1, 31), 1, 3, None, [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]),
        (date(2026, 1, 10), 2, 3, None, [date(2026, 1, 10), date(2026, 3, 10), date(2026, 5, 10)]),
        (date(2026, 11, 5), 3, 3, None, [date(2026, 11, 5), date(2027, 2, 5), date(2027, 5, 5)]),
        (
            date(2026, 4, 1),
            3,
            None,
            date(2027, 1, 1),
            [date(2026, 4, 1), date(2026, 7, 1), date(2026, 10, 1), date(2027, 1, 1)],
        ),
        (date(2026, 4, 1), 3, None, date(2026, 12, 31), [date(2026, 4, 1), date(2026, 7, 1), date(2026, 10, 1)]),
        (date(2026, 4, 1), None, 5, None, [date(2026, 4, 1)]),
    ],
    ids=[
        "monthly",
        "31st-becomes-end-of-shorter-months-and-back",
        "every-two-months",
        "quarterly-across-a-new-year",
        "up-to-a-date-includes-that-date",
        "up-to-a-date",
        "ad-hoc-is-one-at-a-time",
    ],
)
def test_meeting_dates(first, months, count, until, expected):
    assert meeting_dates(first, every_months=months, count=count, until=until) == expected


def test_no_more_than_two_years_of_monthly_meetings():
    assert len(meeting_dates(date(2026, 1, 1), every_months=1, until=date(2040, 1, 1))) == 24


def test_a_date_off_a_working_day_moves_without_dragging_the_rest():
    def next_weekday(day):
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    # 7 March 2026 is a Saturday; 7 April a Tuesday.
    dates = meeting_dates(date(2026, 2, 7), every_months=1, count=3, working_day=next_weekday)
    assert dates == [date(2026, 2, 9), date(2026, 3, 9), date(2026, 4, 7)]


def test_add_months_handles_leap_years():
    assert add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)


# The evenness rule


def turns(label, chair, minute_taker, host):
    return Turns(label, chair, minute_taker, host)


@pytest.mark.parametrize(
    ("past", "upcoming", "expected"),
    [
        ([], [turns("1", "A", "B", "C"), turns("2", "B", "C", "A"), turns("3", "C", "A", "B")], []),
        (
            [],
            [turns("1", "A", "B", "C"), turns("2", "A", "C", "B"), turns("3", "C", "A", "B")],
            ["Chair turns are uneven: A 2, C 1, B 0", "Host turns are uneven: B 2, C 1, A 0"],
        ),
        ([], [turns("1", "A", "A", "C")], ["A is both chair and minute-taker at the meeting on 1"]),
        # B already chaired twice before: giving the next two chairs to A and C is the fair choice.
        (
            [turns("p1", "B", "A", "C"), turns("p2", "B", "C", "A")],
            [turns("1", "A", "B", "C"), turns("2", "C", "A", "B")],
            [],
        ),
        ([], [turns("1", None, None, None)], []),
    ],
    ids=["rotating-evenly", "one-chairs-twice", "two-roles-at-once", "past-turns-counted", "nobody-yet"],
)
def test_uneven_turns(past, upcoming, expected):
    assert uneven_turns(["A", "B", "C"], past, upcoming) == expected


# Scheduling, through the pages

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def date_fields(day, prefix) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def next_monday(after_days=7) -> date:
    day = timezone.localdate() + timedelta(days=after_days)
    return day + timedelta(days=(7 - day.weekday()) % 7)


@pytest.fixture
def carol(client_for):
    return client_for("coordinator")


@pytest.fixture
def board(world):
    return make_group(world, frequency=Frequency.QUARTERLY)


def schedule(client, group, **fields):
    data = {"starts": "10:00", "ends": "12:00", **fields}
    return client.post(reverse("governance:group-schedule", args=[group.pk]), data)


def test_four_quarterly_meetings_each_with_a_different_chair_minute_taker_and_host(carol, world, board):
    first = next_monday()
    response = schedule(carol, board, count="4", location="Testford Town Hall", **date_fields(first, "first_day"))
    assert response.status_code == 302 and response["Location"].endswith("#rota")
    meetings = list(Meeting.objects.filter(group=board).order_by("starts_at"))
    assert len(meetings) == 4
    for meeting, months in zip(meetings, (0, 3, 6, 9), strict=True):
        start = timezone.localtime(meeting.starts_at)
        assert start.date() >= add_months(first, months) and start.date() - add_months(first, months) < timedelta(
            days=5
        )
        assert (start.hour, start.minute) == (10, 0)
        assert timezone.localtime(meeting.ends_at).hour == 12
        assert meeting.location == "Testford Town Hall"
        assert meeting.status == MeetingStatus.SCHEDULED
        assert len({meeting.chair_organisation, meeting.minute_taker_organisation, meeting.host_organisation}) == 3
    chairs = [m.chair_organisation for m in meetings]
    assert set(chairs) == {world.council, world.police, world.charity}

    page = text(carol.get(response["Location"]))
    assert "4 meetings scheduled, with the rota below" in page
    assert "The rota is uneven" not in page


def test_the_rota_counts_turns_already_taken(carol, world, board):
    for days in (-200, -110):
        make_meeting(board, days_from_now=days, chair_organisation=world.council, minute_taker=world.police)
    schedule(carol, board, count="2", **date_fields(next_monday(), "first_day"))
    new = Meeting.objects.filter(group=board, status=MeetingStatus.SCHEDULED).order_by("starts_at")
    assert world.council not in {m.chair_organisation for m in new}
    assert world.police not in {m.minute_taker_organisation for m in new}


def test_scheduling_up_to_a_date(carol, world, board):
    first = next_monday()
    response = schedule(carol, board, **date_fields(first, "first_day"), **date_fields(add_months(first, 7), "until"))
    assert response.status_code == 302
    assert Meeting.objects.filter(group=board).count() == 3  # months 0, 3 and 6


def test_an_ad_hoc_group_schedules_one_meeting_at_a_time(carol, world):
    group = make_group(world, name="Training T&F", frequency=Frequency.AD_HOC)
    page = text(carol.get(reverse("governance:group-schedule", args=[group.pk])))
    assert "meets as needed, so meetings are scheduled one at a time" in page
    assert "How many meetings?" not in page
    response = schedule(carol, group, **date_fields(next_monday(), "first_day"))
    assert response.status_code == 302
    assert Meeting.objects.filter(group=group).count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({}, "id_count", "Enter how many meetings to schedule, or the date to schedule them up to"),
        ({"count": "30"}, "id_count", "Enter a number of meetings from 1 to 24"),
        ({"count": "2", "starts": "2pm", "ends": "1pm"}, "id_ends", "The end time must be after the start time"),
        ({"count": "2", "starts": "25:00"}, "id_starts", "Enter the start time as a time of day, like 10:00 or 2:30pm"),
        (
            {"count": "2", "first_day_0": "", "first_day_1": "", "first_day_2": ""},
            "id_first_day_0",
            "Enter date of the first meeting",
        ),
    ],
    ids=["neither-count-nor-date", "too-many", "ends-before-it-starts", "not-a-time", "no-date"],
)
def test_scheduling_mistakes_are_explained(carol, board, fields, field, message):
    data = {**date_fields(next_monday(), "first_day"), **fields}
    response = schedule(carol, board, **data)
    assert response.status_code == 400
    assert f'<a href="#{field}">{message}</a>' in text(response)
    assert not Meeting.objects.exists()


def test_a_first_meeting_in_the_past_is_refused(carol, board):
    response = schedule(carol, board, count="1", **date_fields(timezone.localdate() - timedelta(days=1), "first_day"))
    assert "Date of the first meeting must be today or in the future" in text(response)


def test_times_can_be_written_as_people_write_them(carol, board):
    schedule(carol, board, count="1", starts="9.30am", ends="1pm", **date_fields(next_monday(), "first_day"))
    meeting = Meeting.objects.get()
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "09:30"
    assert timezone.localtime(meeting.ends_at).strftime("%H:%M") == "13:00"


def test_a_group_with_no_members_cannot_be_scheduled_yet(carol, world):
    empty = make_group(world, name="Empty", organisations=[])
    response = carol.get(reverse("governance:group-schedule", args=[empty.pk]))
    assert response.status_code == 302
    assert "Add Empty's member organisations first" in text(carol.get(response["Location"]))


def test_members_may_not_schedule(client_for, board):
    response = schedule(client_for("council_caseworker"), board, count="1", **date_fields(next_monday(), "first_day"))
    assert response.status_code == 403
    assert not Meeting.objects.exists()


# Changing the rota


@pytest.fixture
def scheduled(carol, board):
    schedule(carol, board, count="3", **date_fields(next_monday(), "first_day"))
    return list(Meeting.objects.filter(group=board).order_by("starts_at"))


def rota_data(meeting, **changes):
    data = {
        "version": meeting.version,
        "chair": meeting.chair_organisation_id or "",
        "minute_taker": meeting.minute_taker_organisation_id or "",
        "host": meeting.host_organisation_id or "",
    }
    return {**data, **{k: (v.pk if v else "") for k, v in changes.items()}}


def test_the_coordinator_swaps_a_host_and_is_told_the_rota_is_now_uneven(carol, world, board, scheduled):
    meeting = scheduled[1]
    chair_of_first = scheduled[0].chair_organisation
    # The second meeting's chair goes to the first meeting's chair: one organisation chairs twice.
    response = carol.post(
        reverse("governance:group-rota-edit", args=[meeting.pk]),
        rota_data(meeting, chair=chair_of_first, minute_taker=None, host=None),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.chair_organisation == chair_of_first and meeting.host_organisation is None
    page = text(carol.get(response["Location"]))
    assert "Rota changed, but it is now uneven: Chair turns are uneven" in page
    assert "The rota is uneven:" in page
    assert f"{chair_of_first} 2" in page


def test_a_change_that_keeps_the_rota_as_even_as_it_can_be_says_nothing_of_it(carol, world, board):
    """Four members, three meetings: one organisation has no turn as chair, and giving it one in
    place of another leaves the chairs as even as they can be."""
    from waymark.governance.models import GroupMember

    GroupMember.objects.create(group=board, organisation=world.opcc)
    council, police, charity, opcc = world.council, world.police, world.charity, world.opcc
    meetings = [
        make_meeting(board, days_from_now=days, chair_organisation=chair, minute_taker=minutes, host_organisation=host)
        for days, (chair, minutes, host) in zip(
            (30, 120, 210), ((council, police, charity), (police, charity, opcc), (charity, opcc, council)), strict=True
        )
    ]
    response = carol.post(
        reverse("governance:group-rota-edit", args=[meetings[0].pk]), rota_data(meetings[0], chair=opcc)
    )
    page = text(carol.get(response["Location"]))
    assert "Rota changed for the meeting on" in page
    assert "uneven" not in page


def test_one_organisation_in_two_roles_is_pointed_out(carol, board, scheduled):
    meeting = scheduled[2]
    carol.post(
        reverse("governance:group-rota-edit", args=[meeting.pk]),
        rota_data(meeting, chair=meeting.host_organisation, host=meeting.host_organisation),
    )
    page = text(carol.get(reverse("governance:group-detail", args=[board.pk])))
    assert f"{meeting.host_organisation} is both chair and host at the meeting on" in page


def test_a_change_made_meanwhile_is_not_overwritten(carol, world, board, scheduled):
    meeting = scheduled[0]
    stale = rota_data(meeting, host=world.police if meeting.host_organisation != world.police else world.council)
    Meeting.objects.filter(pk=meeting.pk).update(version=meeting.version + 1, chair_organisation=None)
    response = carol.post(reverse("governance:group-rota-edit", args=[meeting.pk]), stale)
    assert response.status_code == 409
    page = text(response)
    assert "Someone else changed this meeting while you were working on it" in page
    assert f'<option value="{stale["host"]}" selected>' in page  # the choice is kept
    meeting.refresh_from_db()
    assert meeting.chair_organisation is None  # the other change stands


def test_only_member_organisations_can_take_a_turn(carol, world, board, scheduled):
    meeting = scheduled[0]
    response = carol.post(reverse("governance:group-rota-edit", args=[meeting.pk]), rota_data(meeting, host=world.opcc))
    assert response.status_code == 400
    assert "The host must be a member organisation of the group" in text(response)


def test_the_rota_of_a_held_meeting_stays(carol, world, board):
    held = make_meeting(board, days_from_now=-10, chair_organisation=world.council)
    response = carol.post(reverse("governance:group-rota-edit", args=[held.pk]), rota_data(held, chair=world.police))
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.chair_organisation == world.council
