"""Records: a session's register (attended or not) records completions that expire by the cohort's
refresh rule and makes the session held; and a training lead records completions one by one, with
evidence checked by its content and served only through an access-checked view."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from waymark.core.models import AuditEntry
from waymark.training.compliance import add_months
from waymark.training.models import Booking, BookingStatus, Completion, CompletionSource, CourseSession, SessionStatus
from waymark.training.tests.factories import (
    charity_training_lead,
    council_training_lead,
    make_session,
    training_for_testford,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def training(world, personas):
    return training_for_testford(world, personas)


@pytest.fixture
def held_yesterday(world, training):
    """Yesterday's session of Brightway's course, with Una and Vic booked."""
    session = make_session(training.course, days_from_now=-1, trainer_organisation=world.charity)
    Booking.objects.create(session=session, staff_member=training.council_staff)
    Booking.objects.create(session=session, staff_member=training.charity_staff)
    return session


def _page(response) -> str:
    return response.content.decode()


def _as(user) -> Client:
    return sign_in(Client(), user)


def _register(session, **answers):
    data = {"version": session.version}
    for booking in session.bookings.select_related("staff_member"):
        data[f"booking_{booking.pk}"] = answers[booking.staff_member.full_name.split()[0]]
    return data


# Attendance


def test_the_register_records_completions_for_those_who_attended(client_for, training, held_yesterday):
    client = client_for("coordinator")
    page = _page(client.get(reverse("training:session-attendance", args=[held_yesterday.pk])))
    assert "Una Untrained" in page and "Vic Volunteer" in page

    response = client.post(
        reverse("training:session-attendance", args=[held_yesterday.pk]),
        _register(held_yesterday, Una="yes", Vic="no"),
    )

    assert response.status_code == 302
    held_yesterday.refresh_from_db()
    assert held_yesterday.status == SessionStatus.HELD
    assert held_yesterday.attendance_recorded_at is not None
    completion = Completion.objects.get(staff_member=training.council_staff)
    day = timezone.localdate(held_yesterday.starts_at)
    assert completion.completed_on == day
    assert completion.source == CompletionSource.ATTENDANCE
    assert completion.expires_on == add_months(day, 24)  # frontline staff refresh every 24 months
    assert not Completion.objects.filter(staff_member=training.charity_staff).exists()
    assert Booking.objects.get(session=held_yesterday, staff_member=training.charity_staff).status == (
        BookingStatus.DID_NOT_ATTEND
    )
    page = _page(client.get(response["Location"]))
    assert "Attendance recorded. 1 completion recorded." in page
    assert "1 attended, 1 did not attend" in page


def test_each_person_on_the_register_needs_an_answer(client_for, training, held_yesterday):
    data = _register(held_yesterday, Una="yes", Vic="no")
    del data[f"booking_{Booking.objects.get(session=held_yesterday, staff_member=training.charity_staff).pk}"]
    response = client_for("coordinator").post(reverse("training:session-attendance", args=[held_yesterday.pk]), data)
    assert response.status_code == 400
    assert "Select whether Vic Volunteer attended" in _page(response)
    assert not Completion.objects.filter(source=CompletionSource.ATTENDANCE).exists()


def test_the_running_organisations_lead_keeps_the_register_but_another_lead_does_not(world, held_yesterday):
    url = reverse("training:session-attendance", args=[held_yesterday.pk])
    assert _as(charity_training_lead(world)).get(url).status_code == 200
    assert _as(council_training_lead(world)).get(url).status_code == 403


def test_attendance_waits_until_the_session_has_started(client_for, training):
    client = client_for("coordinator")
    response = client.get(reverse("training:session-attendance", args=[training.session.pk]))
    assert response.status_code == 302
    assert "You cannot record attendance for a session that is not started" in _page(client.get(response["Location"]))


def test_attendance_is_recorded_once(client_for, held_yesterday):
    client = client_for("coordinator")
    url = reverse("training:session-attendance", args=[held_yesterday.pk])
    client.post(url, _register(held_yesterday, Una="yes", Vic="yes"))
    response = client.get(url)
    assert response.status_code == 302
    assert Completion.objects.filter(source=CompletionSource.ATTENDANCE).count() == 2


def test_a_register_sent_after_the_session_changed_is_shown_again_with_the_answers_kept(
    client_for, training, held_yesterday
):
    data = _register(held_yesterday, Una="yes", Vic="no")
    una = Booking.objects.get(session=held_yesterday, staff_member=training.council_staff)
    CourseSession.objects.filter(pk=held_yesterday.pk).update(version=held_yesterday.version + 1)
    response = client_for("coordinator").post(reverse("training:session-attendance", args=[held_yesterday.pk]), data)
    assert response.status_code == 409
    page = _page(response)
    assert "Someone else changed this session while you were working on it" in page
    assert f'id="id_booking_{una.pk}_0" name="booking_{una.pk}" type="radio" value="yes" checked' in page
    assert not Completion.objects.filter(source=CompletionSource.ATTENDANCE).exists()


def test_a_register_saved_by_someone_else_first_is_not_saved_twice(client_for, world, held_yesterday):
    data = _register(held_yesterday, Una="yes", Vic="no")
    _as(charity_training_lead(world)).post(
        reverse("training:session-attendance", args=[held_yesterday.pk]), _register(held_yesterday, Una="no", Vic="no")
    )
    client = client_for("coordinator")
    response = client.post(reverse("training:session-attendance", args=[held_yesterday.pk]), data)
    assert response.status_code == 302
    assert "You cannot record attendance for a session that is held" in _page(client.get(response["Location"]))
    assert not Completion.objects.filter(source=CompletionSource.ATTENDANCE).exists()


# Recorded one by one


def _completion_form(course, *, day: date | None = None, **overrides):
    day = day or timezone.localdate() - timedelta(days=10)
    data = {"course": course.pk, "completed_on_0": day.day, "completed_on_1": day.month, "completed_on_2": day.year}
    data.update(overrides)
    return data


def test_a_lead_records_a_completion_with_its_evidence(world, training):
    tara = council_training_lead(world)
    client = _as(tara)
    page = _page(client.get(reverse("training:completion-add", args=[training.council_staff.pk])))
    assert "First responder e-learning" in page  # the county's course is on their menu too
    day = timezone.localdate() - timedelta(days=10)
    response = client.post(
        reverse("training:completion-add", args=[training.council_staff.pk]),
        _completion_form(training.county_course, day=day, evidence=SimpleUploadedFile("cert.pdf", PDF)),
    )
    completion = Completion.objects.get(staff_member=training.council_staff)
    assert response.status_code == 302
    assert completion.course == training.county_course
    assert completion.expires_on == add_months(day, 24)
    assert completion.evidence_name == "cert.pdf"
    assert completion.recorded_by == tara
    assert AuditEntry.objects.filter(action="create", object_type="training.Completion").exists()

    download = client.get(reverse("training:completion-evidence", args=[completion.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="cert.pdf"' in download["Content-Disposition"]
    assert AuditEntry.objects.filter(action="export", object_type="training.Completion").exists()
    # Another organisation's lead may not see it, not even that it exists.
    assert _as(charity_training_lead(world)).get(download.wsgi_request.path).status_code == 404


def test_evidence_is_judged_by_its_content_not_its_name(world, training):
    response = _as(council_training_lead(world)).post(
        reverse("training:completion-add", args=[training.council_staff.pk]),
        _completion_form(training.course, evidence=SimpleUploadedFile("cert.pdf", b"MZ\x90\x00 a program")),
    )
    assert response.status_code == 400
    assert "The selected file must be a PDF, DOC, DOCX, JPG or PNG" in _page(response)
    assert not Completion.objects.filter(staff_member=training.council_staff).exists()


def test_a_completion_needs_evidence_or_a_note_and_a_date_not_in_the_future(world, training):
    client = _as(council_training_lead(world))
    url = reverse("training:completion-add", args=[training.council_staff.pk])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(url, _completion_form(training.course, day=tomorrow))
    page = _page(response)
    assert response.status_code == 400
    assert "Date they completed it must be today or in the past" in page
    assert "Upload the evidence, or write a note" in page
    response = client.post(url, _completion_form(training.course, note="Certificate seen on 3 March"))
    assert response.status_code == 302
    assert Completion.objects.get(staff_member=training.council_staff).note == "Certificate seen on 3 March"


def test_the_same_course_on_the_same_day_is_recorded_once(world, training):
    existing = training.completion  # Cathy's
    response = _as(council_training_lead(world)).post(
        reverse("training:completion-add", args=[training.own_record.pk]),
        _completion_form(training.course, day=existing.completed_on, note="Again"),
    )
    assert response.status_code == 400
    assert "Cathy Caseworker already has Spotting the signs recorded on" in _page(response)


def test_staff_see_their_own_completion_but_may_not_record_one(client_for, training):
    client = client_for("council_caseworker")
    page = _page(client.get(reverse("training:completion-detail", args=[training.completion.pk])))
    assert "Spotting the signs" in page
    assert "Does not expire" not in page  # frontline training expires
    assert client.get(reverse("training:completion-add", args=[training.own_record.pk])).status_code == 403


def test_the_completions_include_lists_each_with_its_expiry_and_evidence(training):
    training.completion.evidence_name = "cert.pdf"
    training.completion.evidence.save("evidence", SimpleUploadedFile("cert.pdf", PDF))
    expired = Completion.objects.create(
        staff_member=training.own_record, course=training.county_course, completed_on=date(2020, 1, 31)
    )
    html = render_to_string(
        "training/_completions.html", {"completions": training.own_record.completions.select_related("course")}
    )
    assert reverse("training:completion-evidence", args=[training.completion.pk]) in html
    assert reverse("training:completion-detail", args=[expired.pk]) in html
    assert "31 January 2022" in html  # two years on
    assert "Expired" in html
    empty = render_to_string("training/_completions.html", {"completions": []})
    assert "No training recorded yet." in empty
