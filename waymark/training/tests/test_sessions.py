"""Sessions: the list (upcoming and past, by course), a session's page (names for those who keep
its register or the staff's own training lead, counts for everyone else), and coordinators adding,
changing and cancelling sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from waymark.core.models import AuditEntry
from waymark.training.models import Booking, BookingStatus, CourseSession, SessionStatus
from waymark.training.tests.factories import (
    charity_training_lead,
    council_training_lead,
    make_session,
    make_staff,
    training_for_testford,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(world, personas):
    return training_for_testford(world, personas)


def _page(response) -> str:
    return response.content.decode()


def _as(user) -> Client:
    return sign_in(Client(), user)


def _session_form(course=None, *, days=30, **overrides):
    day = timezone.localdate() + timedelta(days=days)
    data = {
        "day_0": str(day.day),
        "day_1": str(day.month),
        "day_2": str(day.year),
        "start_time": "10:00",
        "end_time": "13:00",
        "venue": "Testford Library, Room 2",
        "capacity": "12",
        "trainer_name": "Chloe Adams",
    }
    if course is not None:
        data["course"] = course.pk
    data.update(overrides)
    return data


# The list


def test_the_list_shows_upcoming_sessions_with_places_left(client_for, training):
    page = _page(client_for("intelligence_officer").get(reverse("training:session-list")))
    assert "1 upcoming session" in page
    assert "Spotting the signs" in page
    assert "9 of 10" in page


def test_past_and_cancelled_sessions_are_listed_apart(client_for, training):
    make_session(training.course, days_from_now=-10, venue="Old Hall")
    make_session(training.course, days_from_now=5, venue="Cancelled Hall", status=SessionStatus.CANCELLED)
    client = client_for("intelligence_officer")
    upcoming = _page(client.get(reverse("training:session-list")))
    assert "Old Hall" not in upcoming and "Cancelled Hall" not in upcoming
    past = _page(client.get(reverse("training:session-list"), {"when": "past"}))
    assert "2 past or cancelled sessions" in past
    assert "Attendance not recorded" in past
    assert "Cancelled" in past


def test_the_list_filters_by_course(client_for, training):
    make_session(training.county_course, days_from_now=3, venue="County Hall")
    client = client_for("intelligence_officer")
    assert "County Hall" in _page(client.get(reverse("training:session-list")))
    only = _page(client.get(reverse("training:session-list"), {"course": training.course.pk}))
    assert "County Hall" not in only
    assert "Testford Town Hall" in only


# A session's page: who sees names


def test_others_see_counts_but_not_names(client_for, training):
    page = _page(client_for("charity_caseworker").get(reverse("training:session-detail", args=[training.session.pk])))
    assert "Una Untrained" not in page
    assert "Places left" in page and ">9<" in page
    assert "Names of the people booked are seen only by" in page
    assert "Book staff" not in page


def test_the_coordinator_sees_the_names_and_the_view_is_logged(client_for, training):
    response = client_for("coordinator").get(reverse("training:session-detail", args=[training.session.pk]))
    assert "Una Untrained" in _page(response)
    entry = AuditEntry.objects.get(action="view", object_type="training.Booking")
    assert entry.detail["ids"] == [str(training.booking.pk)]


def test_the_running_organisations_training_lead_sees_every_name(world, training):
    # Brightway runs the session: its training lead keeps the register, Testford Council's staff included.
    page = _page(_as(charity_training_lead(world)).get(reverse("training:session-detail", args=[training.session.pk])))
    assert "Una Untrained" in page
    assert "Record attendance" not in page  # not until it has started


def test_a_training_lead_sees_only_their_own_staff(world, training):
    make_staff(world, world.charity, "Bea Brightway")
    Booking.objects.create(
        session=training.session,
        staff_member=training.charity_staff,
        status=BookingStatus.BOOKED,
    )
    page = _page(_as(council_training_lead(world)).get(reverse("training:session-detail", args=[training.session.pk])))
    assert "Your staff booked" in page
    assert "Una Untrained" in page
    assert "Vic Volunteer" not in page  # Brightway's
    assert ">2<" in page  # but counted
    assert "Book staff" in page


# Adding, changing, cancelling


def test_a_coordinator_adds_a_session(client_for, training, world):
    response = client_for("coordinator").post(
        reverse("training:session-add"),
        _session_form(training.course, trainer_organisation=world.charity.pk, online_link="https://meet.example.org/x"),
    )
    session = CourseSession.objects.exclude(pk=training.session.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training:session-detail", args=[session.pk])
    assert timezone.localtime(session.starts_at).strftime("%H:%M") == "10:00"
    assert session.capacity == 12
    assert session.trainer_organisation == world.charity
    page = _page(client_for("coordinator").get(response["Location"]))
    assert "Testford Library, Room 2" in page
    assert "https://meet.example.org/x" in page
    assert "Chloe Adams, Brightway" in page


def test_adding_a_session_explains_each_mistake(client_for, training):
    response = client_for("coordinator").post(
        reverse("training:session-add"),
        _session_form(training.course, start_time="14:00", end_time="13.00", venue="", capacity="0"),
    )
    assert response.status_code == 400
    page = _page(response)
    assert "The end time must be after the start time" in page
    assert "Enter the place, or the online joining link" in page
    assert "The session must have at least 1 place" in page
    assert 'value="14:00"' in page


def test_the_add_page_starts_with_the_course_chosen(client_for, training):
    page = _page(client_for("coordinator").get(reverse("training:session-add"), {"course": training.course.pk}))
    assert f'<option value="{training.course.pk}" selected>' in page


def test_a_session_cannot_have_fewer_places_than_are_booked(client_for, world, training):
    other = make_staff(world, world.council, "Olu Other")
    Booking.objects.create(session=training.session, staff_member=other)
    response = client_for("coordinator").post(
        reverse("training:session-edit", args=[training.session.pk]),
        _session_form(days=14, capacity="1", version=training.session.version),
    )
    assert response.status_code == 400
    assert "2 places are already booked: the session needs at least 2 places" in _page(response)
    training.session.refresh_from_db()
    assert training.session.capacity == 10


def test_more_places_move_the_waiting_list_up(client_for, world, training):
    session = make_session(training.course, capacity=1)
    Booking.objects.create(session=session, staff_member=training.council_staff)
    waiting = make_staff(world, world.council, "Wendy Waiting")
    Booking.objects.create(
        session=session, staff_member=waiting, status=BookingStatus.WAITING_LIST, waiting_list_position=1
    )
    council_training_lead(world)
    response = client_for("coordinator").post(
        reverse("training:session-edit", args=[session.pk]),
        _session_form(days=20, capacity="2", version=session.version),
    )
    assert response.status_code == 302
    assert Booking.objects.get(staff_member=waiting).status == BookingStatus.BOOKED
    assert [m.to for m in mail.outbox] == [["tara@testford.example"]]
    assert "Wendy Waiting" in mail.outbox[0].body


def test_a_stale_session_form_is_refused(client_for, training):
    session = training.session
    CourseSession.objects.filter(pk=session.pk).update(version=session.version + 1, venue="Moved by someone else")
    response = client_for("coordinator").post(
        reverse("training:session-edit", args=[session.pk]),
        _session_form(days=14, venue="My new place", version=session.version),
    )
    assert response.status_code == 409
    page = _page(response)
    assert "Someone else changed this session while you were working on it" in page
    assert 'value="My new place"' in page
    assert "Moved by someone else" in page


def test_cancelling_a_session_cancels_its_bookings_and_tells_each_training_lead(client_for, world, training):
    council_training_lead(world)
    charity_training_lead(world)
    Booking.objects.create(
        session=training.session,
        staff_member=training.charity_staff,
        status=BookingStatus.WAITING_LIST,
        waiting_list_position=1,
    )
    response = client_for("coordinator").post(
        reverse("training:session-cancel", args=[training.session.pk]), {"version": training.session.version}
    )
    assert response.status_code == 302
    training.session.refresh_from_db()
    assert training.session.status == SessionStatus.CANCELLED
    assert set(training.session.bookings.values_list("status", flat=True)) == {BookingStatus.CANCELLED}
    by_lead = {tuple(m.to): m.body for m in mail.outbox}
    assert set(by_lead) == {("tara@testford.example",), ("tobi@brightway.example",)}
    # Each lead hears of their own staff only.
    assert "Una Untrained" in by_lead[("tara@testford.example",)]
    assert "Vic Volunteer" not in by_lead[("tara@testford.example",)]
    assert "Vic Volunteer" in by_lead[("tobi@brightway.example",)]


def test_a_cancelled_session_cannot_be_changed(client_for, training):
    CourseSession.objects.filter(pk=training.session.pk).update(status=SessionStatus.CANCELLED)
    client = client_for("coordinator")
    response = client.get(reverse("training:session-edit", args=[training.session.pk]))
    assert response.status_code == 302
    page = _page(client.get(response["Location"]))
    assert "You cannot change a session that is cancelled" in page
