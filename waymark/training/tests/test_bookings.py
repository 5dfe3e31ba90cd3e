"""Booking: a training lead books staff from their own register, several at once; when the session
is full the rest wait in order; cancelling a booking moves the first waiting up and e-mails their
training lead; and the last place cannot be taken twice, even by two leads at the same moment."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from waymark.core.models import AuditEntry
from waymark.training import services_courses
from waymark.training.models import Booking, BookingStatus
from waymark.training.tests.factories import (
    charity_training_lead,
    council_training_lead,
    make_session,
    make_staff,
    training_for_testford,
)


@pytest.fixture
def training(world, personas):
    return training_for_testford(world, personas)


@pytest.fixture
def tara(world):
    return council_training_lead(world)


def _page(response) -> str:
    return response.content.decode()


def _as(user) -> Client:
    return sign_in(Client(), user)


def _statuses(session) -> dict[str, tuple[str, int | None]]:
    return {b.staff_member.full_name: (b.status, b.waiting_list_position) for b in session.bookings.all()}


@pytest.mark.django_db
def test_the_booking_page_offers_only_current_staff_on_the_leads_own_register(world, training, tara):
    make_staff(world, world.council, "Larry Leaver", leaving_date=timezone.localdate() - timedelta(days=1))
    make_staff(world, world.council, "Ann Available")
    response = _as(tara).get(reverse("training:booking-add", args=[training.session.pk]))
    page = _page(response)
    assert response.status_code == 200
    assert "Ann Available" in page
    assert "Cathy Caseworker" in page
    assert "Una Untrained" not in page  # already booked
    assert "Larry Leaver" not in page
    assert "Vic Volunteer" not in page  # Brightway's
    assert AuditEntry.objects.filter(action="view", object_type="training.StaffMember").exists()


@pytest.mark.django_db
def test_a_lead_books_three_staff_on_two_places_and_the_third_waits(world, training, tara):
    session = make_session(training.course, capacity=2)
    people = [make_staff(world, world.council, name) for name in ("Ann One", "Ben Two", "Cal Three")]
    client = _as(tara)
    response = client.post(reverse("training:booking-add", args=[session.pk]), {"staff": [p.pk for p in people]})
    assert response.status_code == 302
    assert _statuses(session) == {
        "Ann One": ("booked", None),
        "Ben Two": ("booked", None),
        "Cal Three": ("waiting_list", 1),
    }
    page = _page(client.get(response["Location"]))
    assert "Booked: Ann One, Ben Two" in page
    assert "The session is full. On the waiting list: Cal Three" in page
    assert AuditEntry.objects.filter(action="create", object_type="training.Booking").count() == 3


@pytest.mark.django_db
def test_staff_off_the_leads_register_cannot_be_booked(world, training, tara):
    response = _as(tara).post(
        reverse("training:booking-add", args=[training.session.pk]), {"staff": [training.charity_staff.pk]}
    )
    assert response.status_code == 400
    assert "Select staff from your register" in _page(response)
    assert not Booking.objects.filter(staff_member=training.charity_staff).exists()


@pytest.mark.django_db
def test_booking_nobody_is_explained(training, tara):
    response = _as(tara).post(reverse("training:booking-add", args=[training.session.pk]), {})
    assert response.status_code == 400
    assert "Select at least one member of staff to book" in _page(response)


@pytest.mark.django_db
def test_cancelling_a_booking_moves_the_first_waiting_up_and_tells_their_lead(world, training, tara):
    session = make_session(training.course, capacity=1)
    tobi = charity_training_lead(world)
    first = services_courses.book_staff(session=session, staff=[training.council_staff], by=tara).booked[0]
    services_courses.book_staff(session=session, staff=[training.charity_staff], by=tobi)
    services_courses.book_staff(session=session, staff=[training.own_record], by=tara)
    assert _statuses(session)["Vic Volunteer"] == ("waiting_list", 1)
    assert _statuses(session)["Cathy Caseworker"] == ("waiting_list", 2)

    client = _as(tara)
    confirm = client.get(reverse("training:booking-cancel", args=[first.pk]))
    assert "Cancel the booking for Una Untrained" in _page(confirm)
    response = client.post(reverse("training:booking-cancel", args=[first.pk]), {"version": first.version})

    assert response.status_code == 302
    assert _statuses(session) == {
        "Una Untrained": ("cancelled", None),
        "Vic Volunteer": ("booked", None),
        "Cathy Caseworker": ("waiting_list", 2),
    }
    # Only Vic's own training lead hears, and only of Vic.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["tobi@brightway.example"]
    assert "Vic Volunteer" in mail.outbox[0].body
    assert "Spotting the signs" in mail.outbox[0].body
    assert "Una" not in mail.outbox[0].body and "Cathy" not in mail.outbox[0].body
    page = _page(client.get(response["Location"]))
    assert "Booking cancelled: Una Untrained" in page
    assert "The first person on the waiting list has moved up into the place" in page


@pytest.mark.django_db
def test_leaving_the_waiting_list_moves_nobody(world, training, tara):
    session = make_session(training.course, capacity=1)
    services_courses.book_staff(session=session, staff=[training.council_staff, training.own_record], by=tara)
    waiting = session.bookings.get(status=BookingStatus.WAITING_LIST)
    services_courses.cancel_booking(booking=waiting, version=waiting.version, by=tara)
    assert _statuses(session) == {"Una Untrained": ("booked", None), "Cathy Caseworker": ("cancelled", None)}
    assert mail.outbox == []


@pytest.mark.django_db
def test_someone_cancelled_can_be_booked_again(world, training, tara):
    booking = training.booking
    services_courses.cancel_booking(booking=booking, version=booking.version, by=tara)
    result = services_courses.book_staff(session=training.session, staff=[training.council_staff], by=tara)
    assert [b.pk for b in result.booked] == [booking.pk]
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED


@pytest.mark.django_db
def test_the_running_organisations_lead_cannot_cancel_another_organisations_booking(world, training):
    response = _as(charity_training_lead(world)).get(reverse("training:booking-cancel", args=[training.booking.pk]))
    assert response.status_code == 403


@pytest.mark.django_db
def test_a_stale_cancellation_is_refused(training, tara):
    booking = training.booking
    Booking.objects.filter(pk=booking.pk).update(version=booking.version + 1)
    response = _as(tara).post(reverse("training:booking-cancel", args=[booking.pk]), {"version": booking.version})
    assert response.status_code == 409
    assert "Someone else changed this booking while you were working on it" in _page(response)
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED


@pytest.mark.django_db
def test_no_booking_once_the_session_has_started(world, training, tara):
    session = make_session(training.course, days_from_now=-1)
    client = _as(tara)
    response = client.get(reverse("training:booking-add", args=[session.pk]))
    assert response.status_code == 302
    assert "Bookings can be made only on a session that has not started" in _page(client.get(response["Location"]))
    with pytest.raises(services_courses.NotNow):
        services_courses.book_staff(session=session, staff=[training.own_record], by=tara)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers itself; PostgreSQL runs in CI")
def test_two_leads_booking_the_last_place_at_once_cannot_both_have_it(world, personas, monkeypatch):
    training = training_for_testford(world, personas)
    tara, tobi = council_training_lead(world), charity_training_lead(world)
    session = make_session(training.course, capacity=1)
    counted = services_courses._places_taken
    both_ready = threading.Barrier(2, timeout=10)

    def slow_count(locked_session):
        taken = counted(locked_session)
        time.sleep(0.5)  # without the row lock, the other lead would count the same free place now
        return taken

    monkeypatch.setattr(services_courses, "_places_taken", slow_count)

    def book(user, member):
        try:
            both_ready.wait()
            services_courses.book_staff(session=session, staff=[member], by=user)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(book, [tara, tobi], [training.own_record, training.charity_staff]))

    statuses = sorted(session.bookings.values_list("status", flat=True))
    assert statuses == [BookingStatus.BOOKED, BookingStatus.WAITING_LIST]
    assert session.bookings.filter(status=BookingStatus.BOOKED).count() == 1
